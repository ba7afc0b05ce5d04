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
    words, fillers, last_end = _counts(partial)
    return _stats(words, fillers, last_end, elapsed_s)


class LiveCounter:
    """``live_stats`` for a screen that asks several times a second.

    Counting fillers walks the whole answer: for a 10-minute answer, four times a second, that
    cost the interface thread milliseconds it needs for drawing. The counts are computed once per
    new partial transcript (or changed typed text); only the pace follows the clock.
    """

    def __init__(self) -> None:
        self._source: Any = None
        self._counts: tuple[int, int, float] = (0, 0, 0.0)
        self.computed = 0  # how many times the counts were computed (tests)

    def __call__(self, partial: Any, elapsed_s: float) -> LiveStats:
        same = partial is self._source or (
            isinstance(partial, str) and isinstance(self._source, str) and partial == self._source
        )
        if not same:
            self._source, self._counts = partial, _counts(partial)
            self.computed += 1
        return _stats(*self._counts, elapsed_s)


def _counts(partial: Any) -> tuple[int, int, float]:
    """(words, fillers, end of the last word) of a Transcript or typed text."""
    from interviewer.scoring import filler_marks
    from interviewer.timing import estimate

    if isinstance(partial, Transcript):
        transcript: Transcript | None = partial
    else:
        text = str(partial or "")
        transcript = estimate(text) if text.split() else None
    if transcript is None or not transcript.words:
        return 0, 0, 0.0
    last_end = transcript.words[-1].end if isinstance(partial, Transcript) else 0.0
    return len(transcript.words), len(filler_marks(transcript)), last_end


def _stats(words: int, fillers: int, last_end: float, elapsed_s: float) -> LiveStats:
    if not words:
        return LiveStats(words=0, wpm=None, fillers=0)
    elapsed_s = max(elapsed_s, last_end)
    wpm = words / (elapsed_s / 60.0) if elapsed_s >= 5.0 else None
    return LiveStats(words=words, wpm=wpm, fillers=fillers)
