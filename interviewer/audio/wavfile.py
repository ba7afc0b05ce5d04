"""WAV files written while recording, so a crash or a kill never costs the answer.

``WavWriter`` appends 16-bit PCM to disk as blocks arrive and rewrites the two size fields of the
header every half second (and flushes to the OS), so at any moment the file on disk is a valid WAV
holding everything up to the last header update, and the rest of the samples are already in the file
too. ``recover_wav`` sets the header from the real file length after a crash, which brings those last
samples back as well.
"""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from interviewer.errors import UserError

if TYPE_CHECKING:
    import numpy as np

HEADER_BYTES = 44


def _header(samplerate: int, channels: int, data_bytes: int) -> bytes:
    block_align = channels * 2
    return b"".join(
        [
            b"RIFF",
            struct.pack("<I", 36 + data_bytes),
            b"WAVEfmt ",
            struct.pack(
                "<IHHIIHH", 16, 1, channels, samplerate, samplerate * block_align, block_align, 16
            ),
            b"data",
            struct.pack("<I", data_bytes),
        ]
    )


class WavWriter:
    """Append float32 mono audio to a 16-bit PCM WAV whose header stays valid as it grows."""

    def __init__(
        self,
        path: Path,
        *,
        samplerate: int = 16000,
        header_every_s: float = 0.5,
        fsync_every_s: float = 5.0,
    ) -> None:
        self.path = Path(path)
        self.samplerate = samplerate
        self.header_every_s = header_every_s
        self.fsync_every_s = fsync_every_s
        self.samples = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file: BinaryIO | None = open(self.path, "wb")  # noqa: SIM115 - kept open while recording
        except OSError as exc:
            raise UserError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        self._file.write(_header(samplerate, 1, 0))
        self._file.flush()
        self._last_header = time.monotonic()
        self._last_fsync = self._last_header

    def write(self, block: np.ndarray) -> None:
        import numpy as np

        if self._file is None:
            raise ValueError("write to a closed WavWriter")
        pcm = (np.clip(block, -1.0, 1.0) * 32767.0).round().astype("<i2")
        self._file.write(pcm.tobytes())
        self.samples += pcm.size
        # A flush hands the bytes to the OS: a killed process then loses nothing already written.
        self._file.flush()
        now = time.monotonic()
        if now - self._last_header >= self.header_every_s:
            self._update_header()
            self._last_header = now
        if now - self._last_fsync >= self.fsync_every_s:
            os.fsync(self._file.fileno())  # survives a power cut too, every few seconds
            self._last_fsync = now

    def _update_header(self) -> None:
        assert self._file is not None
        data_bytes = self.samples * 2
        self._file.seek(4)
        self._file.write(struct.pack("<I", 36 + data_bytes))
        self._file.seek(40)
        self._file.write(struct.pack("<I", data_bytes))
        self._file.seek(0, os.SEEK_END)
        self._file.flush()

    @property
    def duration_s(self) -> float:
        return self.samples / self.samplerate

    def close(self) -> None:
        if self._file is None:
            return
        try:
            self._update_header()
            os.fsync(self._file.fileno())
        finally:
            self._file.close()
            self._file = None


def _chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """(id, offset of the chunk body, declared size) for each chunk of a RIFF/WAVE file."""
    out = []
    pos = 12
    while pos + 8 <= len(data):
        cid = data[pos : pos + 4]
        size = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        out.append((cid, pos + 8, size))
        if cid == b"data":
            break  # the data chunk runs to the end in a recording cut short
        pos += 8 + size + (size & 1)
    return out


def recover_wav(path: Path) -> float:
    """Repair the header of a WAV cut short by a crash; return the duration it now holds (seconds).

    The data chunk is set to run to the end of the file (dropping a half-written last frame), and the
    RIFF size follows it. A file that is already consistent is left as it is.
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(64 * 1024)
            size = os.fstat(f.fileno()).st_size
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise UserError(f"{path}: not a WAV file, cannot recover it")
    chunks = {cid: (off, sz) for cid, off, sz in _chunks(head)}
    if b"fmt " not in chunks or b"data" not in chunks:
        raise UserError(f"{path}: WAV header incomplete (no fmt or data chunk); nothing to recover")
    fmt_off, _ = chunks[b"fmt "]
    _, _channels, samplerate, _, block_align, _ = struct.unpack(
        "<HHIIHH", head[fmt_off : fmt_off + 16]
    )
    if samplerate <= 0 or block_align <= 0:
        raise UserError(f"{path}: WAV header damaged (sample rate {samplerate}); cannot recover it")
    data_off, declared = chunks[b"data"]
    available = ((size - data_off) // block_align) * block_align
    if declared != available:
        with open(path, "r+b") as f:
            f.truncate(data_off + available)
            f.seek(data_off - 4)
            f.write(struct.pack("<I", available))
            f.seek(4)
            f.write(struct.pack("<I", data_off + available - 8))
    return available / block_align / samplerate


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A WAV (or anything libsndfile reads) as float32 mono and its sample rate."""
    import numpy as np
    import soundfile as sf

    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError) as exc:
        raise UserError(f"{path}: cannot read audio ({exc})") from None
    return np.ascontiguousarray(data.mean(axis=1), dtype=np.float32), int(rate)
