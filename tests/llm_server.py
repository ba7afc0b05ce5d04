"""A local OpenAI-compatible HTTP server for the LLM tests, scripted per test.

It runs on 127.0.0.1 on a free port in a thread (stdlib ``http.server``) and serves
``POST /v1/chat/completions`` (streaming SSE and plain JSON) and ``GET /v1/models``. Each chat request
takes the next ``Reply`` from the script (the last one repeats when the script runs out), so a test can
say "429, then success" or "500 forever". It records every request (path, headers, JSON body) so tests
can count attempts and inspect what the client sent.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What the server does with one chat request."""

    content: str = ""
    """The assistant's message text (split into several SSE chunks when the request streams)."""
    status: int = 200
    error: str = "scripted failure"
    """The error message in the JSON body of a non-200 reply."""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    """Sleep before answering (longer than the client's timeout to provoke one)."""
    raw_body: bytes | None = None
    """Send these bytes as the body instead (for replies the client cannot parse)."""
    chunk_delay_s: float = 0.0
    """Streaming: sleep before each chunk (a slow model)."""
    error_event: str | None = None
    """Streaming: after the first chunk, send an SSE error event with this message and stop."""
    cut_after: int | None = None
    """Streaming: drop the connection after this many chunks, mid-reply."""


def ok(content: str | dict[str, Any]) -> Reply:
    return Reply(content=content if isinstance(content, str) else json.dumps(content))


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    """Lower-case header names."""
    body: dict[str, Any] | None
    at: float


class LLMServer:
    """``with LLMServer([Reply(status=429), ok(...)]) as server: ... server.url ...``"""

    def __init__(
        self,
        script: list[Reply] | None = None,
        *,
        json_schema: bool = True,
        model: str = "test-model",
        chunk_size: int = 40,
        streaming: bool = True,
    ) -> None:
        self.script = list(script or [ok("")])
        self.json_schema = json_schema
        """False: refuse ``response_format`` json_schema with HTTP 400, like many local servers."""
        self.model = model
        self.chunk_size = chunk_size
        self.streaming = streaming
        """False: answer every request with one JSON body, even when it asks to stream."""
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> LLMServer:
        server = self

        class Handler(_Handler):
            owner = server

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        httpd.block_on_close = (
            False  # a handler sleeping past the client's timeout must not hold stop()
        )
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, args=(0.05,), name="llm-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ for tests

    @property
    def chat_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next_reply(self) -> Reply:
        with self._lock:
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)


class _Handler(BaseHTTPRequestHandler):
    owner: LLMServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        return None

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout); nothing to answer

    def _read_body(self) -> dict[str, Any] | None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            data = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            return None
        return data if isinstance(data, dict) else None

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.owner._record(
            Request(
                "GET",
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                None,
                time.monotonic(),
            )
        )
        if self.path.rstrip("/").endswith("/models"):
            model = {"id": self.owner.model, "object": "model", "created": 0, "owned_by": "test"}
            self._send_json(200, {"object": "list", "data": [model]})
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        body = self._read_body()
        owner = self.owner
        owner._record(
            Request(
                "POST",
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                body,
                time.monotonic(),
            )
        )
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}"}})
            return
        if body is None:
            self._send_json(400, {"error": {"message": "body is not a JSON object"}})
            return
        response_format = body.get("response_format") or {}
        if not owner.json_schema and response_format.get("type") == "json_schema":
            self._send_json(
                400,
                {"error": {"message": "response_format type json_schema is not supported"}},
            )
            return
        reply = owner._next_reply()
        if reply.delay_s and owner._stopping.wait(reply.delay_s):
            return
        if reply.raw_body is not None:
            self.send_response(reply.status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(reply.raw_body)))
            self.end_headers()
            self.wfile.write(reply.raw_body)
            return
        if reply.status != 200:
            error = {"message": reply.error, "type": "scripted", "code": reply.status}
            self._send_json(reply.status, {"error": error}, reply.headers)
            return
        if body.get("stream") and owner.streaming:
            self._stream(reply, str(body.get("model")))
        else:
            self._send_json(200, _completion(reply.content, str(body.get("model"))), reply.headers)

    def _stream(self, reply: Reply, model: str) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        # Chunked, as real servers stream: a connection dropped mid-reply is then detectable.
        self.send_header("transfer-encoding", "chunked")
        self.send_header("connection", "close")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.close_connection = True
        text = reply.content
        size = self.owner.chunk_size
        pieces = [text[i : i + size] for i in range(0, len(text), size)] or [""]
        for index, piece in enumerate(pieces):
            if reply.cut_after is not None and index >= reply.cut_after:
                # Abort the response mid-body, as a crashing server would.
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if reply.chunk_delay_s and self.owner._stopping.wait(reply.chunk_delay_s):
                return
            delta: dict[str, Any] = {"content": piece}
            if index == 0:
                delta["role"] = "assistant"
            self._event(_chunk(model, delta, None))
            if reply.error_event is not None:
                self._event({"error": {"message": reply.error_event, "type": "server_error"}})
                self._write_chunk(b"")
                return
        self._event(_chunk(model, {}, "stop"))
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _event(self, payload: dict[str, Any]) -> None:
        self._write_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def _chunk(model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
