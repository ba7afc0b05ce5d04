"""The practice round, UI-agnostic: the engine, its events, planning and live counters.

``RoundEngine`` (``engine.py``) drives one round; ``events.py`` holds what it reports; ``plan.py``
picks the questions and reads a headless round's answer files; ``live.py`` counts words, pace and
fillers for the screen. Nothing here imports Textual.
"""

from __future__ import annotations

from interviewer.round.engine import FAULT_ENV, HARD_STOP_GRACE_S, MINUTE_CUE_S, RoundEngine
from interviewer.round.events import Listener, Phase, RoundEvent
from interviewer.round.live import LiveCounter, LiveStats, live_stats
from interviewer.round.plan import (
    ANSWER_SUFFIXES,
    FOLLOW_UP_BUDGET_S,
    answer_files,
    follow_up_question,
    plan_round,
)

__all__ = [
    "ANSWER_SUFFIXES",
    "FAULT_ENV",
    "FOLLOW_UP_BUDGET_S",
    "HARD_STOP_GRACE_S",
    "MINUTE_CUE_S",
    "Listener",
    "LiveCounter",
    "LiveStats",
    "Phase",
    "RoundEngine",
    "RoundEvent",
    "answer_files",
    "follow_up_question",
    "live_stats",
    "plan_round",
]
