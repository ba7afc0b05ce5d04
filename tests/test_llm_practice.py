"""The issue's "done when": a headless practice round with ``--llm`` against a local server.

With a working server the stored session holds the coach's feedback and a follow-up question that
was asked and scored as its own answer; with a failing server the round completes from the offline
scorer and the stored score says why the coach is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from llm_server import LLMServer, Reply, ok
from test_llm import FEEDBACK, FOLLOW_UP

from interviewer import bank as bank_mod
from interviewer.store import Store

FIRST = "I would measure it by accuracy. We track accuracy weekly and ship when it goes up."
SECOND = (
    "A missed fraud costs us the chargeback, about 80 dollars, while a false alarm costs a support "
    "call, so I would favour recall until precision falls below 60 percent, and test it on a holdout."
)


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "1.txt").write_text(FIRST)
    (folder / "2.txt").write_text(SECOND)
    return folder


def run_practice(home: Path, answers: Path, server: LLMServer) -> subprocess.CompletedProcess[str]:
    question_id = next(iter(bank_mod.load([]).questions.values())).id
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTERVIEWER_", "OPENAI_"))}
    env.update(
        INTERVIEWER_HOME=str(home),
        INTERVIEWER_LLM_BASE_URL=server.url,
        INTERVIEWER_LLM_MODEL="coach-model",
        INTERVIEWER_LLM_MAX_RETRIES="1",
        INTERVIEWER_LLM_TIMEOUT_S="5",
    )
    cmd = [
        sys.executable, "-m", "interviewer", "practice", "--no-tui", "--no-voice",
        "--answers", str(answers), "--question", question_id, "--llm",
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)


def test_practice_llm_feedback_and_a_scored_follow_up(home: Path, answers: Path) -> None:
    with LLMServer([ok(FEEDBACK), ok(FOLLOW_UP), ok(FEEDBACK)]) as server:
        result = run_practice(home, answers, server)
    assert result.returncode == 0, result.stderr
    with Store() as store:
        session = store.get_session(store.list_sessions()[0].id)
    first, follow = session.answers
    assert first.score is not None and first.score.llm is not None
    assert first.score.llm["feedback"] == FEEDBACK and first.score.llm["follow_up"] == FOLLOW_UP
    # The follow-up was asked as its own question, answered (the second file) and scored.
    assert follow.question.text == FOLLOW_UP and follow.question.kind == first.question.kind
    assert follow.status == "scored" and follow.score is not None
    assert follow.transcript is not None and "chargeback" in follow.transcript.text
    assert follow.score.llm is not None and "follow_up" not in follow.score.llm
    assert FOLLOW_UP in result.stdout
    # feedback, follow-up, feedback on the follow-up: no second follow-up request.
    assert len(server.chat_requests) == 3


def test_practice_with_a_failing_server_completes_and_says_why(home: Path, answers: Path) -> None:
    with LLMServer([Reply(status=500, error="model crashed")]) as server:
        result = run_practice(home, answers, server)
    assert result.returncode == 0, result.stderr
    with Store() as store:
        session = store.get_session(store.list_sessions()[0].id)
    assert session.status == "completed"
    (only,) = session.answers  # no follow-up without a coach that answers
    assert only.status == "scored" and only.score is not None
    assert only.score.llm is not None and set(only.score.llm) == {"model", "error"}
    assert "HTTP 500" in only.score.llm["error"] and "model crashed" in only.score.llm["error"]
    assert only.score.scores.overall >= 1
