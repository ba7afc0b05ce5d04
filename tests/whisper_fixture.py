"""Pytest plugin: a miniature random-weight Whisper model and synthetic speech, built once per run.

``whisper_model`` is the folder of a model made by ``scripts/build_fixture_model.py`` (no download,
nothing from outside the repository), cached in pytest's cache directory so later runs reuse it.
``speech`` is a 16 kHz WAV of espeak-ng sentences joined with known pauses, with the layout, so
tests can check that word times land where speech was.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_RATE = 16000

SENTENCES = (
    "So, the metric I would pick first is weekly active teams that finish a task.",
    "Um, then I would look at retention after thirty days, split by plan.",
    "Finally, I would set a guardrail on support tickets per thousand users.",
)
LEAD_S = 1.0
GAPS_S = (1.5, 0.7)
TAIL_S = 1.0


def load_builder() -> ModuleType:
    """``scripts/build_fixture_model.py`` as a module (scripts/ is not a package)."""
    if "build_fixture_model" in sys.modules:
        return sys.modules["build_fixture_model"]
    path = REPO / "scripts" / "build_fixture_model.py"
    spec = importlib.util.spec_from_file_location("build_fixture_model", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def whisper_model(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of the ``mini`` random-weight Whisper model (CTranslate2 format)."""
    cache = getattr(request.config, "cache", None)
    folder = (
        Path(cache.mkdir("interviewer-whisper-mini"))
        if cache is not None
        else tmp_path_factory.mktemp("whisper")
    )
    return Path(load_builder().build(folder, "mini"))


@dataclass(frozen=True)
class Speech:
    path: Path
    duration_s: float
    spans: tuple[tuple[float, float], ...]  # where each sentence is, seconds

    def audio(self):  # -> np.ndarray
        import soundfile as sf

        data, rate = sf.read(str(self.path), dtype="float32")
        assert rate == SAMPLE_RATE
        return data

    def first_sentence_repeated(self, times: int = 3, pause_s: float = 2.5):  # -> np.ndarray
        """The first sentence said ``times`` times, each followed by ``pause_s`` of silence: one
        chunk per sentence, so live updates arrive while the audio is fed."""
        import numpy as np

        a, b = self.spans[0]
        clip = self.audio()[int(a * SAMPLE_RATE) : int(b * SAMPLE_RATE)]
        silence = np.zeros(int(pause_s * SAMPLE_RATE), np.float32)
        return np.concatenate([clip, silence] * times)


def espeak(text: str, out: Path) -> None:
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None:
        pytest.skip("espeak-ng is not installed")
    subprocess.run([exe, "-s", "165", "-w", str(out), text], check=True, capture_output=True)


@pytest.fixture(scope="session")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    """Three espeak-ng sentences with 1.0 s lead-in, pauses of 1.5 s and 0.7 s, and 1.0 s tail."""
    import numpy as np
    import soundfile as sf

    from interviewer.transcribe.audio_io import read_all

    folder = tmp_path_factory.mktemp("speech")
    parts = [np.zeros(int(LEAD_S * SAMPLE_RATE), np.float32)]
    spans = []
    t = LEAD_S
    for i, sentence in enumerate(SENTENCES):
        raw = folder / f"s{i}.wav"
        espeak(sentence, raw)
        clip = read_all(raw)
        parts.append(clip)
        spans.append((t, t + clip.size / SAMPLE_RATE))
        t += clip.size / SAMPLE_RATE
        gap = GAPS_S[i] if i < len(GAPS_S) else TAIL_S
        parts.append(np.zeros(int(gap * SAMPLE_RATE), np.float32))
        t += gap
    audio = np.concatenate(parts)
    path = folder / "answer.wav"
    sf.write(str(path), audio, SAMPLE_RATE, subtype="PCM_16")
    return Speech(path=path, duration_s=audio.size / SAMPLE_RATE, spans=tuple(spans))
