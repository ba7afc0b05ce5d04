"""Fuzzed transcripts and texts: the scorer returns a valid Score or a UserError, never a crash."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.errors import UserError
from interviewer.models import KINDS, QuestionRef, Score, Span, Transcript, Word
from interviewer.scoring import score_answer
from interviewer.timing import estimate

VOCAB = [
    "um",
    "uh,",
    "So,",
    "like,",
    "you",
    "know",
    "I",
    "mean",
    "first,",
    "second",
    "finally.",
    "we'd",
    "launch",
    "precision",
    "recall",
    "accuracy",
    "is",
    "defined",
    "as",
    "the",
    "formula.",
    "users",
    "fraud",
    "5%",
    "ten",
    "percent",
    "holdout",
    "I'd",
    "build",
    "a",
    "feature",
    "goal",
    "pain",
    "historically,",
    "in",
    "statistics",
    "—",
    "...",
    "…",
    "'",
    '"quoted"',
    "kind",
    "of",
    "sort",
    "To",
    "wrap",
    "up,",
    "three",
    "parts:",
    "again",
    "too.",
    "",
    " ",
    "12,000",
    "$3",
    "p95",
    "F1",
]

words_text = st.one_of(
    st.sampled_from(VOCAB), st.text(alphabet=string.printable + "éü…—’", max_size=12)
)


@st.composite
def transcripts(draw: st.DrawFn) -> Transcript:
    n = draw(st.integers(min_value=0, max_value=60))
    t = draw(st.floats(min_value=0, max_value=30))
    words = []
    for _ in range(n):
        t += draw(st.floats(min_value=0, max_value=12))
        length = draw(st.floats(min_value=0, max_value=3))
        words.append(Word(text=draw(words_text), start=t, end=t + length))
        t += length
    duration = t + draw(st.floats(min_value=0, max_value=5))
    spans = st.lists(
        st.tuples(st.floats(0, duration), st.floats(0, 20)).map(
            lambda p: Span(start=p[0], end=p[0] + p[1])
        ),
        max_size=6,
    )
    return Transcript(
        duration_s=duration,
        words=words,
        pauses=draw(st.one_of(st.none(), spans)),
        filled_pauses=draw(st.one_of(st.none(), spans)),
    )


def _check(score: Score) -> None:
    assert Score.from_json(score.to_json()) == score
    for value in (
        score.scores.structure,
        score.scores.pacing,
        score.scores.content,
        score.scores.overall,
    ):
        assert 1 <= value <= 5
    for flag in score.flags:
        assert flag.start_s is None or flag.end_s is None or flag.start_s <= flag.end_s + 1e-6


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    transcript=transcripts(),
    kind=st.sampled_from(KINDS),
    budget=st.one_of(st.none(), st.floats(1, 2000)),
)
def test_fuzzed_transcripts_never_crash(
    transcript: Transcript, kind: str, budget: float | None
) -> None:
    question = QuestionRef(kind=kind, text="How would you measure our fraud alerts?")
    try:
        score = score_answer(transcript, question, budget_s=budget)
    except UserError:
        return
    _check(score)


@settings(max_examples=100, deadline=None)
@given(
    text=st.lists(words_text, min_size=1, max_size=200).map(" ".join),
    wpm=st.floats(min_value=40, max_value=320),
    kind=st.sampled_from(KINDS),
    question=st.text(min_size=1, max_size=80),
)
def test_fuzzed_texts_never_crash(text: str, wpm: float, kind: str, question: str) -> None:
    try:
        score = score_answer(estimate(text, wpm=wpm), QuestionRef(kind=kind, text=question))
    except UserError:
        return
    _check(score)
