"""Pacing: rate, rolling windows, fillers, pauses and length, by the labelling guide's definitions."""

from __future__ import annotations

from interviewer.models import QuestionRef, Score, Span, Transcript, Word
from interviewer.scoring import Thresholds, score_answer
from interviewer.scoring.pacing import filler_tokens
from interviewer.scoring.text import Answer
from interviewer.timing import estimate

Q = QuestionRef(kind="metrics", text="How would you measure the success of our playlist feature?")
CALM = (
    "The goal is discovery, so I'd track saved artists per listener, with a holdout of five percent "
    "for four weeks, and I'd launch only if saves rise by ten percent. "
)


def score_text(text: str, wpm: float = 150, **kw) -> Score:
    return score_answer(estimate(text, wpm=wpm, seed=2), Q, **kw)


def fillers(text: str) -> list[str]:
    return [f for _, f in filler_tokens(Answer(estimate(text, seed=0)), Thresholds())]


def timed(words: list[tuple[str, float, float]], **extra) -> Transcript:
    end = max(e for _, _, e in words) + 0.5
    return Transcript(
        duration_s=end, words=[Word(text=t, start=s, end=e) for t, s, e in words], **extra
    )


# ------------------------------------------------------------------------------ fillers


def test_multi_word_fillers_count_once() -> None:
    assert fillers("It was, you know, a hard call, I mean, really hard.") == ["you know", "i mean"]


def test_like_and_so_count_only_when_set_apart() -> None:
    assert fillers("So, I'd start there, and it was, like, huge.") == ["so", "like"]
    assert fillers("so that we can ship features like the ones we built") == []


def test_filler_sounds_any_spelling_and_literal_kind_of() -> None:
    assert fillers("Umm, uhh, the ramp was, hmm, kind of, slow.") == ["um", "uh", "hmm", "kind of"]
    assert fillers("The ramp was kind of slow.") == []  # a hedge, not a filler
    assert fillers("This kind of model needs a different sort of label.") == []


def test_filler_heavy_above_six_per_minute_with_span_and_counts() -> None:
    heavy = "Um, so, the metric is, uh, retention, you know, and, um, basically churn. " * 8
    s = score_text(heavy)
    assert s.has("filler_heavy") and s.metrics["fillers_per_min"] > 9
    flag = next(f for f in s.flags if f.code == "filler_heavy")
    assert "um" in flag.evidence.lower() and flag.start_s < flag.end_s
    assert s.metrics["fillers"]["um"] == 16
    assert not score_text(CALM * 6).has("filler_heavy")


def test_filled_pauses_are_reported_separately_from_heard_fillers() -> None:
    t = estimate(CALM * 3, seed=1)
    t = t.model_copy(update={"filled_pauses": [Span(start=5.0, end=5.5), Span(start=9.0, end=9.4)]})
    s = score_answer(t, Q)
    assert s.metrics["filled_pauses"] == 2
    assert s.metrics["filler_count"] == 0
    assert "likely dropped" in " ".join(s.reasons["pacing"])


# ------------------------------------------------------------------------------ rate


def test_too_fast_overall_and_not_for_a_short_burst() -> None:
    assert score_text(CALM * 10, wpm=205).has("too_fast")
    calm = score_text(CALM * 10, wpm=150)
    assert not calm.has("too_fast") and 145 <= calm.metrics["wpm"] <= 155
    # Twenty seconds at 210 wpm inside a two-minute calm answer: a burst, not a habit.
    burst = CALM * 4 + "[wpm 210] " + CALM * 2 + "[wpm 150] " + CALM * 4
    s = score_text(burst)
    assert not s.has("too_fast") and s.metrics["window_wpm_max"] > 160


def test_fast_windows_covering_most_of_the_answer_raise_too_fast() -> None:
    # Overall just under 180 (pauses included) but every minute of speech above 185.
    text = "[wpm 200] " + (CALM * 3 + "[pause 2] ") * 4
    s = score_text(text)
    assert s.metrics["wpm"] <= 190
    assert s.has("too_fast") and s.metrics["fast_window_share"] > 0.5


def test_too_slow_below_100_overall_with_articulation_shown() -> None:
    s = score_text(CALM * 4, wpm=85)
    assert s.has("too_slow") and s.metrics["wpm"] < 100
    assert not score_text(CALM * 4, wpm=120).has("too_slow")
    # Slow because of silences, not slow speech: articulation stays high.
    paused = score_text(" [pause 6] ".join([CALM] * 4), wpm=150)
    assert paused.metrics["articulation_wpm"] > paused.metrics["wpm"]


# ------------------------------------------------------------------------------ pauses


def test_three_long_pauses_after_the_grace_period_raise_long_pauses() -> None:
    text = CALM + " [pause 4.5] ".join([CALM] * 4)
    s = score_text(text)
    assert s.has("long_pauses") and s.metrics["long_pause_count"] == 3
    flag = next(f for f in s.flags if f.code == "long_pauses")
    assert "4.5 s silence" in flag.evidence


def test_two_long_pauses_are_not_enough_but_one_very_long_is() -> None:
    assert not score_text(CALM + " [pause 4.5] ".join([CALM] * 3)).has("long_pauses")
    assert score_text(CALM * 2 + " [pause 9] " + CALM).has("long_pauses")


def test_opening_think_time_and_the_first_15_seconds_do_not_count() -> None:
    # 12 s of silence before the first word, then a 5 s pause at about 14 s: neither counts.
    words = [
        ("So,", 12.0, 12.3),
        ("first", 12.4, 12.8),
        ("goal.", 12.9, 13.4),
        ("Then", 18.4, 18.7),
    ]
    words += [(f"w{i}", 19.0 + i * 0.4, 19.3 + i * 0.4) for i in range(40)]
    s = score_answer(timed(words), Q)
    assert s.metrics["think_time_s"] == 12.0
    assert s.metrics["long_pause_count"] == 0 and not s.has("long_pauses")


def test_measured_pauses_are_used_when_the_transcript_has_them() -> None:
    # Whisper's word times absorb silences; voice activity sees them.
    words = [(f"w{i}.", 0.5 + i * 0.4, 0.9 + i * 0.4) for i in range(150)]
    pauses = [Span(start=20.0, end=24.0), Span(start=30.0, end=34.5), Span(start=40.0, end=44.0)]
    s = score_answer(timed(words, pauses=pauses), Q)
    assert s.metrics["pause_source"] == "voice activity"
    assert s.has("long_pauses") and s.metrics["long_pause_count"] == 3
    assert not score_answer(timed(words), Q).has("long_pauses")


# ------------------------------------------------------------------------------ length


def test_over_time_against_the_budget_with_the_span_after_it() -> None:
    s = score_text(CALM * 6, budget_s=60)
    flag = next(f for f in s.flags if f.code == "over_time")
    assert flag.start_s == 60 and flag.end_s == s.duration_s
    assert "budget" in flag.evidence
    assert not score_text(CALM * 6).has("over_time")  # 8-minute default for metrics
