"""The pacing timeline of one answer: words per minute over time, pauses, fillers, flagged spans.

The HTML debrief draws it as an SVG chart and the TUI draws it in the terminal, so it is computed
once here as plain data. It reads only the transcript's word times (and the silences measured from
audio when the transcript has them) and the flags' spans, so it shows what happened, not a verdict.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from interviewer.models import DEFAULT_BUDGET_S, Score, Transcript

COMFORT_WPM: tuple[float, float] = (120.0, 170.0)  # research/scoring-norms.md, "Pacing"
PAUSE_SHOW_S = 1.0  # shorter gaps are ordinary breathing, not worth drawing
LONG_PAUSE_S = 3.0
MIN_WINDOW_S = 5.0


@dataclass(frozen=True)
class TimeSpan:
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class WpmWindow:
    """Speaking rate over one window of the answer."""

    start: float
    end: float
    words: int
    wpm: float


@dataclass(frozen=True)
class FillerMark:
    at: float
    text: str


@dataclass(frozen=True)
class FlagMark:
    code: str
    severity: str
    start: float
    end: float


@dataclass(frozen=True)
class Timeline:
    """Everything the pacing chart draws, in seconds from the start of the answer."""

    duration_s: float
    window_s: float
    wpm: list[WpmWindow]
    pauses: list[TimeSpan]
    fillers: list[FillerMark]
    ramble: list[TimeSpan]
    flags: list[FlagMark] = field(default_factory=list)
    budget_s: float | None = None
    comfort_wpm: tuple[float, float] = COMFORT_WPM

    @property
    def over_time(self) -> bool:
        return self.budget_s is not None and self.duration_s > self.budget_s

    @property
    def peak_wpm(self) -> float:
        return max((w.wpm for w in self.wpm), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["comfort_wpm"] = list(self.comfort_wpm)
        data["over_time"] = self.over_time
        return data


def pacing_timeline(
    transcript: Transcript,
    score: Score | None = None,
    window_s: float = 20.0,
    *,
    budget_s: float | None = None,
) -> Timeline:
    """The timeline of one answer. ``budget_s`` defaults to the kind's budget from the score.

    ``window_s`` is the widest rate window; answers shorter than eight windows get narrower ones.
    """
    if window_s <= 0:
        raise ValueError("window_s must be positive")
    words = transcript.words
    last_end = max((w.end for w in words), default=0.0)
    duration = max(transcript.duration_s, last_end)
    if budget_s is None and score is not None:
        budget_s = DEFAULT_BUDGET_S.get(score.question.kind)
    # A short answer would be one or two windows wide: narrow the windows (not below 5 s) so the
    # chart still shows how the pace moved.
    window_s = round(min(window_s, max(MIN_WINDOW_S, duration / 8)), 1)
    flags = [
        FlagMark(f.code, f.severity, f.start_s, f.end_s if f.end_s is not None else f.start_s)
        for f in (score.flags if score else [])
        if f.start_s is not None
    ]
    return Timeline(
        duration_s=round(duration, 3),
        window_s=window_s,
        wpm=_wpm_windows(transcript, duration, window_s),
        pauses=_pauses(transcript),
        fillers=find_fillers(transcript),
        ramble=[TimeSpan(f.start, f.end) for f in flags if f.code == "theory_ramble"],
        flags=flags,
        budget_s=budget_s,
    )


def _wpm_windows(transcript: Transcript, duration: float, window_s: float) -> list[WpmWindow]:
    if duration <= 0 or not transcript.words:
        return []
    count = max(1, math.ceil(duration / window_s - 1e-9))
    edges = [min(i * window_s, duration) for i in range(count + 1)]
    # A short last window would show a wild rate from a handful of words: fold it into the previous one.
    if count > 1 and edges[-1] - edges[-2] < window_s / 2:
        del edges[-2]
    mids = sorted((w.start + w.end) / 2 for w in transcript.words)
    out: list[WpmWindow] = []
    j = 0
    for a, b in itertools.pairwise(edges):
        n = 0
        while j < len(mids) and (mids[j] < b or b == edges[-1]):
            n += 1
            j += 1
        out.append(
            WpmWindow(round(a, 3), round(b, 3), n, round(n * 60.0 / (b - a), 1) if b > a else 0.0)
        )
    return out


def _pauses(transcript: Transcript) -> list[TimeSpan]:
    """Silences worth drawing: measured ones when the audio gave them, else gaps between words."""
    if transcript.pauses is not None:
        spans = [TimeSpan(p.start, p.end) for p in transcript.pauses]
    else:
        words = transcript.words
        spans = [TimeSpan(a.end, b.start) for a, b in itertools.pairwise(words)]
    return [
        TimeSpan(round(s.start, 3), round(s.end, 3)) for s in spans if s.duration >= PAUSE_SHOW_S
    ]


def find_fillers(transcript: Transcript) -> list[FillerMark]:
    """The fillers the scorer counted, with their times; voice without words counts as a filled pause."""
    from interviewer.scoring import filler_marks

    marks = [FillerMark(at, word) for at, word in filler_marks(transcript)]
    for span in transcript.filled_pauses or []:
        marks.append(FillerMark(span.start, "(filled pause)"))
    marks.sort(key=lambda m: m.at)
    return marks
