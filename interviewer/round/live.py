"""The live counters under the transcript: words, pace and fillers of the answer so far.

Fillers are counted by the scorer's own rules (``interviewer.scoring.filler_marks``), so the number a
candidate sees while talking is the number the debrief reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interviewer.models import Transcript


@dataclass(frozen=True)
class LiveStats:
    words: int
    wpm: float | None
    fillers: int


def live_stats(partial: Any, elapsed_s: float) -> LiveStats:
    """Words, pace and filler count of a partial transcript (a Transcript or typed text)."""
    from interviewer.scoring import filler_marks
    from interviewer.timing import estimate

    if isinstance(partial, Transcript):
        transcript: Transcript | None = partial
        if partial.words:
            elapsed_s = max(elapsed_s, partial.words[-1].end)
    else:
        text = str(partial or "")
        transcript = estimate(text) if text.split() else None
    if transcript is None or not transcript.words:
        return LiveStats(words=0, wpm=None, fillers=0)
    words = len(transcript.words)
    wpm = words / (elapsed_s / 60.0) if elapsed_s >= 5.0 else None
    return LiveStats(words=words, wpm=wpm, fillers=len(filler_marks(transcript)))
