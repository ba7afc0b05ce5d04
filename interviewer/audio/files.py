"""Audio files standing in for the microphone: headless rounds, scripted practice, and tests.

A file is decoded once (PyAV, so wav, flac, mp3, ogg, m4a, webm... all work) to float32 mono 16 kHz,
then handed out in blocks through the same interface as :class:`~interviewer.audio.mic.MicrophoneSource`.
With ``realtime=True`` the blocks arrive at the pace of a live microphone, which exercises the
incremental transcriber the way a real answer does. Files that are empty, cut short or not audio at
all are refused with one line that names the file.
"""

from __future__ import annotations

import os
import struct
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.errors import UserError

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16000


def _check_wav_header(path: Path) -> None:
    """A WAV whose data chunk promises more than the file holds was cut short (copy or download)."""
    with open(path, "rb") as f:
        head = f.read(4096)
        size = os.fstat(f.fileno()).st_size
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return
    pos = 12
    while pos + 8 <= len(head):
        cid, declared = head[pos : pos + 4], struct.unpack("<I", head[pos + 4 : pos + 8])[0]
        if cid == b"data":
            have = size - (pos + 8)
            # 0 and 0xFFFFFFFF are what streaming writers leave when they never learn the size.
            if declared not in (0, 0xFFFFFFFF) and have < declared:
                raise UserError(
                    f"{path}: truncated WAV (header promises {declared} bytes of audio, file holds {have})",
                    hint="re-copy the file; a recording cut by a crash is repaired with recover_wav",
                )
            return
        pos += 8 + declared + (declared & 1)


def decode_file(path: str | Path, *, samplerate: int = SAMPLE_RATE) -> np.ndarray:
    """Decode any audio file to float32 mono at ``samplerate``. Bad files raise one-line UserErrors."""
    import av
    import numpy as np

    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not an audio file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if size == 0:
        raise UserError(f"{path}: empty file, no audio in it")
    _check_wav_header(path)
    parts: list[np.ndarray] = []
    declared_s: float | None = None
    try:
        with av.open(str(path), mode="r") as container:
            if not container.streams.audio:
                raise UserError(f"{path}: no audio stream in this file")
            stream = container.streams.audio[0]
            if stream.duration is not None and stream.time_base is not None:
                declared_s = float(stream.duration * stream.time_base)
            # Keep the channels and average them ourselves: FFmpeg's own downmix scales by 1/sqrt(2),
            # which makes the same voice on both channels 3 dB louder than in a mono file.
            resampler = av.AudioResampler(format="fltp", rate=samplerate)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    parts.append(out.to_ndarray().mean(axis=0))
            for out in resampler.resample(None):
                parts.append(out.to_ndarray().mean(axis=0))
    except UserError:
        raise
    except av.error.FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except av.error.PermissionError:
        raise UserError(f"{path}: permission denied") from None
    except (av.error.InvalidDataError, av.error.EOFError) as exc:
        detail = "not an audio file, or damaged" if not parts else "damaged or cut short"
        raise UserError(f"{path}: {detail} ({type(exc).__name__})") from None
    except (av.error.FFmpegError, OSError) as exc:
        raise UserError(f"{path}: cannot decode audio ({exc})") from None
    audio = (
        np.concatenate(parts).astype(np.float32, copy=False) if parts else np.zeros(0, np.float32)
    )
    if audio.size == 0:
        raise UserError(f"{path}: holds no audio samples")
    got_s = audio.size / samplerate
    if declared_s is not None and got_s < declared_s * 0.97 - 0.05:
        raise UserError(
            f"{path}: truncated (decoded {got_s:.1f} s of the {declared_s:.1f} s its header declares)"
        )
    return audio


class FileSource:
    """An audio file as an :class:`~interviewer.audio.AudioSource` (decoded when constructed)."""

    def __init__(self, path: str | Path, *, realtime: bool = False, block_s: float = 0.1) -> None:
        if block_s <= 0:
            raise ValueError("block_s must be positive")
        self.path = Path(path)
        self.realtime = realtime
        self.block = max(1, round(block_s * SAMPLE_RATE))
        self.audio = decode_file(self.path)
        self.overflows = 0
        self._pos = 0
        self._t0: float | None = None
        self._stopped = threading.Event()

    @property
    def duration_s(self) -> float:
        return self.audio.size / SAMPLE_RATE

    def start(self) -> None:
        self._t0 = time.monotonic()
        self._stopped.clear()

    def read(self, timeout: float = 0.5) -> np.ndarray | None:
        import numpy as np

        if self._t0 is None:
            raise RuntimeError("FileSource.read() before start()")
        if self._stopped.is_set() or self._pos >= self.audio.size:
            return None
        end = min(self._pos + self.block, self.audio.size)
        if self.realtime:
            # Block i becomes available once its last sample "has been spoken".
            due = self._t0 + end / SAMPLE_RATE
            wait = due - time.monotonic()
            if wait > timeout:
                self._stopped.wait(timeout)
                return np.zeros(0, np.float32)
            if wait > 0 and self._stopped.wait(wait):
                return None
        block = self.audio[self._pos : end]
        self._pos = end
        return block

    def stop(self) -> None:
        self._stopped.set()
