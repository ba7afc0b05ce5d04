"""Interruptible playback through sounddevice (spoken questions, replaying an answer).

Playback runs in PortAudio's callback, so the caller is never blocked and ``stop()`` silences it
within one buffer. Audio the device cannot take at its own rate is resampled first. The time of the
first callback is recorded, which is how the TTS benchmark measures "time to first sound".
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.audio.devices import Device, _sd, resolve_device
from interviewer.errors import UserError

if TYPE_CHECKING:
    import numpy as np


class Playback:
    """One sound being played. ``stop()`` interrupts it; ``wait()`` blocks until it ends."""

    def __init__(self, audio: np.ndarray, samplerate: int, device: Device) -> None:
        self.audio = audio
        self.samplerate = samplerate
        self.device = device
        self.started_at: float | None = None
        """``time.monotonic()`` of the first callback: when the first samples went to the device."""
        self.output_latency_s = 0.0
        self._pos = 0
        self._done = threading.Event()
        self._stream: Any = None
        self._lock = threading.Lock()  # abort and close from two threads at once deadlock PortAudio
        self.interrupted = False

    def _callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if self.started_at is None:
            self.started_at = time.monotonic()
        chunk = self.audio[self._pos : self._pos + frames]
        outdata[: chunk.size, 0] = chunk
        outdata[chunk.size :, 0] = 0.0
        self._pos += chunk.size
        if chunk.size < frames:
            sd = _sd()
            raise sd.CallbackStop

    def _start(self) -> None:
        sd = _sd()
        try:
            self._stream = sd.OutputStream(
                device=self.device.index,
                samplerate=self.samplerate,
                channels=1,
                dtype="float32",
                # 50 ms blocks and a 100 ms buffer: PortAudio's low-latency default stalls after the
                # first buffer behind the ALSA pulse plugin, and speech needs no lower latency.
                blocksize=max(64, self.samplerate // 20),
                latency=0.1,
                callback=self._callback,
                finished_callback=self._done.set,
            )
            self.output_latency_s = float(self._stream.latency)
            self._stream.start()
        except sd.PortAudioError as exc:
            self._done.set()
            raise UserError(
                f"cannot play on {self.device.name!r}: {exc}",
                hint="`interviewer devices` lists speakers",
            ) from None

    @property
    def is_playing(self) -> bool:
        return not self._done.is_set()

    @property
    def position_s(self) -> float:
        return self._pos / self.samplerate

    def wait(self, timeout: float | None = None) -> bool:
        """True once playback has ended (finished or stopped)."""
        done = self._done.wait(timeout)
        if done:
            self._close()
        return done

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
            if stream is not None:
                if not self._done.is_set():
                    self.interrupted = True
                try:
                    stream.abort()  # drop what is queued: stop means silence now
                    stream.close()
                except Exception:
                    pass
            self._done.set()

    def _close(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
            if stream is not None:
                try:
                    stream.close()
                except Exception:
                    pass


_RATE_CACHE: dict[tuple[int, str, int], int] = {}
"""(device index, device name, wanted rate) -> the rate to open at. Probing opens the device, which
costs milliseconds on every question otherwise."""


def _device_rate(sd: Any, device: Device, rate: int) -> int:
    key = (device.index, device.name, rate)
    if key in _RATE_CACHE:
        return _RATE_CACHE[key]
    try:
        sd.check_output_settings(device=device.index, channels=1, dtype="float32", samplerate=rate)
        chosen = rate
    except sd.PortAudioError:
        chosen = int(device.default_samplerate) or 48000
    _RATE_CACHE[key] = chosen
    return chosen


def play(
    sound: str | Path | np.ndarray,
    *,
    samplerate: int = 16000,
    device: str | int | Device | None = None,
) -> Playback:
    """Start playing a file or a float32 mono array (at ``samplerate``); return at once.

    ``device``: a name substring, an index, an already resolved :class:`Device`, or None (default).
    """
    import numpy as np

    from interviewer.audio.resample import resample
    from interviewer.audio.wavfile import read_wav

    if isinstance(sound, (str, Path)):
        audio, samplerate = read_wav(Path(sound))
    else:
        audio = np.asarray(sound, dtype=np.float32).reshape(-1)
    target = device if isinstance(device, Device) else resolve_device(device, "output")
    sd = _sd()
    rate = _device_rate(sd, target, samplerate)
    if rate != samplerate:
        audio = resample(audio, samplerate, rate)
    playback = Playback(np.ascontiguousarray(audio, dtype=np.float32), rate, target)
    playback._start()
    return playback
