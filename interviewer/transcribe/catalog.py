"""Which Whisper models exist, which are installed, and how to get one.

A model is a CTranslate2 Whisper folder (``model.bin``, ``config.json``, ``tokenizer.json``,
``vocabulary.*``). Users name a known model (``base.en``) or give a folder path. Installed models
live in ``paths.models_dir()/<name>``; a copy already in the Hugging Face cache (left there by an
earlier faster-whisper run) is found too. Downloading goes through ``huggingface_hub`` after a
quick reachability check, so an offline machine gets a clear answer within seconds, never a hang.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from interviewer import paths
from interviewer.errors import UserError

MODEL_FILES = (
    "config.json",
    "preprocessor_config.json",
    "model.bin",
    "tokenizer.json",
    "vocabulary.*",
)
REACH_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class KnownModel:
    name: str
    repo: str
    size_mb: int  # download size, float16 weights
    note: str


KNOWN_MODELS: dict[str, KnownModel] = {
    m.name: m
    for m in (
        KnownModel("tiny.en", "Systran/faster-whisper-tiny.en", 75, "fastest; English only"),
        KnownModel("tiny", "Systran/faster-whisper-tiny", 75, "fastest; multilingual"),
        KnownModel("base.en", "Systran/faster-whisper-base.en", 145, "default; English only"),
        KnownModel("base", "Systran/faster-whisper-base", 145, "multilingual"),
        KnownModel(
            "small.en", "Systran/faster-whisper-small.en", 485, "more accurate; needs a fast CPU"
        ),
        KnownModel("small", "Systran/faster-whisper-small", 485, "multilingual"),
        KnownModel(
            "distil-small.en", "Systran/faster-distil-whisper-small.en", 335, "English only"
        ),
        KnownModel("medium.en", "Systran/faster-whisper-medium.en", 1530, "GPU recommended"),
        KnownModel("medium", "Systran/faster-whisper-medium", 1530, "GPU recommended"),
        KnownModel(
            "distil-large-v3", "Systran/faster-distil-whisper-large-v3", 1510, "GPU recommended"
        ),
        KnownModel("large-v3", "Systran/faster-whisper-large-v3", 3090, "GPU only in practice"),
    )
}


@dataclass(frozen=True)
class ModelStatus:
    name: str
    size_mb: int
    note: str
    installed: bool
    path: Path | None


def is_model_dir(path: Path) -> bool:
    return path.is_dir() and (path / "model.bin").is_file()


def install_dir(name: str) -> Path:
    """Where ``interviewer models download NAME`` puts a model (not created here)."""
    return paths.models_dir() / name


def _looks_like_path(value: str) -> bool:
    return os.sep in value or "/" in value or value.startswith(("~", ".")) or Path(value).exists()


def _hf_cache_dir() -> Path:
    """The Hugging Face hub cache, as huggingface_hub itself finds it (its variables, then its default)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    hf_home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache"), "huggingface"
    )
    return Path(hf_home).expanduser() / "hub"


def _hf_cached(repo: str) -> Path | None:
    """A complete copy in the Hugging Face cache, found on disk.

    Reads the cache's layout (``models--ORG--NAME/refs/main`` naming a folder in ``snapshots/``)
    rather than importing huggingface_hub, which costs a third of a second on every start.
    """
    folder = _hf_cache_dir() / f"models--{repo.replace('/', '--')}"
    try:
        ref = (folder / "refs" / "main").read_text(encoding="utf-8").strip()
        candidates = [folder / "snapshots" / ref]
    except OSError:
        candidates = []
    snapshots = folder / "snapshots"
    if snapshots.is_dir():
        candidates += sorted(snapshots.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    return next((c for c in candidates if is_model_dir(c)), None)


def find_installed(name: str) -> Path | None:
    """The folder of an installed known model, or None."""
    local = install_dir(name)
    if is_model_dir(local):
        return local
    known = KNOWN_MODELS.get(name)
    return _hf_cached(known.repo) if known else None


def resolve_model(name_or_path: str) -> Path:
    """The model folder for a known name or a path; a one-line UserError says how to get it."""
    value = (name_or_path or "").strip()
    if not value:
        raise UserError(
            "no Whisper model given", hint="set transcribe.model or pass --model NAME|PATH"
        )
    if value not in KNOWN_MODELS and _looks_like_path(value):
        path = Path(value).expanduser()
        if not path.exists():
            raise UserError(f"no Whisper model folder at {path}")
        if not path.is_dir():
            raise UserError(f"{path} is a file; give the folder that holds model.bin")
        if not is_model_dir(path):
            raise UserError(
                f"{path} is not a CTranslate2 Whisper model folder (no model.bin in it)"
            )
        return path
    if value not in KNOWN_MODELS:
        known = ", ".join(KNOWN_MODELS)
        raise UserError(
            f"unknown Whisper model {value!r}",
            hint=f"known models: {known}; or give the path to a CTranslate2 model folder",
        )
    found = find_installed(value)
    if found is None:
        raise UserError(
            f"Whisper model {value!r} is not installed",
            hint=f"run `interviewer models download {value}`, or put a CTranslate2 model folder at "
            f"{install_dir(value)}",
        )
    return found


def list_models() -> list[ModelStatus]:
    """Every known model with its install state, plus folders installed under unknown names."""
    rows = []
    for m in KNOWN_MODELS.values():
        path = find_installed(m.name)
        rows.append(ModelStatus(m.name, m.size_mb, m.note, path is not None, path))
    root = paths.models_dir()
    if root.is_dir():
        for child in sorted(root.iterdir()):
            if child.name not in KNOWN_MODELS and is_model_dir(child):
                size = sum(f.stat().st_size for f in child.iterdir() if f.is_file()) // 1_000_000
                rows.append(ModelStatus(child.name, size, "local folder", True, child))
    return rows


def _endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def check_reachable(timeout: float = REACH_TIMEOUT_S) -> None:
    """Fail fast (UserError) when the model host cannot be reached."""
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}:
        raise UserError("downloads are disabled (HF_HUB_OFFLINE is set)")
    url = urlparse(_endpoint())
    host = url.hostname or "huggingface.co"
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = (
            "timed out"
            if isinstance(exc, TimeoutError | socket.timeout)
            else (exc.strerror or str(exc))
        )
        raise UserError(f"cannot reach {host} ({reason})") from None


def download(name: str, *, progress: bool = True) -> Path:
    """Download a known model into ``install_dir(name)``; returns the folder."""
    known = KNOWN_MODELS.get(name)
    if known is None:
        raise UserError(
            f"unknown Whisper model {name!r}", hint=f"known models: {', '.join(KNOWN_MODELS)}"
        )
    target = install_dir(name)
    if is_model_dir(target):
        return target
    offline_hint = (
        f"offline? download {known.repo} from {_endpoint()} on a connected machine and copy the "
        f"folder to {target}, or pass --model PATH to a CTranslate2 Whisper folder"
    )
    try:
        check_reachable()
    except UserError as exc:
        raise UserError(f"cannot download {name}: {exc}", hint=offline_hint) from None

    from huggingface_hub import snapshot_download

    root = paths.ensure_private_dir(paths.models_dir())
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        if not progress:
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        snapshot_download(known.repo, local_dir=str(staging), allow_patterns=list(MODEL_FILES))
        if not is_model_dir(staging):
            raise UserError(f"download of {name} is incomplete (no model.bin)", hint=offline_hint)
        shutil.rmtree(staging / ".cache", ignore_errors=True)
        staging.rename(target)
    except UserError:
        raise
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UserError(f"cannot download {name}: {first_line}", hint=offline_hint) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target
