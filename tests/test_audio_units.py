"""Audio building blocks without any device: levels, resampling, crash-safe WAV files, device lookup."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio import devices as devices_mod
from interviewer.audio.devices import Device, resolve_device
from interviewer.audio.levels import Level, LevelStats, dbfs, measure
from interviewer.audio.resample import Resampler, resample
from interviewer.audio.wavfile import WavWriter, recover_wav
from interviewer.errors import UserError


def tone(freq: float, rate: int, seconds: float, amp: float = 0.5) -> np.ndarray:
    return (amp * np.sin(2 * np.pi * freq * np.arange(int(rate * seconds)) / rate)).astype(
        np.float32
    )


# ------------------------------------------------------------------ levels
def test_levels_of_a_known_sine() -> None:
    level = measure(tone(440, 16000, 1.0, amp=0.5))
    assert level.peak == pytest.approx(0.5, abs=1e-3)
    assert level.rms == pytest.approx(0.5 / np.sqrt(2), rel=1e-3)
    assert level.rms_dbfs == pytest.approx(-9.03, abs=0.05)
    assert level.clipped == 0.0
    assert dbfs(0.0) == -120.0
    assert Level(rms=1.0).meter() == 1.0 and Level(rms=0.0).meter() == 0.0


def test_level_stats_count_silence_and_clipping() -> None:
    stats = LevelStats()
    speech_like = tone(200, 16000, 1.0, amp=0.3)
    clipped = np.clip(tone(200, 16000, 0.5, amp=2.0), -1, 1)
    for block in np.array_split(
        np.concatenate([np.zeros(16000, np.float32), speech_like, clipped]), 37
    ):
        stats.add(block)
    assert stats.duration_s == pytest.approx(2.5)
    assert stats.silence_share == pytest.approx(1.0 / 2.5, abs=0.02)
    assert 0.05 < stats.clipped_share < 0.2
    assert dbfs(stats.speech_rms) > dbfs(stats.rms)  # silence excluded from the voice level


# ------------------------------------------------------------------ resampling
@pytest.mark.parametrize(
    ("src", "dst"), [(48000, 16000), (44100, 16000), (22050, 16000), (8000, 16000), (22050, 48000)]
)
def test_resample_keeps_a_tone_and_its_length(src: int, dst: int) -> None:
    x = tone(440, src, 1.0)
    y = resample(x, src, dst)
    assert len(y) == int(np.ceil(len(x) * dst / src))
    ref = tone(440, dst, len(y) / dst)[: len(y)]
    assert np.max(np.abs(y - ref)[100:-100]) < 0.01


def test_resample_streaming_equals_one_shot_and_blocks_aliases() -> None:
    x = np.random.default_rng(1).standard_normal(44100).astype(np.float32) * 0.1
    r = Resampler(44100, 16000)
    parts = [r.process(x[i : i + 997]) for i in range(0, len(x), 997)]
    parts.append(r.flush())
    assert np.allclose(np.concatenate(parts), resample(x, 44100, 16000), atol=1e-6)
    # A 10 kHz tone does not exist at 16 kHz; it must not fold back to 6 kHz.
    folded = resample(tone(10000, 48000, 1.0), 48000, 16000)
    assert measure(folded[500:-500]).rms < 0.001


# ------------------------------------------------------------------ WAV writing and recovery
def test_wav_writer_header_is_valid_while_recording(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    writer = WavWriter(path, header_every_s=0.0)
    audio = tone(300, 16000, 1.5)
    for block in np.array_split(audio, 15):
        writer.write(block)
        info = sf.info(str(path))  # readable at any moment, by another reader
        assert info.frames == writer.samples
    writer.close()
    data, rate = sf.read(str(path), dtype="float32")
    assert rate == 16000 and np.allclose(data, audio, atol=1 / 32000)


def test_recover_wav_restores_samples_after_a_stale_header(tmp_path: Path) -> None:
    path = tmp_path / "cut.wav"
    writer = WavWriter(path, header_every_s=3600)  # the header never catches up: like a kill
    audio = tone(300, 16000, 2.0)
    writer.write(audio)
    writer._file.flush()  # type: ignore[union-attr]
    with open(path, "ab") as f:
        f.write(b"\x01")  # half a sample, as a kill mid-write leaves
    assert sf.info(str(path)).frames == 0  # the header still says "empty"
    assert recover_wav(path) == pytest.approx(2.0)
    data, _ = sf.read(str(path), dtype="float32")
    assert len(data) == len(audio) and np.allclose(data, audio, atol=1 / 32000)
    assert recover_wav(path) == pytest.approx(2.0)  # idempotent


def test_recover_wav_refuses_what_is_not_a_wav(tmp_path: Path) -> None:
    bad = tmp_path / "x.wav"
    bad.write_bytes(b"hello, not audio at all")
    with pytest.raises(UserError, match="not a WAV"):
        recover_wav(bad)
    with pytest.raises(UserError, match="no such file"):
        recover_wav(tmp_path / "missing.wav")
    header_only = tmp_path / "h.wav"
    header_only.write_bytes(b"RIFF" + struct.pack("<I", 4) + b"WAVE")
    with pytest.raises(UserError, match="incomplete"):
        recover_wav(header_only)


# ------------------------------------------------------------------ devices
FAKE = [
    Device(0, "HDA Intel PCH: ALC257 Analog (hw:0,0)", "ALSA", 2, 2, 48000.0),
    Device(1, "USB Headset Mic", "ALSA", 1, 0, 44100.0, default_input=True),
    Device(2, "HDMI 0", "ALSA", 0, 8, 48000.0, default_output=True),
    Device(3, "USB Headset Phones", "ALSA", 0, 2, 44100.0),
]


@pytest.fixture
def fake_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices_mod, "list_devices", lambda: list(FAKE))


def test_resolve_device_by_default_index_and_name(fake_devices: None) -> None:
    assert resolve_device(None, "input").index == 1
    assert resolve_device(None, "output").index == 2
    assert resolve_device("0", "input").index == 0
    assert resolve_device(3, "output").index == 3
    assert resolve_device("headset mic", "input").index == 1
    assert resolve_device("phones", "output").index == 3


def test_resolve_device_errors_are_one_line(fake_devices: None) -> None:
    for spec, kind, match in [
        ("nosuch", "input", "no input device matches"),
        ("2", "input", "has no inputs"),
        ("17", "input", "no audio device with index 17"),
    ]:
        with pytest.raises(UserError, match=match) as err:
            resolve_device(spec, kind)  # type: ignore[arg-type]
        assert "\n" not in str(err.value)
    assert resolve_device("usb", "output").index == 3  # only one USB device has outputs
    with pytest.raises(UserError, match="several"):
        resolve_device("a", "input")


def test_no_device_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices_mod, "list_devices", lambda: [])
    with pytest.raises(UserError, match="no microphone"):
        resolve_device(None, "input")
    with pytest.raises(UserError, match="no speaker"):
        resolve_device(None, "output")


def test_importing_audio_and_the_cli_stays_light() -> None:
    code = (
        "import sys, interviewer.audio, interviewer.tts, interviewer.cli.audio_cmd;"
        "heavy = {'numpy', 'sounddevice', 'av', 'pyttsx3', 'faster_whisper'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# ------------------------------------------------------------------ mic-check advice
def _recording(audio: np.ndarray, *, overflows: int = 0, dead: bool = False) -> object:
    from interviewer.audio.recorder import Recording

    stats = LevelStats()
    stats.add(audio)
    return Recording(Path("x.wav"), len(audio) / 16000, len(audio), overflows, dead, stats=stats)


@pytest.mark.parametrize(
    ("audio", "overflows", "dead", "expected"),
    [
        (tone(200, 16000, 3.0, amp=0.3), 0, False, []),
        (np.zeros(48000, np.float32), 0, True, ["dead_mic"]),
        (tone(200, 16000, 3.0, amp=0.003), 0, False, ["mostly_silent"]),
        (tone(200, 16000, 3.0, amp=0.01), 0, False, ["too_quiet"]),
        (np.clip(tone(200, 16000, 3.0, amp=1.5), -1, 1), 0, False, ["clipping"]),
        (tone(200, 16000, 3.0, amp=0.3), 3, False, ["overflows"]),
    ],
)
def test_mic_check_assessment(
    audio: np.ndarray, overflows: int, dead: bool, expected: list[str]
) -> None:
    from interviewer.audio.check import assess

    problems, advice = assess(_recording(audio, overflows=overflows, dead=dead))  # type: ignore[arg-type]
    assert problems == expected
    assert len(advice) == len(expected) and all(a and "\n" not in a for a in advice)
