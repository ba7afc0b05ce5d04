"""Loudness of audio blocks, for the level meter, the mic check and dead-microphone detection.

Levels are linear amplitudes in 0..1 of full scale (float32 audio); the dBFS helpers turn them into
the decibel figures people read on a meter. ``LevelStats`` accumulates a whole recording so the mic
check can say how much of it was silent or clipped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

FLOOR_DBFS = -120.0
"""What digital silence reads as, instead of minus infinity."""
CLIP_LEVEL = 0.99
"""A sample at or above this magnitude counts as clipped (16-bit full scale is 1.0)."""
SILENCE_DBFS = -50.0
"""A 100 ms window quieter than this (RMS) is silence: below speech, about room noise."""
DEAD_DBFS = -70.0
"""Peak below this for a whole second: nothing is coming in (muted, unplugged, no OS permission)."""


def dbfs(amplitude: float) -> float:
    """Linear amplitude (1.0 = full scale) to dBFS, floored at ``FLOOR_DBFS``."""
    if amplitude <= 0.0:
        return FLOOR_DBFS
    return max(FLOOR_DBFS, 20.0 * math.log10(amplitude))


def from_dbfs(value: float) -> float:
    return float(10.0 ** (value / 20.0))


@dataclass(frozen=True)
class Level:
    """The loudness of one block: RMS and peak (0..1 of full scale), and the share of clipped samples."""

    rms: float = 0.0
    peak: float = 0.0
    clipped: float = 0.0

    @property
    def rms_dbfs(self) -> float:
        return dbfs(self.rms)

    @property
    def peak_dbfs(self) -> float:
        return dbfs(self.peak)

    def meter(self, *, floor_dbfs: float = -60.0) -> float:
        """0..1 position for a meter bar (RMS on a dB scale from ``floor_dbfs`` to 0)."""
        return min(1.0, max(0.0, 1.0 - self.rms_dbfs / floor_dbfs))


def measure(block: np.ndarray) -> Level:
    import numpy as np

    if block.size == 0:
        return Level()
    x = np.abs(block.astype(np.float32, copy=False))
    return Level(
        rms=float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))),
        peak=float(x.max()),
        clipped=float(np.count_nonzero(x >= CLIP_LEVEL)) / x.size,
    )


@dataclass
class LevelStats:
    """Accumulates levels over a recording in 100 ms windows (independent of the block size)."""

    samplerate: int = 16000
    window_s: float = 0.1
    samples: int = 0
    sum_squares: float = 0.0
    peak: float = 0.0
    clipped_samples: int = 0
    windows: int = 0
    silent_windows: int = 0
    speech_sum_squares: float = 0.0
    _pending: list[np.ndarray] = field(default_factory=list, repr=False)
    _pending_n: int = 0

    def add(self, block: np.ndarray) -> None:
        import numpy as np

        if block.size == 0:
            return
        x = block.astype(np.float32, copy=False)
        self.samples += x.size
        self.sum_squares += float(np.sum(np.square(x, dtype=np.float64)))
        self.peak = max(self.peak, float(np.abs(x).max()))
        self.clipped_samples += int(np.count_nonzero(np.abs(x) >= CLIP_LEVEL))
        self._pending.append(x)
        self._pending_n += x.size
        width = int(self.samplerate * self.window_s)
        if self._pending_n >= width:
            joined = np.concatenate(self._pending)
            full = (joined.size // width) * width
            rms = np.sqrt(
                np.mean(np.square(joined[:full].reshape(-1, width), dtype=np.float64), axis=1)
            )
            self.windows += rms.size
            loud = rms >= from_dbfs(SILENCE_DBFS)
            self.silent_windows += int(rms.size - np.count_nonzero(loud))
            self.speech_sum_squares += float(np.sum(np.square(rms[loud])))
            rest = joined[full:]
            self._pending = [rest] if rest.size else []
            self._pending_n = rest.size

    @property
    def duration_s(self) -> float:
        return self.samples / self.samplerate

    @property
    def rms(self) -> float:
        return math.sqrt(self.sum_squares / self.samples) if self.samples else 0.0

    @property
    def speech_rms(self) -> float:
        """RMS over the windows louder than silence: how loud the voice itself comes in."""
        speech = self.windows - self.silent_windows
        return math.sqrt(self.speech_sum_squares / speech) if speech else 0.0

    @property
    def clipped_share(self) -> float:
        return self.clipped_samples / self.samples if self.samples else 0.0

    @property
    def silence_share(self) -> float:
        return self.silent_windows / self.windows if self.windows else 1.0
