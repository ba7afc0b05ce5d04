"""The debrief as one self-contained HTML page: inline CSS, inline SVG charts, no scripts, no network.

It is meant to be kept, mailed to a coach and printed, so it reads top to bottom like the
Markdown notes, adds a pacing chart per answer and marks the flagged stretches in the transcript,
and has print rules (no dark backgrounds, charts kept whole, each answer on a fresh page).
"""

from __future__ import annotations

from html import escape
from typing import Any

from interviewer import __version__
from interviewer.report.annotate import paragraphs
from interviewer.report.debrief import AnswerDebrief, Debrief
from interviewer.report.html_style import CSS, FLAG_COLOURS
from interviewer.report.labels import (
    FLAG_TITLES,
    clock,
    flag_title,
    fmt_score,
    kind_title,
    metric_facts,
)
from interviewer.report.plan import Plan
from interviewer.report.svg import timeline_svg
from interviewer.report.timeline import LONG_PAUSE_S


def render_html(debrief: Debrief) -> str:
    title = debrief.title or f"{debrief.round_name} round"
    page_title = f"Interview debrief: {title} (session {debrief.session_id})"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="interviewer {__version__}">',
        f"<title>{escape(page_title)}</title>",
        f"<style>{CSS}{_flag_css()}</style>",
        "</head><body><main>",
        f"<h1>{escape(page_title)}</h1>",
        f'<p class="meta">{_meta(debrief)}</p>',
    ]
    if debrief.redacted:
        out.append('<p class="note">Names of people and companies are redacted.</p>')
    out += _summary(debrief)
    out += _focus(debrief)
    for a in debrief.answers:
        out += _answer(a)
    if debrief.plan is not None:
        out += plan_html(debrief.plan)
    out += _legend(debrief)
    out.append(
        f"<footer>Written by interviewer {escape(__version__)}. Scores run from 1 to 5; flags quote the "
        "transcript; typed answers have estimated timings.</footer>"
    )
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def _flag_css() -> str:
    return "".join(
        f"mark.f-{c}, .tag.f-{c}, .swatch.f-{c} {{ background: {col}; }} svg .flag.f-{c} {{ fill: {col}; }}\n"
        for c, col in FLAG_COLOURS.items()
    )


def _meta(d: Debrief) -> str:
    t = d.totals
    parts = [
        f"Round <b>{escape(d.round_name)}</b>",
        d.started_at.strftime("%Y-%m-%d %H:%M UTC"),
        f"{t.answers} answer{'s' if t.answers != 1 else ''} ({t.scored} scored)",
        f"{clock(t.duration_s)} of answers",
    ]
    if d.status != "completed":
        parts.append(f"session {escape(d.status)}")
    return " · ".join(parts)


def _summary(d: Debrief) -> list[str]:
    out = ["<h2>Summary</h2>"]
    if d.totals.means:
        out.append(_score_cards(d.totals.means, "Round mean"))
    out.append(
        '<table class="answers"><thead><tr><th class="num">#</th><th>Kind</th><th>Question</th>'
        '<th class="num">Time</th><th class="num">Overall</th><th>Flags</th></tr></thead><tbody>'
    )
    for a in d.answers:
        over = a.timeline is not None and a.timeline.over_time
        time = f"{clock(a.duration_s)} / {clock(a.budget_s)}" if a.duration_s is not None else "-"
        if over:
            time = f'<span class="delta-down">{time}</span>'
        overall = fmt_score(a.scores["overall"]) if a.scores else escape(a.status)
        tags = " ".join(_tag(f.code) for f in a.flags) or '<span class="muted">none</span>'
        out.append(
            f'<tr><td class="num"><a href="#answer-{a.number}">{a.number}</a></td><td>{escape(kind_title(a.kind))}</td>'
            f'<td>{escape(_short(a.question, 90))}</td><td class="num">{time}</td>'
            f'<td class="num"><b>{overall}</b></td><td>{tags}</td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _score_cards(scores: dict[str, float], label: str) -> str:
    cards = []
    for dim in ("structure", "pacing", "content", "overall"):
        v = scores.get(dim)
        if v is None:
            continue
        pct = round((v - 1) / 4 * 100)
        cls = "score overall" if dim == "overall" else "score"
        cards.append(
            f'<div class="{cls}"><span class="muted">{dim.capitalize()}</span><b>{v:.1f}</b>'
            f'<div class="bar"><i style="width:{pct}%"></i></div></div>'
        )
    return f'<div class="scores" aria-label="{escape(label)}">{"".join(cards)}</div>'


def _tag(code: str) -> str:
    return f'<span class="tag f-{escape(code)}">{escape(flag_title(code).lower())}</span>'


def _focus(d: Debrief) -> list[str]:
    out = ["<h2>Three things to work on next</h2>"]
    if not d.focus:
        out.append(
            "<p>Nothing was flagged. Raise the bar: try a harder question or a shorter time budget.</p>"
        )
        return out
    out.append('<ol class="focus">')
    for item in d.focus:
        out.append(
            f'<li><b>{escape(item.title)}</b> <span class="sev sev-{item.severity}">{item.severity}</span> '
            f'<span class="muted">{escape(item.why)}</span><br>{escape(item.advice)}</li>'
        )
    out.append("</ol>")
    return out


def _answer(a: AnswerDebrief) -> list[str]:
    out = [
        f'<section class="answer" id="answer-{a.number}">',
        f"<h2>Answer {a.number}: {escape(kind_title(a.kind))}</h2>",
        f'<blockquote class="question">{escape(a.question)}</blockquote>',
    ]
    if a.scores:
        out.append(_score_cards(a.scores, f"Scores of answer {a.number}"))
    else:
        reason = f": {escape(a.error)}" if a.error else ""
        out.append(f'<p class="note">Not scored ({escape(a.status)}{reason}).</p>')
    facts = _facts(a)
    if facts:
        out.append(f'<p class="meta">{" · ".join(facts)}</p>')
    if a.flags:
        out.append('<h3>Flags</h3><ul class="flags">')
        for f in a.flags:
            where = ""
            if f.start_s is not None:
                where = f" · {clock(f.start_s)}" + (
                    f"–{clock(f.end_s)}" if f.end_s is not None else ""
                )
            quote = f'<div class="quote">“{escape(f.quote)}”</div>' if f.quote else ""
            out.append(
                f'<li><span class="swatch f-{f.code}"></span><b>{escape(f.title)}</b> '
                f'<span class="sev sev-{f.severity}">{f.severity}</span><span class="muted">{where}</span>'
                f'{quote}<div class="advice">{escape(f.advice)}</div></li>'
            )
        out.append("</ul>")
    if a.timeline is not None:
        t = a.timeline
        out.append("<h3>Pacing</h3><figure>")
        out.append(timeline_svg(t, label=f"Pacing timeline of answer {a.number}"))
        longest = max((p.duration for p in t.pauses), default=0.0)
        out.append(
            f"<figcaption>Words per minute in {t.window_s:.0f}-second windows. "
            f"{len(t.pauses)} pause{'s' if len(t.pauses) != 1 else ''} of a second or more"
            + (f" (longest {longest:.1f} s)" if t.pauses else "")
            + f", {len(t.fillers)} filler{'s' if len(t.fillers) != 1 else ''}"
            + (", theory ramble shaded" if t.ramble else "")
            + (
                f", ran {clock(t.duration_s - (t.budget_s or 0))} past the budget"
                if t.over_time
                else ""
            )
            + ".</figcaption></figure>"
        )
    reasons = {k: v for k, v in a.reasons.items() if v}
    if reasons:
        out.append("<h3>Why these scores</h3><ul>")
        out += [
            f"<li><b>{escape(k.capitalize())}:</b> {escape('; '.join(v))}</li>"
            for k, v in reasons.items()
        ]
        out.append("</ul>")
    if not a.comparison.empty:
        out += ["<h3>Compared with earlier attempts</h3>", *_comparison(a)]
    if a.llm:
        out += _llm_section(a.llm)
    if a.words:
        out += _transcript(a)
    out.append("</section>")
    return out


def _facts(a: AnswerDebrief) -> list[str]:
    facts = []
    if a.duration_s is not None:
        budget = f" of {clock(a.budget_s)}" if a.budget_s else ""
        over = (
            ' <span class="delta-down">over time</span>'
            if a.timeline and a.timeline.over_time
            else ""
        )
        facts.append(f"{clock(a.duration_s)}{budget}{over}")
    facts += metric_facts(a.metrics)
    return facts


def _delta(value: float | None, suffix: str) -> str:
    if value is None:
        return ""
    cls = "delta-up" if value > 0 else "delta-down" if value < 0 else "muted"
    return f' <span class="{cls}">{value:+.1f} {suffix}</span>'


def _comparison(a: AnswerDebrief) -> list[str]:
    c = a.comparison
    now = a.scores["overall"] if a.scores else None
    out = ["<ul>"]
    if c.same_question:
        trail = " → ".join(fmt_score(p.overall) for p in c.same_question)
        n = len(c.same_question)
        out.append(
            f"<li>This question, {n} earlier attempt{'s' if n != 1 else ''}: {trail} → now <b>{fmt_score(now)}</b>"
            f"{_delta(c.delta_vs_last, 'since last time')}</li>"
        )
        if c.resolved:
            out.append("<li>No longer flagged: " + " ".join(_tag(x) for x in c.resolved) + "</li>")
        if c.still_flagged:
            out.append("<li>Still flagged: " + " ".join(_tag(x) for x in c.still_flagged) + "</li>")
    if c.kind_attempts:
        out.append(
            f"<li>{escape(kind_title(a.kind))} questions, {c.kind_attempts} earlier answer"
            f"{'s' if c.kind_attempts != 1 else ''}: mean {fmt_score(c.kind_mean_overall)}"
            f"{_delta(c.delta_vs_kind, 'this time')}</li>"
        )
    out.append("</ul>")
    return out


LLM_DIMENSIONS = ("structure", "content", "product_sense", "data", "communication")


def _llm_section(llm: dict[str, Any]) -> list[str]:
    """The LLM coach's feedback (``{"model", "feedback", "follow_up", "rewrite", "error"}``)."""
    if "feedback" not in llm and "error" not in llm:
        return ['<h3>Feedback from the language model</h3><div class="llm">', *_llm(llm), "</div>"]
    model = escape(str(llm.get("model") or "unknown model"))
    out = [f'<h3>LLM coach <span class="muted">({model})</span></h3><div class="llm">']
    fb = llm.get("feedback")
    if not isinstance(fb, dict) or not fb:
        reason = escape(str(llm.get("error") or "no feedback was returned"))
        out += [
            f"<p>LLM feedback is missing: {reason}. The scores above are the offline scorer's.</p>",
            "</div>",
        ]
        return out
    out.append(
        '<p class="note">Written by a language model; the scores above come from the offline scorer.</p>'
    )
    if fb.get("summary"):
        out.append(f"<p>{escape(str(fb['summary']))}</p>")
    ratings = fb.get("ratings") or {}
    rows = [
        f'<tr><td>{escape(name.replace("_", " "))}</td><td class="num">{escape(str(r.get("rating", "?")))}/5</td>'
        f"<td>{escape(str(r.get('reason', '')))}</td></tr>"
        for name in (*LLM_DIMENSIONS, *(k for k in ratings if k not in LLM_DIMENSIONS))
        if isinstance(r := ratings.get(name), dict)
    ]
    if rows:
        out.append(
            '<table><thead><tr><th>Dimension</th><th class="num">Rating</th><th>Why</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    for key, title in (("strengths", "Strengths"), ("gaps", "Gaps")):
        items = fb.get(key) or []
        if items:
            out.append(
                f"<p><b>{title}</b></p><ul>{''.join(f'<li>{escape(str(i))}</li>' for i in items)}</ul>"
            )
    if fb.get("better_opening"):
        out.append(
            f"<p><b>A stronger opening</b></p><blockquote>{escape(str(fb['better_opening']))}</blockquote>"
        )
    if fb.get("practice_next"):
        out.append(f"<p><b>Practise next:</b> {escape(str(fb['practice_next']))}</p>")
    if llm.get("follow_up"):
        out.append(f"<p><b>Follow-up question:</b> {escape(str(llm['follow_up']))}</p>")
    if llm.get("rewrite"):
        paras = "".join(
            f"<p>{escape(p.strip())}</p>" for p in str(llm["rewrite"]).split("\n\n") if p.strip()
        )
        out.append(f"<p><b>A stronger answer</b></p><blockquote>{paras}</blockquote>")
    if llm.get("error"):
        out.append(f'<p class="note">Not everything came back: {escape(str(llm["error"]))}.</p>')
    out.append("</div>")
    return out


def _llm(llm: dict[str, Any]) -> list[str]:
    out = []
    for key, value in llm.items():
        if key in {"model", "schema", "usage", "raw"}:
            continue
        label = escape(key.replace("_", " ").capitalize())
        if isinstance(value, str) and value.strip():
            out.append(f"<p><b>{label}:</b> {escape(value.strip())}</p>")
        elif isinstance(value, list) and value:
            items = "".join(
                f"<li>{escape(v if isinstance(v, str) else str(v))}</li>" for v in value
            )
            out.append(f"<p><b>{label}:</b></p><ul>{items}</ul>")
        elif isinstance(value, dict) and value:
            items = "".join(
                f"<li>{escape(str(k))}: {escape(str(v))}</li>" for k, v in value.items()
            )
            out.append(f"<p><b>{label}:</b></p><ul>{items}</ul>")
    if llm.get("model"):
        out.append(f'<p class="muted">Model: {escape(str(llm["model"]))}</p>')
    return out


def _transcript(a: AnswerDebrief) -> list[str]:
    out = ['<h3>Transcript</h3><div class="transcript">']
    if a.timing_estimated:
        out.append('<p class="note">Typed answer: timings are estimated.</p>')
    fillers = {m.at for m in a.timeline.fillers} if a.timeline else set()
    for p in paragraphs(a.words, a.flags, a.duration_s, fillers):
        parts = []
        for run in p.runs:
            tokens = run.text.split()
            body = " ".join(
                f'<span class="filler-word">{escape(tok)}</span>'
                if i in run.fillers
                else escape(tok)
                for i, tok in enumerate(tokens)
            )
            if run.codes:
                names = ", ".join(flag_title(c) for c in run.codes)
                cls = " ".join(f"f-{c}" for c in run.codes)
                style = ""
                if len(run.codes) > 1:
                    # Overlapping flags: one stripe of each colour, so neither hides the other.
                    cls += " multi"
                    cols = [FLAG_COLOURS.get(c, "#eee") for c in run.codes]
                    step = 100 / len(cols)
                    stops = ", ".join(
                        f"{col} {i * step:.0f}% {(i + 1) * step:.0f}%" for i, col in enumerate(cols)
                    )
                    style = f' style="background: linear-gradient({stops})"'
                body = f'<mark class="{cls}"{style} title="{escape(names)}">{body}</mark>'
            parts.append(body)
        out.append(f'<p><span class="t">{clock(p.start)}</span>{" ".join(parts)}</p>')
    out.append("</div>")
    return out


def _legend(d: Debrief) -> list[str]:
    used: list[str] = []
    for a in d.answers:
        for f in a.flags:
            if f.start_s is not None and f.code not in used:
                used.append(f.code)
    out = [
        "<h2>How to read this</h2>",
        '<div class="legend">'
        '<span><i class="k wpm"></i>words per minute</span>'
        '<span><i class="k comfort"></i>comfortable pace (120–170)</span>'
        f'<span><i class="k pause"></i>pause of 1 s or more (darker: {LONG_PAUSE_S:.0f} s or more)</span>'
        '<span><i class="k ramble"></i>theory ramble</span>'
        '<span><i class="k filler"></i>filler word or sound</span>'
        '<span><i class="k flagk"></i>flagged span above the chart (colours below)</span>'
        '<span><i class="k budget"></i>time budget</span>'
        '<span><i class="k overrun"></i>past the budget</span>'
        "</div>",
    ]
    if used:
        out.append(
            '<p class="legend">Flag colours (chart lane and transcript): '
            + " ".join(
                f'<span><span class="swatch f-{c}"></span>{escape(FLAG_TITLES.get(c, c))}</span>'
                for c in used
            )
            + ' <span><span class="filler-word">wavy underline</span>: filler</span></p>'
        )
    return out


def plan_html(plan: Plan) -> list[str]:
    out = [f'<section class="plan"><h2>{plan.days}-day practice plan</h2>']
    if plan.based_on_answers:
        out.append(
            f"<p>Drawn from {plan.based_on_answers} scored answer{'s' if plan.based_on_answers != 1 else ''}."
        )
    else:
        out.append("<p>No scored answers yet, so every kind gets equal time.")
    known = [k for k in plan.kinds if k.mean_overall is not None]
    if known:
        out.append(
            " Weakest kinds first: "
            + ", ".join(f"{escape(k.title)} {k.mean_overall:.1f}" for k in known)
            + "."
        )
    if plan.flags:
        out.append(
            " Habits to break: "
            + ", ".join(f"{escape(f.title.lower())} ({f.rate:.0%} of answers)" for f in plan.flags)
            + "."
        )
    out.append("</p>")
    out.append(
        '<table><thead><tr><th class="num">Day</th><th>Practise</th><th>Focus</th><th>Task</th></tr></thead><tbody>'
    )
    for d in plan.schedule:
        what = {"mock": "Mock round", "review": "Review"}.get(d.activity) or kind_title(d.kind)
        focus = _tag(d.focus) if d.focus else '<span class="muted">-</span>'
        out.append(
            f'<tr><td class="num">{d.day}</td><td>{escape(what)}</td><td>{focus}</td><td>{escape(d.task)}</td></tr>'
        )
    out.append("</tbody></table></section>")
    return out


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
