"""The interview domain as data: questions, rounds, transcripts, scores, answers and sessions.

These models are the contracts between the parts (bank, transcriber, scorer, store, report, UI)
and the two public JSON formats, ``interviewer.transcript/1`` and ``interviewer.score/1``.
They import nothing heavier than pydantic, so the scorer and the reports start fast.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from interviewer.errors import UserError

TRANSCRIPT_SCHEMA: Final = "interviewer.transcript/1"
SCORE_SCHEMA: Final = "interviewer.score/1"

Kind = Literal["metrics", "ai_technical", "product_vision", "data_analysis", "behavioral"]
KINDS: tuple[str, ...] = (
    "metrics",
    "ai_technical",
    "product_vision",
    "data_analysis",
    "behavioral",
)
KIND_LABELS: dict[str, str] = {
    "metrics": "Metrics",
    "ai_technical": "AI technical",
    "product_vision": "Product vision",
    "data_analysis": "Data analysis",
    "behavioral": "Behavioral",
}


def kind_label(kind: str | None) -> str:
    """How a question kind is named to people ("AI technical", not "Ai technical")."""
    if not kind:
        return "Unknown"
    return KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()


Difficulty = Literal["easy", "medium", "hard"]
Severity = Literal["low", "medium", "high"]

FlagCode = Literal[
    "theory_ramble",
    "no_structure",
    "no_data",
    "generic_behavioral",
    "metric_imbalance",
    "no_product_link",
    "solution_jumping",
    "no_summary",
    "over_time",
    "too_fast",
    "too_slow",
    "filler_heavy",
    "long_pauses",
]
M = TypeVar("M", bound=BaseModel)

FLAG_CODES: tuple[str, ...] = FlagCode.__args__  # type: ignore[attr-defined]
# Timing flags are measured from the word timings; the rest are judged on what was said.
TIMING_FLAG_CODES: tuple[str, ...] = (
    "over_time",
    "too_fast",
    "too_slow",
    "filler_heavy",
    "long_pauses",
)
CONTENT_FLAG_CODES: tuple[str, ...] = tuple(c for c in FLAG_CODES if c not in TIMING_FLAG_CODES)

# Default time budgets per kind, in seconds (research/scoring-norms.md, "answer length").
DEFAULT_BUDGET_S: dict[str, float] = {
    "behavioral": 240.0,
    "metrics": 480.0,
    "ai_technical": 480.0,
    "data_analysis": 480.0,
    "product_vision": 720.0,
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --------------------------------------------------------------------------- questions


class Question(_Model):
    """One interview question from the bank."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)
    kind: Kind
    text: str = Field(min_length=10)
    budget_s: float = Field(gt=0, le=3600, description="time budget for the answer, seconds")
    difficulty: Difficulty = "medium"
    tags: list[str] = Field(default_factory=list)
    product: str | None = Field(default=None, description="the product the question is about")
    keywords: list[str] = Field(
        default_factory=list,
        description="words that show the answer is applied to the asked product",
    )
    elements: list[str] = Field(min_length=1, description="what a strong answer covers")
    follow_ups: list[str] = Field(default_factory=list)
    source: str | None = Field(default=None, description="bank file the question came from")

    @field_validator("text")
    @classmethod
    def _text_is_stripped(cls, value: str) -> str:
        return " ".join(value.split())


class QuestionRef(_Model):
    """The question an answer was given to, as stored with a score."""

    id: str | None = None
    kind: Kind
    text: str

    @classmethod
    def of(cls, question: Question) -> QuestionRef:
        return cls(id=question.id, kind=question.kind, text=question.text)


class RoundSection(_Model):
    """A part of a round template: ``count`` questions of one kind, or the listed questions."""

    name: str
    kind: Kind | None = None
    count: int = Field(default=1, ge=1, le=20)
    questions: list[str] = Field(default_factory=list, description="fixed question ids")

    @model_validator(mode="after")
    def _kind_or_questions(self) -> RoundSection:
        if self.kind is None and not self.questions:
            raise ValueError("a section needs a kind or a list of questions")
        return self


class RoundTemplate(_Model):
    """A named round: ordered sections of questions."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    description: str = ""
    sections: list[RoundSection] = Field(min_length=1)

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) or s.count for s in self.sections)


# --------------------------------------------------------------------------- transcripts


class Word(_Model):
    """One transcribed word; times in seconds from the start of the answer's audio."""

    text: str
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    probability: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Word:
        if self.end < self.start:
            raise ValueError(
                f"word {self.text!r} ends ({self.end}) before it starts ({self.start})"
            )
        return self


class Span(_Model):
    """A stretch of time in an answer (a pause, a speech region, a probable filled pause)."""

    start: float = Field(ge=0)
    end: float = Field(ge=0)

    @property
    def duration(self) -> float:
        return self.end - self.start


class Transcript(_Model):
    """``interviewer.transcript/1``: the words of one answer with their times.

    ``pauses`` (silences measured from voice activity) and ``filled_pauses`` (voice activity that
    carried no transcribed word, likely "um"/"uh") are present when the transcript came from audio.
    ``meta`` carries provenance: model, language probability, whether timing was estimated.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    schema_: Literal["interviewer.transcript/1"] = Field(default=TRANSCRIPT_SCHEMA, alias="schema")
    language: str = "en"
    duration_s: float = Field(ge=0)
    words: list[Word] = Field(default_factory=list)
    pauses: list[Span] | None = None
    filled_pauses: list[Span] | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(w.text.strip() for w in self.words).strip()

    @property
    def timing_estimated(self) -> bool:
        return bool(self.meta.get("timing_estimated"))

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(by_alias=True, exclude_none=True, indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes, *, source: str = "transcript") -> Transcript:
        return _parse(cls, data, source=source, schema=TRANSCRIPT_SCHEMA)

    @classmethod
    def load(cls, path: Path) -> Transcript:
        return cls.from_json(read_text_file(path), source=str(path))


# --------------------------------------------------------------------------- scores


class Flag(_Model):
    """One thing a hiring manager would flag, with where it happened and what to do instead."""

    code: FlagCode
    severity: Severity
    start_s: float | None = None
    end_s: float | None = None
    evidence: str = ""
    advice: str = ""


class Scores(_Model):
    structure: float = Field(ge=1, le=5)
    pacing: float = Field(ge=1, le=5)
    content: float = Field(ge=1, le=5)
    overall: float = Field(ge=1, le=5)


class Score(_Model):
    """``interviewer.score/1``: scores 1-5, measured metrics, and flags with evidence."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    schema_: Literal["interviewer.score/1"] = Field(default=SCORE_SCHEMA, alias="schema")
    scorer_version: str
    question: QuestionRef
    duration_s: float = Field(ge=0)
    scores: Scores
    metrics: dict[str, Any] = Field(default_factory=dict)
    flags: list[Flag] = Field(default_factory=list)
    reasons: dict[str, list[str]] = Field(
        default_factory=dict, description="why each score is what it is, per dimension"
    )
    llm: dict[str, Any] | None = None

    def has(self, code: str) -> bool:
        return any(f.code == code for f in self.flags)

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(by_alias=True, exclude_none=True, indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes, *, source: str = "score") -> Score:
        return _parse(cls, data, source=source, schema=SCORE_SCHEMA)


# --------------------------------------------------------------------------- sessions

AnswerStatus = Literal["recording", "recorded", "transcribed", "scored", "skipped", "failed"]
SessionStatus = Literal["active", "completed", "abandoned"]


class Answer(_Model):
    """One answer within a session, as stored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, arbitrary_types_allowed=True)

    id: int | None = None
    session_id: int | None = None
    position: int = Field(ge=0)
    question: QuestionRef
    budget_s: float | None = None
    status: AnswerStatus = "recording"
    mode: Literal["voice", "typed", "file"] = "voice"
    audio_path: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    transcript: Transcript | None = None
    score: Score | None = None
    error: str | None = None


class Session(_Model):
    """A practice session: one round of questions and its answers."""

    id: int | None = None
    round_name: str
    title: str = ""
    status: SessionStatus = "active"
    started_at: datetime
    ended_at: datetime | None = None
    answers: list[Answer] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


def read_text_file(path: Path | str, *, expected: str = "a JSON file") -> str:
    """A user's text file as a string; every way it can fail is one line naming the file."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory, expected {expected}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not a UTF-8 text file (expected {expected})") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None


def _parse(cls: type[M], data: str | bytes, *, source: str, schema: str) -> M:
    try:
        raw = json.loads(data)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{source}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(raw, dict):
        raise UserError(f'{source}: expected a JSON object with "schema": "{schema}"')
    found = raw.get("schema")
    if found != schema:
        raise UserError(f"{source}: schema is {found!r}, expected {schema!r}")
    try:
        return cls.model_validate(raw)
    except ValidationError as exc:
        raise UserError(f"{source}: {describe_validation_error(exc)}") from None


def first_problem(exc: ValidationError) -> tuple[str, str, str]:
    """(where, message, error type) of a validation error's first problem; ``where`` like ``words.3.start``."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "value"
    return where, first.get("msg", "invalid"), first.get("type", "")


def describe_validation_error(exc: ValidationError) -> str:
    """The first problem of a validation error, as one line: ``words.3.start: ...``."""
    where, message, _ = first_problem(exc)
    extra = f" ({exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
    return f"{where}: {message}{extra}"
