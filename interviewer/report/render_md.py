"""The debrief as Markdown notes: plain CommonMark that reads well in any viewer or as text.

Only headings, lists, tables, block quotes and emphasis are used, so GitHub, Obsidian, a terminal
pager and a printed page all show the same thing.
"""

from __future__ import annotations

from typing import Any

from interviewer.report.annotate import paragraphs
from interviewer.report.debrief import AnswerDebrief, Debrief
from interviewer.report.labels import clock, flag_title, fmt_score, kind_title, metric_facts
from interviewer.report.plan import Plan
from interviewer.report.timeline import LONG_PAUSE_S, Timeline

_SPARK = "▁▂▃▄▅▆▇█"


def render_markdown(debrief: Debrief) -> str:
    out: list[str] = []
    title = debrief.title or f"{debrief.round_name} round"
    out.append(f"# Interview debrief: {_esc(title)} (session {debrief.session_id})")
    out.append("")
    t = debrief.totals
    when = debrief.started_at.strftime("%Y-%m-%d %H:%M UTC")
    line = f"Round **{_esc(debrief.round_name)}** · {when} · {t.answers} answer{'s' if t.answers != 1 else ''}"
    line += f" ({t.scored} scored) · {clock(t.duration_s)} of answers"
    if debrief.status != "completed":
        line += f" · session {debrief.status}"
    out.append(line)
    if debrief.redacted:
        out += ["", "_Names of people and companies are redacted._"]
    out += ["", "## Summary", ""]
    if t.means:
        out.append("| | Structure | Pacing | Content | Overall |")
        out.append("| --- | ---: | ---: | ---: | ---: |")
        m = t.means
        out.append(
            f"| Round mean | {m['structure']:.1f} | {m['pacing']:.1f} | {m['content']:.1f} | **{m['overall']:.1f}** |"
        )
        out.append("")
    out.append("| # | Kind | Question | Time | Overall | Flags |")
    out.append("| ---: | --- | --- | --- | ---: | --- |")
    for a in debrief.answers:
        over = " (over)" if a.timeline and a.timeline.over_time else ""
        time = (
            f"{clock(a.duration_s)} / {clock(a.budget_s)}{over}"
            if a.duration_s is not None
            else "-"
        )
        overall = fmt_score(a.scores["overall"]) if a.scores else a.status
        flags = ", ".join(flag_title(f.code).lower() for f in a.flags) or "none"
        out.append(
            f"| {a.number} | {kind_title(a.kind)} | {_esc(_short(a.question, 70))} | {time} | {overall} | {flags} |"
        )
    out += ["", "## Three things to work on next", ""]
    if debrief.focus:
        for i, item in enumerate(debrief.focus, 1):
            out.append(f"{i}. **{item.title}** ({item.severity}; {item.why}).  ")
            out.append(f"   {_esc(item.advice)}")
    else:
        out.append(
            "Nothing was flagged. Raise the bar: try a harder question or a shorter time budget."
        )
    for a in debrief.answers:
        out += ["", *_answer(a)]
    if debrief.plan is not None:
        out += ["", *plan_lines(debrief.plan, heading="##")]
    out += [
        "",
        "---",
        "",
        "_Written by interviewer. Scores are 1-5; flags quote the transcript._",
        "",
    ]
    return "\n".join(out)


def _answer(a: AnswerDebrief) -> list[str]:
    out = [f"## Answer {a.number}: {kind_title(a.kind)}", "", f"> {_esc(a.question)}", ""]
    if a.scores:
        s = a.scores
        out.append(
            f"**Scores:** structure {s['structure']:.1f} · pacing {s['pacing']:.1f} · "
            f"content {s['content']:.1f} · **overall {s['overall']:.1f}**"
        )
    else:
        reason = f": {a.error}" if a.error else ""
        out.append(f"_Not scored ({a.status}{reason})._")
    facts = []
    if a.duration_s is not None:
        if a.budget_s and a.duration_s > a.budget_s:
            over = clock(a.duration_s - a.budget_s)
            facts.append(f"{clock(a.duration_s)}, {over} over the {clock(a.budget_s)} budget")
        elif a.budget_s:
            facts.append(f"{clock(a.duration_s)} of {clock(a.budget_s)} allowed")
        else:
            facts.append(clock(a.duration_s))
    facts += metric_facts(a.metrics)
    if facts:
        out += ["", "**Measured:** " + " · ".join(facts)]
    if a.flags:
        out += ["", "### Flags", ""]
        for f in a.flags:
            where = ""
            if f.start_s is not None:
                where = f", {clock(f.start_s)}" + (
                    f"–{clock(f.end_s)}" if f.end_s is not None else ""
                )
            quote = f": “{_esc(_short(f.quote, 240))}”" if f.quote else ""
            out.append(f"- **{f.title}** ({f.severity}{where}){quote}  ")
            out.append(f"  Instead: {_esc(f.advice)}")
    if a.timeline is not None:
        out += ["", "### Pacing", "", *_pacing(a.timeline)]
    reasons = {k: v for k, v in a.reasons.items() if v}
    if reasons:
        out += ["", "### Why these scores", ""]
        for dim, items in reasons.items():
            out.append(f"- **{dim.capitalize()}:** " + "; ".join(_esc(r) for r in items))
    if not a.comparison.empty:
        out += ["", "### Compared with earlier attempts", "", *_comparison(a)]
    if a.llm:
        out += ["", *_llm_section(a.llm)]
    if a.words:
        out += ["", "### Transcript", ""]
        if a.timing_estimated:
            out += ["_Typed answer: timings are estimated._", ""]
        fillers = {m.at for m in a.timeline.fillers} if a.timeline else set()
        for p in paragraphs(a.words, a.flags, a.duration_s, fillers):
            open_codes: set[str] = (
                set()
            )  # each paragraph names its flags again, for readers who skim
            text = []
            for run in p.runs:
                body = _esc(run.text)
                if run.codes:
                    # Name a flag where its stretch starts; while it goes on, italics carry it.
                    fresh = [c for c in run.codes if c not in open_codes]
                    if fresh:
                        tag = ", ".join(flag_title(c).lower() for c in fresh)
                        text.append(f"**⟦{tag}⟧** _{body}_")
                    elif open_codes:
                        text[-1] = text[-1][:-1] + f" {body}_"  # one italic stretch, not two
                    else:
                        text.append(f"_{body}_")
                else:
                    text.append(body)
                open_codes = set(run.codes)
            out.append(f"`{clock(p.start)}` " + " ".join(text))
            out.append("")
        if out[-1] == "":
            out.pop()
    return out


def _pacing(t: Timeline) -> list[str]:
    if not t.wpm:
        return ["No words to chart."]
    rates = [w.wpm for w in t.wpm]
    top = max(max(rates), 1.0)
    spark = "".join(
        _SPARK[min(len(_SPARK) - 1, int(r / top * (len(_SPARK) - 1) + 0.5))] for r in rates
    )
    lo, hi = t.comfort_wpm
    out = [
        f"- Words per minute every {t.window_s:.0f} s: `{spark}` "
        f"(from {min(rates):.0f} to {max(rates):.0f}; comfortable is {lo:.0f}–{hi:.0f})"
    ]
    if t.pauses:
        longest = max(t.pauses, key=lambda p: p.duration)
        n_long = sum(1 for p in t.pauses if p.duration >= LONG_PAUSE_S)
        out.append(
            f"- Pauses of a second or more: {len(t.pauses)} ({n_long} of {LONG_PAUSE_S:.0f} s or more); "
            f"longest {longest.duration:.1f} s at {clock(longest.start)}"
        )
    else:
        out.append("- No pauses of a second or more")
    if t.fillers:
        counts: dict[str, int] = {}
        for m in t.fillers:
            counts[m.text] = counts.get(m.text, 0) + 1
        detail = ", ".join(
            f"“{k}” ×{v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        out.append(f"- Fillers heard: {len(t.fillers)} ({detail})")
    for span in t.ramble:
        out.append(
            f"- Theory ramble from {clock(span.start)} to {clock(span.end)} ({clock(span.duration)})"
        )
    if t.over_time and t.budget_s is not None:
        out.append(
            f"- Ran past the {clock(t.budget_s)} budget by {clock(t.duration_s - t.budget_s)}"
        )
    return out


def _comparison(a: AnswerDebrief) -> list[str]:
    c = a.comparison
    out = []
    now = a.scores["overall"] if a.scores else None
    if c.same_question:
        n = len(c.same_question)
        trail = " → ".join(fmt_score(p.overall) for p in c.same_question)
        line = f"- This question, {n} earlier attempt{'s' if n != 1 else ''}: {trail} → now {fmt_score(now)}"
        if c.delta_vs_last is not None:
            line += f" ({c.delta_vs_last:+.1f} since last time)"
        out.append(line)
        if c.resolved:
            out.append(
                "- No longer flagged: " + ", ".join(flag_title(x).lower() for x in c.resolved)
            )
        if c.still_flagged:
            out.append(
                "- Still flagged: " + ", ".join(flag_title(x).lower() for x in c.still_flagged)
            )
    if c.kind_attempts:
        line = (
            f"- {kind_title(a.kind)} questions, {c.kind_attempts} earlier answer{'s' if c.kind_attempts != 1 else ''}: "
            f"mean {fmt_score(c.kind_mean_overall)}"
        )
        if c.delta_vs_kind is not None:
            line += f" (this one {c.delta_vs_kind:+.1f})"
        out.append(line)
    return out


def _llm_section(llm: dict[str, Any]) -> list[str]:
    """The LLM coach's section, worded as the llm part words it wherever its shape is known."""
    if "feedback" in llm or "error" in llm:
        from interviewer.llm.render import markdown_section

        return markdown_section(_no_html(llm), level=3).rstrip("\n").split("\n")
    return ["### Feedback from the language model", "", *_llm(llm)]


def _no_html(value: Any) -> Any:
    """Model text with ``<`` escaped, so a viewer shows "<guardrails>" instead of swallowing it."""
    if isinstance(value, str):
        return value.replace("<", "\\<")
    if isinstance(value, list):
        return [_no_html(v) for v in value]
    if isinstance(value, dict):
        return {k: _no_html(v) for k, v in value.items()}
    return value


def _llm(llm: dict[str, Any]) -> list[str]:
    out = []
    for key, value in llm.items():
        if key in {"model", "schema", "usage", "raw"}:
            continue
        label = key.replace("_", " ").capitalize()
        if isinstance(value, str) and value.strip():
            out += [f"**{label}:** {_esc(value.strip())}", ""]
        elif isinstance(value, list) and value:
            out.append(f"**{label}:**")
            out += [f"- {_esc(v if isinstance(v, str) else str(v))}" for v in value]
            out.append("")
        elif isinstance(value, dict) and value:
            out.append(f"**{label}:**")
            out += [f"- {k}: {_esc(str(v))}" for k, v in value.items()]
            out.append("")
    if llm.get("model"):
        out.append(f"_Model: {llm['model']}_")
    while out and out[-1] == "":
        out.pop()
    return out


def plan_lines(plan: Plan, *, heading: str = "#") -> list[str]:
    out = [f"{heading} {plan.days}-day practice plan", ""]
    if plan.based_on_answers:
        out.append(
            f"Drawn from {plan.based_on_answers} scored answer{'s' if plan.based_on_answers != 1 else ''}."
        )
    else:
        out.append("No scored answers yet, so every kind gets equal time.")
    known = [k for k in plan.kinds if k.mean_overall is not None]
    unpractised = [k.title for k in plan.kinds if k.mean_overall is None]
    if known:
        out.append(
            "Weakest kinds first: "
            + ", ".join(f"{k.title} {k.mean_overall:.1f} ({k.answers})" for k in known)
            + "."
        )
    if unpractised:
        out.append("Not practised yet: " + ", ".join(unpractised) + ".")
    if plan.flags:
        out.append(
            "Habits to break: "
            + ", ".join(f"{f.title.lower()} ({f.rate:.0%} of answers)" for f in plan.flags)
            + "."
        )
    out += ["", "| Day | Practise | Focus | Task |", "| ---: | --- | --- | --- |"]
    for d in plan.schedule:
        what = {"mock": "Mock round", "review": "Review"}.get(d.activity) or kind_title(d.kind)
        focus = flag_title(d.focus) if d.focus else "-"
        out.append(f"| {d.day} | {what} | {focus} | {_esc(d.task)} |")
    return out


def render_plan_markdown(plan: Plan) -> str:
    return "\n".join(plan_lines(plan)) + "\n"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _esc(text: str) -> str:
    """Keep transcript text from turning into Markdown markup (tables, emphasis, HTML)."""
    text = " ".join(str(text).split())
    for ch in ("\\", "|", "*", "_", "`", "<"):
        text = text.replace(ch, "\\" + ch)
    return text
