"""Optional LLM coaching on top of the offline score, through any OpenAI-compatible endpoint.

Everything here is an extra: ``enrich`` never raises for LLM failures, and the offline score stands
whatever the endpoint does. The ``openai`` package is imported only when a coach is built, and the
API key is read from the environment (``settings.api_key_env``) and never stored.

    coach = Coach.from_settings(settings.llm)        # None without an endpoint or key
    score = enrich(score, question, transcript, coach)
    score.llm  # {"model", "feedback", "follow_up"} or {"model", "error"}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewer.lazy import lazy_exports

if TYPE_CHECKING:
    from interviewer.llm.client import LLMError
    from interviewer.llm.coach import Coach, clean_follow_up, enrich, unavailable_reason
    from interviewer.llm.feedback import DIMENSIONS, FEEDBACK_SCHEMA, Feedback, parse_feedback
    from interviewer.llm.render import markdown_section, text_section

# Loaded on first use, so the CLI can add its --llm options without importing pydantic at --help.
_HOMES = {
    "LLMError": "client",
    "Coach": "coach",
    "clean_follow_up": "coach",
    "enrich": "coach",
    "unavailable_reason": "coach",
    "DIMENSIONS": "feedback",
    "FEEDBACK_SCHEMA": "feedback",
    "Feedback": "feedback",
    "parse_feedback": "feedback",
    "markdown_section": "render",
    "text_section": "render",
}

__all__ = [
    "DIMENSIONS",
    "FEEDBACK_SCHEMA",
    "Coach",
    "Feedback",
    "LLMError",
    "clean_follow_up",
    "enrich",
    "markdown_section",
    "parse_feedback",
    "text_section",
    "unavailable_reason",
]


__getattr__ = lazy_exports(__name__, _HOMES)
