"""``interviewer doctor``: each check's verdict and advice follow the machine's real state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.cli import main
from tests.pulse import PulseServer


def _doctor(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, dict[str, str]]]:
    code = main(["doctor", "--json"])
    return code, {c["name"]: c for c in json.loads(capsys.readouterr().out)}


@pytest.mark.pulse
def test_with_devices_the_voice_and_microphone_are_ready(
    pulse: PulseServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, checks = _doctor(capsys)
    assert code == 0
    assert checks["microphone"]["status"] == "ok"
    assert checks["speaker"]["status"] == "ok"
    assert checks["speech output (TTS)"]["status"] == "ok"


def test_a_missing_model_is_a_warning_that_says_how_to_get_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, checks = _doctor(capsys)
    assert code == 0  # a round still runs, with typed answers
    model = checks["Whisper model"]
    assert model["status"] == "warn"
    assert "interviewer models download base.en" in model["fix"]
    assert checks["storage"]["status"] == "ok"


def test_a_working_voice_with_no_speaker_is_not_told_to_install_espeak(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from interviewer import tts

    if shutil.which("espeak-ng") is None:
        pytest.skip("needs a working voice engine (espeak-ng)")
    # The engine works (espeak-ng); only the output is missing, as on a machine with no speaker.
    monkeypatch.setattr(tts.Speaker, "available", property(lambda self: False))
    _, checks = _doctor(capsys)
    voice = checks["speech output (TTS)"]
    assert voice["status"] == "warn"
    assert "espeak" not in voice["fix"] and "speaker" in voice["fix"]


def test_a_broken_question_file_fails_the_doctor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "mine.toml"
    broken.write_text('[[question]]\nid = "x"\nkind = "nonsense"\n', encoding="utf-8")
    monkeypatch.setenv("INTERVIEWER_BANK_PATHS", str(broken))
    code, checks = _doctor(capsys)
    assert code == 1
    assert checks["question bank"]["status"] == "fail"
    assert "mine.toml" in checks["question bank"]["detail"]
