"""The live counters under the transcript: words, pace and fillers of the answer so far.

A rough, cheap count for the screen while the candidate talks; the scorer's own pacing and filler
measures (``interviewer.scoring``) decide the debrief.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from interviewer.models import Transcript

FILLERS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "ah", "hmm", "mm", "like"})
_FILLER_PHRASES = ("you know", "i mean", "sort of", "kind of")


@dataclass(frozen=True)
class LiveStats:
    words: int
    wpm: float | None
    fillers: int


def live_stats(partial: Any, elapsed_s: float) -> LiveStats:
    """Words, pace and filler count of a partial transcript (a Transcript or plain text)."""
    if isinstance(partial, Transcript):
        tokens = [w.text for w in partial.words]
        if partial.words:
            elapsed_s = max(elapsed_s, partial.words[-1].end)
    else:
        tokens = str(partial or "").split()
    cleaned = [re.sub(r"[^\w']", "", t).lower() for t in tokens]
    cleaned = [t for t in cleaned if t]
    joined = " ".join(cleaned)
    fillers = sum(1 for t in cleaned if t in FILLERS and t != "like")
    fillers += sum(joined.count(p) for p in _FILLER_PHRASES)
    wpm = len(cleaned) / (elapsed_s / 60.0) if elapsed_s >= 5.0 and cleaned else None
    return LiveStats(words=len(cleaned), wpm=wpm, fillers=fillers)
