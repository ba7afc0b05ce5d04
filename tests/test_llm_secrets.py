"""The API key never lands on disk: not in the database, the data directory or an export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llm_server import LLMServer, Reply, ok
from test_llm import FEEDBACK, FOLLOW_UP

from interviewer.llm import Coach, enrich, markdown_section
from interviewer.models import Answer, QuestionRef, Score, Scores
from interviewer.settings import LLMSettings
from interviewer.store import Store
from interviewer.timing import estimate

KEY = "sk-secret-4c1f9e8d7b6a5302-never-stored"


def files_holding(folder: Path, secret: str) -> list[Path]:
    needles = (secret.encode(), secret.encode("utf-16-le"))
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and any(n in path.read_bytes() for n in needles)
    ]


def _scored_answer(server: LLMServer) -> tuple[Answer, Score]:
    question = QuestionRef(id="q1", kind="metrics", text="How would you measure a fraud model?")
    transcript = estimate("Accuracy first, tracked weekly, then we ship it.", wpm=150, seed=2)
    score = Score(
        scorer_version="test",
        question=question,
        duration_s=transcript.duration_s,
        scores=Scores(structure=2, pacing=3, content=2, overall=2),
    )
    coach = Coach(LLMSettings(base_url=server.url, model="coach-model", enabled=True))
    enriched = enrich(score, question, transcript, coach, rewrite=True)
    answer = Answer(
        position=0,
        question=question,
        status="scored",
        mode="typed",
        transcript=transcript,
        score=enriched,
    )
    return answer, enriched


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_key_is_in_no_stored_file(
    outcome: str, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    script = (
        [ok(FEEDBACK), ok(FOLLOW_UP), ok("A stronger answer.")]
        if outcome == "success"
        # A server that echoes the key back in its error, as some proxies do.
        else [Reply(status=401, error=f"invalid key {KEY}")]
    )
    with LLMServer(script) as server:
        answer, enriched = _scored_answer(server)
    # The key did travel to the endpoint, so finding it nowhere on disk means something.
    assert server.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert enriched.llm is not None
    assert ("feedback" in enriched.llm) == (outcome == "success")

    with Store() as store:
        session = store.create_session("screen", "secret check", meta={"llm": True})
        assert session.id is not None
        stored = store.add_answer(session.id, answer)
        store.update_answer(stored)
        store.finish_session(session.id)
        again = store.get_session(session.id)
    assert again.answers[0].score is not None and again.answers[0].score.llm == enriched.llm

    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "score.json").write_text(enriched.to_json(indent=2))
    (exports / "score.md").write_text(markdown_section(enriched.llm))
    try:
        from interviewer.report import build_debrief, render
    except ImportError:
        pass  # the debrief exports are checked here once they exist
    else:
        with Store() as store:
            debrief = build_debrief(store, session.id)
            for fmt in ("md", "html", "json", "srt", "vtt"):
                (exports / f"debrief.{fmt}").write_text(render(debrief, fmt))  # type: ignore[arg-type]

    written = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".db") for p in written)
    assert files_holding(home, KEY) == []
    assert files_holding(exports, KEY) == []
    # And the check itself works: a file that does hold the key is found.
    (tmp_path / "leak.txt").write_text(json.dumps({"key": KEY}))
    assert files_holding(tmp_path, KEY) == [tmp_path / "leak.txt"]
