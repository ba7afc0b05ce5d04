"""Pilot tests: whole rounds played through the app with scripted services, asserting on state,
messages and what was stored."""

from __future__ import annotations

import time
from typing import Any

import pytest
from round_fakes import Rig, questions
from textual.message import Message
from textual.widgets import OptionList, Static, TextArea

from interviewer.bank import Bank
from interviewer.models import RoundSection, RoundTemplate
from interviewer.round import Phase, RoundEvent
from interviewer.settings import Settings
from interviewer.tui.app import InterviewerApp
from interviewer.tui.messages import MicLevel, RoundUpdate
from interviewer.tui.screens.debrief import DebriefScreen
from interviewer.tui.screens.history import HistoryScreen
from interviewer.tui.screens.home import HomeScreen
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.screens.preflight import PreflightScreen
from interviewer.tui.screens.replay import ReplayScreen

pytestmark = pytest.mark.anyio

SIZE = (100, 32)
GOOD = (
    "Let me structure this in three parts: the goal, the metric and the guardrails. "
    "The goal is faster replies; reply time is 40 seconds today and I would target 30, "
    "tested in an A/B experiment. To summarize, launch if reply time drops."
)


def make_bank(n: int = 2) -> tuple[Bank, list[Any]]:
    qs = questions(n)
    bank = Bank(questions={q.id: q for q in qs})
    bank.rounds["mini"] = RoundTemplate(
        name="mini",
        title="Mini round",
        sections=[RoundSection(name="all", questions=[q.id for q in qs])],
    )
    return bank, qs


def app_for(rig: Rig, bank: Bank, **kw: Any) -> InterviewerApp:
    return InterviewerApp(rig.services, Settings(), bank=bank, tick_s=0.05, **kw)


async def wait_phase(pilot: Any, engine: Any, phase: Phase, tries: int = 40) -> None:
    for _ in range(tries):
        if engine.phase is phase:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"engine is {engine.phase}, expected {phase}")


async def first_answer(pilot: Any, app: InterviewerApp, rig: Rig, qs: list[Any]) -> Any:
    """Start the round, let the first question be spoken, and wait until the answer is recorded."""
    engine = app.start_round(("mini", "Mini round", qs))
    await pilot.pause()
    rig.speaker.done()
    await wait_phase(pilot, engine, Phase.ANSWERING)
    return engine


async def test_voice_round_plays_to_the_debrief_and_is_stored() -> None:
    rig = Rig()
    rig.mic_words = [GOOD.split(), ["um", "so", "yes"]]
    bank, qs = make_bank(2)
    messages: list[Message] = []
    app = app_for(rig, bank, skip_preflight=True)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        engine = app.start_round(("mini", "Mini round", qs))
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert engine.phase is Phase.ASKING and rig.speaker.spoken == [qs[0].text]
        rig.speaker.done()
        await wait_phase(pilot, engine, Phase.ANSWERING)
        rig.recorders[0].say(*rig.recorders[0].source.words)
        await pilot.pause(0.1)
        live = str(app.screen.query_one("#live-transcript", Static).render())
        assert "Let me structure this" in live
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert engine.index == 1 and engine.phase is Phase.ASKING
        assert "Answer 1 scored" in str(app.screen.query_one("#result", Static).render())
        await pilot.press("space")  # cut in while the question is being spoken
        await wait_phase(pilot, engine, Phase.ANSWERING)
        assert rig.speaker.is_speaking is False
        rig.recorders[1].say("um", "so", "yes")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        sid = app.finished_sessions[0]
    kinds = [m.event.kind for m in messages if isinstance(m, RoundUpdate)]
    assert {"question", "phase", "level", "partial", "saved", "scored", "finished"} <= set(kinds)
    session = rig.store.get_session(sid)
    assert session.status == "completed"
    assert [a.status for a in session.answers] == ["scored", "scored"]
    assert session.answers[0].transcript.text.startswith("Let me structure this")
    assert session.answers[0].mode == "voice" and session.answers[0].audio_path


async def test_the_heap_is_frozen_before_the_candidate_speaks() -> None:
    """A full garbage collection (60-70 ms over Textual's objects) must not land mid-answer."""
    import gc

    gc.unfreeze()
    rig = Rig()
    rig.mic_words = [GOOD.split()]
    bank, qs = make_bank(1)
    app = app_for(rig, bank, skip_preflight=True)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()  # start-up's own freeze (preloading screens)
            engine = app.start_round(("mini", "Mini round", qs))
            await pilot.pause()
            screen = app.screen
            assert any(o is screen for o in gc.get_objects())  # created after that freeze
            rig.speaker.done()
            await wait_phase(pilot, engine, Phase.ANSWERING)
            # Everything the app holds when the answer starts is out of the collector's reach.
            assert not any(o is screen for o in gc.get_objects())
            assert gc.get_freeze_count() > 10_000
            await pilot.press("space")
            await app.workers.wait_for_complete()
    finally:
        gc.unfreeze()


async def test_a_long_live_transcript_shows_its_tail() -> None:
    rig = Rig()
    words = [f"w{i}" for i in range(1000)]
    rig.mic_words = [words]
    bank, qs = make_bank(1)
    app = app_for(rig, bank, skip_preflight=True)
    async with app.run_test(size=SIZE) as pilot:
        await first_answer(pilot, app, rig, qs)
        rig.recorders[0].say(*words)
        await pilot.pause(0.1)
        live = str(app.screen.query_one("#live-transcript", Static).render())
        shown = live.split()
        assert shown[0] == "…" and shown[-1] == "w999" and "w0" not in shown
        assert len(shown) == 401
        await pilot.press("space")
        await app.workers.wait_for_complete()
    session = rig.store.get_session(app.finished_sessions[0])
    assert len(session.answers[0].transcript.words) == 1000  # only the view is cut


async def test_typed_round_from_home_through_preflight() -> None:
    rig = Rig(typed=True, speaker=False)
    bank, _qs = make_bank(2)
    app = app_for(rig, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one("#rounds", OptionList)
        assert "Mini round" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreflightScreen)
        mode = str(app.screen.query_one("#pf-mode", Static).render())
        assert "typed, because there is no usable microphone" in mode
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        engine = app.engine
        await wait_phase(pilot, engine, Phase.ANSWERING)
        assert app.focused is app.screen.query_one("#typed", TextArea)
        await pilot.press("ctrl+s")  # nothing typed: a warning, nothing saved
        await pilot.pause()
        assert engine.phase is Phase.ANSWERING
        assert rig.store.get_session(engine.session_id).answers == []
        await pilot.press(*"We set a goal, then one metric.")
        counters = str(app.screen.query_one("#counters", Static).render())
        assert "words  7" in counters
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert engine.index == 1
        assert app.screen.query_one("#typed", TextArea).text == ""
        await pilot.press("f4")  # skip the last question: the round ends
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        session = rig.store.get_session(app.finished_sessions[0])
    assert [(a.mode, a.status) for a in session.answers] == [
        ("typed", "scored"),
        ("typed", "skipped"),
    ]
    assert session.answers[0].transcript.text == "We set a goal, then one metric."


async def test_pause_resume_and_end_early_keep_the_answer_in_progress() -> None:
    rig = Rig()
    bank, qs = make_bank(3)
    app = app_for(rig, bank, skip_preflight=True)
    async with app.run_test(size=SIZE) as pilot:
        engine = await first_answer(pilot, app, rig, qs)
        rig.clock.advance(10)
        await pilot.press("f2")
        assert engine.phase is Phase.PAUSED
        rig.clock.advance(100)
        await pilot.pause(0.1)
        assert "0:10" in str(app.screen.query_one("#counters", Static).render())
        await pilot.press("f2")
        assert engine.phase is Phase.ANSWERING
        await pilot.press("f3")
        assert rig.speaker.spoken[-1] == qs[0].text
        rig.recorders[0].say("we", "would", "measure", "retention", "weekly")
        await pilot.press("f10")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
    session = rig.store.get_session(engine.session_id)
    assert [a.status for a in session.answers] == ["scored"]
    assert session.answers[0].transcript.text == "we would measure retention weekly"


async def test_time_cues_are_shown_once() -> None:
    rig = Rig()
    bank, qs = make_bank(1)
    app = app_for(rig, bank, skip_preflight=True)
    async with app.run_test(size=SIZE) as pilot:
        await first_answer(pilot, app, rig, qs)
        rig.clock.advance(qs[0].budget_s - 30)
        await pilot.pause(0.2)
        rig.clock.advance(40)
        await pilot.pause(0.2)
        notes = [n.message for n in app._notifications]
        assert notes.count("About a minute left") == 1
        assert notes.count("Time is up: please wrap up") == 1
        countdown = str(app.screen.query_one("#countdown", Static).render())
        assert "-0:10" in countdown


async def test_debrief_moves_between_questions_and_replay_follows_the_words() -> None:
    rig = Rig(typed=True, speaker=False)
    bank, qs = make_bank(2)
    app = app_for(rig, bank, skip_preflight=True)
    async with app.run_test(size=SIZE) as pilot:
        engine = app.start_round(("mini", "Mini round", qs))
        await pilot.pause()
        await wait_phase(pilot, engine, Phase.ANSWERING)
        engine.finish_answer("Short.")  # few words: the fake scorer flags no_structure
        engine.next()
        await wait_phase(pilot, engine, Phase.ANSWERING)
        app.screen.query_one("#typed", TextArea).text = GOOD
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DebriefScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "No clear structure" in str(screen.query_one("#answer-flags", Static).render())
        await pilot.press("n")
        assert screen.current == 1
        assert "Let me structure" in str(screen.query_one("#answer-transcript", Static).render())
        await pilot.press("p")
        await pilot.press("r")
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen) and replay.index == 0
        assert "typed answer" in (replay.silent_reason or "")
        await pilot.press("f")  # jump to the flag (it starts at 0.0)
        assert replay.position == 0.0
        await pilot.press("n")
        assert replay.index == 1 and replay.current_word is None
        await pilot.press("space")
        rig.clock.advance(2.0)
        await pilot.pause(0.2)
        word = replay.current_word
        assert word is not None and replay.words[word].start <= replay.position < 2.5
        assert replay.playing
        await pilot.press("space")
        assert not replay.playing
        await pilot.press("escape")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        head = str(app.screen.query_one("#history-head", Static).render())
        assert "1 sessions, 2 scored answers" in head


async def test_recovery_banner_offers_an_interrupted_session() -> None:
    rig = Rig(typed=True, speaker=False)
    bank, qs = make_bank(2)
    session = rig.store.create_session("mini", "Mini round", meta={"questions": [q.id for q in qs]})
    app = app_for(rig, bank)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#recover-banner", Static)
        assert banner.display and f"Session {session.id}" in str(banner.render())


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_an_interrupted_session_is_resumed_with_the_questions_left() -> None:
    from round_fakes import fake_score

    from interviewer.models import Answer, QuestionRef
    from interviewer.timing import estimate

    rig = Rig(typed=True, speaker=False)
    bank, qs = make_bank(3)
    session = rig.store.create_session("mini", "Mini round", meta={"questions": [q.id for q in qs]})
    first = estimate(GOOD)
    rig.store.add_answer(
        session.id,
        Answer(
            position=0,
            question=QuestionRef.of(qs[0]),
            status="scored",
            mode="typed",
            transcript=first,
            score=fake_score(first, qs[0], 240),
        ),
    )
    app = app_for(rig, bank, skip_preflight=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        engine = app.engine
        assert engine.session_id == session.id and [q.id for q in engine.questions] == ["q2", "q3"]
        await wait_phase(pilot, engine, Phase.ANSWERING)
        app.screen.query_one("#typed", TextArea).text = "The second answer, typed after the crash."
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
    stored = rig.store.get_session(session.id)
    assert [(a.position, a.question.id, a.status) for a in stored.answers] == [
        (0, "q1", "scored"),
        (1, "q2", "scored"),
        (2, "q3", "skipped"),
    ]
    assert stored.status == "completed" and stored.meta.get("resumed") is True


class FakeModel:
    def __init__(self) -> None:
        self.ready = False
        self.error = None


class ToneSource:
    """A microphone that hears a steady tone (numpy blocks, as the real sources deliver)."""

    def __init__(self) -> None:
        self.reads = 0

    def start(self) -> None:
        pass

    def read(self, timeout: float = 0.5):
        import numpy as np

        self.reads += 1
        return (0.3 * np.sin(np.arange(1600) / 5.0)).astype(np.float32)

    def stop(self) -> None:
        pass


async def test_preflight_shows_the_meter_the_model_loading_and_the_voice_test() -> None:
    rig = Rig()
    model = FakeModel()
    rig.services.model = model
    rig.services.microphone = ToneSource
    bank, qs = make_bank(2)
    app = app_for(rig, bank)
    async with app.run_test(size=SIZE) as pilot:
        app.preflight(("mini", "Mini round", qs))
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, PreflightScreen)
        assert "loading" in str(screen.query_one("#pf-model", Static).render())
        assert screen.peak > 0.5  # the tone moved the meter
        model.ready = True
        await pilot.pause(0.7)
        assert "loaded" in str(screen.query_one("#pf-model", Static).render())
        await pilot.press("t")
        assert rig.speaker.spoken[-1].startswith("Hello. This is how the interviewer will sound")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not [w for w in app.workers if w.group == "meter" and w.is_running]


def test_level_and_partial_messages_coalesce_but_others_do_not(anyio_backend: str) -> None:
    level = RoundUpdate(RoundEvent("level", 0, 0.1))
    assert level.can_replace(RoundUpdate(RoundEvent("level", 0, 0.2)))
    assert not level.can_replace(RoundUpdate(RoundEvent("partial", 0, "x")))
    assert not RoundUpdate(RoundEvent("saved", 0)).can_replace(RoundUpdate(RoundEvent("saved", 0)))
    assert MicLevel(0.1).can_replace(MicLevel(0.3))


def test_the_core_does_not_import_textual(anyio_backend: str) -> None:
    import subprocess
    import sys

    code = (
        "import sys, interviewer.round, interviewer.services, interviewer.recovery, "
        "interviewer.cli.practice_cmd; assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.pulse
async def test_replay_plays_the_recording_and_the_highlight_follows_it(pulse, speech) -> None:
    from interviewer.models import Answer, QuestionRef, Transcript, Word

    rig = Rig()
    bank, qs = make_bank(1)
    session = rig.store.create_session("mini", "Mini round")
    wav = rig.store.new_audio_file(session.id, 0)
    wav.write_bytes(speech.path.read_bytes())
    words = [
        Word(text=f"w{i}", start=0.25 * i, end=0.25 * i + 0.2)
        for i in range(int(speech.duration_s * 4) - 1)
    ]
    rig.store.add_answer(
        session.id,
        Answer(
            position=0,
            question=QuestionRef.of(qs[0]),
            status="transcribed",
            mode="voice",
            audio_path=str(wav),
            transcript=Transcript(duration_s=speech.duration_s, words=words),
        ),
    )
    app = app_for(rig, bank)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReplayScreen(session.id))
        await pilot.pause()
        replay = app.screen
        assert replay.silent_reason is None
        await pilot.press("space")
        for _ in range(40):  # the sound device may take a moment to start
            await pilot.pause(0.1)
            if replay.position > 0.3:
                break
        assert replay._playback is not None and replay.playing
        before, t0 = replay.position, time.monotonic()
        await pilot.pause(1.0)
        heard = replay.position
        # The highlight moves with the sound, in real time.
        assert 0.6 < (heard - before) / (time.monotonic() - t0) < 1.4
        assert replay.words[replay.current_word].start <= heard
        await pilot.press("right")  # seek 5 s on while playing
        await pilot.pause(0.3)
        assert replay.position > heard + 4.5
        await pilot.press("space")
        assert not replay.playing and replay._playback is None


def test_progress_counts_read_as_english() -> None:
    from interviewer.tui.screens.home import counted

    assert counted(1, "session") == "1 session"
    assert counted(2, "answer") == "2 answers"
    assert counted(0, "session") == "0 sessions"
