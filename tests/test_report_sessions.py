"""Stored sessions for the report tests: hand-made scores and estimated transcripts.

The scores do not come from the scorer (its rules evolve); they are written here so the golden
exports change only when the report changes. Dates are fixed for the same reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

from interviewer.models import Answer, Flag, QuestionRef, Score, Scores
from interviewer.store import Store
from interviewer.timing import estimate

METRICS_Q = QuestionRef(
    id="metrics.discover-weekly",
    kind="metrics",
    text="How would you measure the success of Spotify's Discover Weekly playlist?",
)
BEHAVIORAL_Q = QuestionRef(
    id="behavioral.conflict",
    kind="behavioral",
    text="Tell me about a time you disagreed with an engineering lead.",
)
AI_Q = QuestionRef(
    id="ai.spam-filter",
    kind="ai_technical",
    text="How would you decide whether a new spam classifier is ready to launch?",
)
VISION_Q = QuestionRef(
    id="vision.grocery", kind="product_vision", text="Design a grocery app for busy parents."
)

METRICS_TEXT = (
    "So, the goal of Discover Weekly is to help listeners find music they love. "
    "Um, let me first explain what retention means in general. [pause 4] "
    "Retention is, you know, a classic concept from survival analysis, it started in actuarial science "
    "and it is defined as the share of a cohort still active after a period. "
    "Statisticians model it with hazard functions, and the Kaplan Meier estimator handles censoring. "
    "There are many variants like rolling retention, bracket retention and unbounded retention, "
    "and each has a long history in the literature. um, so the theory is quite rich. [pause 3.5] "
    "For Discover Weekly I would track the share of users who save at least one track each week, "
    "and the thirty day retention of playlist listeners against a holdout."
)
BEHAVIORAL_TEXT = (
    "At Acme Corp I led the checkout team. Our engineering lead, Sarah Chen, wanted to rebuild "
    "the payment service before the holiday launch. I disagreed because Stripe already covered our needs. "
    "I asked Sarah for a one week spike, and I shared data from Google Analytics showing the drop-off. "
    "We shipped on time and conversion rose eight percent. Sarah later told Priya Patel it was the right call."
)
AI_TEXT = (
    "I would start with the cost of each error. A false positive hides a real email, a false negative "
    "lets spam through. Accuracy alone misleads here, because only two percent of mail is spam. "
    "[wpm 190] So I would look at the accuracy on a held-out set and compare it with the current model, "
    "and launch if the accuracy is higher."
)


def _score(
    q: QuestionRef,
    duration: float,
    scores: tuple[float, float, float, float],
    flags: list[Flag],
    **extra: object,
) -> Score:
    s, p, c, o = scores
    return Score(
        scorer_version="test-fixture",
        question=q,
        duration_s=duration,
        scores=Scores(structure=s, pacing=p, content=c, overall=o),
        metrics={"wpm": 150.0, "fillers_per_min": 2.0, "longest_pause_s": 4.0, "theory_share": 0.5},
        flags=flags,
        **extra,  # type: ignore[arg-type]
    )


def _fix_times(store: Store, session_id: int, started: datetime, ended: datetime | None) -> None:
    with store.transaction() as db:
        db.execute(
            "UPDATE sessions SET started_at = ?, ended_at = ? WHERE id = ?",
            (started.isoformat(), ended.isoformat() if ended else None, session_id),
        )
        db.execute(
            "UPDATE answers SET started_at = ? WHERE session_id = ?",
            (started.isoformat(), session_id),
        )


def _add(
    store: Store, sid: int, position: int, q: QuestionRef, text: str | None, score_fn, **kw
) -> None:  # type: ignore[no-untyped-def]
    transcript = estimate(text, seed=position + sid) if text else None
    score = score_fn(transcript.duration_s) if (transcript and score_fn) else None
    status = "scored" if score else kw.pop("status", "skipped")
    store.add_answer(
        sid,
        Answer(
            position=position, question=q, status=status, transcript=transcript, score=score, **kw
        ),
    )


def build_sessions(store: Store) -> int:
    """Two earlier sessions and the main one (returned) with four answers."""
    s1 = store.create_session("screen", "Warm-up").id
    assert s1 is not None
    _add(
        store,
        s1,
        0,
        METRICS_Q,
        "Retention is a concept from survival analysis with a long history.",
        lambda d: _score(
            METRICS_Q,
            d,
            (2, 3, 2, 2.0),
            [
                Flag(
                    code="theory_ramble",
                    severity="high",
                    start_s=0.5,
                    end_s=4.0,
                    evidence="Retention is a concept",
                ),
                Flag(code="no_data", severity="medium"),
            ],
        ),
        budget_s=480.0,
    )
    store.finish_session(s1)
    _fix_times(
        store,
        s1,
        datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
    )

    s2 = store.create_session("screen", "Behavioural practice").id
    assert s2 is not None
    _add(
        store,
        s2,
        0,
        BEHAVIORAL_Q,
        "I usually try to listen and find common ground with people.",
        lambda d: _score(
            BEHAVIORAL_Q,
            d,
            (3, 4, 2, 3.0),
            [
                Flag(
                    code="generic_behavioral", severity="high", evidence="I usually try to listen"
                ),
                Flag(code="theory_ramble", severity="medium", start_s=0.5, end_s=2.0),
            ],
        ),
        budget_s=240.0,
    )
    store.finish_session(s2)
    _fix_times(
        store,
        s2,
        datetime(2026, 11, 22, 18, 0, tzinfo=UTC),
        datetime(2026, 11, 22, 18, 20, tzinfo=UTC),
    )

    s3 = store.create_session("loop", "Final loop rehearsal").id
    assert s3 is not None
    _add(
        store,
        s3,
        0,
        METRICS_Q,
        METRICS_TEXT,
        lambda d: _score(
            METRICS_Q,
            d,
            (2.5, 3, 2, 2.5),
            [
                Flag(
                    code="theory_ramble",
                    severity="high",
                    start_s=7.0,
                    end_s=52.0,
                    evidence="Retention is, you know, a classic concept from survival analysis",
                    advice="Define retention in one sentence, then say how Discover Weekly would use it.",
                ),
                Flag(
                    code="no_product_link",
                    severity="medium",
                    start_s=7.0,
                    end_s=52.0,
                    evidence="Statisticians model it with hazard functions",
                ),
                Flag(
                    code="over_time",
                    severity="medium",
                    start_s=45.0,
                    end_s=d,
                    advice="Finish within a minute: cut the history.",
                ),
                Flag(code="filler_heavy", severity="low", evidence="Um, ... you know, ... um,"),
            ],
            reasons={
                "structure": ["no roadmap", "theory before application"],
                "content": ["no baseline or target"],
            },
        ),
        budget_s=45.0,
        mode="voice",
    )
    _add(
        store,
        s3,
        1,
        BEHAVIORAL_Q,
        BEHAVIORAL_TEXT,
        lambda d: _score(
            BEHAVIORAL_Q,
            d,
            (4, 4, 4.5, 4.2),
            [
                Flag(
                    code="no_summary",
                    severity="low",
                    start_s=d - 6,
                    end_s=d,
                    evidence="Sarah later told Priya Patel it was the right call.",
                ),
            ],
        ),
        budget_s=240.0,
        mode="voice",
    )
    _add(
        store,
        s3,
        2,
        AI_Q,
        AI_TEXT,
        lambda d: _score(
            AI_Q,
            d,
            (3, 3.5, 2.5, 3.0),
            [
                Flag(
                    code="metric_imbalance",
                    severity="high",
                    start_s=14.0,
                    end_s=d - 0.5,
                    evidence="launch if the accuracy is higher",
                    advice="Set a precision floor and maximise recall under it.",
                ),
                Flag(code="too_fast", severity="medium", start_s=13.0, end_s=d),
            ],
            llm={
                "model": "test-model",
                "feedback": {
                    "summary": "Good start on error costs, but the launch rule falls back to accuracy.",
                    "strengths": ["Names both error types"],
                    "gaps": ["Pick a threshold from the costs", "No <guardrails> named"],
                    "ratings": {
                        d: {"rating": r, "reason": f"{d} reason"}
                        for d, r in zip(
                            ("structure", "content", "product_sense", "data", "communication"),
                            (3, 2, 3, 2, 4),
                            strict=True,
                        )
                    },
                    "better_opening": "Before launch I would set a precision floor from the cost of a lost email.",
                    "practice_next": "Tie the threshold to the error costs.",
                },
                "follow_up": "What precision would you require, and why?",
            },
        ),
        budget_s=480.0,
        mode="typed",
    )
    _add(store, s3, 3, VISION_Q, None, None, budget_s=720.0, status="skipped")
    store.finish_session(s3)
    _fix_times(
        store,
        s3,
        datetime(2026, 11, 26, 14, 3, tzinfo=UTC),
        datetime(2026, 11, 26, 14, 40, tzinfo=UTC),
    )
    return s3
