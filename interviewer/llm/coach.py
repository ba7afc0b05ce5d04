"""The coach: rubric feedback, a follow-up question and a stronger answer from an LLM.

It adds to the offline score and never replaces it: ``enrich`` turns every failure into a one-line
``error`` in ``score.llm`` and returns, so a debrief always completes. The key is read from the
environment when the coach is built and is kept only inside the HTTP client.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from typing import Any

from interviewer.errors import UserError
from interviewer.llm import prompts
from interviewer.llm.client import ChatClient, LLMError, StructuredOutputRejected
from interviewer.llm.feedback import RESPONSE_FORMAT, Feedback, MalformedOutput, parse_feedback
from interviewer.llm.prompts import QuestionLike
from interviewer.models import Score, Transcript
from interviewer.settings import LLMSettings

MAX_FOLLOW_UP_CHARS = 400
_LABEL = re.compile(
    r"^\s*(\*\*)?(follow[- ]?up( question)?|question|interviewer)\s*:?\s*(\*\*)?\s*:?\s*", re.I
)

Progress = Callable[[int], None]


def unavailable_reason(settings: LLMSettings) -> str | None:
    """Why a coach cannot be built from these settings, or None when it can.

    ``settings.enabled`` is not checked here: whether to use the coach is the caller's decision
    (``--llm`` turns it on for one run even when the settings leave it off).
    """
    if settings.base_url:
        return None
    if os.environ.get(settings.api_key_env):
        return None
    return (
        f"no API key in ${settings.api_key_env} "
        "(export it, or set INTERVIEWER_LLM_BASE_URL to a local OpenAI-compatible server)"
    )


class Coach:
    """An LLM coach for one endpoint and model."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        reason = unavailable_reason(settings)
        if reason:
            raise UserError(f"LLM coach: {reason}")
        self.model = settings.model
        self.structured_output: bool | None = None
        """Whether the endpoint accepts ``response_format`` json_schema (None until first asked)."""
        # enrich() already asks for the follow-up; a round engine asking again gets the same question
        # without a second (possibly minute-long) call to a local model.
        self._follow_ups: dict[tuple[str, str], str] = {}
        self._chat = ChatClient(
            model=settings.model,
            api_key=os.environ.get(settings.api_key_env) or None,
            base_url=settings.base_url,
            timeout_s=settings.timeout_s,
            max_retries=settings.max_retries,
            sleep=sleep,
        )

    @classmethod
    def from_settings(cls, settings: LLMSettings) -> Coach | None:
        """A coach, or None when no endpoint or key is configured (see ``unavailable_reason``)."""
        if unavailable_reason(settings):
            return None
        return cls(settings)

    @property
    def endpoint(self) -> str:
        return self._chat.host

    def close(self) -> None:
        self._chat.close()

    def models(self) -> list[str]:
        """What the endpoint serves; raises ``LLMError`` with a one-line reason."""
        return self._chat.list_models()

    # ------------------------------------------------------------------ asks

    def feedback(
        self,
        question: QuestionLike,
        transcript: Transcript,
        score: Score,
        on_progress: Progress | None = None,
    ) -> Feedback:
        """Rubric feedback, validated; raises ``LLMError`` with a one-line reason.

        Structured output first; when the server refuses it, the schema goes into the prompt instead
        (remembered for this coach). A malformed reply gets one second chance with the problem named.
        """
        messages = prompts.feedback_messages(
            question, transcript, score, schema_in_prompt=self.structured_output is False
        )
        text = self._ask_json(messages, on_progress, question, transcript, score)
        try:
            return parse_feedback(text)
        except MalformedOutput as first:
            repair = [
                *messages,
                {"role": "assistant", "content": text},
                prompts.repair_message(str(first)),
            ]
            retry = self._ask_json(repair, on_progress, question, transcript, score)
            try:
                return parse_feedback(retry)
            except MalformedOutput as second:
                raise LLMError(f"malformed feedback from {self.model}, twice: {second}") from None

    def follow_up(self, question: QuestionLike, transcript: Transcript, score: Score) -> str:
        """One follow-up question, probing what the answer skipped, ready to be read aloud.

        Asked once per question and answer: a second call for the same pair returns the same text.
        """
        key = (question.text, transcript.text)
        if key in self._follow_ups:
            return self._follow_ups[key]
        text = self._chat.complete(prompts.follow_up_messages(question, transcript, score))
        cleaned = clean_follow_up(text)
        if not cleaned:
            raise LLMError(f"{self.model} returned no follow-up question")
        self._follow_ups[key] = cleaned
        return cleaned

    def rewrite(self, question: QuestionLike, transcript: Transcript, score: Score) -> str:
        """The candidate's own answer, made stronger."""
        text = self._chat.complete(prompts.rewrite_messages(question, transcript, score))
        if not text.strip():
            raise LLMError(f"{self.model} returned an empty rewrite")
        return text.strip()

    def _ask_json(
        self,
        messages: list[dict[str, str]],
        on_progress: Progress | None,
        question: QuestionLike,
        transcript: Transcript,
        score: Score,
    ) -> str:
        if self.structured_output is False:
            return self._chat.complete(messages, on_progress=on_progress)
        try:
            text = self._chat.complete(
                messages, response_format=RESPONSE_FORMAT, on_progress=on_progress
            )
        except StructuredOutputRejected:
            self.structured_output = False
            plain = prompts.feedback_messages(question, transcript, score, schema_in_prompt=True)
            # Keep a repair turn if this was the second chance.
            plain.extend(messages[2:])
            return self._chat.complete(plain, on_progress=on_progress)
        self.structured_output = True
        return text


def clean_follow_up(text: str) -> str:
    """The question itself: no label, quotes, Markdown or trailing chatter; one line."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return ""
    # Prefer the first line that is a question; models sometimes add a sentence of rationale.
    line = next((ln for ln in lines if "?" in ln), lines[0])
    line = _LABEL.sub("", line).strip().strip("*_").strip()
    line = line.strip("\"'“”‘’").strip()
    if "?" in line:
        line = line[: line.rindex("?") + 1]
    line = " ".join(line.split())
    if len(line) > MAX_FOLLOW_UP_CHARS:
        cut = line[:MAX_FOLLOW_UP_CHARS]
        line = cut[: cut.rfind(" ")] + "?" if " " in cut else cut
    return line


def enrich(
    score: Score,
    question: QuestionLike,
    transcript: Transcript,
    coach: Coach | None,
    *,
    on_progress: Progress | None = None,
    follow_up: bool = True,
    rewrite: bool = False,
) -> Score:
    """A copy of ``score`` with ``llm`` filled in; never raises for LLM failures.

    ``llm`` is ``{"model", "feedback", "follow_up"[, "rewrite"]}`` on success, or
    ``{"model", "error"}`` with a one-line reason; if only the follow-up or the rewrite failed, the
    feedback is kept and ``error`` says which part failed. Without a coach the score is returned as is.
    A question that is itself a follow-up (tagged ``follow-up``) gets no follow-up of its own.
    """
    if coach is None:
        return score.model_copy(deep=True)
    llm: dict[str, Any] = {"model": coach.model}
    try:
        llm["feedback"] = coach.feedback(question, transcript, score, on_progress).to_dict()
    except Exception as exc:
        llm["error"] = _reason(coach, exc)
        return score.model_copy(update={"llm": llm}, deep=True)
    problems: list[str] = []
    if follow_up and "follow-up" not in getattr(question, "tags", ()):
        try:
            llm["follow_up"] = coach.follow_up(question, transcript, score)
        except Exception as exc:
            problems.append(f"follow-up question: {_reason(coach, exc)}")
    if rewrite:
        try:
            llm["rewrite"] = coach.rewrite(question, transcript, score)
        except Exception as exc:
            problems.append(f"rewrite: {_reason(coach, exc)}")
    if problems:
        llm["error"] = "; ".join(problems)
    return score.model_copy(update={"llm": llm}, deep=True)


def _reason(coach: Coach, exc: Exception) -> str:
    if isinstance(exc, LLMError | UserError):
        text = str(exc)
    else:
        # A bug or an unexpected library error: still one line, still not fatal to the debrief.
        text = f"unexpected {type(exc).__name__}: {exc}"
    return coach._chat.redact(" ".join(text.split()))[:300]
