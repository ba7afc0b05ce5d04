"""Shared test setup: every test gets its own empty interviewer home and no user config."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_AUDIO = REPO.parent / "shared" / "audio"

pytest_plugins = [
    "tests.pulse",  # the private PulseAudio fixtures: pulse_server, pulse
    "tests.whisper_fixture",  # whisper_model (random-weight Whisper), speech clips
]


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    monkeypatch.delenv("INTERVIEWER_CONFIG", raising=False)
    for var in list(os.environ):
        if var.startswith("INTERVIEWER_") and var not in {"INTERVIEWER_HOME"}:
            monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def home(_isolated_home: Path) -> Path:
    return _isolated_home


@pytest.fixture
def rules_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scorer without its learned second stage, for tests that pin the rules' own shapes.
    With the stage, some one-tie answers are flagged ``no_product_link`` (docs/scoring.md, 1.8.0:
    a bag of n-grams weighs one tie sentence among many metric sentences too lightly); the stage
    itself is tested in test_scoring_learned.py."""
    from interviewer.scoring import learned

    monkeypatch.setattr(learned, "load", lambda path=None: None)
