"""The round engine: questions on a clock, one answer at a time, each saved as soon as it is done.

Plain Python shared by the TUI and the headless CLI; it knows nothing of Textual. The caller drives
it: ``start()``, then ``tick()`` every few hundred milliseconds (it moves from asking to answering
when the question has been spoken, and gives the time cues), then ``finish_answer()`` when the
candidate is done (blocking: transcription and scoring; the TUI calls it from a thread worker),
then ``next()``. Everything the UI shows arrives as :class:`RoundEvent` through one listener,
possibly from another thread.

An answer is stored when it starts (``recording``, with the path of its WAV file), again when the
recording stops, when it is transcribed and when it is scored, so a crash loses at most the
answer in progress and ``interviewer.recovery`` can finish that one from its audio.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.errors import UserError
from interviewer.models import Answer, Question, QuestionRef, Session, Transcript
from interviewer.round.events import Listener, Phase, RoundEvent
from interviewer.round.plan import follow_up_question

if TYPE_CHECKING:
    from interviewer.services import Services

MINUTE_CUE_S = 60.0
"""The "about a minute left" cue is given this long before the budget runs out."""
HARD_STOP_GRACE_S = 90.0
"""After the budget plus this, the engine asks its driver to stop the answer."""


class RoundEngine:
    """One practice round. Thread-safe: the UI thread drives it, a worker runs ``finish_answer``."""

    def __init__(
        self,
        services: Services,
        questions: Sequence[Question],
        *,
        round_name: str,
        title: str = "",
        llm: bool = False,
        listener: Listener | None = None,
        resume: Session | None = None,
    ) -> None:
        """``resume``: an interrupted session to continue; its answers stay, new ones follow them."""
        if not questions:
            raise UserError("a round needs at least one question")
        self.services = services
        self.questions: list[Question] = list(questions)
        self.round_name = round_name
        self.title = title or round_name
        self.llm = bool(llm and services.coach is not None)
        self._listeners: list[Listener] = [listener] if listener else []
        self._lock = threading.RLock()
        self.phase = Phase.READY
        self.index = 0
        self.session: Session | None = resume
        self._base = len(resume.answers) if resume is not None else 0
        self._resume = resume is not None
        self.answers: dict[int, Answer] = {}
        """Answers by position in this round, as last saved."""
        self._answer: Answer | None = None
        self._recorder: Any = None
        self._transcriber: Any = None
        self._typed_now = services.typed
        self._paused_from: Phase | None = None
        self._starting = False
        self._paused_at: float | None = None
        self._round_started: float | None = None
        self._round_paused = 0.0
        self._q_started: float | None = None
        self._q_paused = 0.0
        self._cued: set[str] = set()
        self._follow_ups: set[str] = set()
        self.partial: Any = None

    # ------------------------------------------------------------------ listeners

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, kind: str, data: Any = None) -> None:
        event = RoundEvent(kind, self.index, data)
        for listener in list(self._listeners):
            listener(event)

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        self._emit("phase", phase)

    # ------------------------------------------------------------------ what the UI reads

    @property
    def question(self) -> Question:
        return self.questions[min(self.index, len(self.questions) - 1)]

    @property
    def session_id(self) -> int | None:
        return self.session.id if self.session else None

    @property
    def typed(self) -> bool:
        """The current answer is typed (no microphone, or the microphone failed)."""
        return self._typed_now

    @property
    def position(self) -> int:
        """The current answer's position in the session (after any answers of a resumed session)."""
        return self._base + self.index

    @property
    def is_last(self) -> bool:
        return self.index >= len(self.questions) - 1

    def question_elapsed(self) -> float:
        if self._q_started is None:
            return 0.0
        return max(0.0, self._now_unpaused() - self._q_started - self._q_paused)

    def question_remaining(self) -> float:
        return self.question.budget_s - self.question_elapsed()

    def round_elapsed(self) -> float:
        if self._round_started is None:
            return 0.0
        return max(0.0, self._now_unpaused() - self._round_started - self._round_paused)

    def round_budget(self) -> float:
        return sum(q.budget_s for q in self.questions)

    def _now_unpaused(self) -> float:
        # While paused the clocks stand still at the moment of pausing.
        return self._paused_at if self._paused_at is not None else self.services.clock()

    # ------------------------------------------------------------------ the flow

    def start(self) -> Session:
        """Create the session in the store and ask the first question."""
        with self._lock:
            if self.phase is not Phase.READY:
                raise RuntimeError("the round has already started")
            meta = {
                "questions": [q.id for q in self.questions],
                "mode": "typed" if self.services.typed else "voice",
                "llm": self.llm,
            }
            if self._resume:
                assert self.session is not None and self.session.id is not None
                meta = {**self.session.meta, "resumed": True}
                self.services.store.update_session_meta(self.session.id, meta)
            else:
                self.session = self.services.store.create_session(
                    self.round_name, self.title, meta=meta
                )
            self._round_started = self.services.clock()
            self._ask()
            return self.session

    def _ask(self) -> None:
        self._q_started = None
        self._q_paused = 0.0
        self._cued = set()
        self.partial = None
        self._typed_now = self.services.typed
        question = self.question
        self._emit("question", question)
        self._set_phase(Phase.ASKING)
        speaker = self.services.speaker
        if speaker is not None and self.services.voice:
            try:
                speaker.speak(question.text)
                if not self.is_last:
                    speaker.prefetch(self.questions[self.index + 1].text)
            except Exception as exc:  # a voice failure leaves the text on screen
                self._emit("notice", f"could not speak the question: {exc}")

    @property
    def question_spoken(self) -> bool:
        """The question has been said (or there is no voice): the answer may begin."""
        speaker = self.services.speaker
        return speaker is None or not self.services.voice or not speaker.is_speaking

    def tick(self, *, begin: bool = True) -> None:
        """Advance on time: start answering after the question is spoken; give the cues.

        With ``begin=False`` the caller starts the answer itself (the TUI does it in a worker,
        because opening the microphone and the transcriber takes a moment).
        """
        with self._lock:
            if self.phase is Phase.ASKING:
                if begin and self.question_spoken:
                    self.begin_answer()
                return
            if self.phase is not Phase.ANSWERING:
                return
            budget = self.question.budget_s
            remaining = budget - self.question_elapsed()
            if (
                budget > 2 * MINUTE_CUE_S
                and remaining <= MINUTE_CUE_S
                and "minute" not in self._cued
            ):
                self._cue("minute", "About a minute left.")
            if remaining <= 0 and "time_up" not in self._cued:
                self._cue("time_up", "Time is up. Please wrap up.")
            if remaining <= -HARD_STOP_GRACE_S and "must_stop" not in self._cued:
                self._cued.add("must_stop")
                self._emit("must_stop")

    def _cue(self, name: str, text: str) -> None:
        self._cued.add(name)
        self._emit("cue", name)
        speaker = self.services.speaker
        if speaker is not None and self.services.voice:
            with contextlib.suppress(Exception):
                speaker.speak(text)

    def begin_answer(self, source: Any = None) -> None:
        """Start the answer now (the question may still be being spoken: the candidate cut in).

        ``source`` replaces the microphone (headless: a file). In typed mode nothing records.
        The slow part (opening the source, the recorder and the transcriber) runs without the
        engine's lock, so a UI thread reading the engine meanwhile is never blocked.
        """
        with self._lock:
            if self.phase is not Phase.ASKING or self._starting:
                return
            self._starting = True
            speaker = self.services.speaker
            if speaker is not None and self.services.voice and speaker.is_speaking:
                speaker.stop()
            assert self.session is not None and self.session.id is not None
            position, question = self.position, self.question
        opened = None
        try:
            if source is not None or not self.services.typed:
                opened = self._open_recording(source, position)
        finally:
            with self._lock:
                self._starting = False
        with self._lock:
            if self.phase is not Phase.ASKING or self.position != position:
                # Skipped or ended while the microphone was opening.
                if opened is not None:
                    with contextlib.suppress(Exception):
                        opened[1].cancel()
                        opened[0].stop()
                return
            self._q_started = self.services.clock()
            if opened is not None:
                self._commit_recording(opened, question, source is not None)
            self._set_phase(Phase.ANSWERING)

    def _open_recording(self, source: Any, position: int) -> tuple[Any, Any, Path] | None:
        services = self.services
        assert self.session is not None and self.session.id is not None
        if services.recorder_factory is None or services.transcriber_factory is None:
            raise UserError("audio answers need a speech model; use typed answers (--typed)")
        wav = services.store.new_audio_file(self.session.id, position)
        try:
            transcriber = services.transcriber_factory(self._on_partial)
            live = source if source is not None else services.microphone()  # type: ignore[misc]
            recorder = services.recorder_factory(live, wav, self._on_level, [transcriber.feed])
            recorder.start()
        except Exception as exc:
            if source is not None:
                raise
            # A microphone that fails mid-round: keep going with typed answers.
            self._typed_now = True
            self._emit("error", f"the microphone failed ({exc}); type this answer instead")
            return None
        return recorder, transcriber, wav

    def _commit_recording(
        self, opened: tuple[Any, Any, Path], question: Question, from_file: bool
    ) -> None:
        recorder, transcriber, wav = opened
        assert self.session is not None and self.session.id is not None
        self._typed_now = False
        self._recorder, self._transcriber = recorder, transcriber
        answer = Answer(
            position=self.position,
            question=QuestionRef.of(question),
            budget_s=question.budget_s,
            status="recording",
            mode="file" if from_file else "voice",
            audio_path=str(wav),
            started_at=_utcnow(),
        )
        self._answer = self.services.store.add_answer(self.session.id, answer)
        self._saved(self._answer)

    def _on_level(self, level: Any) -> None:
        self._emit("level", level)

    def _on_partial(self, partial: Any) -> None:
        self.partial = partial
        self._emit("partial", partial)

    def wait_recording(self) -> None:
        """Block until a file source has been played to its end (headless)."""
        recorder = self._recorder
        if recorder is not None:
            recorder.wait()

    def finish_answer(self, text: str | None = None) -> Answer | None:
        """Stop, transcribe, score and save the current answer. Blocking; call from a worker.

        Typed answers pass their ``text``. Returns the saved answer, or None when there was
        nothing to finish. Errors in transcription or scoring are saved with the answer
        (status ``failed``) and reported as an ``error`` event, never raised.
        """
        with self._lock:
            if self.phase is Phase.PAUSED and self._paused_from is Phase.ANSWERING:
                self._resume_clocks()
            if self.phase is not Phase.ANSWERING:
                return None
            typed: Transcript | None = None
            if self._recorder is None:
                if not (text or "").strip():
                    raise UserError("type an answer first (or skip the question)")
                from interviewer import timing

                typed = timing.estimate(text or "")  # UserError here leaves the answer open
            question = self.question
            elapsed = self.question_elapsed()
            self._set_phase(Phase.TRANSCRIBING)
            recorder, transcriber, answer = self._recorder, self._transcriber, self._answer
            self._recorder = self._transcriber = self._answer = None
        try:
            if typed is not None:
                answer = self._typed_answer(question, typed, elapsed)
            else:
                assert answer is not None
                answer = self._voice_answer(answer, recorder, transcriber)
            if answer.status == "transcribed":
                answer = self._score(answer, question)
        finally:
            with self._lock:
                self._set_phase(Phase.SCORED)
        if answer.status == "scored" and self.llm:
            self._follow_up(question, answer)
        return answer

    def _typed_answer(self, question: Question, transcript: Transcript, elapsed: float) -> Answer:
        assert self.session is not None and self.session.id is not None
        transcript.meta["typed"] = True
        transcript.meta["typing_s"] = round(elapsed, 1)
        answer = Answer(
            position=self.position,
            question=QuestionRef.of(question),
            budget_s=question.budget_s,
            status="transcribed",
            mode="typed",
            started_at=_utcnow(),
            ended_at=_utcnow(),
            transcript=transcript,
        )
        answer = self.services.store.add_answer(self.session.id, answer)
        self._saved(answer)
        return answer

    def _voice_answer(self, answer: Answer, recorder: Any, transcriber: Any) -> Answer:
        store = self.services.store
        try:
            recording = recorder.stop()
        except Exception as exc:
            with contextlib.suppress(Exception):
                transcriber.cancel()
            return self._failed(answer, f"the recording could not be finished: {exc}")
        # The recorder keeps what it captured even when the device or the disk failed: say so.
        if getattr(recording, "error", None):
            self._emit("notice", f"the recording stopped early: {recording.error}")
        if getattr(recording, "dead_mic", False):
            self._emit(
                "error",
                "the microphone gave only digital silence; check it is not muted (interviewer mic-check)",
            )
        answer = answer.model_copy(update={"status": "recorded", "ended_at": _utcnow()})
        store.update_answer(answer)
        self._saved(answer)
        try:
            transcript = transcriber.finish()
        except Exception as exc:
            return self._failed(answer, f"transcription failed: {exc}")
        answer = answer.model_copy(update={"status": "transcribed", "transcript": transcript})
        store.update_answer(answer)
        self._saved(answer)
        return answer

    def _score(self, answer: Answer, question: Question) -> Answer:
        services = self.services
        assert answer.transcript is not None
        try:
            score = services.scorer(answer.transcript, question, question.budget_s)
        except Exception as exc:
            return self._failed(answer, f"scoring failed: {exc}")
        if services.enrich is not None and services.coach is not None:
            score = services.enrich(score, question, answer.transcript, services.coach)
        answer = answer.model_copy(update={"status": "scored", "score": score})
        services.store.update_answer(answer)
        self._saved(answer)
        self._emit("scored", answer)
        return answer

    def _follow_up(self, question: Question, answer: Answer) -> None:
        coach = self.services.coach
        if coach is None or question.id in self._follow_ups or "follow-up" in question.tags:
            return
        try:
            # enrich() usually asked for it already (the coach caches it); else ask now.
            text = (answer.score.llm or {}).get("follow_up") if answer.score else None
            text = text or coach.follow_up(question, answer.transcript, answer.score)
        except Exception as exc:
            self._emit("notice", f"no follow-up question: {exc}")
            return
        if not text or not str(text).strip():
            return
        self._follow_ups.add(question.id)
        with self._lock:
            extra = follow_up_question(question, " ".join(str(text).split()))
            self.questions.insert(self.index + 1, extra)
            self._emit("follow_up", extra)

    def _failed(self, answer: Answer, message: str) -> Answer:
        answer = answer.model_copy(
            update={"status": "failed", "error": message, "ended_at": _utcnow()}
        )
        with contextlib.suppress(UserError):
            self.services.store.update_answer(answer)
        self._saved(answer)
        self._emit("error", message)
        return answer

    def _saved(self, answer: Answer) -> None:
        self.answers[answer.position] = answer
        _fault_point(answer.status, answer.position)
        self._emit("saved", answer)

    def next(self) -> bool:
        """Go on to the next question; False (and the round finished) when there is none."""
        with self._lock:
            if self.phase not in (Phase.SCORED, Phase.ASKING, Phase.ANSWERING):
                return False
            if self.index + 1 >= len(self.questions):
                self.finish()
                return False
            self.index += 1
            self._ask()
            return True

    def skip(self) -> bool:
        """Drop the current question (saved as skipped) and move on; False when the round ended."""
        with self._lock:
            if self.phase is Phase.PAUSED:
                self._resume_clocks()
            if self.phase not in (Phase.ASKING, Phase.ANSWERING):
                return self.next() if self.phase is Phase.SCORED else False
            if self.services.speaker is not None and self.services.voice:
                self.services.speaker.stop()
            self._stop_recording_quietly()
            assert self.session is not None and self.session.id is not None
            if self._answer is not None:
                answer = self._answer.model_copy(
                    update={"status": "skipped", "ended_at": _utcnow()}
                )
                self.services.store.update_answer(answer)
            else:
                answer = self.services.store.add_answer(
                    self.session.id,
                    Answer(
                        position=self.position,
                        question=QuestionRef.of(self.question),
                        budget_s=self.question.budget_s,
                        status="skipped",
                        mode="typed" if self.typed else "voice",
                        started_at=_utcnow(),
                        ended_at=_utcnow(),
                    ),
                )
            self._answer = None
            self._saved(answer)
            self._set_phase(Phase.SCORED)
            return self.next()

    def _stop_recording_quietly(self) -> None:
        recorder, transcriber = self._recorder, self._transcriber
        self._recorder = self._transcriber = None
        if transcriber is not None:
            with contextlib.suppress(Exception):
                transcriber.cancel()
        if recorder is not None:
            with contextlib.suppress(Exception):
                recorder.stop()

    def repeat(self) -> None:
        """Say the question again. The clock keeps running, as it would with a real interviewer."""
        with self._lock:
            if self.phase not in (Phase.ASKING, Phase.ANSWERING):
                return
            speaker = self.services.speaker
            self._emit("question", self.question)
            if speaker is not None and self.services.voice:
                speaker.stop()
                with contextlib.suppress(Exception):
                    speaker.speak(self.question.text)

    def pause(self) -> bool:
        with self._lock:
            if self.phase not in (Phase.ASKING, Phase.ANSWERING):
                return False
            self._paused_from = self.phase
            self._paused_at = self.services.clock()
            if self.services.speaker is not None and self.services.voice:
                self.services.speaker.stop()
            if self._recorder is not None and hasattr(self._recorder, "pause"):
                self._recorder.pause()
            self._set_phase(Phase.PAUSED)
            return True

    def _resume_clocks(self) -> Phase:
        assert self._paused_at is not None and self._paused_from is not None
        pause = self.services.clock() - self._paused_at
        self._round_paused += pause
        if self._q_started is not None:
            self._q_paused += pause
        self._paused_at = None
        phase, self._paused_from = self._paused_from, None
        if self._recorder is not None and hasattr(self._recorder, "resume"):
            self._recorder.resume()
        self.phase = phase
        return phase

    def resume(self) -> bool:
        with self._lock:
            if self.phase is not Phase.PAUSED:
                return False
            phase = self._resume_clocks()
            self._set_phase(phase)
            if phase is Phase.ASKING:
                # The question was cut off by the pause: ask it again from the start.
                speaker = self.services.speaker
                if speaker is not None and self.services.voice:
                    with contextlib.suppress(Exception):
                        speaker.speak(self.question.text)
            return True

    def end(self, *, keep_current: bool = True, text: str | None = None) -> int | None:
        """End the round early. A recording in progress is kept and scored (blocking)."""
        with self._lock:
            if self.phase is Phase.FINISHED:
                return self.session_id
            if self.phase is Phase.PAUSED:
                self._resume_clocks()
            if self.services.speaker is not None and self.services.voice:
                self.services.speaker.stop()
            recording = self.phase is Phase.ANSWERING and self._recorder is not None
            typed_text = (
                self.phase is Phase.ANSWERING and self._recorder is None and (text or "").strip()
            )
        if keep_current and (recording or typed_text):
            self.finish_answer(text)
        with self._lock:
            self._stop_recording_quietly()
            if self._answer is not None:
                self._failed(self._answer, "the round ended before this answer was finished")
                self._answer = None
            self.finish()
            return self.session_id

    def finish(self) -> None:
        with self._lock:
            if self.phase is Phase.FINISHED:
                return
            if self.session is not None and self.session.id is not None:
                done = self._base > 0 or any(a.status != "skipped" for a in self.answers.values())
                self.services.store.finish_session(
                    self.session.id, "completed" if done else "abandoned"
                )
            self._set_phase(Phase.FINISHED)
            self._emit("finished", self.session_id)

    def close(self) -> None:
        """Release audio resources (the app is quitting); an unfinished session stays ``active``."""
        with self._lock:
            self._stop_recording_quietly()
            if self.services.speaker is not None:
                with contextlib.suppress(Exception):
                    self.services.speaker.stop()


FAULT_ENV = "INTERVIEWER_FAULT_KILL"
"""Fault injection for the crash-recovery tests: ``STATUS:POSITION`` (e.g. ``recorded:1``) makes the
process SIGKILL itself right after that answer is saved with that status, i.e. while the next stage
(transcribing after ``recorded``, scoring after ``transcribed``) is under way."""


def _fault_point(status: str, position: int) -> None:
    spec = os.environ.get(FAULT_ENV)
    if spec and spec == f"{status}:{position}":
        os.kill(os.getpid(), signal.SIGKILL)


def _utcnow() -> Any:
    from interviewer.store.db import now

    return now()
