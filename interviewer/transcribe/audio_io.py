"""Reading an answer's audio file as a stream of 16 kHz mono blocks.

Whole-file transcription must not hold an hour of audio in memory, and a bad file must give one
clear line, not a traceback from FFmpeg. PyAV (already required by faster-whisper) decodes any
format FFmpeg knows and resamples on the fly; this wraps it with the project's error style.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.errors import UserError

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16000


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.splitlines()[0].rstrip(".").lower()


class AudioFile:
    """An audio file opened for streaming; errors are raised as UserError when opening."""

    def __init__(self, path: str | Path) -> None:
        import av

        self.path = Path(path)
        if not self.path.exists():
            raise UserError(f"{self.path}: no such file")
        if self.path.is_dir():
            raise UserError(f"{self.path}: is a directory, expected an audio file")
        if self.path.stat().st_size == 0:
            raise UserError(f"{self.path}: the file is empty")
        try:
            self._container: Any = av.open(str(self.path), metadata_errors="ignore")
        except av.error.FFmpegError as exc:
            raise UserError(f"{self.path}: not a readable audio file ({_reason(exc)})") from None
        except OSError as exc:
            raise UserError(f"{self.path}: cannot read ({_reason(exc)})") from None
        if not self._container.streams.audio:
            self._container.close()
            raise UserError(f"{self.path}: has no audio stream")
        self._stream = self._container.streams.audio[0]

    @property
    def duration_s(self) -> float | None:
        """Duration from the container header, when it states one (used for progress only)."""
        stream = self._stream
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        if self._container.duration is not None:
            return float(self._container.duration) / 1_000_000
        return None

    def blocks(self, block_s: float = 1.0) -> Iterator[np.ndarray]:
        """16 kHz mono float32 blocks of about ``block_s`` seconds; the file is closed at the end."""
        import av
        import numpy as np

        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        target = max(1, int(block_s * SAMPLE_RATE))
        pending: list[np.ndarray] = []
        size = 0
        seen = 0
        try:
            frames = self._container.decode(self._stream)
            while True:
                try:
                    frame = next(frames)
                except StopIteration:
                    frame = None
                except av.error.FFmpegError as exc:
                    where = f"after {seen / SAMPLE_RATE:.1f} s" if seen else "at the start"
                    raise UserError(
                        f"{self.path}: the audio is corrupt {where} ({_reason(exc)})"
                    ) from None
                for out in resampler.resample(frame):
                    data = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                    pending.append(data)
                    size += data.size
                    seen += data.size
                    if size >= target:
                        yield np.concatenate(pending)
                        pending, size = [], 0
                if frame is None:
                    break
            if pending:
                yield np.concatenate(pending)
        finally:
            self._container.close()
        if seen == 0:
            raise UserError(f"{self.path}: contains no audio samples")

    def close(self) -> None:
        self._container.close()


def read_all(path: str | Path) -> np.ndarray:
    """The whole file as one array (for short clips and tests)."""
    import numpy as np

    parts = list(AudioFile(path).blocks(block_s=30.0))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
