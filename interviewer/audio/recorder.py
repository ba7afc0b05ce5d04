"""Recording one answer: source -> WAV on disk, level meter, and the transcriber's feed, at once.

One thread pulls blocks from the source and, for each block, first appends it to the WAV (so the
audio is safe before anything else can fail), then updates the levels, then hands it to each
listener (the incremental transcriber). A listener that raises is recorded in ``listener_errors``
and not called again; the recording itself carries on, because losing the answer is the worst
outcome. The first second is checked for a dead microphone: digital silence is what a missing OS
permission or a muted input delivers, with no error from the driver.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.audio.levels import DEAD_DBFS, Level, LevelStats, from_dbfs, measure
from interviewer.audio.wavfile import WavWriter

if TYPE_CHECKING:
    import numpy as np

    from interviewer.audio import AudioSource

log = logging.getLogger(__name__)
SAMPLE_RATE = 16000

DEAD_MIC_ADVICE = (
    "no sound from the microphone (digital silence). Check that it is not muted and that this app may "
    "use it: macOS System Settings > Privacy & Security > Microphone; Windows Settings > Privacy > "
    "Microphone; Linux: pavucontrol (Input Devices) or `pactl list sources`. Then run `interviewer mic-check`."
)


@dataclass
class Recording:
    """A finished recording: where it is and what happened while it was made."""

    path: Path
    duration_s: float
    samples: int
    overflows: int
    dead_mic: bool
    listener_errors: list[BaseException] = field(default_factory=list)
    error: str | None = None
    """Why recording stopped early (device lost, disk full); the WAV holds everything before it."""
    stats: LevelStats | None = None


class AnswerRecorder:
    """Record an :class:`AudioSource` into a WAV file while feeding a meter and listeners."""

    def __init__(
        self,
        source: AudioSource,
        wav_path: Path,
        *,
        on_level: Callable[[Level], None] | None = None,
        listeners: Sequence[Callable[[np.ndarray], None]] = (),
        samplerate: int = SAMPLE_RATE,
    ) -> None:
        self.source = source
        self.wav_path = Path(wav_path)
        self.on_level = on_level
        self.listeners = list(listeners)
        self.samplerate = samplerate
        self.level = Level()
        self.stats = LevelStats(samplerate=samplerate)
        self.dead_mic = False
        self.listener_errors: list[BaseException] = []
        self.error: str | None = None
        self._failed_listeners: set[int] = set()
        self._writer: WavWriter | None = None
        self._thread: threading.Thread | None = None
        self._done = threading.Event()
        self._stop = threading.Event()
        self._first_second_peak = 0.0
        self._checked_dead = False
        self._recording: Recording | None = None

    @property
    def elapsed_s(self) -> float:
        return self.stats.samples / self.samplerate

    @property
    def samples(self) -> int:
        return self.stats.samples

    @property
    def running(self) -> bool:
        return self._thread is not None and not self._done.is_set()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("AnswerRecorder.start() called twice")
        # Opening the file and the device here (not in the thread) lets their errors reach the caller.
        self._writer = WavWriter(self.wav_path, samplerate=self.samplerate)
        try:
            self.source.start()
        except BaseException:
            self._writer.close()
            self.wav_path.unlink(missing_ok=True)  # nothing was recorded: leave no empty file
            raise
        self._thread = threading.Thread(target=self._run, name="answer-recorder", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self._writer is not None
        try:
            while True:
                try:
                    block = self.source.read(timeout=0.2)
                except Exception as exc:  # device lost mid-answer: keep what we have
                    log.exception("audio source failed")
                    self.error = f"audio source failed: {exc}"
                    break
                if block is None:
                    break
                if block.size == 0:
                    continue
                try:
                    self._writer.write(block)
                except OSError as exc:
                    self.error = f"cannot write {self.wav_path}: {exc.strerror or exc}"
                    log.error(self.error)
                    break
                self._measure(block)
                self._feed(block)
        finally:
            try:
                self._writer.close()
            except OSError as exc:
                self.error = self.error or f"cannot finish {self.wav_path}: {exc.strerror or exc}"
            if self.error:
                try:
                    self.source.stop()
                except Exception:
                    log.exception("stopping the audio source failed")
            self._done.set()

    def _measure(self, block: np.ndarray) -> None:
        before = self.stats.samples
        self.stats.add(block)
        self.level = measure(block)
        if not self._checked_dead:
            self._first_second_peak = max(self._first_second_peak, self.level.peak)
            if before + block.size >= self.samplerate:
                self._checked_dead = True
                self.dead_mic = self._first_second_peak < from_dbfs(DEAD_DBFS)
                if self.dead_mic:
                    log.info("dead microphone: %s", DEAD_MIC_ADVICE)
        if self.on_level is not None:
            try:
                self.on_level(self.level)
            except Exception as exc:
                log.exception("level callback failed")
                self.listener_errors.append(exc)
                self.on_level = None

    def _feed(self, block: np.ndarray) -> None:
        for i, listener in enumerate(self.listeners):
            if i in self._failed_listeners:
                continue
            try:
                listener(block)
            except Exception as exc:
                log.exception("audio listener %r failed; it gets no more audio", listener)
                self.listener_errors.append(exc)
                self._failed_listeners.add(i)

    def _result(self) -> Recording:
        if self._recording is None:
            self._recording = Recording(
                path=self.wav_path,
                duration_s=self.elapsed_s,
                samples=self.stats.samples,
                overflows=int(getattr(self.source, "overflows", 0)),
                dead_mic=self.dead_mic,
                listener_errors=list(self.listener_errors),
                error=self.error,
                stats=self.stats,
            )
        return self._recording

    def stop(self) -> Recording:
        """Stop the source, write out everything it already captured, finalise the WAV."""
        if self._thread is None:
            raise RuntimeError("AnswerRecorder.stop() before start()")
        self.source.stop()
        self._thread.join()
        return self._result()

    def wait(self, timeout: float | None = None) -> Recording | None:
        """Wait until the source ends by itself (a file source); None if ``timeout`` passed first."""
        if self._thread is None:
            raise RuntimeError("AnswerRecorder.wait() before start()")
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._done.wait(0.1):
            if deadline is not None and time.monotonic() >= deadline:
                return None
        self._thread.join()
        return self._result()
