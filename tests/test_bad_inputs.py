"""Inputs a candidate can really give that the other suites do not cover: noise, another language,
a very long answer's transcript, and a round with no LLM configured, which must not touch the network.

Each either works (a valid transcript, a valid score) or fails with one line; nothing crashes and
nothing already saved is lost.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.models import QuestionRef, Transcript
from interviewer.scoring import score_answer
from interviewer.timing import estimate


def _transcribe(path: Path, model: Path) -> Transcript:
    from interviewer.settings import TranscribeSettings
    from interviewer.transcribe import transcribe_path

    return transcribe_path(path, TranscribeSettings(), model=str(model))


def _assert_well_formed(t: Transcript, audio_s: float) -> None:
    assert t.duration_s == pytest.approx(audio_s, abs=0.1)
    starts = [w.start for w in t.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= t.duration_s + 0.01 for w in t.words)
    Transcript.from_json(t.to_json())  # the stored form reads back


def test_loud_noise_gives_a_well_formed_transcript_and_a_one_line_verdict(
    whisper_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import numpy as np
    import soundfile as sf

    rng = np.random.default_rng(7)
    noise = (rng.standard_normal(16000 * 8) * 0.3).clip(-1, 1).astype("float32")
    path = tmp_path / "noise.wav"
    sf.write(path, noise, 16000)
    _assert_well_formed(_transcribe(path, whisper_model), 8.0)
    question = ["--question-text", "How would you measure the fraud model?", "--kind", "metrics"]
    code = main(["score", "--audio", str(path), "--model", str(whisper_model), *question])
    out, err = capsys.readouterr()
    if code == 0:
        assert json.loads(out)["schema"] == "interviewer.score/1"
    else:  # noise that carried no words: said in one line
        assert code == 1 and err.startswith("interviewer: error: ") and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1


def test_speech_in_another_language_is_transcribed_and_scored(
    whisper_model: Path, tmp_path: Path
) -> None:
    exe = shutil.which("espeak-ng")
    if exe is None:
        pytest.skip("espeak-ng is not installed")
    path = tmp_path / "french.wav"
    subprocess.run(
        [exe, "-v", "fr", "-w", str(path), "Je commencerais par définir l'objectif du produit."],
        check=True,
        capture_output=True,
    )
    import soundfile as sf

    info = sf.info(path)
    transcript = _transcribe(path, whisper_model)
    _assert_well_formed(transcript, info.frames / info.samplerate)
    if transcript.words:
        score = score_answer(
            transcript, QuestionRef(kind="metrics", text="How would you measure it?")
        )
        assert 1 <= score.scores.overall <= 5


def test_a_very_long_transcript_scores_in_bounded_time() -> None:
    """Two hours of talk (18,000 words) is scored, over time, without a crash."""
    import time

    sentence = (
        "So we would launch only if precision on confirmed fraud stays above ninety percent. "
    )
    transcript = estimate(sentence * 1300, wpm=150)
    started = time.perf_counter()
    score = score_answer(transcript, QuestionRef(kind="metrics", text="How would you measure it?"))
    elapsed = time.perf_counter() - started
    assert score.has("over_time")
    assert score.duration_s > 7000
    assert elapsed < 30, f"scoring 18,000 words took {elapsed:.1f} s"


def test_without_an_llm_nothing_opens_a_network_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole round, its scoring, export and listing stay on the machine when no LLM is configured."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(address)
            raise OSError("network use in an offline test")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    answers = tmp_path / "answers"
    answers.mkdir()
    for i, text in enumerate(
        [
            "First I'd set the goal: fewer fraud losses without blocking good customers. "
            "We launch only if precision stays above ninety five percent.",
            "Let me structure this in two parts: users and their pain, then what I'd build first.",
            "In my last role I led the launch of a spam filter and cut complaints by forty percent.",
        ]
    ):
        (answers / f"{i + 1:02d}.txt").write_text(text, encoding="utf-8")
    assert main(["practice", "--no-tui", "--answers", str(answers), "--round", "screen"]) == 0
    assert main(["export", "latest", "--format", "html", "-o", str(tmp_path / "d.html")]) == 0
    assert main(["sessions", "list", "--json"]) == 0
    assert attempts == []
