"""Settings: defaults, overridden by a TOML file, overridden by ``INTERVIEWER_*`` environment variables.

The file (``interviewer.paths.config_file()``) has one table per section::

    [transcribe]
    model = "base.en"

    [llm]
    base_url = "http://127.0.0.1:11434/v1"

Any field can also be set from the environment as ``INTERVIEWER_<SECTION>_<FIELD>``, for example
``INTERVIEWER_TRANSCRIBE_MODEL=tiny.en`` or ``INTERVIEWER_LLM_BASE_URL=...``. Lists take
comma-separated values. ``interviewer config`` prints the effective settings and where each comes from.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interviewer import paths
from interviewer.errors import UserError

ENV_PREFIX = "INTERVIEWER_"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class BankSettings(_Section):
    paths: list[str] = Field(default_factory=list)
    """Extra question files or folders, added to the bundled bank."""


class AudioSettings(_Section):
    input_device: str | None = None
    """Microphone, by name (a substring is enough) or index; empty for the system default."""
    output_device: str | None = None
    """Speaker for the spoken questions, by name or index; empty for the system default."""
    samplerate: int = 16000
    """Internal sample rate. Whisper wants 16 kHz; devices that refuse it are resampled."""
    keep_audio: bool = True
    """Keep recorded answers on disk (needed for replay)."""


class TTSSettings(_Section):
    enabled: bool = True
    """Speak the questions aloud. Off: the question is only shown."""
    voice: str | None = None
    """pyttsx3 voice id or a substring of its name; empty for the engine's default."""
    rate: int = Field(default=175, ge=80, le=400)
    """Speaking rate in words per minute."""


class TranscribeSettings(_Section):
    model: str = "base.en"
    """Whisper model: a known name (``interviewer models list``) or a path to a CTranslate2 model folder."""
    device: str = "auto"
    """``cpu``, ``cuda`` or ``auto`` (CUDA when present)."""
    compute_type: str = "default"
    """CTranslate2 compute type; ``default`` means int8 on CPU and float16 on CUDA."""
    beam_size: int = Field(default=1, ge=1, le=10)
    """Beam width. 1 (greedy) keeps up with speech on a laptop CPU."""
    language: str = "en"
    """Spoken language; set it to skip language detection."""
    filler_prompt: str = Field(default="Um, uh, so, like, you know.", max_length=40)
    """A short prompt that keeps more filler words in the transcript (empty to disable)."""
    threads: int = Field(default=0, ge=0)
    """CPU threads for the model; 0 uses all cores but one, so the interface stays responsive."""


class ScoringSettings(_Section):
    thresholds: dict[str, float] = Field(default_factory=dict)
    """Overrides of the scorer's thresholds by name (``interviewer score --show-thresholds``)."""


class LLMSettings(_Section):
    enabled: bool = False
    """Ask an LLM for rubric feedback and follow-ups (also ``--llm``)."""
    base_url: str | None = None
    """OpenAI-compatible endpoint, e.g. ``http://127.0.0.1:11434/v1`` for Ollama; empty for OpenAI."""
    model: str = "gpt-4o-mini"
    """Model name as the endpoint knows it."""
    api_key_env: str = "OPENAI_API_KEY"
    """Name of the environment variable holding the key. The key itself is never stored."""
    timeout_s: float = Field(default=60.0, gt=0)
    """Seconds to wait for one response."""
    max_retries: int = Field(default=3, ge=0, le=10)
    """Retries on 429 and 5xx, with exponential backoff."""


class UISettings(_Section):
    theme: str = "textual-dark"
    """Textual theme name."""
    default_round: str = "screen"
    """Round started by plain ``interviewer``."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bank: BankSettings = Field(default_factory=BankSettings)
    audio: AudioSettings = Field(default_factory=AudioSettings)
    tts: TTSSettings = Field(default_factory=TTSSettings)
    transcribe: TranscribeSettings = Field(default_factory=TranscribeSettings)
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    ui: UISettings = Field(default_factory=UISettings)


SECTIONS: dict[str, type[_Section]] = {
    name: field.annotation  # type: ignore[misc]
    for name, field in Settings.model_fields.items()
}


def load(config_path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Build the effective settings. Errors name the file or variable and the field."""
    environ = dict(os.environ if environ is None else environ)
    path = config_path or paths.config_file()
    data: dict[str, Any] = {}
    from_env: dict[tuple[str, str], str] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise UserError(f"{path}: invalid TOML: {exc}") from None
        except OSError as exc:
            raise UserError(f"{path}: cannot read settings ({exc.strerror})") from None
    for section, model in SECTIONS.items():
        for field_name, field in model.model_fields.items():
            var = f"{ENV_PREFIX}{section.upper()}_{field_name.upper()}"
            if var in environ:
                value: Any = environ[var]
                if field.annotation == list[str]:
                    value = [v.strip() for v in value.split(",") if v.strip()]
                data.setdefault(section, {})[field_name] = value
                from_env[(section, field_name)] = var
            # An empty string means "not set" for optional fields (the starter file writes "").
            table = data.get(section)
            if (
                isinstance(table, dict)
                and table.get(field_name) == ""
                and "None" in str(field.annotation)
            ):
                table[field_name] = None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(str(p) for p in first["loc"])
        where = ".".join(loc)
        origin = from_env.get((loc[0], loc[1])) if len(loc) >= 2 else None
        source = f"environment variable {origin}" if origin else str(path)
        raise UserError(f"settings: {where}: {first['msg']} (from {source})") from None


def describe(settings: Settings) -> list[tuple[str, Any, str]]:
    """(``section.field``, value, doc) for every setting, for ``interviewer config``."""
    rows = []
    for section, model in SECTIONS.items():
        current = getattr(settings, section)
        for field_name in model.model_fields:
            doc = _field_doc(model, field_name)
            rows.append((f"{section}.{field_name}", getattr(current, field_name), doc))
    return rows


def _field_doc(model: type[BaseModel], name: str) -> str:
    """The attribute docstring under a field, read from the source (kept next to the field)."""
    import inspect

    try:
        lines = inspect.getsource(model).splitlines()
    except OSError:
        return ""
    for i, line in enumerate(lines):
        if line.strip().startswith(f"{name}:") and i + 1 < len(lines):
            nxt = lines[i + 1].strip()
            if nxt.startswith('"""'):
                return nxt.strip('"')
    return ""
