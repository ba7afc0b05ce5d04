"""The real microphone path: espeak-ng speech fed into a PulseAudio virtual microphone, recorded
through sounddevice on device ``pulse``; the mic check on the same microphone and with no device."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.files import decode_file
from interviewer.audio.levels import dbfs
from interviewer.audio.mic import MicrophoneSource
from interviewer.audio.recorder import AnswerRecorder, Recording
from interviewer.errors import UserError
from tests.pulse import PulseServer, aligned_correlations

pytestmark = pytest.mark.pulse
LEAD_S = 0.5


def record_fed_speech(
    pulse: PulseServer, speech: np.ndarray, wav: Path, **mic_options: object
) -> tuple[Recording, int, list[np.ndarray]]:
    blocks: list[np.ndarray] = []
    source = MicrophoneSource("pulse", **mic_options)  # type: ignore[arg-type]
    recorder = AnswerRecorder(source, wav, listeners=[blocks.append])
    recorder.start()
    feeder = pulse.feed(speech, lead_silence_s=LEAD_S)
    assert feeder.wait_audio(timeout=len(speech) / 16000 + 10)
    time.sleep(0.5)
    # Keep feeding until the recording has ended: a pipe source makes no samples on its own.
    fed = feeder.written
    recording = recorder.stop()
    feeder.stop()
    assert feeder.error is None
    return recording, fed, blocks


@pytest.mark.parametrize("device_rate", [None, 48000], ids=["16k", "48k-resampled"])
def test_virtual_microphone_records_the_fed_speech(
    pulse: PulseServer, speech_wav: Path, tmp_path: Path, device_rate: int | None
) -> None:
    speech = decode_file(speech_wav)
    recording, fed, blocks = record_fed_speech(
        pulse, speech, tmp_path / "answer.wav", device_samplerate=device_rate
    )
    audio, rate = sf.read(str(recording.path), dtype="float32")
    assert rate == 16000
    assert recording.overflows == 0
    assert not recording.dead_mic
    # Nothing lost: everything written into the virtual microphone came out (within the server's
    # buffering), and the listener saw exactly what went to disk.
    assert abs(recording.samples - fed) <= 0.15 * 16000
    assert len(audio) == recording.samples
    assert np.allclose(np.concatenate(blocks), audio, atol=1 / 32000)
    lag, env_corr, wave_corr = aligned_correlations(speech, audio)
    assert env_corr >= 0.9, env_corr
    # The speech starts where it was fed (no samples dropped before it) and runs unbroken
    # (a dropout inside would break the sample-level match after alignment).
    assert abs(lag / 16000 - LEAD_S) < 0.1, lag
    assert wave_corr >= 0.9, wave_corr


def test_virtual_microphone_with_nothing_coming_in_is_a_dead_mic(
    pulse: PulseServer, tmp_path: Path
) -> None:
    recording, _, _ = record_fed_speech(
        pulse, np.zeros(int(1.5 * 16000), np.float32), tmp_path / "z.wav"
    )
    assert recording.dead_mic


def test_unknown_microphone_is_a_user_error(pulse: PulseServer) -> None:
    with pytest.raises(UserError, match="no input device matches 'no-such-mic'"):
        MicrophoneSource("no-such-mic")


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_mic_check_reports_the_fed_speech_levels(
    pulse: PulseServer, speech_wav: Path, tmp_path: Path
) -> None:
    speech = decode_file(speech_wav)
    feeder = pulse.feed(speech, lead_silence_s=0.3)
    try:
        seconds = len(speech) / 16000 + 0.8
        result = run_cli(
            "mic-check",
            "--seconds",
            f"{seconds:.1f}",
            "--device",
            "pulse",
            "--json",
            "--save",
            str(tmp_path / "check.wav"),
            env={**os.environ, **pulse.env},
        )
    finally:
        feeder.stop()
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["problems"] == [] and report["overflows"] == 0
    assert report["duration_s"] >= seconds - 0.05
    # The whole utterance was inside the window, so the peak is the fed speech's own peak.
    assert report["peak_dbfs"] == pytest.approx(dbfs(float(np.abs(speech).max())), abs=0.5)
    saved, _ = sf.read(str(tmp_path / "check.wav"), dtype="float32")
    assert report["rms_dbfs"] == pytest.approx(dbfs(float(np.sqrt(np.mean(saved**2)))), abs=0.1)
    _, env_corr, _ = aligned_correlations(speech, saved)
    assert env_corr >= 0.9
    assert -35 < report["speech_rms_dbfs"] < -5  # a voice, not noise


def test_mic_check_human_output_advises_on_a_dead_mic(pulse: PulseServer) -> None:
    feeder = pulse.feed(None)  # the virtual microphone delivers digital silence
    try:
        result = run_cli(
            "mic-check", "--seconds", "1.5", "--device", "pulse", env={**os.environ, **pulse.env}
        )
    finally:
        feeder.stop()
    assert result.returncode == 0, result.stderr
    assert "needs attention" in result.stdout and "Privacy" in result.stdout


def no_device_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which PortAudio finds no device: no reachable sound server, no autospawn."""
    if any(Path("/dev/snd").glob("pcmC*")):
        pytest.skip("this machine has real sound cards; cannot hide them from ALSA")
    client = tmp_path / "client.conf"
    client.write_text("autospawn = no\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}
    env.update(PULSE_SERVER=f"unix:{tmp_path / 'no-server'}", PULSE_CLIENTCONFIG=str(client))
    return env


def test_mic_check_without_any_device_is_one_line_exit_1(
    pulse: PulseServer, tmp_path: Path
) -> None:
    # The private server is running, yet unreachable from this environment.
    env = no_device_env(tmp_path)
    for extra in ([], ["--json"]):
        result = run_cli("mic-check", *extra, env=env)
        assert result.returncode == 1
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("interviewer: error: no microphone"), (
            result.stderr
        )
    listing = run_cli("devices", "--json", env=env)
    assert listing.returncode == 0 and json.loads(listing.stdout) == []


def test_devices_lists_the_virtual_devices(pulse: PulseServer) -> None:
    result = run_cli("devices", "--json", env={**os.environ, **pulse.env})
    assert result.returncode == 0
    names = {d["name"]: d for d in json.loads(result.stdout)}
    assert names["pulse"]["inputs"] > 0 and names["pulse"]["outputs"] > 0
    human = run_cli("devices", env={**os.environ, **pulse.env})
    assert "pulse" in human.stdout and "default input" in human.stdout
