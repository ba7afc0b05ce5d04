"""What the learned second stage reads from one answer: the rules' own evidence, and word n-grams.

The hand rules reach about 1.00 on the labellers they were written against and fall to 0.6-0.8
on each new writer (docs/scoring.md): a sentence shape they do not know flips a decision. The
learned stage (``learned``) weighs the same evidence the rules compute, as numbers, together
with which short word sequences occur in the part of the answer a flag is about (the sentences
that name a metric or an error, the opening, the sentence openers, the closing part). Training
(``scripts/train_scorer.py``) and inference both call ``extract``, so the two cannot drift.

Plain Python, no numpy: the scorer has to import and run fast.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field

from interviewer.scoring import content_lexicon as clx
from interviewer.scoring import links
from interviewer.scoring.content import Content
from interviewer.scoring.context import QuestionContext
from interviewer.scoring.ramble import Ramble
from interviewer.scoring.structure import Structure, clean_words, topic_returns
from interviewer.scoring.text import Answer, Sentence
from interviewer.scoring.thresholds import Thresholds

LEARNED_FLAGS = (
    "metric_imbalance",
    "no_product_link",
    "no_structure",
    "solution_jumping",
    "no_summary",
)
# The rule decisions the model may lean on (its own flag's and its neighbours').
_RULE_FLAGS = (*LEARNED_FLAGS, "no_data", "theory_ramble")
KINDS = ("metrics", "ai_technical", "product_vision", "data_analysis", "behavioral")
# Numeric features that carry no rule output: the "lexical + length" variant keeps only these.
PLAIN_NUMERIC = ("log_words", "speaking_min", "region_sentences", *(f"kind_{k}" for k in KINDS))
MAX_N = 3
_OPENER_WORDS = 4


@dataclass
class FlagInput:
    """One flag's view of one answer: judged at all, numbers, and each region sentence's n-grams."""

    judged: bool
    numeric: dict[str, float]
    sentences: list[tuple[Sentence, frozenset[str]]] = field(default_factory=list)

    @property
    def grams(self) -> frozenset[str]:
        out: set[str] = set()
        for _, g in self.sentences:
            out |= g
        return frozenset(out)


def sigmoid(z: float) -> float:
    """The logistic function, its argument clipped so ``exp`` cannot overflow."""
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def _norm_word(w: str) -> str:
    # Any figure is the same feature: "40%", "3,000" and "2024" say "a number is here".
    # (The isalpha test first: most words have no figure, and it is one C call.)
    return "<num>" if not w.isalpha() and any(ch.isdigit() for ch in w) else w


def ngrams(words: list[str], prefix: str = "") -> set[str]:
    """Word 1- to 3-grams of a run of normalised words, joined by spaces, with an optional prefix."""
    ws = [_norm_word(w) for w in words if w]
    out: set[str] = set()
    for n in range(1, MAX_N + 1):
        for i in range(len(ws) - n + 1):
            out.add(prefix + " ".join(ws[i : i + n]))
    return out


def _sentence_words(answer: Answer, s: Sentence) -> list[str]:
    return [t.norm for t in answer.tokens[s.first : s.last + 1]]


def _metric_region(answer: Answer) -> list[Sentence]:
    """Sentences that name a metric, a correctness number or an error, and the sentence after each
    (a tie or a weighing often follows the metric it is about)."""
    keep: set[int] = set()
    for s in answer.sentences:
        p = s.padded
        if (
            links.metric_hits(s)
            or clx.ACCURACY.search(p)
            or clx.PRECISION_OR_RECALL.search(p)
            or clx.ERROR_WORDS.search(p)
            or clx.FALSE_POSITIVE.search(p)
            or clx.FALSE_NEGATIVE.search(p)
        ):
            keep.add(s.index)
            if s.index + 1 < len(answer.sentences):
                keep.add(s.index + 1)
    return [answer.sentences[i] for i in sorted(keep)]


def sentence_grams(answer: Answer, s: Sentence) -> frozenset[str]:
    """A sentence's n-grams, computed once per answer: the metric region, the closing part and the
    sentence windows read the same sentences (1.10.0; 1.9.0 built them up to three times)."""
    return answer.memo(
        ("grams", s.first, s.last), lambda: frozenset(ngrams(_sentence_words(answer, s)))
    )


def _with_grams(answer: Answer, sentences: list[Sentence]) -> list[tuple[Sentence, frozenset[str]]]:
    """Each sentence with the n-grams of its words."""
    return [(s, sentence_grams(answer, s)) for s in sentences]


def _head_region(answer: Answer, share: float = 0.35) -> list[Sentence]:
    return answer.head_sentences(share, 60)


def numeric_features(
    answer: Answer,
    ctx: QuestionContext,
    ramble: Ramble,
    st: Structure,
    c: Content,
    rule_codes: set[str],
) -> dict[str, float]:
    """The rules' evidence as numbers, shared by every flag's model."""
    words = len(answer.tokens)
    span = answer.speaking_s or 1.0
    first_solution = st.first_solution
    sol_at = first_solution.index if first_solution is not None else len(answer.sentences)
    out: dict[str, float] = {
        "log_words": math.log1p(words),
        "speaking_min": min(15.0, answer.speaking_s / 60.0),
        **{f"kind_{k}": float(ctx.kind == k) for k in KINDS},
        **{f"rule_{code}": float(code in rule_codes) for code in _RULE_FLAGS},
        "metric_mentions": math.log1p(c.metric_mentions),
        "product_links": float(min(3, len(c.product_links))),
        "conditional_bars": float(min(3, c.conditional_bars)),
        "judges_model": float(c.judges_model),
        "errors_weighed": float(c.errors_weighed),
        "data_points": math.log1p(len(c.data_points)),
        "theory_share": ramble.theory_share,
        "longest_theory_share": ramble.longest_share,
        "lectures": float(min(3, len(ramble.lectures))),
        "roadmap": float(st.roadmap is not None),
        "signposts": float(min(5, st.distinct_signposts)),
        "revisits": float(min(5, len(st.revisits))),
        "topic_returns": float(min(5, len(topic_returns(answer, ctx)))),
        "summary": float(st.summary is not None),
        "framework_coverage": st.framework_coverage,
        "first_solution": float(first_solution is not None),
        "solution_at": (first_solution.start - answer.first_start) / span
        if first_solution is not None
        else 1.0,
        "users_first": float(st.clarified_users_at is not None and st.clarified_users_at <= sol_at),
        "goal_first": float(st.clarified_goal_at is not None and st.clarified_goal_at <= sol_at),
        "hedges_per_100": min(10.0, c.hedges_per_100),
    }
    return out


def extract(
    answer: Answer,
    ctx: QuestionContext,
    ramble: Ramble,
    st: Structure,
    c: Content,
    rule_codes: set[str],
    th: Thresholds,
    only: Collection[str] | None = None,
) -> dict[str, FlagInput]:
    """Every learned flag's input for one answer. ``judged`` is False where the guide says the flag
    never holds (``solution_jumping`` outside product answers, ``no_summary`` under two minutes,
    ``no_product_link`` for stories and answers naming fewer than two metrics); the model is
    neither trained nor run there. ``only`` limits the inputs to the flags a weights file decides
    (inference reads no region it does not use)."""
    wanted = set(LEARNED_FLAGS if only is None else only)
    base = numeric_features(answer, ctx, ramble, st, c, rule_codes)
    regions: dict[str, list[tuple[Sentence, frozenset[str]]]] = {}
    if wanted & {"metric_imbalance", "no_product_link"}:
        metric_grams = _with_grams(answer, _metric_region(answer))
        regions["metric_imbalance"] = metric_grams
        regions["no_product_link"] = metric_grams
    if "no_structure" in wanted:
        head = {s.index for s in _head_region(answer, 0.15)}
        regions["no_structure"] = [
            (
                s,
                frozenset(
                    ngrams(clean_words(answer, s)[:_OPENER_WORDS], "o:")
                    | (ngrams(_sentence_words(answer, s), "h:") if s.index in head else set())
                ),
            )
            for s in answer.sentences
        ]
    if "solution_jumping" in wanted:
        regions["solution_jumping"] = _with_grams(answer, _head_region(answer))
    if "no_summary" in wanted:
        tail = answer.tail_sentences(th.summary_tail_share, th.summary_tail_min_words)
        regions["no_summary"] = _with_grams(answer, tail)
    judged = {
        # GUIDE: rankings, quantities measured by their error's size and behavioural stories of
        # what was done judge no model (1.10.0: the stage leaves them to the rule).
        "metric_imbalance": not c.imbalance_not_judged,
        # GUIDE: judged only when the answer names metrics (the rule's own reading of "names").
        "no_product_link": ctx.kind != "behavioral" and c.metric_mentions >= th.metric_mentions_min,
        "no_structure": True,
        "solution_jumping": ctx.kind == "product_vision",
        "no_summary": answer.speaking_s >= th.no_summary_min_s,
    }
    out = {}
    for code in LEARNED_FLAGS:
        if code not in wanted:
            continue
        numeric = dict(base)
        numeric["region_sentences"] = math.log1p(len(regions[code]))
        out[code] = FlagInput(judged=judged[code], numeric=numeric, sentences=regions[code])
    return out
