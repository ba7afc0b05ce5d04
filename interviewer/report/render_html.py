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
from interviewer.report.labels import FLAG_TITLES, clock, flag_title, fmt_score, kind_title
from interviewer.report.plan import Plan
from interviewer.report.svg import timeline_svg
from interviewer.report.timeline import LONG_PAUSE_S

# One highlight colour per flag code, light enough to read text on and distinct in print.
FLAG_COLOURS: dict[str, str] = {
    "theory_ramble": "#ffe08a",
    "no_structure": "#d9c8f5",
    "no_data": "#c6e2ff",
    "generic_behavioral": "#f8c9d9",
    "metric_imbalance": "#c8f0d8",
    "no_product_link": "#ffd3b0",
    "solution_jumping": "#f5b8b8",
    "no_summary": "#dcdcdc",
    "over_time": "#ffb3b3",
    "too_fast": "#b9ecec",
    "too_slow": "#e3e9b8",
    "filler_heavy": "#f3d1f3",
    "long_pauses": "#cfd8e6",
}

CSS = """
:root { --ink:#1d232b; --muted:#5b6573; --line:#d5dbe3; --accent:#2457a6; --bad:#b3261e; --ok:#1e7a46; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: #f6f7f9; margin: 0; }
main { max-width: 920px; margin: 0 auto; padding: 28px 24px 60px; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.3em; margin: 36px 0 10px;
     padding-bottom: 4px; border-bottom: 2px solid var(--line); } h3 { font-size: 1.05em; margin: 22px 0 8px; }
.meta, .note, .muted { color: var(--muted); } .meta { margin: 0 0 14px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: .95em; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; } td.num, th.num { text-align: right; white-space: nowrap; }
.scores { display: flex; gap: 10px; flex-wrap: wrap; margin: 8px 0; }
.score { border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; min-width: 112px; }
.score b { display: block; font-size: 1.35em; } .score .bar { height: 5px; background: #e6e9ee; border-radius: 3px; }
.score .bar i { display: block; height: 5px; border-radius: 3px; background: var(--accent); }
.score.overall { border-color: var(--accent); }
blockquote.question { margin: 6px 0 12px; padding: 8px 14px; border-left: 4px solid var(--accent);
     background: #f2f6fc; font-size: 1.05em; }
ol.focus li { margin-bottom: 8px; } .sev { font-size: .78em; padding: 1px 7px; border-radius: 9px;
     text-transform: uppercase; letter-spacing: .03em; color: #fff; vertical-align: 1px; }
.sev-high { background: #b3261e; } .sev-medium { background: #c26a00; } .sev-low { background: #6b7683; }
ul.flags { list-style: none; padding: 0; } ul.flags li { margin: 0 0 10px; padding: 8px 12px;
     border: 1px solid var(--line); border-radius: 8px; }
.quote { font-style: italic; } .advice { margin-top: 3px; } .advice::before { content: "Instead: "; font-weight: 600; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: 2px; vertical-align: -1px;
     margin-right: 4px; border: 1px solid rgba(0,0,0,.15); }
figure { margin: 10px 0 6px; break-inside: avoid; } figcaption { font-size: .85em; color: var(--muted); }
svg.timeline { display: block; max-width: 100%; height: auto; font-family: inherit; }
svg .plot { fill: #fbfcfd; stroke: var(--line); } svg .comfort { fill: #dff3e6; }
svg .overrun { fill: #fde2e0; } svg .ramble { fill: #ffd24d; fill-opacity: .45; }
svg .pause { fill: #8a96a8; fill-opacity: .25; } svg .pause.long { fill-opacity: .5; }
svg .grid { stroke: #e7eaef; } svg .axis { stroke: #8a94a3; } svg .tick, svg .axis-label { font-size: 11px; fill: #5b6573; }
svg .wpm { fill: none; stroke: var(--accent); stroke-width: 2.2; stroke-linejoin: round; }
svg .wpm-dot { fill: var(--accent); } svg .filler { stroke: #d1495b; stroke-width: 2; }
svg .budget { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 5 4; }
svg .budget-label { font-size: 11px; fill: var(--bad); font-weight: 600; }
svg .flag { stroke: #5b6573; stroke-width: .6; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: .85em; color: var(--muted); margin: 4px 0 0; }
.legend .k { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: 0; }
.k.wpm { border-top: 3px solid #2457a6; height: 0; } .k.comfort { background: #dff3e6; }
.k.pause { background: rgba(138,150,168,.45); } .k.ramble { background: rgba(255,210,77,.7); }
.k.filler { width: 3px; background: #d1495b; } .k.budget { border-top: 2px dashed #b3261e; height: 0; }
.k.overrun { background: #fde2e0; } .k.flagk { background: linear-gradient(90deg, #ffd3b0 50%, #b9ecec 50%);
     height: 6px; border-radius: 2px; border: .5px solid #5b6573; }
.transcript p { margin: 0 0 10px; } .transcript .t { color: var(--muted); font-variant-numeric: tabular-nums;
     font-size: .85em; margin-right: 6px; }
mark { padding: 1px 0; border-radius: 2px; color: inherit; } mark.multi { outline: 1px dashed #8a6d00; }
.filler-word { text-decoration: underline wavy #d1495b; text-underline-offset: 3px; }
.tag { font-size: .72em; font-weight: 600; padding: 0 4px; border-radius: 3px; margin-right: 3px;
     vertical-align: 1px; white-space: nowrap; }
.delta-up { color: var(--ok); font-weight: 600; } .delta-down { color: var(--bad); font-weight: 600; }
section.answer { border-top: 1px solid var(--line); margin-top: 30px; }
.llm { background: #f7f5fc; border: 1px solid #e2dcf3; border-radius: 8px; padding: 4px 14px; }
.llm blockquote { margin: 4px 0 10px; padding: 2px 12px; border-left: 3px solid #b9a8e6; }
footer { margin-top: 40px; font-size: .85em; color: var(--muted); }
@media print {
  body { background: #fff; font-size: 11pt; } main { max-width: none; padding: 0; }
  section.answer { break-before: page; border-top: none; margin-top: 0; }
  section.plan { break-before: page; }
  h2, h3 { break-after: avoid; } ul.flags li, tr { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


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
    m = a.metrics
    if isinstance(m.get("wpm"), int | float):
        facts.append(f"{m['wpm']:.0f} words/min")
    if isinstance(m.get("fillers_per_min"), int | float):
        facts.append(f"{m['fillers_per_min']:.1f} fillers/min")
    if isinstance(m.get("longest_pause_s"), int | float):
        facts.append(f"longest pause {m['longest_pause_s']:.1f} s")
    if isinstance(m.get("theory_share"), int | float):
        facts.append(f"{m['theory_share']:.0%} theory")
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
