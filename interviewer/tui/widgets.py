"""Small widgets and renderers the screens share: the level meter, the pacing chart, transcripts.

The renderers are plain functions returning Rich ``Text`` so they are easy to test and reuse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from interviewer.models import TIMING_FLAG_CODES, Word

BAR_CHARS = " ▁▂▃▄▅▆▇█"


def mmss(seconds: float | None) -> str:
    """``m:ss``; negative times (over budget) get a minus sign."""
    if seconds is None:
        return "-:--"
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds) + 0.5) if seconds >= 0 else int(abs(seconds))
    m, s = divmod(total, 60)
    return f"{sign}{m}:{s:02d}"


def level_value(level: Any) -> tuple[float, bool]:
    """0..1 meter position and clipping from an audio ``Level`` (or a bare number, in tests)."""
    if hasattr(level, "meter"):
        return float(level.meter()), bool(getattr(level, "clipped", 0.0) > 0.001)
    try:
        return max(0.0, min(1.0, float(level))), False
    except (TypeError, ValueError):
        return 0.0, False


class LevelMeter(Static):
    """A horizontal microphone level bar; red when the input clips."""

    DEFAULT_CSS = """
    LevelMeter { height: 1; width: 1fr; }
    """

    def __init__(self, *, label: str = "mic", **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.label = label
        self.value = 0.0
        self.clipped = False

    def set_level(self, value: float, clipped: bool = False) -> None:
        self.value, self.clipped = max(0.0, min(1.0, value)), clipped
        self.refresh()

    def render(self) -> Text:
        width = max(10, self.size.width - len(self.label) - 8)
        filled = round(self.value * width)
        style = "bold red" if self.clipped else "green" if self.value < 0.85 else "yellow"
        text = Text(f"{self.label} ")
        text.append("█" * filled, style=style)
        text.append("░" * (width - filled), style="dim")
        text.append(f" {self.value * 100:3.0f}%")
        if self.clipped:
            text.append(" CLIP", style="bold red")
        return text


def pacing_chart(timeline: Any, width: int = 60, height: int = 6) -> Text:
    """The pacing timeline of one answer as a terminal bar chart.

    One column group per window: bar height is words per minute (the comfortable band is marked
    on the axis); below the bars, a track marks pauses (``─``), fillers (``f``) and flagged
    stretches (``!``), and the time axis.
    """
    windows = list(getattr(timeline, "wpm", []) or [])
    if not windows:
        return Text("(no pacing data)", style="dim")
    duration = max(float(timeline.duration_s), 1e-6)
    n = len(windows)
    col = max(1, min(6, (width - 8) // n))
    plot_w = col * n
    low, high = getattr(timeline, "comfort_wpm", (130.0, 170.0))
    top = max(220.0, max(w.wpm for w in windows) * 1.05)
    out = Text()
    for row in range(height, 0, -1):
        lo_v, hi_v = top * (row - 1) / height, top * row / height
        axis = f"{top:5.0f} " if row == height else "    0 " if row == 1 else "      "
        mark = "┤" if lo_v <= low < hi_v or lo_v <= high < hi_v else "│"
        out.append(axis + mark, style="dim")
        for w in windows:
            frac = (w.wpm - lo_v) / (hi_v - lo_v)
            ch = BAR_CHARS[max(0, min(8, int(frac * 8)))] if w.wpm > lo_v else " "
            style = "green" if low <= w.wpm <= high else "yellow" if w.wpm < low else "red"
            out.append(ch * col, style=style)
        out.append("\n")
    track = [" "] * plot_w

    def cols(start: float, end: float) -> range:
        a = int(start / duration * plot_w)
        b = max(a + 1, int(end / duration * plot_w))
        return range(max(0, a), min(plot_w, b))

    for p in getattr(timeline, "pauses", []):
        for i in cols(p.start, p.end):
            track[i] = "─"
    for f in getattr(timeline, "fillers", []):
        for i in cols(f.at, f.at):
            track[i] = "f"
    for fl in getattr(timeline, "flags", []):
        if fl.code in TIMING_FLAG_CODES:
            continue  # these describe the whole answer; the bars already show them
        for i in cols(fl.start, fl.end):
            track[i] = "!"
    out.append("      └", style="dim")
    for ch in track:
        out.append(ch, style="bold red" if ch == "!" else "yellow" if ch == "f" else "cyan")
    out.append("\n")
    axis = f"       0:00{' ' * max(0, plot_w - 9)}{mmss(duration)}"
    out.append(axis, style="dim")
    out.append(
        f"\n       wpm per {timeline.window_s:.0f}s  green = {low:.0f}-{high:.0f}  ─ pause  f filler  ! flagged",
        style="dim",
    )
    return out


def transcript_text(
    words: Sequence[Word],
    spans: Iterable[tuple[float, float, str]] = (),
    *,
    current: int | None = None,
    line_s: float | None = None,
) -> Text:
    """Words with flagged stretches highlighted and, for replay, the current word marked.

    ``spans`` are ``(start_s, end_s, code)``; ``line_s`` starts a new timed line every so often.
    """
    marks = [(a, b if b is not None else a, code) for a, b, code in spans if a is not None]
    out = Text()
    line_start: float | None = None
    for i, word in enumerate(words):
        if line_s is not None and (line_start is None or word.start - line_start >= line_s):
            if line_start is not None:
                out.append("\n")
            line_start = word.start
            out.append(f"{mmss(word.start):>6} ", style="dim")
        elif i:
            out.append(" ")
        codes = [c for a, b, c in marks if a <= word.start <= b]
        style = ""
        if codes:
            style = "black on yellow"
        if i == current:
            style = "bold reverse"
        out.append(word.text.strip(), style=style)
    return out


def word_at(words: Sequence[Word], t: float) -> int | None:
    """The index of the word being spoken at time ``t`` (the last one started), or None before the first."""
    lo, hi, found = 0, len(words) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if words[mid].start <= t:
            found, lo = mid, mid + 1
        else:
            hi = mid - 1
    return found
