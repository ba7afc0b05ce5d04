"""The look of the HTML debrief: its stylesheet (screen and print) and the colour of each flag.

Kept apart from the page structure so the colours the chart, the transcript highlights and the
legend share are defined once.
"""

from __future__ import annotations

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
