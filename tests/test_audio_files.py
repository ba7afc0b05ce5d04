"""Audio files as sources (formats, conversion, bad files) and the recorder driven by them."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio import SAMPLE_RATE, AudioSource
from interviewer.audio.files import FileSource, decode_file
from interviewer.audio.recorder import AnswerRecorder
from interviewer.errors import UserError
from tests.pulse import aligned_correlations, require_tools


@pytest.fixture(scope="session")
def formats(speech_wav: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same speech as wav, flac, mp3, stereo 44.1 kHz wav and 48 kHz flac."""
    require_tools("sox", "ffmpeg")
    d = tmp_path_factory.mktemp("formats")
    out = {"wav": speech_wav}
    subprocess.run(["sox", str(speech_wav), str(d / "s.flac")], check=True)
    subprocess.run(
        ["sox", str(speech_wav), "-r", "44100", "-c", "2", str(d / "st44.wav")], check=True
    )
    subprocess.run(["sox", str(speech_wav), "-r", "48000", str(d / "s48.flac")], check=True)
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(speech_wav),
            "-b:a",
            "64k",
            str(d / "s.mp3"),
        ],
        check=True,
    )
    out.update(flac=d / "s.flac", stereo44=d / "st44.wav", flac48=d / "s48.flac", mp3=d / "s.mp3")
    return out


def reference(speech_wav: Path) -> np.ndarray:
    data, rate = sf.read(str(speech_wav), dtype="float32")
    from interviewer.audio.resample import resample

    return resample(data, rate, SAMPLE_RATE)


@pytest.mark.parametrize("kind", ["wav", "flac", "mp3", "stereo44", "flac48"])
def test_formats_decode_to_16k_mono_of_the_right_length(
    kind: str, formats: dict[str, Path], speech_wav: Path
) -> None:
    audio = decode_file(formats[kind])
    ref = reference(speech_wav)
    assert audio.dtype == np.float32 and audio.ndim == 1
    # mp3 encoders add a little padding; the others are exact to a few samples.
    tolerance = 0.06 * SAMPLE_RATE if kind == "mp3" else 20
    assert abs(len(audio) - len(ref)) <= tolerance
    _, env_corr, _ = aligned_correlations(ref, audio)
    assert env_corr > 0.97


def test_stereo_is_mixed_down(tmp_path: Path) -> None:
    t = np.arange(44100) / 44100
    left = 0.4 * np.sin(2 * np.pi * 300 * t)
    sf.write(tmp_path / "lr.wav", np.stack([left, np.zeros_like(left)], axis=1), 44100)
    audio = decode_file(tmp_path / "lr.wav")
    assert len(audio) == 16000
    assert 0.15 < np.abs(audio[200:-200]).max() < 0.25  # the average of the two channels


def test_bad_files_give_one_line_errors(tmp_path: Path, formats: dict[str, Path]) -> None:
    wav_bytes = formats["wav"].read_bytes()
    cases = {
        "empty.wav": b"",
        "text.wav": b"this is not audio\n" * 20,
        "header_only.wav": wav_bytes[:30],
        "truncated.wav": wav_bytes[: len(wav_bytes) // 2],
        "truncated.flac": formats["flac"].read_bytes()[:15000],
        "truncated.mp3": formats["mp3"].read_bytes()[:3000],
        "random.mp3": np.random.default_rng(0).bytes(5000),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(UserError) as err:
            FileSource(path)
        message = str(err.value)
        assert "\n" not in message and str(path) in message, (name, message)
    with pytest.raises(UserError, match="no such file"):
        FileSource(tmp_path / "missing.wav")
    with pytest.raises(UserError, match="folder"):
        FileSource(tmp_path)


def test_file_source_fast_and_realtime(formats: dict[str, Path]) -> None:
    src = FileSource(formats["flac"], block_s=0.1)
    assert isinstance(src, AudioSource)
    src.start()
    blocks = []
    while (b := src.read()) is not None:
        blocks.append(b)
    assert all(len(b) == 1600 for b in blocks[:-1])
    assert np.array_equal(np.concatenate(blocks), src.audio)

    live = FileSource(formats["flac"], realtime=True, block_s=0.1)
    live.start()
    t0 = time.monotonic()
    got = 0
    while got < SAMPLE_RATE:  # one second of audio takes about one second
        block = live.read(timeout=0.5)
        assert block is not None
        got += len(block)
    assert 0.9 < time.monotonic() - t0 < 1.6  # generous: CI machines are busy
    live.stop()
    assert live.read() is None


# ------------------------------------------------------------------ the recorder
def test_recorder_writes_feeds_listeners_and_measures(
    formats: dict[str, Path], tmp_path: Path
) -> None:
    src = FileSource(formats["wav"])
    fed: list[np.ndarray] = []
    levels = []

    def broken(block: np.ndarray) -> None:
        raise RuntimeError("transcriber crashed")

    rec = AnswerRecorder(
        src, tmp_path / "a.wav", on_level=levels.append, listeners=[fed.append, broken]
    )
    rec.start()
    result = rec.wait(timeout=30)
    assert result is not None
    assert result.samples == len(src.audio) and result.duration_s == pytest.approx(src.duration_s)
    assert np.array_equal(np.concatenate(fed), src.audio)  # the working listener got everything
    assert len(result.listener_errors) == 1 and "transcriber crashed" in str(
        result.listener_errors[0]
    )
    assert not result.dead_mic and result.overflows == 0 and result.error is None
    assert max(lv.peak for lv in levels) == pytest.approx(np.abs(src.audio).max(), abs=1e-6)
    data, rate = sf.read(str(result.path), dtype="float32")
    assert rate == 16000 and np.allclose(data, src.audio, atol=1 / 32000)


def test_recorder_flags_a_dead_microphone(tmp_path: Path) -> None:
    sf.write(tmp_path / "zeros.wav", np.zeros(2 * 16000, np.float32), 16000, subtype="PCM_16")
    rec = AnswerRecorder(FileSource(tmp_path / "zeros.wav"), tmp_path / "out.wav")
    rec.start()
    result = rec.wait(timeout=10)
    assert result is not None and result.dead_mic


def test_recorder_stop_mid_answer_keeps_what_was_heard(
    formats: dict[str, Path], tmp_path: Path
) -> None:
    src = FileSource(formats["wav"], realtime=True)
    rec = AnswerRecorder(src, tmp_path / "b.wav")
    rec.start()
    time.sleep(1.0)
    assert rec.wait(timeout=0.1) is None  # not finished yet
    mid = sf.info(str(tmp_path / "b.wav")).duration  # readable while it grows
    assert 0.2 <= mid <= 1.5
    result = rec.stop()
    assert 0.9 <= result.duration_s <= 2.0
    data, _ = sf.read(str(result.path), dtype="float32")
    assert np.allclose(data, src.audio[: len(data)], atol=1 / 32000)


def test_recorder_reports_an_unwritable_path(formats: dict[str, Path], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="cannot write"):
        AnswerRecorder(FileSource(formats["wav"]), blocker / "sub" / "a.wav").start()


def test_recorder_survives_a_failing_source(tmp_path: Path) -> None:
    class Flaky:
        overflows = 0

        def __init__(self) -> None:
            self.n = 0
            self.stopped = threading.Event()

        def start(self) -> None:
            pass

        def read(self, timeout: float = 0.5) -> np.ndarray | None:
            self.n += 1
            if self.n > 5:
                raise OSError("device unplugged")
            return np.full(1600, 0.1, np.float32)

        def stop(self) -> None:
            self.stopped.set()

    src = Flaky()
    rec = AnswerRecorder(src, tmp_path / "c.wav")
    rec.start()
    result = rec.wait(timeout=5)
    assert result is not None
    assert result.error is not None and "device unplugged" in result.error
    assert result.samples == 5 * 1600 and sf.info(str(result.path)).frames == 5 * 1600
    assert src.stopped.is_set()


def test_a_source_that_cannot_start_leaves_no_file(tmp_path: Path) -> None:
    class NoMic:
        overflows = 0

        def start(self) -> None:
            raise UserError("cannot open microphone 'x'")

        def read(self, timeout: float = 0.5) -> np.ndarray | None:
            return None

        def stop(self) -> None:
            pass

    with pytest.raises(UserError, match="cannot open microphone"):
        AnswerRecorder(NoMic(), tmp_path / "a.wav").start()
    assert not (tmp_path / "a.wav").exists()
