"""The Whisper model in a child process, so the interface never waits on it.

Threads of one process share one interpreter lock. CTranslate2 releases it while it decodes, but
the work around the model holds it: Silero VAD through onnxruntime (up to 43 ms per 25 s batch,
measured), the mel features in numpy, faster-whisper's word alignment and the transcript assembly.
In a child process none of that can touch the interface's interpreter, whatever the model's size,
and a crash in the model cannot take the interface down. (The screen's longest freezes while
transcribing, 140-210 ms, came from these holds together with full garbage collections in the
interface's process; see docs/tui.md.)

:class:`ModelProcess` starts the child, which loads one :class:`~interviewer.transcribe.Engine`
for the whole session and transcribes one answer at a time with the same
:class:`~interviewer.transcribe.IncrementalTranscriber` as the in-process path, so both give the
same transcript. Audio goes down a pipe as raw float32 bytes (6.4 kB per 0.1 s block); partial and
final transcripts come back as pickled ``Transcript`` objects. A child that dies is reported as a
failed transcription of the answer in progress (the recorder keeps its WAV, so ``sessions
recover`` can transcribe it later) and the next answer starts a new child.

The child is started with ``spawn``: forking a process that runs a UI and audio threads is unsafe.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.errors import UserError
from interviewer.transcribe.catalog import resolve_model

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    import numpy as np

    from interviewer.models import Transcript
    from interviewer.settings import TranscribeSettings

log = logging.getLogger(__name__)

LOG_NAME = "transcriber.log"
LOG_MAX_BYTES = 1_000_000
STOP_GRACE_S = 3.0
READER_GRACE_S = 5.0
CHILD_NICE = 5


class ModelProcess:
    """A Whisper model served by a child process: ``ready``/``error`` for pre-flight, ``transcriber``
    for each answer. Thread-safe; the child is started on first use or by ``load_in_background``."""

    def __init__(self, model: str, **engine_options: Any) -> None:
        # Resolve here, in the parent: an unknown model is the user's error to see before a round.
        self.path: Path = resolve_model(model)
        self.name = model
        self._options = dict(engine_options)
        self._lock = threading.RLock()
        self._send_lock = threading.Lock()
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._reader: threading.Thread | None = None
        self._loaded = threading.Event()
        self._answers: dict[int, RemoteTranscriber] = {}
        self._ids = itertools.count(1)
        self.error: str | None = None
        self.load_seconds: float | None = None
        self.restarts = 0

    @classmethod
    def from_settings(cls, s: TranscribeSettings, model: str | None = None) -> ModelProcess:
        from interviewer.transcribe.engine import engine_options

        return cls(model or s.model, **engine_options(s))

    # ------------------------------------------------------------------ the model's state

    @property
    def ready(self) -> bool:
        return self._loaded.is_set() and self.error is None

    @property
    def alive(self) -> bool:
        proc = self._proc
        return proc is not None and proc.is_alive()

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    def load_in_background(self) -> None:
        """Start the child; it loads the model while the parent goes on."""
        self._ensure_started()

    def wait_loaded(self, timeout: float | None = None) -> bool:
        """Block until the model is loaded (True) or failed to load / the timeout passed (False)."""
        self._ensure_started()
        self._loaded.wait(timeout)
        return self.ready

    # ------------------------------------------------------------------ answers

    def transcriber(
        self, on_update: Callable[[Transcript], None] | None = None
    ) -> RemoteTranscriber:
        """A transcriber for one answer, fed like ``IncrementalTranscriber``."""
        self._ensure_started()
        with self._lock:
            answer = RemoteTranscriber(self, next(self._ids), on_update)
            self._answers[answer.id] = answer
        answer._start()
        return answer

    def close(self) -> None:
        """Ask the child to stop; kill it if it does not within a few seconds."""
        with self._lock:
            proc, conn, reader = self._proc, self._conn, self._reader
            self._proc = self._conn = None
        if proc is None:
            return
        with contextlib.suppress(OSError, ValueError):
            self._send(("close",), conn)
        proc.join(STOP_GRACE_S)
        if proc.is_alive():
            proc.kill()
            proc.join(1.0)
        # The reader sees the child's end of the pipe close, fails what was left and closes ours.
        if reader is not None:
            reader.join(READER_GRACE_S)

    def kill(self) -> None:
        """Kill the child at once (tests, and a stuck model); the answer in progress fails."""
        proc = self._proc
        if proc is not None and proc.is_alive():
            proc.kill()
            proc.join(2.0)

    # ------------------------------------------------------------------ plumbing

    def _ensure_started(self) -> None:
        import multiprocessing

        with self._lock:
            if self._proc is not None and self._proc.is_alive():
                return
            if self._proc is not None:  # it died: start over with a fresh child
                self.restarts += 1  # (the old reader closes the old pipe when it sees the end)
            ctx = multiprocessing.get_context("spawn")
            parent, child = ctx.Pipe(duplex=True)
            self._loaded.clear()
            self.error = None
            options = {"model": str(self.path), **self._options}
            proc = ctx.Process(
                target=serve,
                args=(child, options, _log_path()),
                name="interviewer-transcriber",
                daemon=True,
            )
            proc.start()
            child.close()  # the parent's copy: EOF reaches the reader when the child dies
            self._proc, self._conn = proc, parent
            self._reader = threading.Thread(
                target=self._read, args=(proc, parent), name="transcriber-reader", daemon=True
            )
            self._reader.start()

    def _send(self, message: tuple[Any, ...], conn: Connection | None = None) -> None:
        conn = conn if conn is not None else self._conn
        if conn is None:
            raise OSError("the transcription process is not running")
        with self._send_lock:
            conn.send(message)

    def _read(self, proc: BaseProcess, conn: Connection) -> None:
        """Dispatch the child's messages until it exits; then fail what it left unfinished."""
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError, TypeError):  # TypeError: the pipe was closed under us
                break
            kind = message[0]
            if kind == "loaded":
                self.load_seconds = message[1]
                self.error = None
                self._loaded.set()
            elif kind == "load_error":
                self.error = message[1]
                self._loaded.set()
            else:
                answer = self._answers.get(message[1])
                if answer is None:
                    continue
                if kind == "partial":
                    answer._on_partial(message[2])
                elif kind == "final":
                    answer._done(message[2], None)
                elif kind == "failed":
                    answer._done(None, message[2])
        proc.join(1.0)
        code = proc.exitcode
        with self._lock:
            orphans = [a for a in self._answers.values() if a.owner_pid == proc.pid]
        for answer in orphans:
            answer._done(
                None,
                f"the transcription process stopped unexpectedly (exit code {code}); "
                "the recording is kept",
            )
        if not self._loaded.is_set():
            self.error = self.error or f"the transcription process stopped (exit code {code})"
            self._loaded.set()
        conn.close()

    def _forget(self, answer_id: int) -> None:
        with self._lock:
            self._answers.pop(answer_id, None)


class RemoteTranscriber:
    """One answer's transcriber on the parent side: the same calls as ``IncrementalTranscriber``."""

    def __init__(
        self, owner: ModelProcess, answer_id: int, on_update: Callable[[Transcript], None] | None
    ) -> None:
        self.owner = owner
        self.id = answer_id
        self.on_update = on_update
        self.owner_pid = owner.pid
        self._finished = threading.Event()
        self._result: Transcript | None = None
        self._error: str | None = None
        self._partial: Transcript | None = None
        self._closed = False

    def _start(self) -> None:
        try:
            self.owner._send(("begin", self.id))
        except (OSError, ValueError) as exc:
            self._gone(exc)

    def _gone(self, exc: BaseException) -> None:
        """The pipe is broken: the reader reports how the child ended (with its exit code)."""
        if not self._finished.wait(READER_GRACE_S):
            self._done(
                None, f"the transcription process is not running ({exc}); the recording is kept"
            )

    # ------------------------------------------------------------------ recorder side

    def feed(self, block: np.ndarray) -> None:
        """Send a block to the child. Cheap; safe from any thread; a dead child drops it."""
        from interviewer.transcribe.incremental import mono_float32

        if self._closed or self._finished.is_set():
            return
        data = mono_float32(block)
        if data.size == 0:
            return
        try:
            self.owner._send(("audio", self.id, data.tobytes()))
        except (OSError, ValueError):
            pass  # the reader reports the dead child to finish(); the recorder must go on

    # ------------------------------------------------------------------ round side

    def partial(self) -> Transcript | None:
        """The last live transcript the child sent (``None`` before the first chunk)."""
        return self._partial

    def finish(self, timeout: float | None = None) -> Transcript:
        """Ask the child for the final transcript and wait for it."""
        if not self._closed and not self._finished.is_set():
            self._closed = True
            try:
                self.owner._send(("finish", self.id))
            except (OSError, ValueError) as exc:
                self._gone(exc)
        if not self._finished.wait(timeout):
            raise UserError("transcription did not finish in time; the recording is kept")
        if self._error is not None:
            raise UserError(f"transcription failed: {self._error}")
        assert self._result is not None
        return self._result

    def cancel(self) -> None:
        """Drop this answer's transcription; the child stops after the chunk it is decoding."""
        if self._finished.is_set():
            return
        self._closed = True
        with contextlib.suppress(OSError, ValueError):
            self.owner._send(("cancel", self.id))
        self._done(None, "transcription was cancelled")

    # ------------------------------------------------------------------ from the reader thread

    def _on_partial(self, transcript: Transcript) -> None:
        self._partial = transcript
        if self.on_update is not None and not self._closed:
            try:
                self.on_update(transcript)
            except Exception:  # a UI callback's bug must not stop transcription
                log.exception("on_update callback failed")

    def _done(self, result: Transcript | None, error: str | None) -> None:
        if self._finished.is_set():
            return
        self._result, self._error = result, error
        self._finished.set()
        self.owner._forget(self.id)


# ---------------------------------------------------------------------- the child


def _log_path() -> str | None:
    """Where the child writes what it would otherwise print over the interface."""
    try:
        from interviewer.paths import cache_dir, ensure_private_dir

        folder = ensure_private_dir(cache_dir())
    except Exception:  # no writable cache: the child's output goes nowhere
        return None
    path = folder / LOG_NAME
    with contextlib.suppress(OSError):
        if path.stat().st_size > LOG_MAX_BYTES:
            path.unlink()
    return str(path)


def _quiet(log_path: str | None) -> None:
    """Point the child's stdout and stderr away from the terminal the interface draws on."""
    target = log_path or os.devnull
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    logging.basicConfig(
        level=logging.WARNING, format=f"%(asctime)s pid {os.getpid()} %(name)s: %(message)s"
    )


def lower_priority() -> None:
    """Make the child yield the CPU to the interface, also when other programs keep it busy.

    Transcription is background work with time to spare (real-time factor ~0.2 at base size),
    so the child is niced. On Linux that is not enough: with autogroup scheduling, on by default on
    most desktops, the kernel first shares the CPU between sessions and only then, inside each one,
    by niceness, and a busy thread's session weighs on every core its session runs on. Sharing the
    interface's session, the child used up that session's share whenever another program was busy,
    and the interface's thread queued behind it. Its own session gives it an ordinary share of
    spare CPU and leaves the interface's session its own (docs/tui.md has the measurements).
    """
    with contextlib.suppress(OSError, AttributeError):  # no sessions on Windows
        os.setsid()
    with contextlib.suppress(OSError, AttributeError):  # no os.nice on Windows
        os.nice(CHILD_NICE)


def serve(conn: Connection, options: dict[str, Any], log_path: str | None = None) -> None:
    """The child's main loop: load the model, then transcribe the answers the parent sends."""
    # Ctrl+C belongs to the interface, which closes us; the child ends when the pipe closes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lower_priority()
    _quiet(log_path)
    import numpy as np

    from interviewer.transcribe.engine import Engine
    from interviewer.transcribe.incremental import IncrementalTranscriber

    send_lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with send_lock, contextlib.suppress(OSError, ValueError):
            conn.send(message)

    def send_partial(answer_id: int, transcript: Transcript) -> None:
        send(("partial", answer_id, transcript))

    model = options.pop("model")
    engine = Engine(model, **options)

    def load() -> None:
        started = time.perf_counter()
        try:
            engine.load()
            from faster_whisper.vad import get_vad_model

            get_vad_model()  # the first answer should not wait for the VAD either
        except UserError as exc:
            send(("load_error", str(exc)))
            return
        except Exception as exc:
            send(("load_error", f"{type(exc).__name__}: {exc}"))
            return
        send(("loaded", round(time.perf_counter() - started, 3)))

    threading.Thread(target=load, name="whisper-load", daemon=True).start()

    def finish(answer_id: int, transcriber: IncrementalTranscriber) -> None:
        try:
            send(("final", answer_id, transcriber.finish()))
        except UserError as exc:
            send(("failed", answer_id, str(exc)))
        except Exception as exc:
            send(("failed", answer_id, f"{type(exc).__name__}: {exc}"))

    answers: dict[int, IncrementalTranscriber] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break  # the parent is gone
        op = message[0]
        if op == "audio":
            transcriber = answers.get(message[1])
            if transcriber is not None:
                transcriber.feed(np.frombuffer(message[2], dtype=np.float32))
        elif op == "begin":
            answer_id = message[1]
            answers[answer_id] = IncrementalTranscriber(
                engine, on_update=functools.partial(send_partial, answer_id)
            )
        elif op == "finish":
            transcriber = answers.pop(message[1], None)
            if transcriber is not None:
                threading.Thread(
                    target=finish, args=(message[1], transcriber), name="finish", daemon=True
                ).start()
        elif op == "cancel":
            transcriber = answers.pop(message[1], None)
            if transcriber is not None:
                transcriber.cancel()
        elif op == "close":
            break
    for transcriber in answers.values():
        transcriber.cancel()
