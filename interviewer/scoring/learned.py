"""The learned second stage: a small logistic model per content flag that hand rules do not generalise.

Seven test splits showed the meaning-judged flags (a metric tied to a decision, two errors
weighed, a wrap-up, a plan) failing on each new writer while the rules scored ~1.00 on the writers
they were tuned on. This stage re-decides those flags from the rules' evidence plus which word
n-grams (used by at least four labellers) occur where the flag looks, with weights trained on the
development split by ``scripts/train_scorer.py`` and chosen leave-one-labeller-out. Since 1.9.0
a flag may also carry a sentence-window model (``learned_windows``): its pooled "one window holds
a tie" score is one of the answer model's features, and may veto or decide on its own. Each flag's
entry in ``learned.json`` says how it combines with the rule (``MODES``). Flags missing from the
file keep their rule (docs/scoring.md says which and why).

Inference is plain Python over a JSON file read once; ``Thresholds.learned_stage = 0`` turns the
stage off and gives the rules' decisions exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from interviewer.models import Flag
from interviewer.scoring import content as content_mod
from interviewer.scoring import learned_windows as lw
from interviewer.scoring import structure as structure_mod
from interviewer.scoring.content import Content
from interviewer.scoring.context import QuestionContext
from interviewer.scoring.learned_features import FlagInput, extract, sigmoid
from interviewer.scoring.ramble import Ramble
from interviewer.scoring.structure import Structure
from interviewer.scoring.text import Answer, Sentence
from interviewer.scoring.thresholds import Thresholds

WEIGHTS_PATH = Path(__file__).with_name("learned.json")
FORMAT = "interviewer.learned/1"
# How a flag's model combines with its rule: alone; rule AND model; rule OR model; or alone
# unless the rule found evidence against the flag ("guarded": a weighing of the two errors, a
# tie between a metric and a decision), which the model's n-grams read less surely.
MODES = ("model", "and", "or", "guarded", "window", "window_and", "window_veto")
# "window_veto": the answer model, unless one window more likely than not holds what the flag's
# absence needs (the guide: one concrete tie is enough).
VETO_AT = 0.5


def counter_evidence(code: str, c: Content) -> bool:
    """Whether the rules found evidence against ``code``: the "guarded" mode's veto."""
    if code == "metric_imbalance":
        return c.errors_weighed
    if code == "no_product_link":
        return bool(c.product_links)
    return False


# The dimension whose reasons explain each decision.
DIMENSION = {
    "metric_imbalance": "content",
    "no_product_link": "content",
    "no_structure": "structure",
    "solution_jumping": "structure",
    "no_summary": "structure",
}
_WHAT = {
    "metric_imbalance": "quality judged without weighing the two errors",
    "no_product_link": "metrics named, none tied to a decision, a user or a launch bar",
    "no_structure": "no plan and no parts marked in order",
    "solution_jumping": "a solution before the users and their pain are set out",
    "no_summary": "no wrap-up, recommendation or decision at the end",
}


def _advice(code: str, kind: str) -> str:
    """The rules' own advice for the flag, so a flag reads the same whichever stage raised it."""
    if code == "no_structure":
        return structure_mod.structure_advice(kind)
    return {**content_mod.ADVICE, **structure_mod.ADVICE}[code]


def logistic(intercept: float, contributions: list[tuple[str, float]]) -> float:
    """The model's probability from its intercept and the features' contributions."""
    return sigmoid(intercept + sum(v for _, v in contributions))


@dataclass(frozen=True)
class FlagModel:
    """One flag's weights: standardised numeric features, gram presence, mode and threshold."""

    code: str
    mode: str
    threshold: float
    intercept: float
    numeric: dict[str, tuple[float, float, float]]  # name -> (mean, scale, weight)
    grams: dict[str, float]
    windows: lw.WindowModel | None = None  # the sentence-window model, when the flag has one

    def contributions(self, inp: FlagInput) -> list[tuple[str, float]]:
        """(feature, weight × value) for every feature that moves this answer's score."""
        out = []
        for name, (mean, scale, weight) in self.numeric.items():
            value = (inp.numeric.get(name, 0.0) - mean) / scale
            if weight * value:
                out.append((name, weight * value))
        present = inp.grams
        out.extend((g, w) for g, w in self.grams.items() if g in present)
        return out

    def probability(self, inp: FlagInput) -> float:
        return logistic(self.intercept, self.contributions(inp))

    def sentence_weight(self, grams: frozenset[str]) -> float:
        return sum(self.grams.get(g, 0.0) for g in grams)


@dataclass(frozen=True)
class LearnedWeights:
    scorer_version: str
    trained_on: dict[str, object]
    flags: dict[str, FlagModel]


def parse(data: dict) -> LearnedWeights:
    """The weights file's content, checked; a malformed file is a ValueError naming what is wrong."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} file")
    flags = {}
    for code, f in data["flags"].items():
        if code not in DIMENSION:
            raise ValueError(f"unknown learned flag {code!r}")
        if f["mode"] not in MODES:
            raise ValueError(f"{code}: unknown mode {f['mode']!r}")
        numeric = {
            name: (float(v["mean"]), float(v["scale"]) or 1.0, float(v["weight"]))
            for name, v in f["numeric"].items()
        }
        flags[code] = FlagModel(
            code=code,
            mode=f["mode"],
            threshold=float(f["threshold"]),
            intercept=float(f["intercept"]),
            numeric=numeric,
            grams={g: float(w) for g, w in f["grams"].items()},
            windows=lw.parse(f["windows"]) if "windows" in f else None,
        )
        if f["mode"].startswith("window") and "windows" not in f:
            raise ValueError(f"{code}: mode {f['mode']!r} needs a window model")
    return LearnedWeights(str(data["scorer_version"]), dict(data["trained_on"]), flags)


@lru_cache(maxsize=4)
def load(path: Path = WEIGHTS_PATH) -> LearnedWeights | None:
    """The committed weights, read once; None when the package ships none."""
    if not path.is_file():
        return None
    return parse(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Decision:
    """What the learned stage decided for one flag, and why."""

    code: str
    rule: bool
    probability: float
    threshold: float
    mode: str
    raised: bool
    strongest: list[tuple[str, float]]
    # The window most likely to hold what the flag's absence needs, as (quote, probability).
    window: tuple[str, float] | None = None

    def reason(self) -> str:
        verdict = "raised" if self.raised else "not raised"
        how = {
            "model": "model alone",
            "and": "rule AND model",
            "or": "rule OR model",
            "guarded": "model unless the rules found counter-evidence",
            "window": "sentence-window model alone",
            "window_and": "rule AND sentence-window model",
            "window_veto": "model unless one sentence window holds it",
        }[self.mode]
        rule = "raised" if self.rule else "not raised"
        top = ", ".join(f"{feature_label(n)} {v:+.2f}" for n, v in self.strongest)
        text = (
            f"learned stage decided {self.code.replace('_', ' ')}: {verdict} "
            f"(p {self.probability:.2f} vs threshold {self.threshold:.2f}, {how}; rule alone: {rule}); "
            f"strongest: {top}"
        )
        if self.window is not None:
            quote, wp = self.window
            text += f"; likeliest {lw.EVIDENCE_OF[self.code]} (p {wp:.2f}): {quote}"
        return text


def feature_label(name: str) -> str:
    """A feature's name as a reader would want it."""
    if name.startswith("o:"):
        return f'sentence opener "{name[2:]}"'
    if name.startswith("h:"):
        return f'opening words "{name[2:]}"'
    if name.startswith("rule_"):
        return f"rule {name[5:]}"
    if name in _NUMERIC_LABELS:
        return _NUMERIC_LABELS[name]
    if name == lw.FEATURE:
        return "sentence-window score"
    if name.startswith("kind_"):
        return f"kind {name[5:]}"
    return f'"{name}"'


_NUMERIC_LABELS = {
    "log_words": "length",
    "speaking_min": "minutes spoken",
    "region_sentences": "sentences looked at",
    "metric_mentions": "metric mentions",
    "product_links": "tie sentences found",
    "conditional_bars": "conditional bars",
    "judges_model": "a model judged",
    "errors_weighed": "errors weighed",
    "data_points": "data points",
    "theory_share": "theory share",
    "longest_theory_share": "longest theory stretch",
    "lectures": "lecture stretches",
    "roadmap": "roadmap found",
    "signposts": "signposts",
    "revisits": "topics revisited",
    "topic_returns": "topics reopened",
    "summary": "closing summary found",
    "framework_coverage": "framework coverage",
    "first_solution": "a solution proposed",
    "solution_at": "first solution's position",
    "users_first": "users before the solution",
    "goal_first": "goal before the solution",
    "hedges_per_100": "hedging",
}


def apply(
    answer: Answer,
    ctx: QuestionContext,
    ramble: Ramble,
    st: Structure,
    c: Content,
    flags: list[Flag],
    th: Thresholds,
    weights: LearnedWeights | None = None,
) -> tuple[list[Flag], list[Decision]]:
    """The flags after the learned stage re-decided the flags it has weights for."""
    weights = weights if weights is not None else load()
    if weights is None or th.learned_stage < 0.5 or not weights.flags:
        return flags, []
    rule_codes: set[str] = {f.code for f in flags}
    inputs = extract(answer, ctx, ramble, st, c, rule_codes, th, only=weights.flags)
    by_code: dict[str, Flag] = {f.code: f for f in flags}
    decisions: list[Decision] = []
    out = [f for f in flags if f.code not in weights.flags]
    all_windows: list[lw.Window] | None = None
    for code, model in weights.flags.items():
        inp = inputs[code]
        rule = code in rule_codes
        if not inp.judged:
            if rule:
                out.append(by_code[code])
            continue
        window: tuple[str, float] | None = None
        p_tie = 0.0
        if model.windows is not None:
            if all_windows is None:
                all_windows = lw.windows(answer, ctx)
            ws = lw.relevant(code, all_windows)
            p_tie, top, top_p = model.windows.pooled(ws)
            inp = FlagInput(
                inp.judged, {**inp.numeric, lw.FEATURE: lw.feature_value(p_tie)}, inp.sentences
            )
            if top is not None:
                # The quote: the window's sentence that reads most like the tie on its own.
                w = ws[top]
                pair = [answer.sentences[i] for i in range(w.first, w.last + 1)]
                wm = model.windows
                best = max(pair, key=lambda x: wm.sentence_probability(answer, ctx, x))
                window = (answer.quote_sentence(best), top_p)
        contributions = model.contributions(inp)
        if model.mode in ("window", "window_and"):
            p = 1.0 - p_tie  # the flag is the absence of a tie window
        else:
            p = logistic(model.intercept, contributions)
        hit = p >= model.threshold
        raised = {
            "model": hit,
            "and": hit and rule,
            "or": hit or rule,
            "guarded": hit and not counter_evidence(code, c),
            "window": hit,
            "window_and": hit and rule,
            "window_veto": hit and not (window is not None and window[1] >= VETO_AT),
        }[model.mode]
        toward = sorted(contributions, key=lambda x: (-x[1] if raised else x[1], x[0]))
        d = Decision(code, rule, p, model.threshold, model.mode, raised, toward[:3], window)
        decisions.append(d)
        if not raised:
            continue
        if rule:
            # The rule's own evidence, as it is: the stage's verdict and probability are in the
            # score's reasons, not in the candidate's quote.
            out.append(by_code[code])
        else:
            out.append(_new_flag(answer, ctx, st, model, inp))
    return out, decisions


def _driver(answer: Answer, model: FlagModel, inp: FlagInput) -> Sentence | None:
    """The region sentence whose n-grams pushed hardest towards the flag."""
    best: tuple[float, int] | None = None
    for s, grams in inp.sentences:
        w = model.sentence_weight(grams)
        if best is None or w > best[0]:
            best = (w, s.index)
    return answer.sentences[best[1]] if best is not None else None


def _new_flag(
    answer: Answer,
    ctx: QuestionContext,
    st: Structure,
    model: FlagModel,
    inp: FlagInput,
) -> Flag:
    code = model.code
    whole = (round(answer.first_start, 2), round(answer.last_end, 2))
    driver = _driver(answer, model, inp)
    start, end = whole
    if code in ("metric_imbalance", "no_product_link") and driver is not None:
        start, end = round(driver.start, 2), round(driver.end, 2)
    elif code == "solution_jumping":
        s = st.first_solution or driver or answer.sentences[0]
        start, end = round(s.start, 2), round(s.end, 2)
        driver = s
    elif code == "no_summary" and inp.sentences:
        start = round(inp.sentences[0][0].start, 2)
        driver = answer.sentences[-1]
    quote = answer.quote_sentence(driver) if driver is not None else answer.quote(0, 20)
    severity = "high" if code == "metric_imbalance" and ctx.kind == "ai_technical" else "medium"
    return Flag(
        code=code,
        severity=severity,
        start_s=start,
        end_s=end,
        evidence=f"{_WHAT[code]}: {quote}",
        advice=_advice(code, ctx.kind),
    )
