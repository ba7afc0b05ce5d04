"""``interviewer models``: listing, offline download failing fast, paths, and resolve_model's advice."""

from __future__ import annotations

import json
import shutil
import socket
import time
from pathlib import Path

import pytest

from interviewer import paths
from interviewer.cli import main
from interviewer.errors import UserError
from interviewer.transcribe import catalog, resolve_model
from interviewer.transcribe.catalog import KNOWN_MODELS, check_reachable

REAL_HF_CACHED = catalog._hf_cached


@pytest.fixture(autouse=True)
def _no_hub_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Models a developer has in ~/.cache/huggingface must not count as installed here."""
    monkeypatch.setattr(catalog, "_hf_cached", lambda repo: None)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the hub at a local port nobody listens on: an offline machine, deterministically."""
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)


def test_download_fails_fast_offline_with_a_clear_line(
    offline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    code = main(["models", "download", "base.en"])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and elapsed < 10
    assert err[-1].startswith("interviewer: error: cannot download base.en: cannot reach 127.0.0.1")
    assert str(paths.models_dir() / "base.en") in err[-1]
    assert "Traceback" not in "\n".join(err)
    assert not (paths.models_dir() / "base.en").exists()  # nothing half-installed


def test_unreachable_host_times_out_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(UserError, match="cannot reach"):
        # TEST-NET-1 (RFC 5737): never routed, so this waits for the timeout or fails at once
        check_reachable_at("http://192.0.2.1", timeout=0.5)
    assert time.monotonic() - started < 5


def check_reachable_at(endpoint: str, timeout: float) -> None:
    mp = pytest.MonkeyPatch()
    mp.setenv("HF_ENDPOINT", endpoint)
    try:
        check_reachable(timeout=timeout)
    finally:
        mp.undo()


def test_hf_hub_offline_is_respected(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert main(["models", "download", "tiny.en"]) == 1
    assert "HF_HUB_OFFLINE" in capsys.readouterr().err


def test_download_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "download", "gigantic.en"]) == 1
    err = capsys.readouterr().err
    assert "unknown Whisper model 'gigantic.en'" in err and "base.en" in err


def test_list_shows_known_models_and_what_is_installed(
    whisper_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = [m["name"] for m in data["models"]]
    assert {"tiny.en", "base.en", "small.en", "tiny", "base", "small", "medium"} <= set(names)
    assert data["default"] == "base.en" and not any(m["installed"] for m in data["models"])

    shutil.copytree(whisper_model, paths.models_dir() / "base.en")
    shutil.copytree(whisper_model, paths.models_dir() / "my-finetune")
    assert main(["models", "list", "--json"]) == 0
    rows = {m["name"]: m for m in json.loads(capsys.readouterr().out)["models"]}
    assert rows["base.en"]["installed"] and rows["base.en"]["default"]
    assert rows["base.en"]["path"] == str(paths.models_dir() / "base.en")
    assert rows["my-finetune"]["installed"] and not rows["tiny.en"]["installed"]

    assert main(["models"]) == 0
    table = capsys.readouterr().out
    assert "*base.en" in table and "yes" in table and str(paths.models_dir()) in table

    assert main(["models", "download", "base.en"]) == 0  # already there: no network needed
    assert "already installed" in capsys.readouterr().out
    assert resolve_model("base.en") == paths.models_dir() / "base.en"


def test_models_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "path", "tiny.en"]) == 0
    assert capsys.readouterr().out.strip() == str(paths.models_dir() / "tiny.en")


def test_resolve_model_unknown_name_says_how_to_install() -> None:
    with pytest.raises(UserError) as info:
        resolve_model("huge.en")
    message = str(info.value)
    assert (
        "unknown Whisper model 'huge.en'" in message and "base.en" in message and "path" in message
    )


def test_resolve_model_known_but_missing_says_how_to_install() -> None:
    with pytest.raises(UserError) as info:
        resolve_model("tiny.en")
    message = str(info.value)
    assert "interviewer models download tiny.en" in message
    assert str(paths.models_dir() / "tiny.en") in message


def test_resolve_model_paths(whisper_model: Path, tmp_path: Path) -> None:
    assert resolve_model(str(whisper_model)) == whisper_model
    with pytest.raises(UserError, match="no Whisper model folder"):
        resolve_model(str(tmp_path / "nowhere"))
    with pytest.raises(UserError, match=r"no model\.bin"):
        resolve_model(str(tmp_path))
    file = tmp_path / "model.bin"
    file.write_bytes(b"x")
    with pytest.raises(UserError, match="is a file"):
        resolve_model(str(file))
    with pytest.raises(UserError, match="no Whisper model given"):
        resolve_model("  ")


def test_known_models_have_repos_and_sizes() -> None:
    for name, m in KNOWN_MODELS.items():
        assert m.name == name and "/" in m.repo and m.size_mb > 0


def test_add_model_option() -> None:
    import argparse

    from interviewer.cli.models_cmd import add_model_option

    parser = argparse.ArgumentParser()
    add_model_option(parser)
    assert parser.parse_args(["--model", "tiny.en"]).model == "tiny.en"
    assert parser.parse_args([]).model is None


def test_a_model_in_the_hugging_face_cache_counts_as_installed(
    whisper_model: Path, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    repo = tmp_path / "hub" / "models--Systran--faster-whisper-tiny.en"
    shutil.copytree(whisper_model, repo / "snapshots" / "abc123")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123")
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HUB_OFFLINE": "1"}
    code = "from interviewer.transcribe import resolve_model; print(resolve_model('tiny.en'))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str(repo / "snapshots" / "abc123")


def test_an_incomplete_cache_snapshot_is_not_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a snapshot holding model.bin counts; the cache is read from its layout, not through the hub."""
    monkeypatch.setattr(catalog, "_hf_cached", REAL_HF_CACHED)  # this test wants the real lookup
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    repo = KNOWN_MODELS["tiny.en"].repo
    folder = tmp_path / "hub" / f"models--{repo.replace('/', '--')}"
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text("abc123")
    stale = folder / "snapshots" / "old000"
    stale.mkdir(parents=True)  # an incomplete snapshot: no model.bin
    snapshot = folder / "snapshots" / "abc123"
    snapshot.mkdir()
    assert catalog._hf_cached(repo) is None
    (snapshot / "model.bin").write_bytes(b"\0")
    assert catalog._hf_cached(repo) == snapshot
    assert catalog.find_installed("base.en") is None
