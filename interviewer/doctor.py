"""Checks that a candidate's machine can run a spoken round, each with how to fix it.

Each check returns a ``Check``: ``ok``, ``warn`` (the round still runs, with less: typed answers, questions
shown as text) or ``fail`` (something the user must fix). No check raises.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Literal

from interviewer.settings import Settings

Status = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def run_all(settings: Settings) -> list[Check]:
    checks: list[Callable[[Settings], Check]] = [
        check_storage,
        check_bank,
        check_tts,
        check_input_device,
        check_output_device,
        check_model,
        check_llm,
    ]
    results = []
    for check in checks:
        try:
            results.append(check(settings))
        except Exception as exc:  # a check must report, never crash the doctor
            results.append(
                Check(check.__name__.removeprefix("check_"), "fail", f"check crashed: {exc}")
            )
    return results


def check_storage(settings: Settings) -> Check:
    from interviewer import paths
    from interviewer.errors import UserError
    from interviewer.store import Store

    home = paths.home()
    try:
        with Store() as store:
            sessions = len(store.list_sessions())
            version = store.schema_version
    except UserError as exc:
        return Check(
            "storage", "fail", str(exc), f"set INTERVIEWER_HOME to a writable folder (now {home})"
        )
    free_gb = shutil.disk_usage(home).free / 1e9
    detail = f"{home} (schema {version}, {sessions} sessions, {free_gb:.1f} GB free)"
    if free_gb < 0.5:
        return Check(
            "storage", "warn", detail, "free some disk space: an hour of audio takes about 115 MB"
        )
    return Check("storage", "ok", detail)


def check_bank(settings: Settings) -> Check:
    from interviewer import bank
    from interviewer.errors import UserError

    try:
        b = bank.load(settings.bank.paths)
    except UserError as exc:
        return Check(
            "question bank", "fail", str(exc), "fix the file named, or remove it from bank.paths"
        )
    return Check("question bank", "ok", f"{len(b.questions)} questions, {len(b.rounds)} rounds")


def check_tts(settings: Settings) -> Check:
    if not settings.tts.enabled:
        return Check(
            "speech output (TTS)",
            "warn",
            "turned off in settings (tts.enabled)",
            "questions are shown as text",
        )
    from interviewer.tts import Speaker

    speaker = Speaker(settings.tts, output_device=settings.audio.output_device)
    if speaker.available:
        return Check(
            "speech output (TTS)", "ok", f"voice ready ({speaker.voice_name or 'default voice'})"
        )
    if (
        speaker.engine_ok
    ):  # the voice works; there is nowhere to play it (the speaker check says more)
        return Check(
            "speech output (TTS)",
            "warn",
            speaker.problem or "no output device",
            "connect a speaker or headphones (see `interviewer devices`); questions are shown as text meanwhile",
        )
    return Check(
        "speech output (TTS)",
        "warn",
        speaker.problem or "no speech engine",
        "Linux: sudo apt-get install espeak-ng; the round goes on with questions shown as text",
    )


def _devices() -> list:
    from interviewer.audio import list_devices

    return list(list_devices())


def check_input_device(settings: Settings) -> Check:
    from interviewer.errors import UserError

    try:
        devices = [d for d in _devices() if getattr(d, "inputs", 0) > 0]
    except UserError as exc:
        return Check(
            "microphone", "warn", str(exc), "answers can be typed: interviewer practice --typed"
        )
    if not devices:
        return Check(
            "microphone",
            "warn",
            "no input device found",
            "plug in a microphone (and allow the terminal to use it on macOS); meanwhile answers can be typed",
        )
    wanted = settings.audio.input_device
    default = next((d for d in devices if getattr(d, "default_input", False)), devices[0])
    detail = f"{len(devices)} input device(s); using {wanted or getattr(default, 'name', '?')}"
    return Check("microphone", "ok", detail + " (run `interviewer mic-check` to test levels)")


def check_output_device(settings: Settings) -> Check:
    from interviewer.errors import UserError

    try:
        devices = [d for d in _devices() if getattr(d, "outputs", 0) > 0]
    except UserError as exc:
        return Check("speaker", "warn", str(exc), "questions are shown as text")
    if not devices:
        return Check(
            "speaker",
            "warn",
            "no output device found",
            "connect headphones; questions are shown as text meanwhile",
        )
    return Check("speaker", "ok", f"{len(devices)} output device(s)")


def check_model(settings: Settings) -> Check:
    from interviewer.errors import UserError
    from interviewer.transcribe import resolve_model

    name = settings.transcribe.model
    try:
        path = resolve_model(name)
    except UserError as exc:
        return Check(
            "Whisper model",
            "warn",
            str(exc),
            f"run `interviewer models download {name}` (or answer by typing: interviewer practice --typed)",
        )
    return Check("Whisper model", "ok", f"{name} at {path}")


def check_llm(settings: Settings) -> Check:
    import os

    llm = settings.llm
    if not llm.enabled and not llm.base_url:
        return Check(
            "LLM coach (optional)", "ok", "off; everything works without it (enable with --llm)"
        )
    has_key = bool(os.environ.get(llm.api_key_env))
    where = llm.base_url or "OpenAI"
    if not has_key and not llm.base_url:
        return Check(
            "LLM coach (optional)",
            "warn",
            f"no key in ${llm.api_key_env} for {where}",
            f"export {llm.api_key_env}=... or set INTERVIEWER_LLM_BASE_URL to a local server",
        )
    return Check(
        "LLM coach (optional)",
        "ok",
        f"{llm.model} at {where}{'' if has_key else ' (no key; fine for local servers)'}",
    )
