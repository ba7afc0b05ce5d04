"""Property tests: whatever word timings a transcriber produces, the exports stay valid."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.models import Transcript, Word
from interviewer.report.redact import Redactor
from interviewer.report.subtitles import MAX_CUE_S, answer_cues
from interviewer.report.timeline import pacing_timeline

TOKENS = st.sampled_from(
    [
        "So,",
        "um,",
        "the",
        "metric",
        "Sarah",
        "Google.",
        "retention",
        "is",
        "you",
        "know,",
        "a",
        "Why?",
        "[PERSON]",
        "extraordinarily-long-hyphenated-word-that-goes-on",
        "I",
        "I'm",
        '"Quoted"',
        "—",
    ]
)


@st.composite
def words(draw: st.DrawFn) -> list[Word]:
    n = draw(st.integers(min_value=1, max_value=50))
    out = []
    t = draw(st.floats(min_value=0, max_value=5))
    for _ in range(n):
        # Whisper's quirks: zero-length words, words that overlap the previous one, words
        # that swallow a long silence.
        t = max(0.0, t + draw(st.floats(min_value=-0.3, max_value=4.0)))
        length = draw(
            st.one_of(
                st.just(0.0),
                st.floats(min_value=0.01, max_value=1.0),
                st.floats(min_value=5, max_value=20),
            )
        )
        out.append(Word(text=draw(TOKENS), start=round(t, 3), end=round(t + length, 3)))
        t += length
    return out


@settings(max_examples=80, deadline=None)
@given(words())
def test_cues_are_ordered_bounded_and_keep_every_word(ws: list[Word]) -> None:
    cues = answer_cues(ws)
    last_end = 0.0
    for c in cues:
        assert c.start < c.end
        assert c.start >= last_end - 1e-9
        assert c.end - c.start <= MAX_CUE_S + 1e-6
        last_end = c.end
    assert sum(len(c.text.split()) for c in cues) == len(ws)


@settings(max_examples=80, deadline=None)
@given(words())
def test_timeline_windows_tile_the_answer_and_count_every_word(ws: list[Word]) -> None:
    duration = max(w.end for w in ws) + 0.5
    t = pacing_timeline(Transcript(duration_s=duration, words=ws), None)
    assert sum(w.words for w in t.wpm) == len(ws)
    assert t.wpm[0].start == 0
    assert all(a.end == b.start and a.end > a.start for a, b in zip(t.wpm, t.wpm[1:], strict=False))
    assert all(p.end > p.start for p in t.pauses)


@settings(max_examples=80, deadline=None)
@given(st.lists(TOKENS, min_size=0, max_size=40))
def test_redaction_never_loses_ordinary_words(tokens: list[str]) -> None:
    text = " ".join(tokens)
    out = Redactor().text(text)
    for ordinary in ("the", "metric", "retention", "is", "a"):
        assert out.split().count(ordinary) == text.split().count(ordinary)
    # A name seen mid-sentence is redacted everywhere, sentence starts included.
    if any(t == "Sarah" and not p.endswith((".", "?", "!")) for p, t in itertools.pairwise(tokens)):
        assert "Sarah" not in out
