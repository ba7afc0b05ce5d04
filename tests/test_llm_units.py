"""The LLM coach's pure parts: the feedback shape, reply parsing, cleaning, Retry-After, masking, Markdown."""

from __future__ import annotations

import email.utils
import json
import subprocess
import sys
import time
from typing import Any

import pytest

from interviewer.llm import FEEDBACK_SCHEMA, Feedback, clean_follow_up, markdown_section
from interviewer.llm.client import ChatClient, endpoint_name, retry_after_s
from interviewer.llm.feedback import DIMENSIONS, MalformedOutput, Ratings, parse_feedback

GOOD: dict[str, Any] = {
    "summary": "Solid structure, thin on data.",
    "strengths": ["Opened with a roadmap."],
    "gaps": ["No baseline."],
    "ratings": {name: {"rating": 3, "reason": "fine"} for name in DIMENSIONS},
    "better_opening": "I'd start with the goal.",
    "practice_next": "Quantify.",
}


def test_schema_and_model_describe_the_same_shape() -> None:
    assert FEEDBACK_SCHEMA["required"] == list(Feedback.model_fields)
    assert set(FEEDBACK_SCHEMA["properties"]) == set(Feedback.model_fields)
    ratings = FEEDBACK_SCHEMA["properties"]["ratings"]
    assert ratings["required"] == list(DIMENSIONS) == list(Ratings.model_fields)

    def strict(node: dict[str, Any]) -> None:
        # OpenAI's strict mode: every object closed, every property required.
        if node.get("type") == "object":
            assert node["additionalProperties"] is False
            assert set(node["required"]) == set(node["properties"])
            for child in node["properties"].values():
                strict(child)
        if node.get("type") == "array":
            strict(node["items"])

    strict(FEEDBACK_SCHEMA)


def test_parse_accepts_fences_preamble_and_lenient_ratings() -> None:
    data = json.loads(json.dumps(GOOD))
    data["ratings"]["data"] = {"rating": "2", "reason": "no numbers"}
    data["ratings"]["content"] = {"rating": 4.0, "reason": "right"}
    data["extra"] = "ignored"
    text = f"Here is the feedback:\n```json\n{json.dumps(data)}\n```"
    feedback = parse_feedback(text)
    assert feedback.ratings.data.rating == 2 and feedback.ratings.content.rating == 4
    assert "extra" not in feedback.to_dict()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("The answer was good overall.", "no JSON object"),
        ('{"summary": "cut', "not valid JSON"),
        ("{'summary': 'single quotes'}", "not valid JSON"),
        ('{"summary": "x"}', "did not match the schema (strengths"),
        (
            json.dumps(
                dict(GOOD, ratings={**GOOD["ratings"], "data": {"rating": 7, "reason": "x"}})
            ),
            "ratings.data.rating",
        ),
        (json.dumps(dict(GOOD, strengths=[])), "strengths"),
    ],
)
def test_parse_refuses_with_a_one_line_reason(text: str, reason: str) -> None:
    with pytest.raises(MalformedOutput) as caught:
        parse_feedback(text)
    assert reason in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("What baseline would you compare against?", "What baseline would you compare against?"),
        (
            'Follow-up question: "What is the cost of a false positive?"',
            "What is the cost of a false positive?",
        ),
        ("<think>hmm</think>", ""),
        (
            "Sure!\nHow would you set the threshold?\nThis tests trade-offs.",
            "How would you set the threshold?",
        ),
        ("Tell me about the launch criteria.", "Tell me about the launch criteria."),
        ("", ""),
    ],
)
def test_clean_follow_up(reply: str, expected: str) -> None:
    # <think> blocks are removed by the client before cleaning; a bare one leaves nothing usable.
    from interviewer.llm.client import _THINK

    assert clean_follow_up(_THINK.sub("", reply)) == expected


def test_clean_follow_up_bounds_length() -> None:
    long = "Why " + "really " * 200 + "?"
    cleaned = clean_follow_up(long)
    assert len(cleaned) <= 401 and cleaned.endswith("?")


def test_retry_after_forms() -> None:
    assert retry_after_s({"retry-after": "2"}) == 2.0
    assert retry_after_s({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert retry_after_s({}) is None
    assert retry_after_s({"retry-after": "soon"}) is None
    date = email.utils.formatdate(time.time() + 5, usegmt=True)
    assert 3.0 <= (retry_after_s({"retry-after": date}) or 0) <= 5.5
    assert retry_after_s({"retry-after": "-4"}) == 0.0


def test_endpoint_name_drops_credentials_and_paths() -> None:
    assert endpoint_name(None) == "api.openai.com"
    assert endpoint_name("http://user:pw@127.0.0.1:8080/v1") == "127.0.0.1:8080"
    assert endpoint_name("https://example.test/openai/v1") == "example.test"


def test_redact_masks_the_key_and_echoed_pieces() -> None:
    key = "sk-live-0123456789abcdefXYZ"
    client = ChatClient(
        model="m", api_key=key, base_url="http://127.0.0.1:1/v1", timeout_s=1, max_retries=0
    )
    try:
        text = client.redact(
            f"bad key {key}; starts sk-live-012345, ends 89abcdefXYZ; model gpt-4o"
        )
    finally:
        client.close()
    assert key not in text and "0123456789" not in text and "89abcdefXYZ" not in text
    assert "model gpt-4o" in text


def test_markdown_section_shows_feedback_and_follow_up() -> None:
    md = markdown_section(
        {
            "model": "m1",
            "feedback": GOOD,
            "follow_up": "Why that metric?",
            "rewrite": "Better.\n\nAnswer.",
        }
    )
    assert md.startswith("## LLM coach (m1)")
    assert "| product sense | 3/5 | fine |" in md
    assert "**Follow-up question:** Why that metric?" in md
    assert "> Better.\n>\n> Answer." in md
    assert "Opened with a roadmap." in md


def test_markdown_section_says_why_it_failed() -> None:
    md = markdown_section({"model": "m1", "error": "no reply from 127.0.0.1:9 within 5 s"}, level=3)
    assert md.startswith("### LLM coach (m1)")
    assert "LLM feedback is missing: no reply from 127.0.0.1:9 within 5 s." in md
    assert markdown_section(None) == ""


def test_importing_the_coach_stays_light() -> None:
    code = (
        "import sys, interviewer.llm; "
        "print(sorted(m for m in ('openai', 'textual', 'numpy', 'httpx2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve_lazily() -> None:
    import interviewer.llm as llm

    assert sorted(llm.__all__) == sorted(llm._HOMES)
    for name in llm.__all__:
        assert getattr(llm, name) is not None
    with pytest.raises(AttributeError):
        _ = llm.nothing_here  # type: ignore[attr-defined]


def test_the_cli_options_module_stays_light() -> None:
    code = "import sys, interviewer.llm.command; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_text_section_for_terminals() -> None:
    from interviewer.llm import text_section

    text = text_section({"model": "m1", "feedback": GOOD, "follow_up": "Why that metric?"})
    lines = text.splitlines()
    assert lines[0] == "LLM coach (m1)" and lines[1] == GOOD["summary"]
    assert "  product sense  3/5  fine" in lines
    assert "Follow-up question: Why that metric?" in lines
    failed = text_section({"model": "m1", "error": "rate limited (HTTP 429)"})
    assert failed == "LLM coach (m1)\nLLM feedback is missing: rate limited (HTTP 429)."
    assert text_section(None) == ""
