"""The round engine with scripted parts: flow, clocks, cues, saving at each stage, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from round_fakes import Rig, questions

from interviewer.errors import UserError
from interviewer.round import (
    Phase,
    RoundEngine,
    RoundEvent,
    answer_files,
    follow_up_question,
    live_stats,
)


def engine_for(
    rig: Rig, n: int = 3, budget_s: float = 240.0, **kw
) -> tuple[RoundEngine, list[RoundEvent]]:
    events: list[RoundEvent] = []
    engine = RoundEngine(
        rig.services,
        questions(n, budget_s),
        round_name="screen",
        title="Screen",
        listener=events.append,
        **kw,
    )
    return engine, events


def kinds(events: list[RoundEvent], kind: str) -> list[RoundEvent]:
    return [e for e in events if e.kind == kind]


def test_voice_round_asks_records_scores_and_saves_each_answer() -> None:
    rig = Rig()
    rig.mic_words = [["first", "we", "set", "a", "goal", "then", "a", "metric"], ["short"]]
    engine, events = engine_for(rig, n=2)
    session = engine.start()
    assert engine.phase is Phase.ASKING
    assert rig.speaker.spoken == [engine.questions[0].text]
    assert rig.speaker.prefetched == [engine.questions[1].text]

    engine.tick()  # still speaking: stays asking
    assert engine.phase is Phase.ASKING
    rig.speaker.done()
    engine.tick()
    assert engine.phase is Phase.ANSWERING
    # The answer is in the database as soon as it starts, with its audio file.
    stored = rig.store.get_session(session.id)
    assert [a.status for a in stored.answers] == ["recording"]
    assert Path(stored.answers[0].audio_path).exists()

    rig.recorders[0].say(*rig.recorders[0].source.words)
    assert engine.partial is not None and len(engine.partial.words) == 8
    answer = engine.finish_answer()
    assert answer is not None and answer.status == "scored"
    assert answer.transcript.text == "first we set a goal then a metric"
    assert answer.score.metrics["words"] == 8
    assert engine.phase is Phase.SCORED
    saved_statuses = [e.data.status for e in kinds(events, "saved")]
    assert saved_statuses == ["recording", "recorded", "transcribed", "scored"]

    assert engine.next() is True
    rig.speaker.done()
    engine.tick()
    rig.recorders[1].say("short")
    engine.finish_answer()
    assert engine.next() is False
    assert engine.phase is Phase.FINISHED
    assert kinds(events, "finished")[0].data == session.id

    stored = rig.store.get_session(session.id)
    assert stored.status == "completed"
    assert [a.status for a in stored.answers] == ["scored", "scored"]
    assert stored.answers[1].score.has("no_structure")
    assert stored.answers[0].score.scores.overall > stored.answers[1].score.scores.overall


def test_typed_round_uses_estimated_timing_and_no_recorder() -> None:
    rig = Rig(typed=True, speaker=False)
    engine, _ = engine_for(rig, n=1)
    engine.start()
    engine.tick()
    assert engine.phase is Phase.ANSWERING and engine.typed
    with pytest.raises(UserError):
        engine.finish_answer("   ")
    assert engine.phase is Phase.ANSWERING  # an empty answer loses nothing and changes nothing
    rig.clock.advance(30)
    answer = engine.finish_answer(
        "We would start with the goal. Then pick one metric and a baseline."
    )
    assert answer.mode == "typed" and answer.status == "scored"
    assert answer.transcript.timing_estimated and answer.transcript.meta["typing_s"] == 30.0
    assert rig.recorders == []
    assert engine.next() is False
    assert rig.store.get_session(engine.session_id).answers[0].transcript.words[0].text == "We"


def test_question_clock_cues_once_and_asks_to_stop_far_over_time() -> None:
    rig = Rig()
    engine, events = engine_for(rig, n=1, budget_s=240.0)
    engine.start()
    rig.speaker.done()
    rig.clock.advance(5)  # time spent asking does not count against the answer
    engine.tick()
    assert engine.question_remaining() == 240.0
    rig.clock.advance(170)
    engine.tick()
    assert kinds(events, "cue") == []
    rig.clock.advance(15)
    engine.tick()
    engine.tick()
    assert [e.data for e in kinds(events, "cue")] == ["minute"]
    assert rig.speaker.spoken[-1] == "About a minute left."
    rig.clock.advance(60)
    engine.tick()
    engine.tick()
    assert [e.data for e in kinds(events, "cue")] == ["minute", "time_up"]
    assert kinds(events, "must_stop") == []
    rig.clock.advance(91)
    engine.tick()
    assert len(kinds(events, "must_stop")) == 1
    assert engine.round_elapsed() == pytest.approx(5 + 170 + 15 + 60 + 91)


def test_pause_stops_both_clocks_and_resume_reasks_a_cut_question() -> None:
    rig = Rig()
    engine, _ = engine_for(rig, n=1)
    engine.start()
    assert engine.pause() is True
    assert rig.speaker.is_speaking is False
    rig.clock.advance(100)
    assert engine.round_elapsed() == 0
    engine.resume()
    assert engine.phase is Phase.ASKING
    assert rig.speaker.spoken == [engine.question.text, engine.question.text]
    rig.speaker.done()
    engine.tick()
    rig.clock.advance(10)
    engine.pause()
    rig.clock.advance(50)
    assert engine.question_elapsed() == 10
    engine.resume()
    assert engine.phase is Phase.ANSWERING
    rig.clock.advance(5)
    assert engine.question_elapsed() == 15
    assert engine.round_elapsed() == 15


def test_skip_saves_a_skipped_answer_and_cancels_the_recording() -> None:
    rig = Rig()
    engine, _ = engine_for(rig, n=2)
    engine.start()
    rig.speaker.done()
    engine.tick()
    assert engine.skip() is True
    assert rig.transcribers[0].cancelled and rig.recorders[0].stopped
    assert engine.index == 1 and engine.phase is Phase.ASKING
    assert engine.skip() is False  # skipping the last question ends the round
    stored = rig.store.get_session(engine.session_id)
    assert [a.status for a in stored.answers] == ["skipped", "skipped"]
    assert stored.status == "abandoned"


def test_repeat_speaks_the_question_again_without_restarting_the_clock() -> None:
    rig = Rig()
    engine, _ = engine_for(rig, n=1)
    engine.start()
    rig.speaker.done()
    engine.tick()
    rig.clock.advance(20)
    engine.repeat()
    assert rig.speaker.spoken == [engine.question.text] * 2
    assert engine.question_elapsed() == 20 and engine.phase is Phase.ANSWERING


def test_end_early_keeps_the_answer_in_progress() -> None:
    rig = Rig()
    engine, _ = engine_for(rig, n=3)
    engine.start()
    rig.speaker.done()
    engine.tick()
    rig.recorders[0].say("we", "would", "measure", "retention", "first", "and", "then")
    sid = engine.end()
    stored = rig.store.get_session(sid)
    assert stored.status == "completed"
    assert [a.status for a in stored.answers] == ["scored"]
    assert engine.phase is Phase.FINISHED


def test_transcription_failure_is_saved_and_reported_not_raised() -> None:
    rig = Rig(fail_transcribe=True)
    engine, events = engine_for(rig, n=1)
    engine.start()
    rig.speaker.done()
    engine.tick()
    answer = engine.finish_answer()
    assert answer.status == "failed" and "model crashed" in answer.error
    assert "model crashed" in kinds(events, "error")[0].data
    stored = rig.store.get_session(engine.session_id).answers[0]
    assert stored.status == "failed" and stored.audio_path  # the audio is kept for a retry


def test_microphone_failure_falls_back_to_typed_for_that_answer() -> None:
    rig = Rig()

    def broken() -> None:
        raise OSError("device unavailable")

    rig.services.microphone = broken
    engine, events = engine_for(rig, n=1)
    engine.start()
    rig.speaker.done()
    engine.tick()
    assert engine.phase is Phase.ANSWERING and engine.typed
    assert "device unavailable" in kinds(events, "error")[0].data
    answer = engine.finish_answer("Typed instead because the microphone failed.")
    assert answer.mode == "typed" and answer.status == "scored"


class FakeCoach:
    def __init__(self) -> None:
        self.asked = 0

    def follow_up(self, question, transcript, score) -> str:
        self.asked += 1
        return "What would you do if the metric moved the wrong way?"


def test_llm_follow_up_is_asked_and_scored_like_any_other_question() -> None:
    rig = Rig(typed=True, speaker=False)
    coach = FakeCoach()
    enriched = []

    def enrich(score, question, transcript, c):
        enriched.append(question.id)
        return score.model_copy(update={"llm": {"feedback": "ok"}})

    rig.services.coach, rig.services.enrich = coach, enrich
    engine, events = engine_for(rig, n=2, llm=True)
    engine.start()
    engine.tick()
    engine.finish_answer("An answer with a goal and a metric.")
    follow = kinds(events, "follow_up")
    assert len(follow) == 1 and follow[0].data.id == "q1.follow-up-1"
    assert [q.id for q in engine.questions] == ["q1", "q1.follow-up-1", "q2"]
    engine.next()
    engine.tick()
    assert engine.question.text.startswith("What would you do")
    engine.finish_answer("I would check the guardrail metrics first.")
    assert coach.asked == 1  # no follow-up to a follow-up
    engine.next()
    engine.tick()
    engine.finish_answer("Third answer.")
    assert coach.asked == 2
    engine.next()
    engine.next()
    stored = rig.store.get_session(engine.session_id)
    assert [a.question.id for a in stored.answers] == [
        "q1",
        "q1.follow-up-1",
        "q2",
        "q2.follow-up-1",
    ][: len(stored.answers)]
    assert stored.answers[0].score.llm == {"feedback": "ok"}
    assert enriched[:3] == ["q1", "q1.follow-up-1", "q2"]


def test_follow_up_question_shape() -> None:
    parent = questions(1, budget_s=480)[0]
    q = follow_up_question(parent, "Why?")
    assert q.kind == parent.kind and q.budget_s == 180 and q.text.startswith("Follow-up:")


def test_live_stats_counts_fillers_and_pace() -> None:
    stats = live_stats("um so we uh measure you know retention", 60.0)
    assert stats.words == 8 and stats.fillers == 3 and stats.wpm == pytest.approx(8.0)
    assert live_stats("", 0.0).wpm is None


def test_live_counter_counts_once_per_partial_and_paces_by_the_clock() -> None:
    from interviewer.round import LiveCounter
    from interviewer.timing import estimate

    count = LiveCounter()
    first = estimate("um so we uh measure you know retention", wpm=120)
    a = count(first, 10.0)
    b = count(first, 20.0)  # the clock moves, the partial does not
    assert count.computed == 1
    assert (a.words, a.fillers) == (b.words, b.fillers) == (8, 3)
    assert a.wpm == pytest.approx(48.0) and b.wpm == pytest.approx(24.0)
    second = estimate("um so we uh measure you know retention and churn", wpm=120)
    assert count(second, 20.0).words == 10 and count.computed == 2
    assert count("typed um words", 30.0) == live_stats("typed um words", 30.0)
    count("typed um words", 40.0)
    assert count.computed == 3  # equal typed text is not counted again


def test_answer_files_are_sorted_and_bad_folders_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such folder"):
        answer_files(tmp_path / "missing")
    with pytest.raises(UserError, match="no answer files"):
        answer_files(tmp_path)
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.wav").write_bytes(b"")
    (tmp_path / "notes.md").write_text("x")
    assert [p.name for p in answer_files(tmp_path)] == ["a.wav", "b.txt"]


def test_an_empty_round_is_refused() -> None:
    with pytest.raises(UserError):
        RoundEngine(Rig().services, [], round_name="x")


def test_a_dead_microphone_and_an_early_stop_are_reported_and_the_answer_kept() -> None:
    from types import SimpleNamespace

    rig = Rig()
    engine, events = engine_for(rig, n=1)
    engine.start()
    rig.speaker.done()
    engine.tick()
    recorder = rig.recorders[0]
    recorder.stop = lambda: SimpleNamespace(dead_mic=True, error="device lost")  # type: ignore[method-assign]
    recorder.say("we", "measured", "retention")
    answer = engine.finish_answer()
    assert answer.status == "scored"
    assert "digital silence" in kinds(events, "error")[0].data
    assert "device lost" in kinds(events, "notice")[0].data
