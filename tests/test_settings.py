"""Settings: defaults, the TOML file, ``INTERVIEWER_<SECTION>_<FIELD>`` overrides (env wins), and
one-line errors that name the field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer import settings as settings_mod
from interviewer.errors import UserError
from interviewer.settings import SECTIONS, Settings, describe, load


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    s = load(tmp_path / "missing.toml", environ={})
    assert s == Settings()
    assert s.ui.default_round == "screen"
    assert s.transcribe.model == "base.en"
    assert s.llm.enabled is False
    assert s.bank.paths == []


def test_file_values_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        """
        [transcribe]
        model = "tiny.en"
        beam_size = 2

        [tts]
        enabled = false
        rate = 150

        [llm]
        base_url = "http://127.0.0.1:11434/v1"

        [scoring.thresholds]
        wpm_fast = 175.0

        [bank]
        paths = ["~/questions", "/srv/bank.toml"]
        """.replace("        ", ""),
    )
    s = load(path, environ={})
    assert s.transcribe.model == "tiny.en"
    assert s.transcribe.beam_size == 2
    assert s.tts.enabled is False and s.tts.rate == 150
    assert s.llm.base_url == "http://127.0.0.1:11434/v1"
    assert s.scoring.thresholds == {"wpm_fast": 175.0}
    assert s.bank.paths == ["~/questions", "/srv/bank.toml"]
    # Untouched sections keep their defaults.
    assert s.audio == Settings().audio


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", '[transcribe]\nmodel = "tiny.en"\nbeam_size = 2\n')
    env = {
        "INTERVIEWER_TRANSCRIBE_MODEL": "small.en",
        "INTERVIEWER_TTS_RATE": "210",
        "INTERVIEWER_TTS_ENABLED": "false",
        "INTERVIEWER_LLM_ENABLED": "1",
        "INTERVIEWER_LLM_TIMEOUT_S": "2.5",
        "UNRELATED": "x",
    }
    s = load(path, environ=env)
    assert s.transcribe.model == "small.en"  # env wins over the file
    assert s.transcribe.beam_size == 2  # the file still applies where env is silent
    assert s.tts.rate == 210
    assert s.tts.enabled is False
    assert s.llm.enabled is True
    assert s.llm.timeout_s == 2.5


def test_list_values_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", '[bank]\npaths = ["/from/file"]\n')
    s = load(path, environ={"INTERVIEWER_BANK_PATHS": " /a/b.toml , ~/c ,, "})
    assert s.bank.paths == ["/a/b.toml", "~/c"]
    assert load(path, environ={"INTERVIEWER_BANK_PATHS": ""}).bank.paths == []


def test_empty_environment_value_clears_an_optional_field(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", '[audio]\ninput_device = "USB mic"\n')
    assert load(path, environ={}).audio.input_device == "USB mic"
    assert load(path, environ={"INTERVIEWER_AUDIO_INPUT_DEVICE": ""}).audio.input_device is None


def test_every_field_has_an_environment_variable(tmp_path: Path) -> None:
    """Each documented field can be set from the environment (spot-check a string field per section)."""
    for section, model in SECTIONS.items():
        for name, field in model.model_fields.items():
            if field.annotation is str:
                var = f"INTERVIEWER_{section.upper()}_{name.upper()}"
                s = load(tmp_path / "none.toml", environ={var: "from-env"})
                assert getattr(getattr(s, section), name) == "from-env", var


@pytest.mark.parametrize(
    ("content", "env", "field"),
    [
        ('[tts]\nrate = "fast"\n', {}, "tts.rate"),
        ("[tts]\nrate = 20\n", {}, "tts.rate"),
        ("[transcribe]\nbeam_size = 0\n", {}, "transcribe.beam_size"),
        ("[llm]\ntimeout_s = -1\n", {}, "llm.timeout_s"),
        ("[audio]\nsamplerate = 16000\nvolume = 3\n", {}, "audio.volume"),
        ("[ui]\ntheme = 3\n", {}, "ui.theme"),
        ("[voice]\nrate = 100\n", {}, "voice"),
        ('tts = "loud"\n', {}, "tts"),
        ("", {"INTERVIEWER_TTS_RATE": "quick"}, "tts.rate"),
        ("", {"INTERVIEWER_LLM_MAX_RETRIES": "99"}, "llm.max_retries"),
        ("", {"INTERVIEWER_AUDIO_KEEP_AUDIO": "perhaps"}, "audio.keep_audio"),
    ],
)
def test_bad_values_give_one_line_naming_the_field(
    tmp_path: Path, content: str, env: dict[str, str], field: str
) -> None:
    path = write(tmp_path / "config.toml", content)
    with pytest.raises(UserError) as info:
        load(path, environ=env)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"settings: {field}"), message
    # ... and where the bad value came from: the variable when it came from the environment.
    source = next(iter(env)) if env else str(path)
    assert source in message, message


def test_invalid_toml_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", "[tts]\nrate = = 3\n")
    with pytest.raises(UserError) as info:
        load(path, environ={})
    message = str(info.value)
    assert str(path) in message and "invalid TOML" in message and "line 2" in message
    assert "\n" not in message


def test_unreadable_settings_file(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()  # a folder where the file should be
    with pytest.raises(UserError, match="cannot read settings"):
        load(folder, environ={})


def test_default_location_follows_the_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(home / "config.toml", '[ui]\ndefault_round = "behavioral"\n')
    assert settings_mod.load().ui.default_round == "behavioral"
    other = write(home / "elsewhere.toml", '[ui]\ndefault_round = "full-loop"\n')
    monkeypatch.setenv("INTERVIEWER_CONFIG", str(other))
    assert settings_mod.load().ui.default_round == "full-loop"
    monkeypatch.setenv("INTERVIEWER_UI_DEFAULT_ROUND", "ai-technical")
    assert settings_mod.load().ui.default_round == "ai-technical"


def test_describe_documents_every_field() -> None:
    rows = describe(Settings())
    names = [name for name, _, _ in rows]
    expected = [f"{s}.{f}" for s, m in SECTIONS.items() for f in m.model_fields]
    assert names == expected
    undocumented = [name for name, _, doc in rows if not doc]
    assert undocumented == []
    assert dict((n, v) for n, v, _ in rows)["ui.default_round"] == "screen"
