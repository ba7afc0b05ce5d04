"""``interviewer score --llm`` end to end: a real subprocess, the real openai client, a local server."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from llm_server import LLMServer, Reply, ok
from test_llm import FEEDBACK, FOLLOW_UP

from interviewer.llm.command import add_llm_options, apply_llm, wants_llm
from interviewer.models import QuestionRef, Score, Scores
from interviewer.settings import LLMSettings, Settings
from interviewer.timing import estimate

ANSWER = (
    "I would measure the fraud model by accuracy. Accuracy is the share of transactions we label "
    "correctly. We track it weekly and if it improves we ship the new model."
)
QUESTION = "How would you measure the success of a fraud detection model for card payments?"
KEY = "sk-cli-test-5e4d3c2b1a09"


def run_score(
    home: Path, answer: Path, *extra: str, server: LLMServer | None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTERVIEWER_", "OPENAI_"))}
    env["INTERVIEWER_HOME"] = str(home)
    env["OPENAI_API_KEY"] = KEY
    if server is not None:
        env["INTERVIEWER_LLM_BASE_URL"] = server.url
        env["INTERVIEWER_LLM_MODEL"] = "coach-model"
        env["INTERVIEWER_LLM_MAX_RETRIES"] = "1"
        env["INTERVIEWER_LLM_TIMEOUT_S"] = "5"
    cmd = [
        sys.executable, "-m", "interviewer", "score", "--text", str(answer),
        "--question-text", QUESTION, "--kind", "metrics", *extra,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture
def answer(tmp_path: Path) -> Path:
    path = tmp_path / "answer.txt"
    path.write_text(ANSWER)
    return path


def test_score_llm_adds_the_llm_object_to_json(home: Path, answer: Path) -> None:
    with LLMServer([ok(FEEDBACK), ok(FOLLOW_UP)]) as server:
        result = run_score(home, answer, "--llm", "--format", "json", server=server)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "interviewer.score/1"
    assert data["llm"] == {"model": "coach-model", "feedback": FEEDBACK, "follow_up": FOLLOW_UP}
    assert data["scores"]["overall"] >= 1  # the offline score is there as well
    body = server.chat_requests[0].body or {}
    assert "accuracy" in body["messages"][-1]["content"]
    assert server.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in result.stdout + result.stderr


def test_score_llm_markdown_has_a_coach_section_and_rewrite(home: Path, answer: Path) -> None:
    better = "Fraud is rare, so accuracy hides what matters. First, the cost of each error."
    with LLMServer([ok(FEEDBACK), ok(FOLLOW_UP), ok(better)]) as server:
        result = run_score(home, answer, "--rewrite", "--format", "md", server=server)
    assert result.returncode == 0, result.stderr
    md = result.stdout
    assert "LLM coach (coach-model)" in md
    assert FEEDBACK["summary"] in md and FOLLOW_UP in md
    assert better in md
    assert md.count("LLM coach") == 1


def test_score_llm_with_a_failing_server_completes_and_says_why(home: Path, answer: Path) -> None:
    with LLMServer([Reply(status=503, error="overloaded")]) as server:
        result = run_score(home, answer, "--llm", "--format", "json", server=server)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data["llm"]) == {"model", "error"}
    assert "HTTP 503" in data["llm"]["error"] and "2 attempts" in data["llm"]["error"]
    assert data["scores"]["overall"] >= 1 and "flags" in data
    assert "LLM feedback failed: server error (HTTP 503" in result.stderr
    assert len(server.chat_requests) == 2


def test_score_without_llm_sends_nothing(home: Path, answer: Path) -> None:
    with LLMServer([ok(FEEDBACK)]) as server:
        result = run_score(home, answer, "--format", "json", server=server)
    assert result.returncode == 0, result.stderr
    assert "llm" not in json.loads(result.stdout)
    assert server.requests == []


# --------------------------------------------------------------------------- the helper, in process


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_llm_options(parser)
    return parser.parse_args(argv)


def test_wants_llm_follows_flags_then_settings() -> None:
    off, on = Settings(), Settings(llm=LLMSettings(enabled=True))
    assert not wants_llm(_parse(), off) and wants_llm(_parse(), on)
    assert wants_llm(_parse("--llm"), off) and not wants_llm(_parse("--no-llm"), on)
    assert wants_llm(_parse("--rewrite"), off) and not wants_llm(
        _parse("--rewrite", "--no-llm"), on
    )


def test_apply_llm_without_endpoint_or_key_notes_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    question = QuestionRef(kind="metrics", text=QUESTION)
    transcript = estimate(ANSWER)
    score = Score(
        scorer_version="t",
        question=question,
        duration_s=transcript.duration_s,
        scores=Scores(structure=3, pacing=3, content=3, overall=3),
    )
    err = io.StringIO()
    out = apply_llm(_parse("--llm"), Settings(), score, question, transcript, err=err)
    assert out.llm is not None and "no API key in $OPENAI_API_KEY" in out.llm["error"]
    assert err.getvalue().startswith("interviewer: note: LLM feedback skipped: no API key")
    assert apply_llm(_parse(), Settings(), score, question, transcript, err=err) is score


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_rewrites_one_line_on_a_terminal_and_is_silent_otherwise() -> None:
    from interviewer.llm.command import Progress

    tty = _Terminal()
    progress = Progress(tty, "m1", "127.0.0.1:8080")
    progress(120)
    progress(1500)
    progress.done()
    shown = tty.getvalue()
    assert "LLM coach (m1 at 127.0.0.1:8080): waiting for the reply..." in shown
    assert "1,500 characters received" in shown and shown.endswith("\r\033[K")
    assert "\n" not in shown
    pipe = io.StringIO()
    quiet = Progress(pipe, "m1", "x")
    quiet(10)
    quiet.done()
    assert pipe.getvalue() == ""
