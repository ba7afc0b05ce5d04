"""One robust chat call to an OpenAI-compatible endpoint, through the ``openai`` client.

The client's own retries are switched off (``max_retries=0``) and done here instead, because the coach
needs what the library does not give: a one-line account of what failed for the debrief, timeouts that
are *not* retried (a local model that took 60 s once will take 60 s again, and the candidate is waiting),
a bounded ``Retry-After``, and a way to tell "this server rejects structured output" apart from other
errors so the caller can fall back to plain JSON instructions. Every request streams, so a progress
callback can show characters arriving. The API key lives only in the client object: every message that
leaves this module is scrubbed of it.
"""

from __future__ import annotations

import email.utils
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import openai

# A server asking for a longer pause than this is treated as "not now"; the debrief will not wait.
MAX_RETRY_AFTER_S = 30.0
BACKOFF_BASE_S = 0.5
BACKOFF_MAX_S = 8.0
# A whole streamed reply may take this many times the per-read timeout before it is abandoned.
STREAM_CAP_FACTOR = 5.0
# Placeholder for local servers that need no key; the openai client refuses an empty one.
NO_KEY = "no-key-needed"

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)


class LLMError(Exception):
    """An LLM call failed; ``str(exc)`` is one line fit for the debrief (never holds the key)."""


class StructuredOutputRejected(LLMError):
    """The server refused ``response_format`` json_schema; ask again with the schema in the prompt."""


@dataclass
class CallStats:
    """What the last call cost, for progress lines and tests."""

    attempts: int = 0
    delays: list[float] = field(default_factory=list)
    chars: int = 0


class ChatClient:
    """Streamed chat completions with bounded retries and one-line errors."""

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None,
        timeout_s: float,
        max_retries: int,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        import openai

        self.model = model
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.host = endpoint_name(base_url)
        self._secret = api_key or ""
        self._sleep = sleep
        self._clock = clock
        self.last = CallStats()
        self.streaming = True
        """False once the endpoint answered a streamed request with no events (it does not stream)."""
        self._client = openai.OpenAI(
            api_key=api_key or NO_KEY,
            base_url=base_url or None,
            timeout=openai.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
            max_retries=0,
        )

    def close(self) -> None:
        self._client.close()

    def list_models(self) -> list[str]:
        """Model names the endpoint offers (``GET /models``); for ``doctor``-style checks."""
        import openai

        try:
            return sorted(m.id for m in self._client.models.list())
        except openai.APIError as exc:
            raise LLMError(self._describe(exc)) from None

    def complete(
        self,
        messages: list[dict[str, str]],
        *,
        response_format: dict[str, Any] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> str:
        """The assistant's reply text, streamed; retried on 429, 5xx and lost connections.

        Raises ``StructuredOutputRejected`` when ``response_format`` was refused, ``LLMError`` otherwise.
        """
        import openai

        self.last = CallStats()
        attempt = 0
        while True:
            self.last.attempts = attempt + 1
            try:
                if self.streaming:
                    text = self._stream_once(messages, response_format, on_progress)
                else:
                    text = self._plain_once(messages, response_format, on_progress)
                return _THINK.sub("", text).strip()
            except openai.APITimeoutError:
                raise LLMError(
                    f"no reply from {self.host} within {self.timeout_s:g} s "
                    "(a slow local model may need a larger llm.timeout_s)"
                ) from None
            except openai.APIStatusError as exc:
                if response_format is not None and exc.status_code in (400, 415, 422, 501):
                    raise StructuredOutputRejected(self._describe(exc)) from None
                retryable = exc.status_code in (408, 409, 429) or exc.status_code >= 500
                if not retryable:
                    raise LLMError(self._describe(exc)) from None
                delay = self._retry_delay(attempt, exc)
                if attempt >= self.max_retries or delay is None:
                    raise LLMError(self._gave_up(exc, attempt + 1, delay)) from None
            except openai.APIConnectionError as exc:
                delay = self._retry_delay(attempt, None)
                if attempt >= self.max_retries or delay is None:
                    raise LLMError(self._gave_up(exc, attempt + 1, delay)) from None
            except openai.APIError as exc:
                # An error event inside the stream, or a reply the client could not read.
                raise LLMError(self._describe(exc)) from None
            except ValueError as exc:
                # The client hands a body that is not JSON (a proxy's HTML error page) through as is.
                raise LLMError(
                    f"unusable reply from {self.host}: the body is not JSON ({_one_line(str(exc), 80)})"
                ) from None
            self.last.delays.append(delay)
            self._sleep(delay)
            attempt += 1

    # ------------------------------------------------------------------ internals

    def _stream_once(
        self,
        messages: list[dict[str, str]],
        response_format: dict[str, Any] | None,
        on_progress: Callable[[int], None] | None,
    ) -> str:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "stream": True}
        if response_format is not None:
            kwargs["response_format"] = response_format
        started = self._clock()
        cap = self.timeout_s * STREAM_CAP_FACTOR
        parts: list[str] = []
        size = 0
        events = 0
        stream = self._client.chat.completions.create(**kwargs)
        try:
            for chunk in stream:
                events += 1
                for choice in chunk.choices or ():
                    piece = getattr(choice.delta, "content", None) if choice.delta else None
                    if piece:
                        parts.append(piece)
                        size += len(piece)
                        self.last.chars = size
                        if on_progress is not None:
                            on_progress(size)
                if self._clock() - started > cap:
                    raise LLMError(
                        f"the reply from {self.host} was still streaming after {cap:g} s; gave up"
                    )
        finally:
            stream.close()
        if events == 0:
            # Not one event: a server that ignores "stream" and sent a plain body. Ask it plainly.
            self.streaming = False
            return self._plain_once(messages, response_format, on_progress)
        return "".join(parts)

    def _plain_once(
        self,
        messages: list[dict[str, str]],
        response_format: dict[str, Any] | None,
        on_progress: Callable[[int], None] | None,
    ) -> str:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages}
        if response_format is not None:
            kwargs["response_format"] = response_format
        completion = self._client.chat.completions.create(**kwargs)
        choices = getattr(completion, "choices", None)
        if not isinstance(choices, list):
            raise LLMError(f"unusable reply from {self.host}: not a chat completion")
        text = "".join((c.message.content or "") for c in choices[:1] if c.message)
        self.last.chars = len(text)
        if on_progress is not None and text:
            on_progress(len(text))
        return text

    def _retry_delay(self, attempt: int, exc: openai.APIStatusError | None) -> float | None:
        """Seconds to wait before the next attempt, or None when the server asks for too long."""
        if exc is not None:
            asked = retry_after_s(exc.response.headers)
            if asked is not None:
                return asked if asked <= MAX_RETRY_AFTER_S else None
        backoff = min(BACKOFF_BASE_S * 2.0**attempt, BACKOFF_MAX_S)
        # Jitter keeps several clients from retrying in lockstep against one rate limit.
        return backoff * (0.75 + 0.25 * random.random())

    def _gave_up(self, exc: Exception, attempts: int, delay: float | None) -> str:
        reason = self._describe(exc)
        if delay is None:
            return f"{reason}; the server asked to wait more than {MAX_RETRY_AFTER_S:g} s"
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        return f"{reason}; gave up after {tries}"

    def _describe(self, exc: Exception) -> str:
        import openai

        if isinstance(exc, openai.APIStatusError):
            code = exc.status_code
            detail = _server_message(exc)
            what = {
                401: "the endpoint refused the API key",
                403: "the endpoint refused access",
                404: f"model {self.model!r} or the chat endpoint was not found",
                429: "rate limited",
            }.get(code, "server error" if code >= 500 else "request refused")
            text = f"{what} (HTTP {code} from {self.host})"
            if detail:
                text += f": {detail}"
        elif isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__
            text = f"cannot reach {self.host}"
            if cause is not None and str(cause):
                text += f" ({_one_line(str(cause), 100)})"
        else:
            text = f"unusable reply from {self.host}: {_one_line(str(exc), 120)}"
        return self.redact(text)

    def redact(self, text: str) -> str:
        """``text`` with the key, and any long piece of it a server echoed back, masked."""
        secret = self._secret
        if len(secret) < 6:
            return text
        text = text.replace(secret, "***")

        def mask(match: re.Match[str]) -> str:
            token = match.group(0)
            return "***" if len(token) >= 6 and token in secret else token

        return re.sub(r"[A-Za-z0-9_\-]{6,}", mask, text)


def endpoint_name(base_url: str | None) -> str:
    """A short, credential-free name for the endpoint, for messages."""
    if not base_url:
        return "api.openai.com"
    parts = urlsplit(base_url)
    host = parts.hostname or base_url
    return f"{host}:{parts.port}" if parts.port else host


def retry_after_s(headers: Any) -> float | None:
    """The server's requested pause (``retry-after-ms``, ``retry-after`` seconds or date), if any."""
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / divisor
        except ValueError:
            parsed = email.utils.parsedate_tz(value) if divisor == 1.0 else None
            if parsed is None:
                continue
            seconds = email.utils.mktime_tz(parsed) - time.time()
        if seconds != seconds or seconds == float("inf"):  # NaN or infinite
            return MAX_RETRY_AFTER_S + 1
        return max(0.0, seconds)
    return None


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    message: Any = None
    if isinstance(body, dict):
        error = body.get("error", body)
        message = error.get("message") if isinstance(error, dict) else error
        if message is None and isinstance(body.get("detail"), str):
            message = body["detail"]
    elif isinstance(body, str):
        message = body
    return _one_line(str(message), 120) if message else ""


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
