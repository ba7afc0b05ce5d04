"""What the scorer knows about the question: its kind, its budget and the words of its product.

Telling application from theory needs to know what "the asked product" is. A bank question names
its product and keywords; an inline question only has its text, so the content words of the text
(minus interview vocabulary such as "measure" or "model") stand in for them. Words are compared by
a crude stem so "alerts", "alerting" and "alert" meet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from interviewer.errors import UserError
from interviewer.models import DEFAULT_BUDGET_S, KINDS, Question, QuestionRef
from interviewer.scoring.content_lexicon import GENERIC_QUESTION_WORDS
from interviewer.scoring.text import normalise


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude English stem: enough to match plurals and verb forms of product words."""
    w = word.lower().strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ations", "ation", "ings", "ing", "ers", "er", "ies", "es", "ed", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return w


@dataclass(frozen=True)
class QuestionContext:
    ref: QuestionRef
    kind: str
    budget_s: float
    product_stems: frozenset[str]

    def is_product_word(self, norm: str) -> bool:
        return stem(norm) in self.product_stems


def build(question: Question | QuestionRef, budget_s: float | None = None) -> QuestionContext:
    if question.kind not in KINDS:
        raise UserError(
            f"unknown question kind {question.kind!r}; choose one of {', '.join(KINDS)}"
        )
    if budget_s is not None and not budget_s > 0:
        raise UserError(f"the time budget must be a positive number of seconds, got {budget_s!r}")
    words: list[str] = list(_content_words(question.text))
    if isinstance(question, Question):
        ref = QuestionRef.of(question)
        budget = budget_s if budget_s is not None else question.budget_s
        for extra in [question.product or "", *question.keywords]:
            words.extend(_content_words(extra))
    else:
        ref = question
        budget = budget_s if budget_s is not None else DEFAULT_BUDGET_S.get(question.kind, 480.0)
    stems = frozenset(stem(w) for w in words if len(w) >= 3)
    return QuestionContext(ref=ref, kind=question.kind, budget_s=float(budget), product_stems=stems)


_GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_QUESTION_WORDS)


def _content_words(text: str) -> list[str]:
    out = []
    for raw in text.replace("/", " ").replace("-", " ").split():
        norm, _ = normalise(raw)
        if (
            norm
            and norm not in GENERIC_QUESTION_WORDS
            and stem(norm) not in _GENERIC_STEMS
            and not any(ch.isdigit() for ch in norm)
            and len(norm) >= 3
        ):
            out.append(norm)
    return out
