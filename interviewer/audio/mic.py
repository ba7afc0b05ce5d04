"""The microphone as an :class:`~interviewer.audio.AudioSource`.

The PortAudio callback runs on a real-time thread: it only copies the block into a queue and counts
overflows, so it can never make the device drop audio. Conversion to 16 kHz mono (when the device
refuses 16 kHz) happens on the reading side. The queue is unbounded on purpose: if the consumer
stalls, memory grows for a while instead of audio being lost.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING, Any

from interviewer.audio.devices import Device, _sd, resolve_device
from interviewer.errors import UserError

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16000
_END = None  # queue sentinel: the stream has finished


class MicrophoneSource:
    """Capture from an input device, delivering float32 mono blocks at ``samplerate``."""

    def __init__(
        self,
        device: str | int | None = None,
        *,
        samplerate: int = SAMPLE_RATE,
        blocksize: int = 1600,
        device_samplerate: int | None = None,
    ) -> None:
        """``device``: name substring or index (None: system default). ``device_samplerate`` forces the
        rate the device is opened at (default: ``samplerate`` if the device accepts it, else its own)."""
        self.samplerate = samplerate
        self.blocksize = blocksize
        self.device: Device = resolve_device(device, "input")
        self.requested_device_rate = device_samplerate
        self.device_rate: int = samplerate
        self.channels = 1
        self.overflows = 0
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue()
        self._stream: Any = None
        self._resampler: Any = None
        self._ended = False
        self._end_queued = False
        self._lock = threading.Lock()

    def _open_rate(self, sd: Any) -> int:
        if self.requested_device_rate:
            return int(self.requested_device_rate)
        try:
            sd.check_input_settings(
                device=self.device.index, channels=1, dtype="float32", samplerate=self.samplerate
            )
            return self.samplerate
        except sd.PortAudioError:
            return int(self.device.default_samplerate) or 48000

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if status.input_overflow:
            self.overflows += 1
        self._queue.put(indata.copy())

    def _finished(self) -> None:
        if not self._end_queued:
            self._end_queued = True
            self._queue.put(_END)

    def start(self) -> None:
        sd = _sd()
        from interviewer.audio.resample import Resampler

        with self._lock:
            if self._stream is not None:
                return
            self.device_rate = self._open_rate(sd)
            self._resampler = (
                Resampler(self.device_rate, self.samplerate)
                if self.device_rate != self.samplerate
                else None
            )
            block = max(1, round(self.blocksize * self.device_rate / self.samplerate))
            # Some hardware inputs only open in stereo; then both channels are averaged.
            layouts = [1] + ([2] if self.device.inputs >= 2 else [])
            stream = None
            for channels in layouts:
                try:
                    stream = sd.InputStream(
                        device=self.device.index,
                        channels=channels,
                        samplerate=self.device_rate,
                        dtype="float32",
                        blocksize=block,
                        callback=self._callback,
                        finished_callback=self._finished,
                    )
                    stream.start()
                    self.channels = channels
                    break
                except sd.PortAudioError as exc:
                    if stream is not None:
                        stream.close()
                        stream = None
                    if channels == layouts[-1]:
                        raise UserError(
                            f"cannot open microphone {self.device.name!r} at {self.device_rate} Hz: {exc}",
                            hint="another app may hold it, or the OS denies microphone access; "
                            "`interviewer devices` lists the others",
                        ) from None
            self._stream = stream
            self._ended = False
            self._end_queued = False

    def read(self, timeout: float = 0.5) -> np.ndarray | None:
        import numpy as np

        if self._ended:
            return None
        try:
            block = self._queue.get(timeout=timeout)
        except queue.Empty:
            return np.zeros(0, np.float32)
        if block is None:
            self._ended = True
            if self._resampler is not None:
                tail = self._resampler.flush()
                self._resampler = None
                if tail.size:
                    self._queue.put(None)
                    self._ended = False
                    return tail
            return None
        if block.ndim == 2:
            mono = block[:, 0] if block.shape[1] == 1 else block.mean(axis=1, dtype=np.float32)
        else:
            mono = block
        if self._resampler is not None:
            return self._resampler.process(mono)
        return mono

    def stop(self) -> None:
        """Stop capturing now. Blocks already captured stay readable; ``read`` returns None after them."""
        with self._lock:
            stream, self._stream = self._stream, None
        try:
            if stream is not None:
                # abort, not stop: stop waits for the device to fill its current buffer, which
                # hangs forever on a stalled input (unplugged USB, an unfed pipe). Everything the
                # callback already delivered is in the queue; only audio after the request is dropped.
                stream.abort()
                stream.close()
        finally:
            self._finished()  # no-op when PortAudio already reported the end
