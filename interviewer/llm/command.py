"""The coach's part of the ``score`` command: its options, and enriching one score with progress.

Kept beside the coach so the command module only needs two lines (add the options, apply them), and
so the rules are in one place: ``--llm`` or ``llm.enabled`` turns the coach on, ``--no-llm`` off,
``--rewrite`` implies ``--llm``; a failure is a one-line note on stderr, never an exit code.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    # Types only: this module is imported while the parser is built, before anything heavy.
    from interviewer.llm.prompts import QuestionLike
    from interviewer.models import Score, Transcript
    from interviewer.settings import Settings


def add_llm_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("LLM coach (optional; see docs/llm.md)")
    group.add_argument(
        "--llm",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="add rubric feedback and a follow-up question from an LLM "
        "(INTERVIEWER_LLM_BASE_URL, INTERVIEWER_LLM_MODEL, key in $OPENAI_API_KEY); "
        "default: the llm.enabled setting",
    )
    group.add_argument(
        "--rewrite",
        action="store_true",
        help="also ask the LLM for your answer rewritten as a stronger one (implies --llm)",
    )


def wants_llm(args: argparse.Namespace, settings: Settings) -> bool:
    flag = getattr(args, "llm", None)
    if getattr(args, "rewrite", False) and flag is not False:
        return True
    return settings.llm.enabled if flag is None else bool(flag)


def apply_llm(
    args: argparse.Namespace,
    settings: Settings,
    score: Score,
    question: QuestionLike,
    transcript: Transcript,
    *,
    err: TextIO | None = None,
) -> Score:
    """``score`` enriched by the coach when asked for; otherwise ``score`` itself. Never raises."""
    if not wants_llm(args, settings):
        return score
    from interviewer.llm.coach import Coach, enrich, unavailable_reason

    err = err or sys.stderr
    reason = unavailable_reason(settings.llm)
    if reason:
        note(err, f"LLM feedback skipped: {reason}")
        return score.model_copy(update={"llm": {"model": settings.llm.model, "error": reason}})
    try:
        coach = Coach(settings.llm)
    except Exception as exc:  # e.g. an install without the openai package
        reason = f"the LLM client could not start ({type(exc).__name__}: {exc})"
        note(err, f"LLM feedback skipped: {reason}")
        return score.model_copy(update={"llm": {"model": settings.llm.model, "error": reason}})
    progress = Progress(err, coach.model, coach.endpoint)
    try:
        enriched = enrich(
            score,
            question,
            transcript,
            coach,
            on_progress=progress,
            rewrite=bool(getattr(args, "rewrite", False)),
        )
    finally:
        progress.done()
        coach.close()
    llm = enriched.llm or {}
    if llm.get("error"):
        prefix = "LLM feedback failed" if "feedback" not in llm else "LLM coach"
        note(err, f"{prefix}: {llm['error']} (the scores are the offline scorer's)")
    return enriched


def note(err: TextIO, text: str) -> None:
    print(f"interviewer: note: {text}", file=err)


class Progress:
    """Characters received so far, on one rewritten stderr line when stderr is a terminal."""

    def __init__(self, err: TextIO, model: str, endpoint: str) -> None:
        self.err = err
        self.live = bool(getattr(err, "isatty", lambda: False)())
        self.label = f"LLM coach ({model} at {endpoint})"
        self.shown = False
        if self.live:
            self._show("waiting for the reply...")

    def __call__(self, chars: int) -> None:
        if self.live:
            self._show(f"{chars:,} characters received")

    def _show(self, text: str) -> None:
        self.err.write(f"\r\033[K{self.label}: {text}")
        self.err.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.err.write("\r\033[K")
            self.err.flush()
