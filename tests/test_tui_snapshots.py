"""SVG snapshots of the main screens (home, interview, debrief) with a frozen clock.

Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update`` and
look at the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

from round_fakes import Rig, questions
from textual.widgets import TextArea

from interviewer.bank import Bank
from interviewer.models import RoundSection, RoundTemplate
from interviewer.round import Phase, RoundEngine
from interviewer.settings import Settings
from interviewer.tui.app import InterviewerApp
from interviewer.tui.screens.debrief import DebriefScreen

SIZE = (110, 36)
ANSWER = (
    "Let me structure this in three parts: the goal, the metric and the guardrails. Um, the goal is "
    "faster replies; reply time is 40 seconds today and I would target 30, tested in an A/B experiment. "
    "To summarize, I would launch if reply time drops and the report rate holds."
)


def _bank() -> tuple[Bank, list[Any]]:
    qs = questions(3)
    bank = Bank(questions={q.id: q for q in qs})
    bank.rounds["mini"] = RoundTemplate(
        name="mini",
        title="Mini round",
        sections=[RoundSection(name="all", questions=[q.id for q in qs])],
    )
    return bank, qs


def _app(rig: Rig, bank: Bank) -> InterviewerApp:
    # A tick far longer than a test: the frozen clock alone decides what the screens show.
    return InterviewerApp(rig.services, Settings(), bank=bank, skip_preflight=True, tick_s=3600)


def test_home(snap_compare) -> None:
    rig = Rig(typed=True, speaker=False)
    bank, _ = _bank()
    assert snap_compare(_app(rig, bank), terminal_size=SIZE)


def test_interview_typed_answer(snap_compare) -> None:
    rig = Rig(typed=True, speaker=False)
    bank, qs = _bank()
    app = _app(rig, bank)

    async def run_before(pilot) -> None:
        engine = app.start_round(("mini", "Mini round", qs))
        await pilot.pause()
        engine.tick()
        assert engine.phase is Phase.ANSWERING
        rig.clock.advance(95)
        typed = app.screen.query_one("#typed", TextArea)
        typed.cursor_blink = False
        typed.text = "We would start with the goal, um, then pick one metric and a baseline."
        await pilot.pause()
        app.screen._refresh()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_debrief(snap_compare) -> None:
    rig = Rig(typed=True, speaker=False)
    bank, qs = _bank()
    engine = RoundEngine(rig.services, qs[:2], round_name="mini", title="Mini round")
    engine.start()
    engine.tick()
    engine.finish_answer(ANSWER)
    engine.next()
    engine.tick()
    engine.finish_answer("Short answer.")
    engine.next()
    sid = engine.session_id
    app = _app(rig, bank)

    async def run_before(pilot) -> None:
        app.push_screen(DebriefScreen(sid))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_interview_voice_answer_with_live_transcript(snap_compare) -> None:
    rig = Rig()
    bank, qs = _bank()
    app = _app(rig, bank)

    async def run_before(pilot) -> None:
        engine = app.start_round(("mini", "Mini round", qs))
        await pilot.pause()
        rig.speaker.done()
        engine.begin_answer()
        assert engine.phase is Phase.ANSWERING
        rig.clock.advance(200)  # 40 s left: the countdown turns yellow
        spoken = "So um the goal is faster replies and I would track reply time"
        rig.recorders[0].say(*spoken.split(" "))
        await pilot.pause()
        app.screen._refresh()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
