"""What the round engine tells its driver: the phase it is in and the events it emits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Phase(StrEnum):
    READY = "ready"
    ASKING = "asking"
    ANSWERING = "answering"
    TRANSCRIBING = "transcribing"
    SCORED = "scored"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True)
class RoundEvent:
    """Something the UI should show. ``kind`` is one of:

    ``phase`` (data: the new Phase), ``question`` (data: the Question), ``level`` (an audio level),
    ``partial`` (a partial Transcript or text), ``cue`` (data: ``minute`` or ``time_up``),
    ``must_stop`` (the answer ran far over time), ``saved`` (data: the Answer, at every stage),
    ``scored`` (data: the Answer), ``follow_up`` (data: the new Question), ``notice`` and ``error``
    (data: a one-line message), ``finished`` (data: the session id).
    """

    kind: str
    index: int
    data: Any = None


Listener = Callable[[RoundEvent], None]
