"""The pacing timeline as an inline SVG chart (no script, no external assets).

Words per minute are drawn as a step line (each window's rate held across the window) over the
comfortable band; pauses and the theory-ramble span are shaded columns, fillers are ticks on the
time axis, other flagged spans sit in a lane above the plot, and the time budget is a dashed line
with the overrun tinted. Every mark carries a ``<title>`` so hovering says what it is.
"""

from __future__ import annotations

from html import escape

from interviewer.report.labels import clock, flag_title
from interviewer.report.timeline import LONG_PAUSE_S, Timeline

WIDTH = 860
HEIGHT = 230
LEFT, RIGHT, TOP, BOTTOM = 46, 14, 34, 40
_NICE_STEPS = (10, 15, 30, 60, 120, 300, 600, 900, 1800)


def _x_step(duration: float) -> int:
    for step in _NICE_STEPS:
        if duration / step <= 10:
            return step
    return 3600


def timeline_svg(t: Timeline, *, label: str = "Pacing timeline") -> str:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span = max(
        t.duration_s, t.budget_s if t.budget_s and t.budget_s < t.duration_s * 1.5 else 0.0, 1.0
    )
    top_wpm = max(220.0, (int(t.peak_wpm / 50) + 1) * 50.0)

    def x(sec: float) -> float:
        return round(LEFT + min(max(sec, 0.0), span) / span * plot_w, 1)

    def y(wpm: float) -> float:
        return round(TOP + plot_h - min(wpm, top_wpm) / top_wpm * plot_h, 1)

    base = TOP + plot_h
    e: list[str] = []
    desc = (
        f"Words per minute over {clock(t.duration_s)}: {len(t.pauses)} pauses, {len(t.fillers)} fillers"
        + (
            f", theory ramble {', '.join(f'{clock(r.start)}-{clock(r.end)}' for r in t.ramble)}"
            if t.ramble
            else ""
        )
        + (", over time" if t.over_time else "")
    )
    e.append(
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{escape(label)}">'
    )
    e.append(f"<title>{escape(label)}</title><desc>{escape(desc)}</desc>")
    e.append(f'<rect class="plot" x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}"/>')
    lo, hi = t.comfort_wpm
    e.append(
        f'<rect class="comfort" x="{LEFT}" y="{y(hi)}" width="{plot_w}" height="{round(y(lo) - y(hi), 1)}">'
        f"<title>comfortable pace {lo:.0f}-{hi:.0f} words/min</title></rect>"
    )
    if t.budget_s is not None and t.over_time:
        e.append(
            f'<rect class="overrun" x="{x(t.budget_s)}" y="{TOP}" width="{round(x(t.duration_s) - x(t.budget_s), 1)}" '
            f'height="{plot_h}"><title>over the {clock(t.budget_s)} budget</title></rect>'
        )
    for r in t.ramble:
        e.append(
            f'<rect class="ramble" x="{x(r.start)}" y="{TOP}" width="{max(1.0, round(x(r.end) - x(r.start), 1))}" '
            f'height="{plot_h}"><title>theory ramble {clock(r.start)}-{clock(r.end)}</title></rect>'
        )
    for p in t.pauses:
        cls = "pause long" if p.duration >= LONG_PAUSE_S else "pause"
        e.append(
            f'<rect class="{cls}" x="{x(p.start)}" y="{TOP}" width="{max(1.5, round(x(p.end) - x(p.start), 1))}" '
            f'height="{plot_h}"><title>pause {p.duration:.1f} s at {clock(p.start)}</title></rect>'
        )
    # Axes and grid.
    for v in range(0, int(top_wpm) + 1, 50):
        e.append(f'<line class="grid" x1="{LEFT}" y1="{y(v)}" x2="{LEFT + plot_w}" y2="{y(v)}"/>')
        e.append(f'<text class="tick" x="{LEFT - 6}" y="{y(v) + 4}" text-anchor="end">{v}</text>')
    step = _x_step(span)
    sec = 0
    while sec <= span + 1e-6:
        e.append(f'<line class="axis" x1="{x(sec)}" y1="{base}" x2="{x(sec)}" y2="{base + 5}"/>')
        e.append(
            f'<text class="tick" x="{x(sec)}" y="{base + 18}" text-anchor="middle">{clock(sec)}</text>'
        )
        sec += step
    e.append(f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}"/>')
    e.append(
        f'<text class="axis-label" x="12" y="{TOP + plot_h / 2}" transform="rotate(-90 12 {TOP + plot_h / 2})" '
        f'text-anchor="middle">words/min</text>'
    )
    # The rate: a step line, each window's rate held across the window.
    if t.wpm:
        d = [f"M{x(t.wpm[0].start)},{y(t.wpm[0].wpm)}"]
        for i, w in enumerate(t.wpm):
            if i:
                d.append(f"V{y(w.wpm)}")
            d.append(f"H{x(w.end)}")
        e.append(
            f'<path class="wpm" d="{"".join(d)}"><title>words per minute, {t.window_s:.0f} s windows</title></path>'
        )
        for w in t.wpm:
            e.append(
                f'<circle class="wpm-dot" cx="{round((x(w.start) + x(w.end)) / 2, 1)}" cy="{y(w.wpm)}" r="2.5">'
                f"<title>{clock(w.start)}-{clock(w.end)}: {w.wpm:.0f} words/min</title></circle>"
            )
    for f in t.fillers:
        e.append(
            f'<line class="filler" x1="{x(f.at)}" y1="{base - 9}" x2="{x(f.at)}" y2="{base}">'
            f"<title>filler “{escape(f.text)}” at {clock(f.at)}</title></line>"
        )
    # Flag lane above the plot.
    # Overlapping spans go to separate lanes (up to three) so none hides another.
    lane_ends: list[float] = []
    for fm in sorted(t.flags, key=lambda f: f.start):
        if fm.code == "theory_ramble":
            continue
        lane = next((i for i, end in enumerate(lane_ends) if fm.start >= end), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(0.0)
        lane_ends[lane] = max(fm.end, fm.start + span * 0.01)
        lane_y = TOP - 10 - 8 * min(lane, 2)
        bar_w = max(3.0, round(x(fm.end) - x(fm.start), 1))
        e.append(
            f'<rect class="flag f-{fm.code}" x="{x(fm.start)}" y="{lane_y}" width="{bar_w}" height="6" rx="2">'
            f"<title>{escape(flag_title(fm.code))} ({fm.severity}) {clock(fm.start)}-{clock(fm.end)}</title></rect>"
        )
    if t.budget_s is not None and t.budget_s <= span:
        bx = x(t.budget_s)
        e.append(f'<line class="budget" x1="{bx}" y1="{TOP - 4}" x2="{bx}" y2="{base}"/>')
        anchor = "end" if bx > LEFT + plot_w * 0.8 else "start"
        dx = -4 if anchor == "end" else 4
        e.append(
            f'<text class="budget-label" x="{bx + dx}" y="{TOP + 12}" text-anchor="{anchor}">'
            f"budget {clock(t.budget_s)}</text>"
        )
    e.append("</svg>")
    return "".join(e)
