"""What the coach tells the model: the interview context, the answer and the offline score.

The offline scorer has already measured pacing and found the flags, so the prompt hands those over as
evidence instead of asking the model to re-derive them from text (it cannot hear pauses). Every prompt is
built from the question, the transcript and the score only: no settings, paths or keys ever reach it.
"""

from __future__ import annotations

import json
from typing import Any

from interviewer.llm.feedback import DIMENSIONS, FEEDBACK_SCHEMA
from interviewer.models import Question, QuestionRef, Score, Transcript

QuestionLike = Question | QuestionRef

# Long answers are cut in the middle: openings and wrap-ups carry most of the signal for a coach.
MAX_TRANSCRIPT_CHARS = 12_000

KIND_NAMES = {
    "metrics": "a metrics / success-measurement question",
    "ai_technical": "an AI technical question for a product manager",
    "product_vision": "a product vision / product design question",
    "data_analysis": "a data analysis question",
    "behavioral": "a behavioural question",
}

SYSTEM = (
    "You are an experienced hiring manager for AI product-manager roles, coaching a candidate after a "
    "mock interview. The answer was spoken aloud and transcribed automatically, so ignore transcription "
    "slips and missing punctuation. Be specific to this answer: quote or paraphrase what the candidate "
    "said. Be direct and kind. Never invent facts about the candidate."
)


def question_block(question: QuestionLike) -> str:
    lines = [f"Question ({KIND_NAMES.get(question.kind, question.kind)}): {question.text}"]
    if isinstance(question, Question):
        if question.product:
            lines.append(f"Product in question: {question.product}")
        if question.elements:
            lines.append("A strong answer covers: " + "; ".join(question.elements))
    return "\n".join(lines)


def transcript_text(transcript: Transcript, limit: int = MAX_TRANSCRIPT_CHARS) -> str:
    text = transcript.text
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} [... middle of the answer omitted ...] {text[-half:]}"


def score_block(score: Score) -> str:
    s = score.scores
    lines = [
        "Offline scorer (measured from audio timing and the transcript; 1-5):",
        f"structure {s.structure:g}, pacing {s.pacing:g}, content {s.content:g}, overall {s.overall:g}",
    ]
    metrics = _key_metrics(score.metrics)
    if metrics:
        lines.append("Metrics: " + ", ".join(f"{k} {v}" for k, v in metrics.items()))
    if score.flags:
        lines.append("Flags raised:")
        for flag in score.flags:
            span = ""
            if flag.start_s is not None and flag.end_s is not None:
                span = f" ({flag.start_s:.0f}-{flag.end_s:.0f} s)"
            evidence = f': "{flag.evidence}"' if flag.evidence else ""
            lines.append(f"- {flag.code} [{flag.severity}]{span}{evidence}")
    else:
        lines.append("Flags raised: none")
    return "\n".join(lines)


def _key_metrics(metrics: dict[str, Any]) -> dict[str, Any]:
    wanted = ("wpm", "fillers_per_min", "longest_pause_s", "theory_share", "word_count")
    out: dict[str, Any] = {}
    for key in wanted:
        value = metrics.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = round(float(value), 2)
    return out


def answer_context(question: QuestionLike, transcript: Transcript, score: Score) -> str:
    return "\n\n".join(
        [
            question_block(question),
            f"The candidate's answer ({transcript.duration_s:.0f} s, transcribed):\n"
            f'"""\n{transcript_text(transcript) or "(no words were transcribed)"}\n"""',
            score_block(score),
        ]
    )


def feedback_messages(
    question: QuestionLike, transcript: Transcript, score: Score, *, schema_in_prompt: bool
) -> list[dict[str, str]]:
    """Messages asking for rubric feedback; ``schema_in_prompt`` when the server cannot enforce it."""
    rubric = "\n".join(f"- {name}: {about}" for name, about in DIMENSIONS.items())
    ask = (
        "Give rubric feedback on this answer. Rate each dimension 1-5 (3 = would pass a screen, "
        "5 = exceptional) with a one-sentence reason:\n"
        f"{rubric}\n"
        "List up to four specific strengths and up to four specific gaps. Write a stronger opening "
        "(two or three sentences the candidate could have said first) and the one thing to practise next."
    )
    if schema_in_prompt:
        ask += (
            "\n\nReply with ONLY one JSON object, no prose and no Markdown fence, matching this JSON "
            f"Schema:\n{json.dumps(FEEDBACK_SCHEMA, separators=(',', ':'))}"
        )
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"{answer_context(question, transcript, score)}\n\n{ask}"},
    ]


def repair_message(problem: str) -> dict[str, str]:
    """The second chance after malformed output: say what was wrong and ask again."""
    return {
        "role": "user",
        "content": (
            f"That reply could not be used: {problem}. Reply again with ONLY one JSON object, "
            "every field filled in, no prose and no Markdown fence, matching this JSON Schema:\n"
            f"{json.dumps(FEEDBACK_SCHEMA, separators=(',', ':'))}"
        ),
    }


def follow_up_messages(
    question: QuestionLike, transcript: Transcript, score: Score
) -> list[dict[str, str]]:
    ask = (
        "As the interviewer, ask ONE follow-up question that probes the most important thing this "
        "answer skipped or got wrong (for example the precision/recall trade-off and the cost of each "
        "error, a baseline and target, the user segment, or the candidate's own role). It must be "
        "answerable out loud in two or three minutes and must stand alone when read aloud. Reply with "
        "the question only: one or two sentences, no preamble, no quotes."
    )
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"{answer_context(question, transcript, score)}\n\n{ask}"},
    ]


def rewrite_messages(
    question: QuestionLike, transcript: Transcript, score: Score
) -> list[dict[str, str]]:
    ask = (
        "Rewrite the candidate's answer as a stronger one they could say aloud. Keep their own "
        "examples, facts and voice; do not invent experience they did not mention (use a clearly marked "
        "placeholder like [number] where a figure is needed). Open with a roadmap, fix what the flags "
        "point at, tie it to the product and a decision, and end with a recommendation. Keep it within "
        "the time a spoken answer allows (about 350 words at most). Reply with the answer text only."
    )
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"{answer_context(question, transcript, score)}\n\n{ask}"},
    ]
