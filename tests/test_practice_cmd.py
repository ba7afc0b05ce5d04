"""``interviewer practice --no-tui`` and ``interviewer replay --no-tui``, run as the user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.store import Store

REPO = Path(__file__).resolve().parent.parent

BANK = """
[[question]]
id = "t-metrics"
kind = "metrics"
text = "How would you measure the success of smart replies in a messaging app?"
budget_s = 300
elements = ["goal", "north star metric", "guardrails"]

[[question]]
id = "t-behavioral"
kind = "behavioral"
text = "Tell me about a time you had to ship with incomplete data."
budget_s = 180
elements = ["situation", "action", "result"]

[[question]]
id = "t-vision"
kind = "product_vision"
text = "What would you build next for an AI meeting assistant, and why?"
budget_s = 600
elements = ["users", "pains", "solution"]

[[round]]
name = "t-screen"
title = "Test screen"
sections = [{ name = "all", questions = ["t-metrics", "t-behavioral", "t-vision"] }]
"""

GOOD = (
    "Let me structure this in three parts: the goal, the metrics, and the guardrails. "
    "The goal is faster replies. I would track reply time, which is 40 seconds today at the median, "
    "and target a 20 percent drop, tested in an A/B experiment with 5 percent of users. "
    "Guardrails: report rate and opt-out rate. To summarize, I would launch if reply time drops "
    "and guardrails hold."
)


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "bank.toml"
    path.write_text(BANK)
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_headless_typed_round_stores_the_session_and_ends_when_answers_run_out(
    tmp_path: Path, bank_file: Path
) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "01.txt").write_text(GOOD)
    (answers / "02.txt").write_text("Um, I, uh, I think it went fine.")
    (answers / "README.md").write_text("not an answer")
    proc = run(
        "practice",
        "--no-tui",
        "--answers",
        str(answers),
        "--round",
        "t-screen",
        "--bank",
        str(bank_file),
        "--no-voice",
    )
    assert proc.returncode == 0, proc.stderr
    assert "Question 1/2 [metrics" in proc.stdout and "smart replies" in proc.stdout
    assert "Question 2/2 [behavioral" in proc.stdout
    assert "t-vision" not in proc.stdout and "AI meeting assistant" not in proc.stdout
    with Store() as store:
        [summary] = store.list_sessions()
        session = store.get_session(summary.id)
    assert session.status == "completed" and session.round_name == "t-screen"
    assert [a.question.id for a in session.answers] == ["t-metrics", "t-behavioral"]
    assert [a.mode for a in session.answers] == ["typed", "typed"]
    assert all(a.status == "scored" for a in session.answers), [a.error for a in session.answers]
    assert session.answers[0].transcript.words[0].text == "Let"
    assert f"Session {session.id} saved (2/2 answers scored)" in proc.stdout

    replay = run("replay", str(session.id), "--no-tui")
    assert replay.returncode == 0, replay.stderr
    assert "Q1 [metrics]" in replay.stdout and "Let me structure this" in replay.stdout
    assert "[00:00.5]" in replay.stdout


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: None, "no such folder"),
        (lambda d: d.mkdir(), "no answer files"),
        (lambda d: d.write_text("x"), "not a folder"),
    ],
)
def test_bad_answers_folder_is_a_one_line_error(
    tmp_path: Path, bank_file: Path, setup, message: str
) -> None:
    folder = tmp_path / "answers"
    setup(folder)
    proc = run(
        "practice",
        "--no-tui",
        "--answers",
        str(folder),
        "--bank",
        str(bank_file),
        "--round",
        "t-screen",
    )
    assert proc.returncode == 1
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["practice", "--no-tui"])
    assert exc.value.code == 2
    assert "--no-tui needs --answers" in capsys.readouterr().err


def test_unknown_round_and_empty_text_answer(tmp_path: Path, bank_file: Path, capsys) -> None:
    answers = tmp_path / "a"
    answers.mkdir()
    (answers / "1.txt").write_text("   \n")
    assert (
        main(
            [
                "practice",
                "--no-tui",
                "--answers",
                str(answers),
                "--bank",
                str(bank_file),
                "--round",
                "nope",
            ]
        )
        == 1
    )
    assert "no round 'nope'" in capsys.readouterr().err
    code = main(
        [
            "practice",
            "--no-tui",
            "--no-voice",
            "--answers",
            str(answers),
            "--bank",
            str(bank_file),
            "--round",
            "t-screen",
        ]
    )
    assert code == 1
    assert "the answer is empty" in capsys.readouterr().err


def test_replay_of_a_missing_session_is_a_one_line_error(capsys) -> None:
    assert main(["replay", "42", "--no-tui"]) == 1
    assert "no session 42" in capsys.readouterr().err
