"""The "LLM coach" section of a debrief, in Markdown, from the ``llm`` object of a score.

Kept here, beside the shape it renders, so the ``score`` command and the debrief exports label the
coach's words the same way and show a failure as the one-line note it is.
"""

from __future__ import annotations

from typing import Any

from interviewer.llm.feedback import DIMENSIONS

TITLE = "LLM coach"


def markdown_section(llm: dict[str, Any] | None, *, level: int = 2) -> str:
    """Markdown for ``score.llm``; empty when there is none."""
    if not llm:
        return ""
    hashes = "#" * level
    model = llm.get("model") or "unknown model"
    out = [f"{hashes} {TITLE} ({model})", ""]
    feedback = llm.get("feedback")
    if not feedback:
        reason = llm.get("error") or "no feedback was returned"
        out += [
            f"LLM feedback is missing: {reason}. The scores above are the offline scorer's.",
            "",
        ]
        return "\n".join(out)
    out += ["*Written by a language model; the scores above come from the offline scorer.*", ""]
    if feedback.get("summary"):
        out += [str(feedback["summary"]), ""]
    ratings = feedback.get("ratings") or {}
    if ratings:
        out += ["| dimension | rating | why |", "| --- | --- | --- |"]
        for name in DIMENSIONS:
            r = ratings.get(name)
            if isinstance(r, dict):
                label = name.replace("_", " ")
                out.append(f"| {label} | {r.get('rating', '?')}/5 | {_cell(r.get('reason', ''))} |")
        out.append("")
    for key, title in (("strengths", "Strengths"), ("gaps", "Gaps")):
        items = feedback.get(key) or []
        if items:
            out += [f"**{title}**", "", *[f"- {item}" for item in items], ""]
    if feedback.get("better_opening"):
        out += ["**A stronger opening**", "", f"> {_quote(feedback['better_opening'])}", ""]
    if feedback.get("practice_next"):
        out += [f"**Practise next:** {feedback['practice_next']}", ""]
    if llm.get("follow_up"):
        out += [f"**Follow-up question:** {llm['follow_up']}", ""]
    if llm.get("rewrite"):
        out += ["**A stronger answer**", "", f"> {_quote(llm['rewrite'])}", ""]
    if llm.get("error"):
        out += [f"*Not everything came back: {llm['error']}.*", ""]
    return "\n".join(out)


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _quote(text: Any) -> str:
    paragraphs = [" ".join(p.split()) for p in str(text).split("\n\n") if p.strip()]
    return "\n>\n> ".join(paragraphs)


def text_section(llm: dict[str, Any] | None) -> str:
    """The same section as plain text, for a terminal widget or ``--no-tui`` output."""
    if not llm:
        return ""
    model = llm.get("model") or "unknown model"
    feedback = llm.get("feedback")
    out = [f"{TITLE} ({model})"]
    if not feedback:
        reason = llm.get("error") or "no feedback was returned"
        return "\n".join([*out, f"LLM feedback is missing: {reason}."])
    if feedback.get("summary"):
        out.append(str(feedback["summary"]))
    ratings = feedback.get("ratings") or {}
    for name in DIMENSIONS:
        r = ratings.get(name)
        if isinstance(r, dict):
            label = name.replace("_", " ")
            out.append(
                f"  {label:<14} {r.get('rating', '?')}/5  {' '.join(str(r.get('reason', '')).split())}"
            )
    for key, title in (("strengths", "Strengths"), ("gaps", "Gaps")):
        items = feedback.get(key) or []
        if items:
            out.append(f"{title}:")
            out += [f"  - {item}" for item in items]
    if feedback.get("better_opening"):
        out.append(f"A stronger opening: {feedback['better_opening']}")
    if feedback.get("practice_next"):
        out.append(f"Practise next: {feedback['practice_next']}")
    if llm.get("follow_up"):
        out.append(f"Follow-up question: {llm['follow_up']}")
    if llm.get("rewrite"):
        out += ["A stronger answer:", str(llm["rewrite"]).strip()]
    if llm.get("error"):
        out.append(f"(not everything came back: {llm['error']})")
    return "\n".join(out)
