"""Messages the app's threads post to its screens.

Round events arrive from the engine on whatever thread produced them (the audio thread for
levels, the transcriber for partial text); posting them as messages puts them on the UI thread.
Levels and partial transcripts come many times a second, so a newer one replaces an older one
still waiting in the queue instead of piling up.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message

from interviewer.round import RoundEvent

_COALESCED = frozenset({"level", "partial"})


class RoundUpdate(Message):
    """A :class:`RoundEvent` from the engine."""

    def __init__(self, event: RoundEvent) -> None:
        self.event = event
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        # Textual asks the queued message whether the next one may supersede it.
        return (
            self.event.kind in _COALESCED
            and isinstance(message, RoundUpdate)
            and message.event.kind == self.event.kind
        )


class AnswerFinished(Message):
    """The worker finished (transcribed, scored, saved) an answer; ``answer`` may be None."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        super().__init__()


class RoundEnded(Message):
    def __init__(self, session_id: int | None) -> None:
        self.session_id = session_id
        super().__init__()


class Problem(Message):
    """A one-line problem to show the user (a worker caught a UserError)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__()


class Resume(Message):
    """An interrupted session's saved answers are recovered; ``report`` says what is left to ask."""

    def __init__(self, report: Any) -> None:
        self.report = report
        super().__init__()


class MicLevel(Message):
    """The pre-flight meter's microphone level (0..1), coalesced."""

    def __init__(self, value: float, clipped: bool = False) -> None:
        self.value = value
        self.clipped = clipped
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, MicLevel)
