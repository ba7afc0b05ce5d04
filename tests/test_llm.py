"""The LLM coach against a local OpenAI-compatible server, through the real ``openai`` client."""

from __future__ import annotations

import json
import socket
import time
from typing import Any

import pytest
from llm_server import LLMServer, Reply, ok

from interviewer.llm import Coach, LLMError, enrich, unavailable_reason
from interviewer.llm.feedback import DIMENSIONS
from interviewer.models import Flag, Question, QuestionRef, Score, Scores
from interviewer.settings import LLMSettings
from interviewer.timing import estimate

KEY = "sk-test-9f2c1e7d4b8a6035"

ANSWER = (
    "So for the fraud model I would look at accuracy first. Accuracy tells us how often the model is "
    "right, and we would track it weekly. If accuracy goes up, the model is better, and we ship it."
)

FEEDBACK: dict[str, Any] = {
    "summary": "Clear but judged the model by accuracy alone.",
    "strengths": ["Named a concrete cadence for tracking."],
    "gaps": ["Never weighed false positives against missed fraud.", "No baseline or target."],
    "ratings": {
        name: {"rating": rating, "reason": f"{name} reason"}
        for name, rating in zip(DIMENSIONS, (3, 2, 2, 1, 4), strict=True)
    },
    "better_opening": "Fraud is rare, so accuracy hides the errors that matter. I would start with "
    "the cost of a missed fraud versus a blocked good customer.",
    "practice_next": "Talk through precision and recall with their costs.",
}
FOLLOW_UP = "How would you choose between precision and recall for this fraud model?"


@pytest.fixture
def question() -> QuestionRef:
    return QuestionRef(
        id="fraud-metrics", kind="metrics", text="How would you measure a fraud model?"
    )


@pytest.fixture
def transcript():  # type: ignore[no-untyped-def]
    return estimate(ANSWER, wpm=150, seed=1)


@pytest.fixture
def score(question: QuestionRef, transcript) -> Score:  # type: ignore[no-untyped-def]
    return Score(
        scorer_version="test",
        question=question,
        duration_s=transcript.duration_s,
        scores=Scores(structure=2.5, pacing=4, content=2, overall=2.5),
        metrics={"wpm": 150.0, "fillers_per_min": 1.0},
        flags=[
            Flag(
                code="metric_imbalance",
                severity="high",
                start_s=0.0,
                end_s=6.0,
                evidence="I would look at accuracy first",
                advice="Weigh precision and recall by the cost of each error.",
            )
        ],
    )


def settings_for(server: LLMServer, **overrides: Any) -> LLMSettings:
    values: dict[str, Any] = {"base_url": server.url, "model": "coach-model", "timeout_s": 5.0}
    values.update(overrides)
    return LLMSettings(**values)


class Sleeps:
    """Records backoff sleeps instead of waiting, so retry tests are fast and can check the delays."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


# --------------------------------------------------------------------------- success


def test_success_gives_validated_feedback_follow_up_and_progress(
    question: QuestionRef, transcript, score: Score, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    content = json.dumps(FEEDBACK)
    with LLMServer([ok(content), ok(f"Follow-up question: {FOLLOW_UP}")]) as server:
        coach = Coach(settings_for(server))
        progress: list[int] = []
        enriched = enrich(score, question, transcript, coach, on_progress=progress.append)

    assert enriched.llm == {"model": "coach-model", "feedback": FEEDBACK, "follow_up": FOLLOW_UP}
    # The offline score is untouched and the input was not mutated.
    assert enriched.scores == score.scores and enriched.flags == score.flags
    assert score.llm is None
    # Progress counts characters as they stream in, in several steps, up to the whole reply.
    assert len(progress) > 3 and progress == sorted(progress) and progress[-1] == len(content)

    feedback_req, follow_req = server.chat_requests
    body = feedback_req.body
    assert body is not None and body["model"] == "coach-model" and body["stream"] is True
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["required"][0] == "summary"
    prompt = body["messages"][-1]["content"]
    assert ANSWER.split(".")[0] in prompt and "metric_imbalance" in prompt
    assert feedback_req.headers.get("authorization") == f"Bearer {KEY}"
    assert "response_format" not in (follow_req.body or {})


def test_question_elements_reach_the_prompt(transcript, score: Score) -> None:
    q = Question(
        id="fraud-metrics",
        kind="metrics",
        text="How would you measure the success of a fraud detection model?",
        budget_s=480,
        product="card fraud detection",
        elements=["precision and recall trade-off", "cost of each error"],
    )
    with LLMServer([ok(FEEDBACK)]) as server:
        Coach(settings_for(server)).feedback(q, transcript, score)
    prompt = server.chat_requests[0].body["messages"][-1]["content"]  # type: ignore[index]
    assert "precision and recall trade-off; cost of each error" in prompt
    assert "card fraud detection" in prompt


def test_rewrite_returns_the_stronger_answer(
    question: QuestionRef, transcript, score: Score
) -> None:
    better = "Fraud is rare, so I would not lead with accuracy.\n\nFirst, the cost of each error..."
    with LLMServer([ok(FEEDBACK), ok(FOLLOW_UP), ok(better)]) as server:
        coach = Coach(settings_for(server))
        enriched = enrich(score, question, transcript, coach, rewrite=True)
    assert enriched.llm is not None and enriched.llm["rewrite"] == better
    assert "error" not in enriched.llm
    assert (
        "Rewrite the candidate's answer" in server.chat_requests[2].body["messages"][-1]["content"]
    )  # type: ignore[index]


def test_models_lists_what_the_endpoint_serves() -> None:
    with LLMServer(model="llama3.1:8b") as server:
        assert Coach(settings_for(server)).models() == ["llama3.1:8b"]


# --------------------------------------------------------------------------- retries


def test_429_then_success_makes_two_requests_and_respects_retry_after(
    question: QuestionRef, transcript, score: Score
) -> None:
    script = [Reply(status=429, headers={"retry-after": "0.4"}), ok(FEEDBACK), ok(FOLLOW_UP)]
    with LLMServer(script) as server:
        coach = Coach(settings_for(server))
        feedback = coach.feedback(question, transcript, score)
    assert feedback.ratings.data.rating == 1
    first, second = server.chat_requests
    assert second.at - first.at >= 0.39  # waited as the server asked, with the real sleep


def test_500_retries_with_exponential_backoff_then_records_the_error(
    question: QuestionRef, transcript, score: Score
) -> None:
    sleeps = Sleeps()
    with LLMServer([Reply(status=500, error="model crashed")]) as server:
        coach = Coach(settings_for(server, max_retries=3), sleep=sleeps)
        enriched = enrich(score, question, transcript, coach)
    assert len(server.chat_requests) == 4  # the first try and three retries, then no follow-up
    assert enriched.llm is not None and set(enriched.llm) == {"model", "error"}
    error = enriched.llm["error"]
    assert "HTTP 500" in error and "model crashed" in error and "4 attempts" in error
    assert "\n" not in error
    # Exponential with jitter: 0.5, 1, 2 seconds, each shortened by at most a quarter.
    for delay, base in zip(sleeps.calls, (0.5, 1.0, 2.0), strict=True):
        assert 0.75 * base <= delay <= base
    assert enriched.scores == score.scores and enriched.flags == score.flags


def test_retry_after_beyond_the_bound_gives_up_at_once(
    question: QuestionRef, transcript, score: Score
) -> None:
    sleeps = Sleeps()
    with LLMServer([Reply(status=429, headers={"retry-after": "120"})]) as server:
        coach = Coach(settings_for(server), sleep=sleeps)
        with pytest.raises(LLMError, match="asked to wait more than 30 s"):
            coach.feedback(question, transcript, score)
    assert len(server.chat_requests) == 1 and sleeps.calls == []


def test_timeout_is_recorded_quickly_and_not_retried(
    question: QuestionRef, transcript, score: Score
) -> None:
    with LLMServer([Reply(delay_s=10, content=json.dumps(FEEDBACK))]) as server:
        coach = Coach(settings_for(server, timeout_s=0.5, max_retries=3))
        started = time.monotonic()
        enriched = enrich(score, question, transcript, coach)
        elapsed = time.monotonic() - started
    assert elapsed < 3.0
    assert len(server.chat_requests) == 1
    assert enriched.llm is not None and "within 0.5 s" in enriched.llm["error"]
    assert enriched.scores == score.scores


def test_unreachable_server_is_retried_then_explained(
    question: QuestionRef, transcript, score: Score
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the call: nothing listens there
    sleeps = Sleeps()
    settings = LLMSettings(base_url=f"http://127.0.0.1:{port}/v1", max_retries=2, timeout_s=2)
    enriched = enrich(score, question, transcript, Coach(settings, sleep=sleeps))
    assert enriched.llm is not None
    assert enriched.llm["error"].startswith(f"cannot reach 127.0.0.1:{port}")
    assert "3 attempts" in enriched.llm["error"] and len(sleeps.calls) == 2


def test_401_is_not_retried_and_the_echoed_key_is_masked(
    question: QuestionRef, transcript, score: Score, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    echo = f"Incorrect API key provided: {KEY}. Also {KEY[:12]}..."
    with LLMServer([Reply(status=401, error=echo)]) as server:
        enriched = enrich(score, question, transcript, Coach(settings_for(server)))
    assert len(server.chat_requests) == 1
    error = enriched.llm["error"]  # type: ignore[index]
    assert "refused the API key" in error and "HTTP 401" in error
    assert KEY not in error and KEY[:12] not in error


# --------------------------------------------------------------------------- malformed output


def test_malformed_json_gets_one_repair_then_succeeds(
    question: QuestionRef, transcript, score: Score
) -> None:
    script = [
        ok('{"summary": "cut off'),
        ok(f"```json\n{json.dumps(FEEDBACK)}\n```"),
        ok(FOLLOW_UP),
    ]
    with LLMServer(script) as server:
        enriched = enrich(score, question, transcript, Coach(settings_for(server)))
    assert enriched.llm is not None and enriched.llm["feedback"] == FEEDBACK
    repair = server.chat_requests[1].body["messages"]  # type: ignore[index]
    assert repair[-2] == {"role": "assistant", "content": '{"summary": "cut off'}
    assert "not valid JSON" in repair[-1]["content"]


def test_malformed_twice_records_an_error_and_skips_the_follow_up(
    question: QuestionRef, transcript, score: Score
) -> None:
    wrong_shape = dict(FEEDBACK, ratings={"structure": {"rating": 9, "reason": "x"}})
    with LLMServer([ok("I think the answer was fine."), ok(wrong_shape)]) as server:
        enriched = enrich(score, question, transcript, Coach(settings_for(server)))
    assert len(server.chat_requests) == 2
    assert enriched.llm is not None and "feedback" not in enriched.llm
    assert enriched.llm["error"].startswith("malformed feedback from coach-model, twice")
    assert "did not match the schema" in enriched.llm["error"]


def test_unparseable_http_body_is_an_error_not_a_crash(
    question: QuestionRef, transcript, score: Score
) -> None:
    with LLMServer([Reply(raw_body=b"<html>502 Bad Gateway</html>")]) as server:
        enriched = enrich(score, question, transcript, Coach(settings_for(server)))
    assert enriched.llm is not None
    assert enriched.llm["error"].startswith(
        f"unusable reply from {server.url[7:-3]}: the body is not JSON"
    )
    assert enriched.scores == score.scores


def test_structured_output_rejected_falls_back_to_the_schema_in_the_prompt(
    question: QuestionRef, transcript, score: Score
) -> None:
    with LLMServer([ok(FEEDBACK)], json_schema=False) as server:
        coach = Coach(settings_for(server))
        first = coach.feedback(question, transcript, score)
        second = coach.feedback(question, transcript, score)
    assert first.to_dict() == FEEDBACK == second.to_dict()
    rejected, fallback, later = (r.body or {} for r in server.chat_requests)
    assert rejected["response_format"]["type"] == "json_schema"
    assert "response_format" not in fallback and "response_format" not in later
    assert '"better_opening"' in fallback["messages"][-1]["content"]  # the schema, in words
    assert coach.structured_output is False  # remembered: no second rejected request


def test_follow_up_is_cleaned_for_reading_aloud(
    question: QuestionRef, transcript, score: Score
) -> None:
    reply = f'**Follow-up:** "{FOLLOW_UP}"\n\nThis probes the trade-off they skipped.'
    with LLMServer([ok(reply)]) as server:
        assert Coach(settings_for(server)).follow_up(question, transcript, score) == FOLLOW_UP


def test_follow_up_failure_keeps_the_feedback(
    question: QuestionRef, transcript, score: Score
) -> None:
    with LLMServer([ok(FEEDBACK), ok("   ")]) as server:
        enriched = enrich(score, question, transcript, Coach(settings_for(server)))
    assert enriched.llm is not None and enriched.llm["feedback"] == FEEDBACK
    assert enriched.llm["error"] == "follow-up question: coach-model returned no follow-up question"


# --------------------------------------------------------------------------- configuration


def test_from_settings_needs_an_endpoint_or_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert Coach.from_settings(LLMSettings(enabled=True)) is None
    assert "$OPENAI_API_KEY" in (unavailable_reason(LLMSettings()) or "")
    monkeypatch.setenv("MY_KEY", KEY)
    coach = Coach.from_settings(LLMSettings(api_key_env="MY_KEY"))
    assert coach is not None and coach.endpoint == "api.openai.com"
    local = Coach.from_settings(LLMSettings(base_url="http://127.0.0.1:11434/v1", model="llama3.1"))
    assert local is not None and local.endpoint == "127.0.0.1:11434" and local.model == "llama3.1"


def test_a_local_server_works_without_a_key(
    question: QuestionRef, transcript, score: Score, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with LLMServer([ok(FEEDBACK)]) as server:
        coach = Coach.from_settings(settings_for(server))
        assert coach is not None
        coach.feedback(question, transcript, score)
    auth = server.chat_requests[0].headers.get("authorization", "")
    assert auth.startswith("Bearer ") and len(auth) > len("Bearer ")


def test_enrich_without_a_coach_returns_the_score_as_is(
    question: QuestionRef, transcript, score: Score
) -> None:
    same = enrich(score, question, transcript, None)
    assert same == score and same is not score


def test_follow_up_is_asked_once_per_answer_and_not_for_follow_ups(
    transcript, score: Score
) -> None:
    q = Question(
        id="fraud-metrics",
        kind="metrics",
        text="How would you measure the success of a fraud detection model?",
        budget_s=480,
        elements=["precision and recall trade-off"],
    )
    with LLMServer([ok(FEEDBACK), ok(FOLLOW_UP), ok(FEEDBACK)]) as server:
        coach = Coach(settings_for(server))
        enriched = enrich(score, q, transcript, coach)
        # The round engine asks again for the same answer: same question, no new request.
        assert coach.follow_up(q, transcript, score) == enriched.llm["follow_up"] == FOLLOW_UP  # type: ignore[index]
        assert len(server.chat_requests) == 2
        extra = q.model_copy(
            update={"id": "fraud-metrics.follow-up-1", "text": FOLLOW_UP, "tags": ["follow-up"]}
        )
        second = enrich(score, extra, transcript, coach)
    assert len(server.chat_requests) == 3  # feedback only
    assert second.llm is not None and "follow_up" not in second.llm and "error" not in second.llm


def test_a_server_that_does_not_stream_is_asked_plainly(
    question: QuestionRef, transcript, score: Score
) -> None:
    with LLMServer([ok(FEEDBACK), ok(FEEDBACK), ok(FOLLOW_UP)], streaming=False) as server:
        coach = Coach(settings_for(server))
        progress: list[int] = []
        enriched = enrich(score, question, transcript, coach, on_progress=progress.append)
    assert enriched.llm is not None and enriched.llm["feedback"] == FEEDBACK
    assert enriched.llm["follow_up"] == FOLLOW_UP
    streamed, plain, follow = (r.body or {} for r in server.chat_requests)
    assert streamed["stream"] is True and "stream" not in plain and "stream" not in follow
    assert progress == [len(json.dumps(FEEDBACK))]


# --------------------------------------------------------------------------- trouble mid-stream


def test_a_connection_dropped_mid_reply_is_retried(
    question: QuestionRef, transcript, score: Score
) -> None:
    sleeps = Sleeps()
    script = [Reply(content=json.dumps(FEEDBACK), cut_after=2), ok(FEEDBACK)]
    with LLMServer(script) as server:
        progress: list[int] = []
        feedback = Coach(settings_for(server), sleep=sleeps).feedback(
            question, transcript, score, progress.append
        )
    assert feedback.to_dict() == FEEDBACK
    assert len(server.chat_requests) == 2 and len(sleeps.calls) == 1
    # Progress restarts with the second attempt and ends at the whole reply.
    assert progress[:2] == [40, 80] and progress[-1] == len(json.dumps(FEEDBACK))


def test_an_error_event_inside_the_stream_is_one_line(
    question: QuestionRef, transcript, score: Score
) -> None:
    script = [Reply(content=json.dumps(FEEDBACK), error_event="model overloaded")]
    with LLMServer(script) as server:
        enriched = enrich(score, question, transcript, Coach(settings_for(server)))
    assert enriched.llm == {
        "model": "coach-model",
        "error": f"unusable reply from {server.url[7:-3]}: model overloaded",
    }


def test_a_reply_that_streams_too_long_is_abandoned(
    question: QuestionRef, transcript, score: Score
) -> None:
    # Each piece arrives within the read timeout, but the whole reply would take ~10 s.
    script = [Reply(content=json.dumps(FEEDBACK), chunk_delay_s=0.1)]
    with LLMServer(script) as server:
        coach = Coach(settings_for(server, timeout_s=0.3))
        started = time.monotonic()
        with pytest.raises(LLMError, match=r"still streaming after 1\.5 s"):
            coach.feedback(question, transcript, score)
    assert time.monotonic() - started < 3.0
