"""A readable Markdown summary of one score, for ``interviewer score --format md``.

The debrief (``interviewer.report``) covers whole sessions; this is the short form for one answer:
the four scores with their reasons, each flag with its time span, quote and advice, and the key
measures, saying plainly when the timing was estimated from text rather than measured.
"""

from __future__ import annotations

from interviewer.models import Score

_SEVERITY_MARK = {"high": "▲ high", "medium": "△ medium", "low": "· low"}


def render(score: Score) -> str:
    m = score.metrics
    q = score.question
    lines: list[str] = [f"# Score: {q.kind.replace('_', ' ')} answer", ""]
    lines.append(f"> {q.text}" + (f"  \n> (`{q.id}`)" if q.id else ""))
    lines.append("")
    if m.get("timing_estimated"):
        lines += [
            "_Timing was estimated from text at a typical speaking rate, not measured from audio: "
            "pace, pauses and length are indicative only._",
            "",
        ]
    s = score.scores
    lines += [
        "| overall | structure | pacing | content |",
        "| ---: | ---: | ---: | ---: |",
        f"| **{s.overall:.1f}** / 5 | {s.structure:.1f} | {s.pacing:.1f} | {s.content:.1f} |",
        "",
    ]
    if score.flags:
        lines += [f"## What to work on ({len(score.flags)})", ""]
        for i, f in enumerate(score.flags, 1):
            when = f" at {_span(f.start_s, f.end_s)}" if f.start_s is not None else ""
            lines.append(f"{i}. **{f.code}** ({_SEVERITY_MARK[f.severity]}){when}")
            if f.evidence:
                lines.append(f"   - heard: “{f.evidence}”")
            if f.advice:
                lines.append(f"   - {f.advice}")
        lines.append("")
    else:
        lines += [
            "## What to work on",
            "",
            "Nothing flagged: structure, pace and content all hold up.",
            "",
        ]
    lines += ["## Why these scores", ""]
    for dim in ("structure", "pacing", "content", "overall"):
        reasons = score.reasons.get(dim, [])
        if reasons:
            lines.append(f"- **{dim}**: " + "; ".join(reasons))
    lines += ["", "## Measures", ""]
    lines += [
        f"- length {_mmss(m.get('duration_s', score.duration_s))} of a {_mmss(m.get('budget_s', 0))} budget, "
        f"{m.get('words', 0)} words, think time {m.get('think_time_s', 0):.1f} s",
        f"- pace {m.get('wpm', 0):.0f} wpm overall (fastest minute {m.get('window_wpm_max', 0):.0f}), "
        f"{m.get('articulation_wpm', 0):.0f} wpm while speaking",
        f"- fillers {m.get('filler_count', 0)} heard ({m.get('fillers_per_min', 0):.1f}/min)"
        + (
            f", {m['filled_pauses']} more likely dropped by the transcriber"
            if m.get("filled_pauses")
            else ""
        ),
        f"- pauses: {m.get('long_pause_count', 0)} long, the longest {m.get('longest_pause_s', 0):.1f} s "
        f"(from {m.get('pause_source', 'word gaps')})",
        f"- theory {m.get('theory_share', 0):.0%} of the answer; data points {m.get('data_points', 0)}; "
        f"metrics named {m.get('metric_mentions', 0)}, tied to the product {m.get('product_links', 0)}",
        "",
        f"_scorer {score.scorer_version}_",
        "",
    ]
    return "\n".join(lines)


def _span(start: float | None, end: float | None) -> str:
    if start is None:
        return ""
    return _mmss(start) if end is None or end - start < 1 else f"{_mmss(start)}–{_mmss(end)}"


def _mmss(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"
