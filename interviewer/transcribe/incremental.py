"""Transcription while the candidate speaks.

The recorder hands every ~0.1 s block to ``feed``, which only queues a copy. One worker thread runs
the VAD over the queued audio, cuts chunks at pauses, and transcribes each chunk once as soon as it
is cut, shifting its words onto the answer's clock. The live transcript (``partial``) grows chunk by
chunk. When the candidate stops, ``finish`` flushes the last chunk: only that one is left to do, so
the final transcript is ready in about the time one chunk takes, whatever the answer's length.

CTranslate2 releases the GIL while it runs, so the worker does not freeze a Textual UI; there is
one worker because the machine's cores are shared with everything else.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from interviewer.errors import UserError
from interviewer.transcribe.pipeline import new_builder
from interviewer.transcribe.segmenter import SAMPLE_RATE, Chunk, Segmenter

if TYPE_CHECKING:
    import numpy as np

    from interviewer.models import Transcript
    from interviewer.transcribe.engine import Engine

log = logging.getLogger(__name__)
_STOP = object()


def mono_float32(block: np.ndarray) -> np.ndarray:
    """A recorder block as a new mono float32 array: the first of one column, the mean of several,
    int16 scaled to [-1, 1). Always a copy, since the recorder reuses its buffers."""
    import numpy as np

    data = np.asarray(block)
    if data.ndim == 2:
        data = data[:, 0] if data.shape[1] == 1 else data.mean(axis=1)
    if data.dtype == np.int16:
        return data.astype(np.float32) / 32768.0
    return np.array(data, dtype=np.float32, copy=True)


class IncrementalTranscriber:
    """Feed 16 kHz mono float32 blocks while recording; ``finish()`` returns the transcript."""

    def __init__(
        self, engine: Engine, *, on_update: Callable[[Transcript], None] | None = None
    ) -> None:
        self.engine = engine
        self.on_update = on_update
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._builder = new_builder(engine)
        self._segmenter: Segmenter | None = None
        self._thread = threading.Thread(target=self._run, name="transcriber", daemon=True)
        self._start_lock = threading.Lock()
        self._closed = False
        self._cancelled = threading.Event()
        self._error: BaseException | None = None
        self._fed = 0  # samples queued
        self._consumed = 0  # samples the worker has taken through VAD and chunking
        self._idle = threading.Condition()
        self._max_lag_s = 0.0
        self._result: Transcript | None = None

    # ------------------------------------------------------------------ recorder side

    def feed(self, block: np.ndarray) -> None:
        """Queue a block (copied; the caller may reuse its buffer). Cheap; safe from any thread."""
        if self._closed:
            return
        data = mono_float32(block)
        if data.size == 0:
            return
        self._fed += int(data.shape[0])
        self._queue.put(data)
        self._ensure_started()

    def _ensure_started(self) -> None:
        with self._start_lock:
            if not self._thread.is_alive() and self._thread.ident is None:
                self._thread.start()

    def partial(self) -> Transcript:
        """What is known so far: words of the chunks already transcribed."""
        seg = self._segmenter
        regions = seg.speech_regions if seg is not None else []
        return self._builder.build(
            duration_s=self._fed / SAMPLE_RATE,
            speech_regions=regions,
            final=False,
            extra_meta={"mode": "incremental"},
        )

    def finish(self) -> Transcript:
        """Flush the last chunk, wait for the worker, and return the final transcript."""
        if self._result is not None:
            return self._result
        if self._cancelled.is_set():
            raise UserError("transcription was cancelled")
        stopped = time.perf_counter()
        self._closed = True
        self._queue.put(_STOP)
        self._ensure_started()
        self._thread.join()
        if self._error is not None:
            if isinstance(self._error, UserError):
                raise self._error
            raise UserError(
                f"transcription failed: {type(self._error).__name__}: {self._error}"
            ) from None
        seg = self._segmenter
        self._result = self._builder.build(
            duration_s=self._fed / SAMPLE_RATE,
            speech_regions=seg.speech_regions if seg is not None else [],
            final=True,
            extra_meta={
                "mode": "incremental",
                "timing": {
                    "finish_latency_s": round(time.perf_counter() - stopped, 3),
                    "max_lag_s": round(self._max_lag_s, 3),
                },
            },
        )
        return self._result

    def cancel(self) -> None:
        """Stop soon and drop the rest (the chunk being decoded, if any, still completes)."""
        self._cancelled.set()
        self._closed = True
        self._queue.put(_STOP)

    @property
    def backlog_s(self) -> float:
        """Audio fed but not yet taken by the worker, in seconds (0 when it keeps up)."""
        return max(0, self._fed - self._consumed) / SAMPLE_RATE

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until everything fed so far is through VAD and every chunk cut so far is transcribed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while self._consumed < self._fed and self._error is None and self._thread.is_alive():
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._idle.wait(remaining if remaining is not None else 0.5)
        return self._consumed >= self._fed

    @property
    def error(self) -> str | None:
        return None if self._error is None else str(self._error)

    # ------------------------------------------------------------------ worker

    def _run(self) -> None:
        try:
            self._segmenter = Segmenter()
            while True:
                item = self._queue.get()
                if item is _STOP:
                    break
                if self._cancelled.is_set():
                    continue
                for chunk in self._segmenter.push(item):
                    self._transcribe(chunk)
                with self._idle:
                    self._consumed += int(item.shape[0])
                    self._idle.notify_all()
            if not self._cancelled.is_set():
                for chunk in self._segmenter.finish():
                    self._transcribe(chunk)
        except BaseException as exc:  # reported by finish(); the recorder thread must not die
            self._error = exc
            log.warning("transcriber worker failed: %s", exc)
        finally:
            with self._idle:
                self._idle.notify_all()

    def _transcribe(self, chunk: Chunk) -> None:
        if self._cancelled.is_set():
            return
        # How far behind the live audio this chunk is picked up: shows whether the worker keeps up.
        self._max_lag_s = max(self._max_lag_s, (self._fed - chunk.end) / SAMPLE_RATE)
        result = self.engine.transcribe_chunk(chunk.audio, context=self._builder.context)
        self._builder.add(chunk, result)
        if self.on_update is not None and not self._closed:
            try:
                self.on_update(self.partial())
            except Exception:  # a UI callback's bug must not stop transcription
                log.exception("on_update callback failed")
