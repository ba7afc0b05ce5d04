"""``interviewer score``: inputs, questions, outputs and one-line errors, through the real CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.models import Score, Transcript
from interviewer.timing import estimate

Q = [
    "--question-text",
    "How would you measure the success of our fraud alert model?",
    "--kind",
    "metrics",
]
ANSWER = (
    "I'll cover the goal, the metrics, then the decision. The goal is fewer fraud losses. First, "
    "recall on confirmed fraud; second, precision, because a false alert stops a good customer. "
    "I'd run a 5% holdout for four weeks. To wrap up, I'd launch only if recall stays above 85%."
)


@pytest.fixture
def transcript_file(tmp_path: Path) -> Path:
    path = tmp_path / "t.json"
    path.write_text(estimate(ANSWER, seed=4).to_json(), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["score", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_transcript_to_score_json(
    capsys: pytest.CaptureFixture[str], transcript_file: Path
) -> None:
    code, out, err = run(capsys, "--transcript", str(transcript_file), *Q, "--format", "json")
    assert code == 0, err
    score = Score.from_json(out)
    assert score.question.kind == "metrics" and score.question.id is None
    assert 1 <= score.scores.overall <= 5
    assert json.loads(out)["schema"] == "interviewer.score/1"


def test_markdown_summary_says_when_timing_is_estimated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = tmp_path / "answer.txt"
    text.write_text("Um, so, like, I'd, uh, look at accuracy, you know. " * 10, encoding="utf-8")
    code, out, _ = run(capsys, "--text", str(text), *Q, "--format", "md", "--wpm", "120")
    assert code == 0
    assert "estimated" in out and "# Score" in out
    assert "filler_heavy" in out and "heard:" in out and "Instead" in out


def test_text_from_stdin_and_outputs_to_files(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(ANSWER))
    out_file, t_file = tmp_path / "score.json", tmp_path / "t.json"
    code, out, err = run(
        capsys, "--text", "-", *Q, "-o", str(out_file), "--transcript-out", str(t_file)
    )
    assert code == 0 and out == "" and "wrote" in err
    score = Score.from_json(out_file.read_text())
    assert score.metrics["timing_estimated"] is True
    saved = Transcript.load(t_file)
    assert saved.timing_estimated and len(saved.words) == len(ANSWER.split())


def test_budget_option_overrides_the_default(
    capsys: pytest.CaptureFixture[str], transcript_file: Path
) -> None:
    code, out, _ = run(capsys, "--transcript", str(transcript_file), *Q, "--budget", "10")
    assert code == 0 and Score.from_json(out).has("over_time")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "invalid JSON"),
        ('{"schema": "interviewer.score/1"}', "schema is 'interviewer.score/1'"),
        ('{"schema": "interviewer.transcript/1", "duration_s": 2, "words": []}', "no words"),
        ('{"schema": "interviewer.transcript/1", "duration_s": -1}', "duration_s"),
    ],
)
def test_bad_transcripts_give_one_line_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "--transcript", str(path), *Q)
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_unknown_kind_question_or_missing_file_exit_1(
    capsys: pytest.CaptureFixture[str], transcript_file: Path, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "--transcript", str(transcript_file), "--question-text", "Why?", "--kind", "poetry"
    )
    assert code == 1 and "unknown kind 'poetry'" in err
    code, _, err = run(
        capsys, "--transcript", str(transcript_file), "--question", "no.such.question"
    )
    assert code == 1 and "no question 'no.such.question'" in err
    code, _, err = run(capsys, "--transcript", str(tmp_path / "missing.json"), *Q)
    assert code == 1 and "no such file" in err
    code, _, err = run(capsys, "--text", str(tmp_path / "missing.txt"), *Q)
    assert code == 1 and "no such file" in err
    code, _, err = run(capsys, "--transcript", str(transcript_file), *Q, "--budget", "-5")
    assert code == 1 and "--budget" in err
    code, _, err = run(
        capsys, "--transcript", str(transcript_file), *Q, "-o", str(tmp_path / "no" / "x.json")
    )
    assert code == 1 and "folder does not exist" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--question-text", "Why?", "--kind", "metrics"],  # no answer
        [
            "--transcript",
            "a.json",
            "--text",
            "b.txt",
            "--question-text",
            "Why?",
            "--kind",
            "metrics",
        ],
        ["--transcript", "a.json"],  # no question
        ["--transcript", "a.json", "--question-text", "Why?"],  # no kind
        ["--transcript", "a.json", "--question-text", "Why?", "--kind", "metrics", "--wpm", "120"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["score", *argv])
    assert exc.value.code == 2
    assert "interviewer score: error:" in capsys.readouterr().err


def test_thresholds_from_settings_and_show_thresholds(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    from interviewer import paths

    text = tmp_path / "a.txt"
    text.write_text(
        "Um, so, uh, I'd, um, track recall, you know, and, uh, precision. " * 8, encoding="utf-8"
    )
    code, out, _ = run(capsys, "--text", str(text), *Q)
    assert code == 0 and Score.from_json(out).has("filler_heavy")

    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[scoring.thresholds]\nfiller_heavy_per_min = 500\n", encoding="utf-8")
    code, out, _ = run(capsys, "--text", str(text), *Q)
    assert code == 0 and not Score.from_json(out).has("filler_heavy")
    code, out, _ = run(capsys, "--show-thresholds")
    assert code == 0 and "filler_heavy_per_min" in out and "(default 6)" in out

    config.write_text("[scoring.thresholds]\nfiller_rate = 60\n", encoding="utf-8")
    code, _, err = run(capsys, "--text", str(text), *Q)
    assert code == 1 and "unknown scoring threshold 'filler_rate'" in err


def test_audio_goes_through_the_local_engine(
    capsys: pytest.CaptureFixture[str], whisper_model: Path, speech, tmp_path: Path
) -> None:
    t_file = tmp_path / "t.json"
    code, out, err = run(
        capsys,
        "--audio",
        str(speech.path),
        "--model",
        str(whisper_model),
        *Q,
        "--transcript-out",
        str(t_file),
    )
    assert code == 0, err
    score = Score.from_json(out)
    transcript = Transcript.load(t_file)
    # The fixture model's words are meaningless; their timing is real.
    assert transcript.words and not score.metrics["timing_estimated"]
    assert score.metrics["words"] == len(transcript.text.split())
    assert score.duration_s == pytest.approx(speech.duration_s, abs=0.1)


def test_audio_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--audio", str(tmp_path / "none.wav"), *Q)
    assert code == 1 and "no such file" in err
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not audio at all")
    code, _, err = run(capsys, "--audio", str(bad), *Q)
    assert code == 1 and err.count("\n") == 1
