"""The kill test: SIGKILL a process mid-recording; the WAV it leaves holds the answer up to about a
second before the kill (readable as is, complete after ``recover_wav``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.files import decode_file
from interviewer.audio.wavfile import recover_wav
from tests.pulse import PulseServer, aligned_correlations

CHILD = """
import sys, time
from interviewer.audio import AnswerRecorder, FileSource, MicrophoneSource
kind, src, out = sys.argv[1:4]
source = FileSource(src, realtime=True) if kind == "file" else MicrophoneSource(src)
recorder = AnswerRecorder(source, out)
recorder.start()
print("recording", flush=True)
while True:
    time.sleep(1)
"""
KILL_AFTER_S = 3.0


def record_then_kill(kind: str, source: str, out: Path, env: dict[str, str]) -> float:
    """Start the recording child, SIGKILL it KILL_AFTER_S after it started; return that time."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, kind, source, str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    started = time.monotonic()
    if line.strip() != "recording":
        child.kill()
        pytest.fail(f"recorder child failed: {line} {child.stderr.read() if child.stderr else ''}")
    time.sleep(KILL_AFTER_S)
    os.kill(child.pid, signal.SIGKILL)
    killed = time.monotonic()
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    return killed - started


def check_left_file(out: Path, elapsed: float) -> np.ndarray:
    # Readable as it is (the header is at most ~0.5 s behind)...
    before = sf.info(str(out)).duration
    assert before >= elapsed - 1.0, (before, elapsed)
    # ...and recover_wav brings back everything written up to the kill.
    duration = recover_wav(out)
    assert elapsed - 1.0 <= duration <= elapsed + 0.2, (duration, elapsed)
    assert duration >= before
    audio, rate = sf.read(str(out), dtype="float32")
    assert rate == 16000 and len(audio) == round(duration * 16000)
    return audio


def test_sigkill_while_recording_a_realtime_file(speech_wav: Path, tmp_path: Path) -> None:
    speech = decode_file(speech_wav)
    long = np.tile(speech, 3)  # longer than the recording will run
    src = tmp_path / "long.wav"
    sf.write(src, long, 16000, subtype="PCM_16")
    long = decode_file(src)
    out = tmp_path / "answer.wav"
    elapsed = record_then_kill("file", str(src), out, dict(os.environ))
    audio = check_left_file(out, elapsed)
    # Exactly the audio that was played into it, sample for sample (16-bit rounding aside).
    assert np.allclose(audio, long[: len(audio)], atol=1 / 32000)


@pytest.mark.pulse
def test_sigkill_while_recording_the_virtual_microphone(
    pulse: PulseServer, speech_wav: Path, tmp_path: Path
) -> None:
    speech = decode_file(speech_wav)
    feeder = pulse.feed(np.tile(speech, 3))
    out = tmp_path / "answer.wav"
    try:
        elapsed = record_then_kill("mic", "pulse", out, {**os.environ, **pulse.env})
    finally:
        feeder.stop()
    audio = check_left_file(out, elapsed)
    part = speech[
        : min(len(speech), len(audio)) - 16000
    ]  # the speech as far as it got, less a margin
    _, env_corr, _ = aligned_correlations(part, audio)
    assert env_corr >= 0.9
