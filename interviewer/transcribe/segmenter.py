"""Voice activity and chunking: where the candidate spoke, and where to cut the audio for Whisper.

Silero VAD (the ONNX model shipped inside faster-whisper) runs over the audio as it arrives, with
its recurrent state carried from call to call, so streaming gives exactly the probabilities a
whole-file pass would. From them the segmenter keeps the speech regions of the whole answer (the
source of pauses and probable filled pauses) and cuts chunks for the transcriber:

- a chunk starts a little before speech and never contains leading silence, so audio without
  speech is never sent to the model (Whisper invents text on silence);
- it is cut at a pause of ``cut_pause_s`` once it holds ``min_chunk_s`` of audio (each Whisper call
  pads to a 30 s window, so a few longer chunks cost less than many short ones), and always at a
  pause of ``long_pause_s``;
- it is capped at ``max_chunk_s`` (under Whisper's 30 s window), cut at the best pause inside it, or
  failing one at the quietest moment.

Only the current chunk's audio is held, so memory does not grow with the answer's length.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16000
WINDOW = 512  # Silero's window at 16 kHz: 32 ms
_CONTEXT = 64  # samples of the previous window Silero v5+ expects in front of each window


@dataclass(frozen=True)
class SegmenterOptions:
    threshold: float = 0.5
    """Speech starts when the VAD probability reaches this."""
    neg_threshold: float = 0.35
    """Speech ends when the probability falls below this (hysteresis)."""
    merge_gap_s: float = 0.1
    """Dips shorter than this inside speech are not pauses."""
    min_speech_s: float = 0.1
    """Speech regions shorter than this (clicks, breaths) are ignored."""
    pad_s: float = 0.2
    """Audio kept either side of speech in a chunk, so word edges are not clipped."""
    cut_pause_s: float = 0.4
    """A pause this long ends a chunk that already holds ``min_chunk_s``."""
    min_chunk_s: float = 6.0
    long_pause_s: float = 2.0
    """A pause this long always ends a chunk."""
    max_chunk_s: float = 25.0


@dataclass
class Chunk:
    """A stretch of the answer's audio to transcribe once. Offsets in samples on the answer's clock."""

    index: int
    start: int
    audio: np.ndarray
    speech: list[tuple[int, int]] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.start + int(self.audio.shape[0])

    @property
    def start_s(self) -> float:
        return self.start / SAMPLE_RATE

    @property
    def end_s(self) -> float:
        return self.end / SAMPLE_RATE

    @property
    def speech_s(self) -> float:
        return sum(b - a for a, b in self.speech) / SAMPLE_RATE


class StreamingVad:
    """Silero VAD probabilities per 32 ms window, fed any number of samples at a time."""

    def __init__(self) -> None:
        import numpy as np
        from faster_whisper.vad import get_vad_model

        self._session: Any = get_vad_model().session
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(_CONTEXT, dtype=np.float32)
        self._rest = np.zeros(0, dtype=np.float32)

    def push(self, audio: np.ndarray) -> np.ndarray:
        import numpy as np

        data = np.concatenate([self._rest, audio]) if self._rest.size else audio
        count = data.shape[0] // WINDOW
        self._rest = data[count * WINDOW :].copy()
        if count == 0:
            return np.zeros(0, dtype=np.float32)
        windows = data[: count * WINDOW].reshape(count, WINDOW)
        previous = np.concatenate([self._context[None, :], windows[:-1, -_CONTEXT:]], axis=0)
        batch = np.concatenate([previous, windows], axis=1).astype(np.float32, copy=False)
        out, self._h, self._c = self._session.run(
            None, {"input": batch, "h": self._h, "c": self._c}
        )
        self._context = windows[-1, -_CONTEXT:].copy()
        return np.asarray(out, dtype=np.float32).reshape(-1)

    def flush(self) -> np.ndarray:
        """The probability of the last, partial window (zero-padded), if any."""
        import numpy as np

        if not self._rest.size:
            return np.zeros(0, dtype=np.float32)
        pad = np.zeros(WINDOW - self._rest.size, dtype=np.float32)
        return self.push(pad)


class _AudioBuffer:
    """Blocks of audio with absolute sample offsets; slicing and dropping without quadratic copies."""

    def __init__(self) -> None:
        self._blocks: list[np.ndarray] = []
        self.start = 0  # absolute offset of the first held sample
        self.end = 0

    def append(self, block: np.ndarray) -> None:
        if block.size:
            self._blocks.append(block)
            self.end += int(block.shape[0])

    def slice(self, a: int, b: int) -> np.ndarray:
        import numpy as np

        parts = []
        pos = self.start
        for blk in self._blocks:
            lo, hi = pos, pos + blk.shape[0]
            if hi > a and lo < b:
                parts.append(blk[max(a, lo) - lo : min(b, hi) - lo])
            pos = hi
            if pos >= b:
                break
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)

    def drop_before(self, a: int) -> None:
        while self._blocks and self.start + self._blocks[0].shape[0] <= a:
            self.start += self._blocks[0].shape[0]
            self._blocks.pop(0)
        if self._blocks and self.start < a:
            cut = a - self.start
            self._blocks[0] = self._blocks[0][cut:]
            self.start = a


class Segmenter:
    """Feed audio; get chunks to transcribe and the speech regions of the whole answer."""

    def __init__(self, options: SegmenterOptions | None = None) -> None:
        self.opts = options or SegmenterOptions()
        o = self.opts
        self._vad = StreamingVad()
        self._buf = _AudioBuffer()
        self._merge = int(o.merge_gap_s * SAMPLE_RATE)
        self._min_speech = int(o.min_speech_s * SAMPLE_RATE)
        self._pad = int(o.pad_s * SAMPLE_RATE)
        self._cut_pause = int(o.cut_pause_s * SAMPLE_RATE)
        self._long_pause = int(o.long_pause_s * SAMPLE_RATE)
        self._min_chunk = int(o.min_chunk_s * SAMPLE_RATE)
        self._max_chunk = int(o.max_chunk_s * SAMPLE_RATE)
        self.regions: list[tuple[int, int]] = []  # finished speech regions, whole answer
        self._open: list[int] | None = None  # [start, end] of the speech region in progress
        self._speaking = False
        self._window = 0  # index of the next VAD window
        self._chunk_start: int | None = None
        self._chunk_probs: list[tuple[int, float]] = []
        self._last_cut = 0
        self._count = 0
        self.samples = 0

    # ------------------------------------------------------------------ feeding

    def push(self, audio: np.ndarray) -> list[Chunk]:
        if audio.size == 0:
            return []
        self._buf.append(audio)
        self.samples += int(audio.shape[0])
        out: list[Chunk] = []
        for prob in self._vad.push(audio):
            out.extend(self._step(float(prob)))
        if self._chunk_start is None:
            # Idle: keep only what a chunk starting now could reach back to.
            self._buf.drop_before(max(self._last_cut, self._window * WINDOW - self._pad - WINDOW))
        return out

    def finish(self) -> list[Chunk]:
        out: list[Chunk] = []
        for prob in self._vad.flush():
            out.extend(self._step(float(prob)))
        total = self.samples
        if self._open is not None:
            self._close_open(min(self._open[1], total))
        if self._chunk_start is not None:
            last = self._last_speech_end()
            if last is not None:
                out.extend(self._cut(min(total, last + self._pad), idle=True))
            self._chunk_start = None
        return out

    @property
    def speech_regions(self) -> list[tuple[int, int]]:
        """Finished regions plus the one in progress (samples)."""
        regions = list(self.regions)
        current = self._open  # read once: another thread may be stepping the segmenter
        if current is not None and current[1] - current[0] >= self._min_speech:
            regions.append((current[0], current[1]))
        return regions

    # ------------------------------------------------------------------ one VAD window

    def _step(self, prob: float) -> list[Chunk]:
        o = self.opts
        ws = self._window * WINDOW
        we = ws + WINDOW
        self._window += 1
        if prob >= o.threshold:
            self._speaking = True
        elif prob < o.neg_threshold:
            self._speaking = False

        if self._speaking:
            if self._open is not None and ws - self._open[1] <= self._merge:
                self._open[1] = we
            else:
                if self._open is not None:
                    self._close_open(self._open[1])
                self._open = [ws, we]
                if self._chunk_start is None:
                    self._chunk_start = max(self._last_cut, ws - self._pad, self._buf.start)
                    self._chunk_probs = []
        elif self._open is not None and we - self._open[1] > self._merge:
            self._close_open(self._open[1])

        if self._chunk_start is None:
            return []
        self._chunk_probs.append((ws, prob))
        last = self._last_speech_end()
        if last is None:  # the chunk was opened by a blip too short to count as speech
            if we - self._chunk_start > self._long_pause:
                self._chunk_start = None
                self._last_cut = ws
            return []
        silence = we - last if not self._speaking else 0
        spoken = last - self._chunk_start
        if silence >= self._long_pause or (
            silence >= self._cut_pause and spoken >= self._min_chunk
        ):
            return self._cut(last + min(self._pad, silence // 2), idle=True)
        if we - self._chunk_start >= self._max_chunk:
            return self._cut(self._best_cut(we), idle=False)
        return []

    def _close_open(self, end: int) -> None:
        assert self._open is not None
        start = self._open[0]
        self._open = None
        if end - start >= self._min_speech:
            self.regions.append((start, end))

    def _last_speech_end(self) -> int | None:
        """End of the latest speech that counts, within the current chunk."""
        start = self._chunk_start or 0
        ends = [self.regions[-1][1]] if self.regions and self.regions[-1][1] > start else []
        current = self._open
        if current is not None and current[1] - current[0] >= self._min_speech:
            ends.append(current[1])
        return max(ends) if ends else None

    def _best_cut(self, now: int) -> int:
        """Where to cut a chunk that reached the cap: the middle of its longest late pause."""
        start = self._chunk_start or 0
        regions = [r for r in self.speech_regions if r[1] > start]
        gaps = [
            (b[0] - a[1], a[1] + (b[0] - a[1]) // 2)
            for a, b in itertools.pairwise(regions)
            if a[1] >= start + self._max_chunk // 3
        ]
        if gaps:
            return max(gaps)[1]
        tail = [(p, ws) for ws, p in self._chunk_probs if ws >= now - 3 * SAMPLE_RATE]
        return min(tail)[1] if tail else now

    def _cut(self, at: int, *, idle: bool) -> list[Chunk]:
        start = self._chunk_start if self._chunk_start is not None else self._last_cut
        at = max(start + 1, min(at, self._buf.end))
        speech = [
            (max(a, start), min(b, at)) for a, b in self.speech_regions if b > start and a < at
        ]
        audio = self._buf.slice(start, at)
        self._last_cut = at
        self._chunk_start = None if idle else at
        self._chunk_probs = [(ws, p) for ws, p in self._chunk_probs if ws >= at]
        self._buf.drop_before(
            at if not idle else max(at, self._window * WINDOW - self._pad - WINDOW)
        )
        if not speech or sum(b - a for a, b in speech) < self._min_speech:
            return []
        chunk = Chunk(index=self._count, start=start, audio=audio, speech=speech)
        self._count += 1
        return [chunk]
