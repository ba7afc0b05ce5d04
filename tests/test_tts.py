"""The interviewer's voice: synthesis to WAV (length, sound), the cache, background prefetch,
playback into PulseAudio's null sink captured from its monitor, interruption, and graceful failure."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio import devices as devices_mod
from interviewer.audio.levels import dbfs
from interviewer.audio.resample import resample
from interviewer.errors import UserError
from interviewer.settings import TTSSettings
from interviewer.tts import Speaker
from tests.pulse import PulseServer, aligned_correlations, require_tools

QUESTION = (
    "How would you decide whether to launch a model with ninety percent precision but low recall?"
)


@pytest.fixture(autouse=True)
def _espeak() -> None:
    if sys.platform.startswith("linux"):
        require_tools("espeak-ng")


@pytest.fixture
def no_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices_mod, "list_devices", lambda: [])


def test_synthesize_gives_a_wav_of_plausible_length_with_sound(
    tmp_path: Path, no_output: None
) -> None:
    speaker = Speaker(TTSSettings(rate=175), cache_dir=tmp_path)
    assert speaker.engine_ok
    path = speaker.synthesize(QUESTION)
    audio, rate = sf.read(str(path), dtype="float32")
    words = len(QUESTION.split())
    expected = words / 175 * 60
    assert 0.5 * expected < len(audio) / rate < 2.0 * expected
    assert dbfs(float(np.sqrt(np.mean(audio**2)))) > -35  # speech, not silence
    slow = Speaker(TTSSettings(rate=100), cache_dir=tmp_path).synthesize(QUESTION)
    assert slow != path
    assert sf.info(str(slow)).duration > 1.3 * (len(audio) / rate)  # the rate setting is applied


def test_the_cache_is_hit_the_second_time(tmp_path: Path, no_output: None) -> None:
    speaker = Speaker(TTSSettings(), cache_dir=tmp_path)
    first = speaker.synthesize(QUESTION)
    mtime = first.stat().st_mtime_ns
    assert speaker.synth_count == 1
    again = speaker.synthesize(QUESTION)
    assert again == first and speaker.synth_count == 1 and speaker.cache_hits == 1
    other = Speaker(TTSSettings(), cache_dir=tmp_path)  # a later session reuses the file on disk
    assert other.synthesize(QUESTION) == first and other.synth_count == 0
    assert first.stat().st_mtime_ns == mtime
    assert list(tmp_path.glob("*.tmp.wav")) == []


def test_prefetch_synthesises_in_the_background(tmp_path: Path, no_output: None) -> None:
    speaker = Speaker(TTSSettings(), cache_dir=tmp_path)
    speaker.prefetch("Next question: tell me about a time you disagreed with an engineer.")
    deadline = time.monotonic() + 20
    while speaker.synth_count == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert speaker.synth_count == 1
    speaker.synthesize("Next question: tell me about a time you disagreed with an engineer.")
    assert speaker.synth_count == 1 and speaker.cache_hits == 1


def test_no_output_device_is_reported_and_speak_is_harmless(
    tmp_path: Path, no_output: None
) -> None:
    speaker = Speaker(TTSSettings(), cache_dir=tmp_path)
    assert not speaker.available
    assert (
        speaker.problem is not None
        and "no speaker" in speaker.problem
        and "\n" not in speaker.problem
    )
    speaker.speak(QUESTION)  # no exception, no thread left speaking
    assert not speaker.is_speaking and speaker.wait(0.1)
    speaker.stop()


def test_disabled_and_bad_input(tmp_path: Path, no_output: None) -> None:
    off = Speaker(TTSSettings(enabled=False), cache_dir=tmp_path)
    assert not off.available and "tts.enabled" in (off.problem or "")
    off.speak(QUESTION)
    speaker = Speaker(TTSSettings(voice="no-such-voice-xyz"), cache_dir=tmp_path)
    assert speaker.warning is not None and "no-such-voice-xyz" in speaker.warning
    with pytest.raises(UserError, match="empty"):
        speaker.synthesize("   ")


@pytest.mark.pulse
def test_playback_reaches_the_null_sink(pulse: PulseServer, tmp_path: Path) -> None:
    speaker = Speaker(TTSSettings(), output_device="pulse", cache_dir=tmp_path)
    assert speaker.available, speaker.problem
    wav = speaker.synthesize(QUESTION)
    spoken, rate = sf.read(str(wav), dtype="float32")
    capture = pulse.capture_monitor()
    time.sleep(0.3)
    speaker.speak(QUESTION)
    assert speaker.is_speaking
    assert speaker.wait(timeout=30)
    time.sleep(0.3)
    heard = capture.stop()
    _, env_corr, _ = aligned_correlations(resample(spoken, rate, 16000), heard)
    assert env_corr >= 0.9, env_corr


@pytest.mark.pulse
def test_stop_interrupts_speech(pulse: PulseServer, tmp_path: Path) -> None:
    speaker = Speaker(TTSSettings(), output_device="pulse", cache_dir=tmp_path)
    long_text = " ".join([QUESTION] * 4)
    full = sf.info(str(speaker.synthesize(long_text))).duration
    capture = pulse.capture_monitor()
    time.sleep(0.3)
    speaker.speak(long_text)
    deadline = time.monotonic() + 10
    while not np.any(np.abs(capture.samples()) > 0.01) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the speech is audible at the sink
    time.sleep(0.5)
    t0 = time.monotonic()
    speaker.stop()
    assert time.monotonic() - t0 < 1.0 and not speaker.is_speaking
    time.sleep(0.5)
    heard = capture.stop()
    loud = np.flatnonzero(np.abs(heard) > 0.01)

    assert loud.size and (loud[-1] - loud[0]) / 16000 < min(2.5, full / 2)
    assert speaker.last_playback is not None and speaker.last_playback.interrupted


@pytest.mark.pulse
def test_say_command_plays_and_saves(pulse: PulseServer, tmp_path: Path) -> None:
    out = tmp_path / "q.wav"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer",
            "say",
            "Hello there.",
            "--device",
            "pulse",
            "--save",
            str(out),
        ],
        env={**os.environ, **pulse.env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # pyttsx3's "Audio saved to" chatter is kept off stdout
    assert sf.info(str(out)).duration > 0.3


def test_say_without_a_speaker(tmp_path: Path) -> None:
    client = tmp_path / "client.conf"
    client.write_text("autospawn = no\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}
    env.update(PULSE_SERVER=f"unix:{tmp_path / 'none'}", PULSE_CLIENTCONFIG=str(client))
    if any(Path("/dev/snd").glob("pcmC*")):
        pytest.skip("this machine has real sound cards")
    out = tmp_path / "q.wav"
    cmd = [sys.executable, "-m", "interviewer", "say", "Hello there."]
    saved = subprocess.run(
        [*cmd, "--no-play", "--save", str(out)], env=env, capture_output=True, text=True
    )
    assert saved.returncode == 0, saved.stderr
    assert sf.info(str(out)).duration > 0.3  # synthesis needs no output device
    played = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert played.returncode == 1
    assert played.stderr.count("\n") == 1 and "no speaker" in played.stderr


def test_voice_is_applied_and_does_not_leak_into_the_next_speaker(
    tmp_path: Path, no_output: None
) -> None:
    text = "Tell me about your favourite product."
    before = Speaker(TTSSettings(), cache_dir=tmp_path / "a").synthesize(text)
    other = Speaker(TTSSettings(voice="Afrikaans"), cache_dir=tmp_path / "b")
    if other.warning:
        pytest.skip("this engine has no Afrikaans voice")
    assert other.voice_name and "afrikaans" in other.voice_name.lower()
    changed = other.synthesize(text)
    after = Speaker(TTSSettings(), cache_dir=tmp_path / "c").synthesize(text)

    def read(path: Path) -> np.ndarray:
        audio, rate = sf.read(str(path), dtype="float32")
        return resample(audio, rate, 16000)

    # espeak is not bit-exact from run to run, so compare the speech envelopes.
    _, same, _ = aligned_correlations(read(before), read(after))
    _, different, _ = aligned_correlations(read(before), read(changed))
    assert same > 0.95, same  # the default voice came back
    assert different < 0.8, different  # the other voice really spoke
