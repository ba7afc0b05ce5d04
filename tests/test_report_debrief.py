"""The debrief's content: timeline, focus items, comparisons, plan, history, redaction."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_report_sessions import BEHAVIORAL_TEXT, build_sessions

from interviewer.errors import UserError
from interviewer.models import Flag, QuestionRef, Score, Scores, Span
from interviewer.report import (
    build_debrief,
    history_summary,
    pacing_timeline,
    practice_plan,
    redact_debrief,
    render,
)
from interviewer.report.debrief import AnswerDebrief, Comparison, FlagNote, focus_items
from interviewer.report.redact import Redactor
from interviewer.store import Store
from interviewer.timing import estimate


@pytest.fixture
def store() -> Store:
    with Store() as st:
        yield st  # type: ignore[misc]


def _score(kind: str = "metrics", flags: list[Flag] | None = None, overall: float = 3.0) -> Score:
    return Score(
        scorer_version="t",
        question=QuestionRef(id=None, kind=kind, text="A question long enough"),  # type: ignore[arg-type]
        duration_s=60,
        scores=Scores(structure=3, pacing=3, content=3, overall=overall),
        flags=flags or [],
    )


# ------------------------------------------------------------------ timeline


def test_timeline_rate_follows_the_spoken_rate() -> None:
    text = " ".join(["word"] * 300) + " [wpm 220] " + " ".join(["fast"] * 220)
    t = pacing_timeline(estimate(text, wpm=120), _score(), window_s=20)
    assert t.window_s == 20
    assert t.wpm[0].wpm == pytest.approx(120, abs=8)
    assert t.wpm[-1].wpm == pytest.approx(220, abs=15)
    assert sum(w.words for w in t.wpm) == 520
    # Windows tile the answer without gaps.
    assert t.wpm[0].start == 0 and t.wpm[-1].end == pytest.approx(t.duration_s)
    assert all(a.end == b.start for a, b in zip(t.wpm, t.wpm[1:], strict=False))


def test_short_answers_get_narrower_windows_but_not_below_five_seconds() -> None:
    t = pacing_timeline(estimate("one two three four five six seven eight nine ten " * 4), None)
    assert t.window_s == 5.0
    assert len(t.wpm) >= 3


def test_timeline_pauses_fillers_ramble_and_budget() -> None:
    tr = estimate(
        "So, I think, um, we should [pause 4] measure it, you know, carefully. Uh [pause 1.5] yes."
    )
    score = _score(flags=[Flag(code="theory_ramble", severity="high", start_s=1.0, end_s=3.0)])
    t = pacing_timeline(tr, score, budget_s=5.0)
    assert [round(p.duration, 1) for p in t.pauses] == [4.0, 1.5]
    assert [f.text for f in t.fillers] == ["so", "um", "you know", "uh"]
    assert [(r.start, r.end) for r in t.ramble] == [(1.0, 3.0)]
    assert t.over_time and t.budget_s == 5.0
    # "think," and "measure it," are ordinary words followed by a comma, not fillers.
    assert "think" not in {f.text for f in t.fillers}


def test_timeline_uses_measured_pauses_and_filled_pauses_when_the_audio_gave_them() -> None:
    tr = estimate("we grew retention by ten percent").model_copy(
        update={
            "pauses": [Span(start=0.0, end=0.4), Span(start=1.0, end=3.5)],
            "filled_pauses": [Span(start=2.0, end=2.6)],
        }
    )
    t = pacing_timeline(tr, None)
    assert [(p.start, p.end) for p in t.pauses] == [(1.0, 3.5)]
    assert [(f.at, f.text) for f in t.fillers] == [(2.0, "(filled pause)")]


def test_budget_defaults_to_the_kinds_budget() -> None:
    t = pacing_timeline(estimate("a short answer here"), _score(kind="behavioral"))
    assert t.budget_s == 240.0 and not t.over_time


# ------------------------------------------------------------------ focus and comparison


def _answer(number: int, flags: list[tuple[str, str]]) -> AnswerDebrief:
    return AnswerDebrief(
        number=number,
        question_id=None,
        kind="metrics",
        question="q",
        status="scored",
        mode="voice",
        budget_s=None,
        duration_s=10.0,
        scores=None,
        reasons={},
        metrics={},
        flags=[FlagNote(c, c, s, None, None, "", f"advice {c}") for c, s in flags],
        words=[],
        timing_estimated=False,
        timeline=None,
        llm=None,
        comparison=Comparison(),
    )


def test_focus_orders_by_severity_then_frequency_and_fills_from_history() -> None:
    answers = [
        _answer(1, [("filler_heavy", "low"), ("no_data", "high")]),
        _answer(2, [("filler_heavy", "low"), ("no_summary", "medium")]),
        _answer(3, [("filler_heavy", "low")]),
    ]
    items = focus_items(answers, earlier=[])
    assert [i.code for i in items] == [
        "filler_heavy",
        "no_data",
        "no_summary",
    ]  # 3x low = 3 ties high; more answers
    assert items[0].answers == [1, 2, 3]
    items = focus_items(
        [_answer(1, [("no_data", "high")])],
        earlier=[
            {"codes": "too_fast,long_pauses"},
            {"codes": "too_fast"},
            {"codes": "long_pauses"},
            {"codes": "over_time"},
        ],
    )
    assert [i.code for i in items] == ["no_data", "long_pauses", "too_fast"]
    assert items[1].earlier == 2 and items[1].answers == []
    assert "earlier sessions" in items[1].why


def test_debrief_compares_with_earlier_attempts(store: Store) -> None:
    sid = build_sessions(store)
    d = build_debrief(store, "latest")
    assert d.session_id == sid
    metrics, behavioral, ai, skipped = d.answers
    c = metrics.comparison
    assert [p.session_id for p in c.same_question] == [1]
    assert (
        c.delta_vs_last == 0.5
        and c.still_flagged == ["theory_ramble"]
        and c.resolved == ["no_data"]
    )
    assert behavioral.comparison.resolved == ["generic_behavioral", "theory_ramble"]
    assert ai.comparison.empty and skipped.comparison.empty and skipped.scores is None
    assert d.totals.scored == 3 and d.totals.means["overall"] == pytest.approx(
        (2.5 + 4.2 + 3.0) / 3, abs=0.01
    )
    assert d.focus[0].code == "theory_ramble" and d.focus[0].earlier == 2
    # The earliest session has nothing to compare with.
    assert all(a.comparison.empty for a in build_debrief(store, 1).answers)


def test_unknown_session_is_a_user_error(store: Store) -> None:
    with pytest.raises(UserError, match="no sessions yet"):
        build_debrief(store, "latest")
    build_sessions(store)
    with pytest.raises(UserError, match="no session 42"):
        build_debrief(store, 42)


# ------------------------------------------------------------------ plan and history


def test_plan_targets_weak_kinds_and_recurring_flags(store: Store) -> None:
    build_sessions(store)
    plan = practice_plan(store, days=30)
    assert plan.based_on_answers == 5
    assert [k.kind for k in plan.kinds[:2]] == [
        "data_analysis",
        "product_vision",
    ]  # never practised
    assert plan.kinds[2].kind == "metrics"  # weakest practised kind
    assert plan.flags[0].code == "theory_ramble" and plan.flags[0].rate == 0.6
    assert [d.day for d in plan.schedule] == list(range(1, 31))
    assert [d.day for d in plan.schedule if d.activity == "mock"] == [7, 14, 21, 28, 30]
    # A habit tied to one kind is practised on that kind.
    for d in plan.schedule:
        if d.focus == "generic_behavioral" and d.activity == "answer":
            assert d.kind == "behavioral"
    with pytest.raises(UserError):
        practice_plan(store, days=400)


def test_plan_without_history_covers_every_kind(store: Store) -> None:
    plan = practice_plan(store, days=14)
    assert plan.based_on_answers == 0 and plan.flags == []
    assert {d.kind for d in plan.schedule if d.activity == "answer"} == {
        "metrics",
        "ai_technical",
        "product_vision",
        "data_analysis",
        "behavioral",
    }


def test_history_summary_tracks_scores_and_flag_rates(store: Store) -> None:
    build_sessions(store)
    h = history_summary(store)
    assert [s.session_id for s in h.sessions] == [1, 2, 3]
    behavioral = next(k for k in h.kinds if k.kind == "behavioral")
    assert behavioral.points == [(2, 3.0), (3, 4.2)] and behavioral.change == 1.2
    ramble = next(f for f in h.flags if f.code == "theory_ramble")
    assert ramble.answers == 3 and ramble.rate == 0.6
    assert h.to_dict()["schema"] == "interviewer.history/1"


# ------------------------------------------------------------------ redaction


def test_redaction_replaces_people_and_companies() -> None:
    r = Redactor("Tell me about a time you disagreed with an engineering lead.")
    out = r.text(BEHAVIORAL_TEXT)
    for name in ("Sarah", "Chen", "Priya", "Patel", "Acme", "Stripe", "Google"):
        assert name not in out, name
    assert out.startswith("At [COMPANY] I led the checkout team.")
    assert "lead, [PERSON], wanted" in out
    assert (
        "[PERSON] later told [PERSON] it was" in out
    )  # learned mid-sentence, caught at sentence start
    assert "I disagreed" in out and "Our engineering lead" in out


def test_redaction_keeps_common_words_acronyms_and_the_questions_own_names() -> None:
    r = Redactor("How would you measure the success of Spotify's Discover Weekly?")
    out = r.text(
        "On Monday I said the North Star for Discover Weekly is saves, and the AI and NPS data from Spotify agree."
    )
    assert (
        out
        == "On Monday I said the North Star for Discover Weekly is saves, and the AI and NPS data from Spotify agree."
    )
    assert Redactor().text("I met John's team at Zalando.") == "I met [PERSON]'s team at [COMPANY]."


def test_redacted_debrief_changes_every_export_but_not_timings(store: Store) -> None:
    sid = build_sessions(store)
    d = build_debrief(store, sid)
    red = redact_debrief(d)
    assert red.redacted and not d.redacted
    words = red.answers[1].words
    assert any(w.text == "[PERSON]," for w in words)
    assert (
        words[0].start == d.answers[1].words[0].start
        and words[-1].end == d.answers[1].words[-1].end
    )
    for fmt in ("md", "html", "json", "srt", "vtt"):
        text = render(d, fmt, redact=True)  # type: ignore[arg-type]
        assert "Sarah" not in text and "Priya" not in text and "Acme" not in text, fmt
        assert "[PERSON]" in text
    assert "Sarah" in render(d, "md")


# ------------------------------------------------------------------ layering


def test_report_imports_no_heavy_or_ui_library() -> None:
    code = (
        "import sys, interviewer.report, interviewer.report.render_html, interviewer.report.subtitles, "
        "interviewer.cli.export_cmd\n"
        "bad = [m for m in ('textual', 'numpy', 'sounddevice', 'faster_whisper', 'ctranslate2') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_redaction_leaves_lower_case_words_and_fillers_alone() -> None:
    r = Redactor()
    # Learned from a quote fragment, "Um" must not become a name.
    fragment = "errors never weighed: Um, accuracy is the standard metric."
    r.learn(fragment.split())
    text = "The target is a 5% lift. Um, we block spam and apple pie is fine. So, Meta launched it."
    assert (
        r.text(text)
        == "The target is a 5% lift. Um, we block spam and apple pie is fine. So, [COMPANY] launched it."
    )


def test_advice_loses_a_leading_instead_because_the_exports_add_it(store: Store) -> None:
    from interviewer.models import Answer

    sid = store.create_session("screen").id
    assert sid is not None
    score = _score(
        flags=[Flag(code="no_data", severity="medium", advice="Instead, put a number on it.")]
    )
    store.add_answer(
        sid,
        Answer(
            position=0,
            question=score.question,
            status="scored",
            transcript=estimate("we should grow"),
            score=score,
        ),
    )
    d = build_debrief(store, sid)
    assert d.answers[0].flags[0].advice == "Put a number on it."
    assert "Instead: Put a number on it." in render(d, "md")
