"""Sample-rate conversion for microphones that will not open at 16 kHz and for files and speech
synthesised at other rates.

A streaming windowed-sinc resampler: the rate ratio is reduced to a fraction p/q, so every output
sample falls on one of q phases between input samples, and the filter weights for each phase are
computed once. The filter's cut-off sits just below the lower of the two Nyquist frequencies, so
downsampling 48 kHz speech to 16 kHz does not alias. It keeps its own history, so blocks of any size
can be pushed as they arrive from a device and the output is the same as converting in one go.
"""

from __future__ import annotations

import math

import numpy as np


class Resampler:
    """Convert a stream of float32 mono blocks from ``in_rate`` to ``out_rate``."""

    def __init__(self, in_rate: int, out_rate: int, *, zero_crossings: int = 12) -> None:
        if in_rate <= 0 or out_rate <= 0:
            raise ValueError("sample rates must be positive")
        g = math.gcd(int(in_rate), int(out_rate))
        self.in_rate, self.out_rate = int(in_rate), int(out_rate)
        self.p, self.q = self.in_rate // g, self.out_rate // g  # output k sits at input k*p/q
        scale = min(1.0, self.out_rate / self.in_rate) * 0.95  # cut-off a little under Nyquist
        self.half = math.ceil(zero_crossings / scale)
        offsets = np.arange(-self.half + 1, self.half + 1)  # taps relative to floor(position)
        phases = np.arange(self.q)[:, None] / self.q  # fractional position of each phase
        d = phases - offsets[None, :]  # distance from each tap to the output position
        window = np.kaiser(2 * self.half + 1, 8.0)
        w = np.interp(d, np.arange(-self.half, self.half + 1), window, left=0.0, right=0.0)
        self._weights = (scale * np.sinc(scale * d) * w).astype(np.float32)
        self._offsets = offsets
        # The buffer starts with ``half`` zeros of history, so output 0 lines up with input 0.
        self._buffer = np.zeros(self.half, dtype=np.float32)
        self._buffer_start = -self.half  # input index of _buffer[0]
        self._next = 0  # index of the next output sample
        self._received = 0

    def process(self, block: np.ndarray) -> np.ndarray:
        """Push input; return every output sample that can be computed so far."""
        if self.p == self.q:
            return block.astype(np.float32, copy=False)
        x = np.asarray(block, dtype=np.float32).reshape(-1)
        self._received += x.size
        self._buffer = np.concatenate([self._buffer, x])
        return self._emit(final=False)

    def flush(self) -> np.ndarray:
        """Finish the stream: pad with silence and return the last samples."""
        if self.p == self.q:
            return np.zeros(0, dtype=np.float32)
        self._buffer = np.concatenate([self._buffer, np.zeros(self.half + 1, dtype=np.float32)])
        return self._emit(final=True)

    def _emit(self, *, final: bool) -> np.ndarray:
        available_end = self._buffer_start + self._buffer.size  # one past the last input index
        if final:
            # Outputs whose position lies inside the received input: ceil(received * q / p) in all.
            last = -(-self._received * self.q // self.p)
        else:
            # Output k needs inputs up to floor(pos) + half.
            last = ((available_end - self.half) * self.q) // self.p
        count = last - self._next
        if count <= 0:
            return np.zeros(0, dtype=np.float32)
        k = self._next + np.arange(count)
        num = k * self.p
        base = num // self.q
        phase = num % self.q
        idx = base[:, None] + self._offsets[None, :] - self._buffer_start
        out = np.einsum("ij,ij->i", self._buffer[idx], self._weights[phase]).astype(np.float32)
        self._next = int(k[-1] + 1)
        # Drop history that no future output can reach.
        keep_from = int((self._next * self.p) // self.q) - self.half + 1 - self._buffer_start
        if keep_from > 0:
            self._buffer = self._buffer[keep_from:]
            self._buffer_start += keep_from
        return out


def resample(audio: np.ndarray, in_rate: int, out_rate: int) -> np.ndarray:
    """Convert a whole float32 mono signal; the result has ``ceil(len * out / in)`` samples."""
    if in_rate == out_rate:
        return np.asarray(audio, dtype=np.float32)
    r = Resampler(in_rate, out_rate)
    parts = []
    step = 1 << 18  # bounded memory for long files
    for i in range(0, len(audio), step):
        parts.append(r.process(audio[i : i + step]))
    parts.append(r.flush())
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
