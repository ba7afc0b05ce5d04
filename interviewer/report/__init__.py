"""The debrief of a practice session and its exports: Markdown, HTML with SVG charts, JSON, SRT, VTT.

Build a ``Debrief`` from the store, then ``render`` it in any format. The practice plan and the
progress summary read the same store. Pure Python (no numpy, no Textual), so it imports fast.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from interviewer.report.debrief import (
    DEBRIEF_SCHEMA,
    AnswerDebrief,
    Comparison,
    Debrief,
    FlagNote,
    FocusItem,
    RoundTotals,
    build_debrief,
)
from interviewer.report.history import History, history_summary, render_history_text
from interviewer.report.plan import Plan, practice_plan
from interviewer.report.redact import Redactor
from interviewer.report.timeline import Timeline, pacing_timeline

Format = Literal["md", "html", "json", "srt", "vtt"]
FORMATS: tuple[str, ...] = ("md", "html", "json", "srt", "vtt")

__all__ = [
    "DEBRIEF_SCHEMA",
    "FORMATS",
    "AnswerDebrief",
    "Comparison",
    "Debrief",
    "FlagNote",
    "FocusItem",
    "Format",
    "History",
    "Plan",
    "RoundTotals",
    "Timeline",
    "build_debrief",
    "history_summary",
    "pacing_timeline",
    "practice_plan",
    "redact_debrief",
    "render",
    "render_history_text",
    "render_plan",
]


def render(debrief: Debrief, fmt: Format, *, redact: bool = False) -> str:
    """The debrief as text in ``fmt``; ``redact`` replaces people's and companies' names first."""
    if redact and not debrief.redacted:
        debrief = redact_debrief(debrief)
    if fmt == "md":
        from interviewer.report.render_md import render_markdown

        return render_markdown(debrief)
    if fmt == "html":
        from interviewer.report.render_html import render_html

        return render_html(debrief)
    if fmt == "json":
        from interviewer.report.render_json import render_json

        return render_json(debrief)
    if fmt == "srt":
        from interviewer.report.subtitles import render_srt

        return render_srt(debrief)
    if fmt == "vtt":
        from interviewer.report.subtitles import render_vtt

        return render_vtt(debrief)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def render_plan(plan: Plan, fmt: Literal["md", "json"] = "md") -> str:
    if fmt == "json":
        import json

        return json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n"
    from interviewer.report.render_md import render_plan_markdown

    return render_plan_markdown(plan)


def redact_debrief(debrief: Debrief) -> Debrief:
    """A copy with names in transcripts, quotes and LLM feedback replaced by [PERSON]/[COMPANY].

    Names are learned from every answer of the session first, so a name said mid-sentence in one
    answer is also caught where it opens a sentence in another.
    """
    learner = Redactor()
    for a in debrief.answers:
        learner.learn(w.text for w in a.words)
        for f in a.flags:
            learner.learn(f.quote.split())
    answers = []
    for a in debrief.answers:
        r = Redactor(a.question)
        r.names = set(learner.names) - r.question_words
        answers.append(
            replace(
                a,
                words=r.words(a.words),
                flags=[replace(f, quote=r.text(f.quote)) for f in a.flags],
                llm={
                    k: _redact_value(v, r) if k not in {"model", "schema"} else v
                    for k, v in a.llm.items()
                }
                if a.llm
                else a.llm,
            )
        )
    return replace(debrief, answers=answers, redacted=True)


def _redact_value(value: object, r: Redactor) -> object:
    if isinstance(value, str):
        return r.text(value)
    if isinstance(value, list):
        return [_redact_value(v, r) for v in value]
    if isinstance(value, dict):
        return {
            k: (v if k in {"model", "schema"} else _redact_value(v, r)) for k, v in value.items()
        }
    return value
