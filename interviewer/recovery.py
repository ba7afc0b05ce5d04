"""Finishing sessions that a crash or a kill left behind.

A round saves each answer at every stage (recording, recorded, transcribed, scored), so after a
kill the database says how far each answer got. Recovery takes each unfinished answer the rest of
the way: a WAV cut short gets its header repaired (``recover_wav``), then it is transcribed and
scored; a transcript that was saved is scored. Answers already scored are never touched. The
session can then be finished, or resumed with the questions that were never asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.errors import UserError
from interviewer.models import DEFAULT_BUDGET_S, Answer, Question, Transcript

if TYPE_CHECKING:
    from interviewer.bank import Bank
    from interviewer.settings import Settings
    from interviewer.store import SessionSummary, Store

Transcribe = Callable[[Path], Transcript]
Scorer = Callable[[Transcript, Question, "float | None"], Any]
Progress = Callable[[str], None]


@dataclass
class RecoveryReport:
    session_id: int
    recovered: list[int] = field(default_factory=list)
    """Positions of answers taken to ``scored`` now."""
    kept: list[int] = field(default_factory=list)
    """Positions of answers that were already complete."""
    failed: dict[int, str] = field(default_factory=dict)
    """Positions that could not be recovered, with the reason (also saved on the answer)."""
    pending: dict[int, str] = field(default_factory=dict)
    """Positions left for later (e.g. audio saved but no speech model here)."""
    remaining: list[str] = field(default_factory=list)
    """Question ids of the round never reached: the session can be resumed with them."""
    finished: bool = False

    def lines(self) -> list[str]:
        out = [f"Session {self.session_id}:"]
        if self.kept:
            out.append(f"  {len(self.kept)} answer(s) were already saved intact")
        if self.recovered:
            out.append(f"  recovered answer(s) {', '.join(str(p + 1) for p in self.recovered)}")
        for pos, why in self.failed.items():
            out.append(f"  answer {pos + 1} could not be recovered: {why}")
        for pos, why in self.pending.items():
            out.append(f"  answer {pos + 1} kept for later: {why}")
        if self.remaining:
            out.append(f"  {len(self.remaining)} question(s) were never asked")
        out.append(
            "  session finished" if self.finished else "  session left open (it can be resumed)"
        )
        return out


def interrupted(store: Store) -> list[SessionSummary]:
    """Sessions left ``active`` (the app was killed or crashed during a round)."""
    return store.unfinished_sessions()


def question_for(answer: Answer, bank: Bank | None) -> Question:
    """The bank's question for a stored answer, or one rebuilt from what the answer stored."""
    ref = answer.question
    if bank is not None and ref.id and ref.id in bank.questions:
        return bank.questions[ref.id]
    return Question(
        id=ref.id or f"recovered-{answer.position + 1}",
        kind=ref.kind,
        text=ref.text if len(ref.text) >= 10 else f"{ref.text} (recovered)",
        budget_s=answer.budget_s or DEFAULT_BUDGET_S.get(ref.kind, 480.0),
        elements=["an answer to the question"],
    )


def recover_session(
    store: Store,
    session_id: int,
    *,
    scorer: Scorer,
    transcribe: Transcribe | None = None,
    bank: Bank | None = None,
    finish: bool = True,
    progress: Progress | None = None,
) -> RecoveryReport:
    """Take every unfinished answer of a session as far as it can go; optionally finish the session.

    ``transcribe`` turns a WAV into a transcript; without it, recorded audio is repaired and kept
    (``pending``) for a later run on a machine with a model.
    """
    say = progress or (lambda _msg: None)
    session = store.get_session(session_id)
    report = RecoveryReport(session_id=session.id or session_id)
    for answer in session.answers:
        pos = answer.position
        if answer.status in ("scored", "skipped"):
            report.kept.append(pos)
            continue
        question = question_for(answer, bank)
        try:
            answer = _advance(store, answer, question, scorer, transcribe, say)
        except UserError as exc:
            answer = answer.model_copy(update={"status": "failed", "error": str(exc)})
            store.update_answer(answer)
        if answer.status == "scored":
            report.recovered.append(pos)
        elif answer.status == "failed":
            report.failed[pos] = answer.error or "unknown"
        else:
            report.pending[pos] = answer.error or f"left {answer.status}"
    asked = {a.question.id for a in session.answers}
    report.remaining = [q for q in session.meta.get("questions", []) if q not in asked]
    if finish:
        any_answer = any(a.status != "skipped" for a in store.get_session(session_id).answers)
        store.finish_session(session_id, "completed" if any_answer else "abandoned")
        report.finished = True
    return report


def _advance(
    store: Store,
    answer: Answer,
    question: Question,
    scorer: Scorer,
    transcribe: Transcribe | None,
    say: Progress,
) -> Answer:
    n = answer.position + 1
    if answer.status == "recording":
        path = store.audio_path(answer.audio_path) if answer.audio_path else None
        if answer.mode == "typed" or path is None:
            return _fail(store, answer, "the round stopped before this answer was saved")
        if not path.exists():
            return _fail(store, answer, f"its recording {path.name} is missing")
        say(f"answer {n}: repairing the recording cut short")
        from interviewer.audio import recover_wav

        duration = recover_wav(path)
        if duration < 0.5:
            return _fail(store, answer, "the recording holds less than half a second of audio")
        answer = answer.model_copy(update={"status": "recorded", "error": None})
        store.update_answer(answer)
    if answer.status in ("recorded", "failed") and answer.transcript is None:
        path = store.audio_path(answer.audio_path) if answer.audio_path else None
        if path is None or not path.exists():
            return _fail(store, answer, answer.error or "no recording to transcribe")
        if transcribe is None:
            answer = answer.model_copy(update={"error": "no speech model here to transcribe it"})
            store.update_answer(answer)
            return answer
        say(f"answer {n}: transcribing {path.name}")
        try:
            transcript = transcribe(path)
        except UserError:
            raise
        except Exception as exc:  # a model failure is recorded on the answer, not raised
            return _fail(store, answer, f"transcription failed: {exc}")
        answer = answer.model_copy(
            update={"status": "transcribed", "transcript": transcript, "error": None}
        )
        store.update_answer(answer)
    if answer.transcript is not None and answer.status in ("transcribed", "recorded", "failed"):
        say(f"answer {n}: scoring")
        try:
            score = scorer(answer.transcript, question, answer.budget_s or question.budget_s)
        except Exception as exc:
            return _fail(store, answer, f"scoring failed: {exc}")
        answer = answer.model_copy(update={"status": "scored", "score": score, "error": None})
        store.update_answer(answer)
    return answer


def _fail(store: Store, answer: Answer, reason: str) -> Answer:
    answer = answer.model_copy(update={"status": "failed", "error": reason})
    store.update_answer(answer)
    return answer


def remaining_questions(report: RecoveryReport, bank: Bank) -> list[Question]:
    """The questions a resumed session still has to ask (those still in the bank)."""
    return [bank.questions[q] for q in report.remaining if q in bank.questions]


def real_parts(
    settings: Settings, *, model: str | None = None
) -> tuple[Scorer, Transcribe | None, str | None]:
    """The real scorer and, when a model is available, a file transcriber; plus why not, if not."""
    from interviewer.scoring import Thresholds, score_answer

    thresholds = Thresholds.with_overrides(settings.scoring.thresholds or None)

    def scorer(transcript: Transcript, question: Question, budget_s: float | None) -> Any:
        return score_answer(transcript, question, budget_s=budget_s, thresholds=thresholds)

    try:
        from interviewer import transcribe as stt

        stt.resolve_model(model or settings.transcribe.model)
    except Exception as exc:  # no model installed here: audio is repaired and kept for later
        return scorer, None, f"no speech model ({exc})"

    def transcribe(path: Path) -> Transcript:
        return stt.transcribe_path(path, settings.transcribe, model=model)

    return scorer, transcribe, None


def recover_all(
    store: Store,
    ids: Sequence[int],
    *,
    scorer: Scorer,
    transcribe: Transcribe | None,
    bank: Bank | None = None,
    progress: Progress | None = None,
) -> list[RecoveryReport]:
    return [
        recover_session(
            store, sid, scorer=scorer, transcribe=transcribe, bank=bank, progress=progress
        )
        for sid in ids
    ]
