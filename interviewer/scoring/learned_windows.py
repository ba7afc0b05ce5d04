"""A sentence-level reading for the learned stage: is there ONE window that ties a metric (or weighs
the two errors)?

The answer-level model (``learned``) reads a bag of n-grams over the whole metric region, so one
tie sentence among a catalogue of metric sentences weighs little, while the guide says one
concrete tie is enough. This module scores every window of two adjacent sentences with a small
logistic model and pools the windows into P(tie in answer): a sharp soft maximum (the logistic of
a log-sum-exp of the window scores: the best window decides) or a noisy-OR, 1 - prod(1 - p_w), as
the weights file says. It is trained from answer labels only (multiple-instance learning,
``scripts/train_windows.py``): an answer whose flag is FALSE holds at least one such window, a TRUE
one holds none.

The window's features are binary: its word 1-3-grams (only those used by enough labellers are
kept in the weights), and cues read with the rules' lexicons (a metric named, a figure, a
decision verb, a conditional, the other branch, a person, the asked product's words, the two
error types, a cost comparison). Plain Python: the scorer has no numpy at run time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from interviewer.scoring import content_lexicon as clx
from interviewer.scoring import links
from interviewer.scoring.context import QuestionContext
from interviewer.scoring.learned_features import sentence_grams, sigmoid
from interviewer.scoring.text import Answer, Sentence

# The flags a window model may read, and what its window is evidence of.
WINDOW_FLAGS = ("no_product_link", "metric_imbalance")
EVIDENCE_OF = {
    "no_product_link": "a metric tied to a decision, a user or a launch bar",
    "metric_imbalance": "the two errors weighed against each other",
}
# A window is read for a flag only when it shows what the flag is about: for a weighing, a
# correctness number or an error. Ties are read in every window: keeping only the windows that
# name a metric lost ties stated a sentence away from the metric's name (leave-one-labeller-out
# 0.65 / 0.72 against 0.81 / 0.81, the window model alone).
RELEVANT = {
    "no_product_link": frozenset(),
    "metric_imbalance": frozenset(
        {"cue:accuracy", "cue:precision_recall", "cue:error", "cue:false_positive",
         "cue:false_negative"}
    ),
}  # fmt: skip
# The pooled score enters the answer-level model as this numeric feature (a clipped logit).
FEATURE = "window_tie"
_CLIP = 8.0


@dataclass(frozen=True)
class Window:
    """One or two adjacent sentences and the binary features they show."""

    first: int  # sentence index, inclusive
    last: int  # sentence index, inclusive
    features: frozenset[str]


# Cues that are one lexicon match on the sentence's padded text, by name.
_PATTERN_CUES = (
    ("cue:decision", links.DECISION_VERB),
    ("cue:conditional", links.CONDITIONAL),
    ("cue:otherwise", links.OTHER_BRANCH),
    ("cue:recommend", links.RECOMMENDATION),
    ("cue:people", links.PEOPLE),
    ("cue:launch", links.LAUNCH_WORD),
    ("cue:false_positive", clx.FALSE_POSITIVE),
    ("cue:false_negative", clx.FALSE_NEGATIVE),
    ("cue:error", clx.ERROR_WORDS),
    ("cue:costs_more", clx.COSTS_MORE),
    ("cue:accuracy", clx.ACCURACY),
    ("cue:precision_recall", clx.PRECISION_OR_RECALL),
)


def _cues(answer: Answer, ctx: QuestionContext, s: Sentence) -> set[str]:
    """What the rules' lexicons see in one sentence, as named binary cues."""
    p = s.padded
    out = {name for name, pattern in _PATTERN_CUES if pattern.search(p)}
    if links.metric_hits(s):
        out.add("cue:metric")
    if any(map(str.isdigit, p)) or links.NUMBER.search(p):  # one C call per character
        out.add("cue:number")
    if links.STRICT_CONDITIONAL.search(p) and links.COMPARISON.search(p):
        out.add("cue:conditional_bar")
    if any(ctx.is_product_word(t.norm) for t in answer.tokens[s.first : s.last + 1]):
        out.add("cue:product")
    return out


def sentence_features(answer: Answer, ctx: QuestionContext, s: Sentence) -> frozenset[str]:
    """A sentence's n-grams and cues, computed once per answer (the quote's pick reads them again)."""
    return answer.memo(
        ("window", s.first, s.last), lambda: sentence_grams(answer, s) | _cues(answer, ctx, s)
    )


def windows(answer: Answer, ctx: QuestionContext) -> list[Window]:
    """Every window of two adjacent sentences (a one-sentence answer is one window). A cue in
    both sentences and a pair of cues split across them ("the rate" ... "then we roll back") are
    both visible; ``cue:metric_decision`` marks a metric and a decision (or recommendation) in the same
    window, ``cue:both_errors`` the two error types."""
    sents = answer.sentences
    per = [sentence_features(answer, ctx, s) for s in sents]
    out: list[Window] = []
    for i in range(len(sents)):
        j = min(i + 1, len(sents) - 1)
        feats = per[i] | per[j]
        if "cue:metric" in feats and ("cue:decision" in feats or "cue:recommend" in feats):
            feats = feats | {"cue:metric_decision"}
        if "cue:false_positive" in feats and "cue:false_negative" in feats:
            feats = feats | {"cue:both_errors"}
        out.append(Window(i, j, frozenset(feats)))
        if j == len(sents) - 1:
            break
    return out


def relevant(code: str, ws: list[Window]) -> list[Window]:
    """The windows ``code``'s model reads."""
    need = RELEVANT[code]
    return [w for w in ws if w.features & need] if need else list(ws)


@dataclass(frozen=True)
class WindowModel:
    """One flag's window weights: a bias and a weight per binary feature."""

    bias: float
    weights: dict[str, float]
    pool: str = "noisy_or"
    sharpness: float = 5.0

    @cached_property
    def _known(self) -> frozenset[str]:
        return frozenset(self.weights)

    def window_score(self, w: Window) -> float:
        # Only the features the model weighs: a window holds ~100 n-grams, the model ~170.
        return self.bias + sum(self.weights[f] for f in w.features & self._known)

    def window_probability(self, w: Window) -> float:
        return sigmoid(self.window_score(w))

    def sentence_probability(self, answer: Answer, ctx: QuestionContext, s: Sentence) -> float:
        """One sentence read as a window of its own: which of a window's two holds the tie."""
        return self.window_probability(
            Window(s.index, s.index, frozenset(sentence_features(answer, ctx, s)))
        )

    def pooled(self, ws: list[Window]) -> tuple[float, int | None, float]:
        """(P(some window holds it), the top window's index in ``ws``, its probability)."""
        if self.pool == "softmax" and ws:
            # The logistic of a sharp log-sum-exp: the best window decides, a few close ones
            # add a little.
            zs = [self.window_score(w) for w in ws]
            top_k = max(range(len(zs)), key=lambda k: zs[k])
            r = self.sharpness
            z = zs[top_k] + math.log(sum(math.exp(r * (v - zs[top_k])) for v in zs)) / r
            return sigmoid(z), top_k, self.window_probability(ws[top_k])
        none = 1.0
        top: tuple[float, int] | None = None
        for k, w in enumerate(ws):
            p = self.window_probability(w)
            none *= 1.0 - p
            if top is None or p > top[0]:
                top = (p, k)
        if top is None:
            return 0.0, None, 0.0
        return 1.0 - none, top[1], top[0]


def feature_value(p_tie: float) -> float:
    """The pooled probability as the answer-level feature: its logit, clipped."""
    p = min(max(p_tie, 1e-6), 1.0 - 1e-6)
    return max(-_CLIP, min(_CLIP, math.log(p / (1.0 - p))))


def parse(data: dict) -> WindowModel:
    pool = str(data.get("pool", "noisy_or"))
    if pool not in ("noisy_or", "softmax"):
        raise ValueError(f"unknown window pooling {pool!r}")
    return WindowModel(
        bias=float(data["bias"]),
        weights={k: float(v) for k, v in data["weights"].items()},
        pool=pool,
        sharpness=float(data.get("sharpness", 5.0)),
    )
