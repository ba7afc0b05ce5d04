"""The rubric feedback an LLM returns, as a validated shape.

The model is asked for one JSON object. The same shape exists twice on purpose: ``FEEDBACK_SCHEMA`` is
the JSON Schema sent as ``response_format`` (written out by hand, because OpenAI's strict mode wants
every property required and no extra keys, and local servers turn it into a grammar, so it must stay
plain), and ``Feedback`` is the pydantic model that validates what comes back, leniently enough to
accept a rating of ``"4"`` or an extra key from a chatty local model. A test keeps the two in step.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

# The rubric dimensions, in the order the debrief shows them, with what each one judges.
DIMENSIONS: dict[str, str] = {
    "structure": "a clear roadmap, signposting, a logical order, a wrap-up",
    "content": "correct, specific, complete answer to the question that was asked",
    "product_sense": "tied to users, the product, trade-offs and a decision",
    "data": "metrics, baselines, targets, experiments and data sources where they matter",
    "communication": "concise, confident, easy to follow when spoken",
}


class Rating(BaseModel):
    """One rubric dimension: a 1-5 rating and why."""

    model_config = ConfigDict(extra="ignore")

    rating: int = Field(ge=1, le=5)
    reason: str = Field(min_length=1)

    @field_validator("rating", mode="before")
    @classmethod
    def _round_numbers(cls, value: Any) -> Any:
        # Local models sometimes answer 4.0 or "4"; a fraction is rounded rather than refused.
        if isinstance(value, str):
            value = value.strip()
            try:
                value = float(value)
            except ValueError:
                return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, float):
            return round(value)
        return value


class Ratings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    structure: Rating
    content: Rating
    product_sense: Rating
    data: Rating
    communication: Rating


class Feedback(BaseModel):
    """Rubric feedback on one answer."""

    model_config = ConfigDict(extra="ignore")

    summary: str = Field(min_length=1, description="the verdict in one or two sentences")
    strengths: list[str] = Field(min_length=1, description="what worked, specific to this answer")
    gaps: list[str] = Field(description="what was missing or weak, specific to this answer")
    ratings: Ratings
    better_opening: str = Field(min_length=1, description="a stronger first two or three sentences")
    practice_next: str = Field(min_length=1, description="the one thing to practise next")

    @field_validator("strengths", "gaps", mode="before")
    @classmethod
    def _drop_empty(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()]
        return value

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _rating_schema(about: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": about,
        "properties": {
            "rating": {"type": "integer", "enum": [1, 2, 3, 4, 5]},
            "reason": {"type": "string"},
        },
        "required": ["rating", "reason"],
        "additionalProperties": False,
    }


FEEDBACK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "summary": {"type": "string", "description": "the verdict in one or two sentences"},
        "strengths": {
            "type": "array",
            "items": {"type": "string"},
            "description": "one to four things that worked, specific to this answer",
        },
        "gaps": {
            "type": "array",
            "items": {"type": "string"},
            "description": "one to four things missing or weak, specific to this answer",
        },
        "ratings": {
            "type": "object",
            "properties": {name: _rating_schema(about) for name, about in DIMENSIONS.items()},
            "required": list(DIMENSIONS),
            "additionalProperties": False,
        },
        "better_opening": {
            "type": "string",
            "description": "a stronger first two or three sentences, in the candidate's voice",
        },
        "practice_next": {"type": "string", "description": "the one thing to practise next"},
    },
    "required": ["summary", "strengths", "gaps", "ratings", "better_opening", "practice_next"],
    "additionalProperties": False,
}

RESPONSE_FORMAT: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {"name": "interview_feedback", "strict": True, "schema": FEEDBACK_SCHEMA},
}


class MalformedOutput(ValueError):
    """The model's reply is not the feedback object; the message says what is wrong, in one line."""


_FENCE = re.compile(r"^```[a-zA-Z]*\s*\n?|\n?```\s*$")


def parse_feedback(text: str) -> Feedback:
    """Validate a reply as ``Feedback``; raise ``MalformedOutput`` with a one-line reason otherwise.

    Servers without structured output often wrap the JSON in a Markdown fence or a sentence of
    preamble, so the outermost ``{...}`` is taken from the text.
    """
    raw = _FENCE.sub("", text.strip()).strip()
    if not raw:
        raise MalformedOutput("the reply was empty")
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0:
        raise MalformedOutput(f"the reply held no JSON object (began {_preview(raw)})")
    if end <= start:
        raise MalformedOutput("the reply was not valid JSON (the object never closes; cut off?)")
    try:
        data = json.loads(raw[start : end + 1])
    except json.JSONDecodeError as exc:
        raise MalformedOutput(
            f"the reply was not valid JSON ({exc.msg} at column {exc.colno})"
        ) from None
    if not isinstance(data, dict):
        raise MalformedOutput("the reply was JSON but not an object")
    try:
        return Feedback.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "value"
        raise MalformedOutput(
            f"the reply did not match the schema ({where}: {first['msg']})"
        ) from None


def _preview(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[:limit] + "...")
