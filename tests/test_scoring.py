"""The scorer's rules, one behaviour at a time, on short answers written for each rule."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from interviewer.errors import UserError
from interviewer.models import FLAG_CODES, Question, QuestionRef, Score, Transcript, Word
from interviewer.scoring import SCORER_VERSION, Thresholds, score_answer
from interviewer.timing import estimate

FRAUD_Q = "How would you measure the success of the fraud alert model in our card app?"
STRONG_METRICS = """
I'll structure this in three parts: the goal, the metrics, and how I'd decide. The goal of fraud
alerts is to stop fraud without annoying good customers. First, precision: of the alerts we send,
how many are real fraud, because every false alert is a customer stuck at the till. Second,
recall: how much fraud we catch, since a missed fraud costs us about 300 dollars on average and
that costs more than a false alarm. Third, the guardrail: the share of customers who turn alerts
off. I'd run a holdout on 5% of accounts for four weeks. To wrap up, I'd launch only if recall
stays above 80% and precision above 60%.
"""


def score(
    text: str, kind: str = "metrics", question: str = FRAUD_Q, *, wpm: float = 150, **kw
) -> Score:
    return score_answer(
        estimate(text, wpm=wpm, seed=1), QuestionRef(kind=kind, text=question), **kw
    )


def codes(s: Score) -> set[str]:
    return {f.code for f in s.flags}


def transcript(words: list[tuple[str, float, float]], **extra) -> Transcript:
    end = max(e for _, _, e in words) + 0.5
    return Transcript(
        duration_s=end, words=[Word(text=t, start=s, end=e) for t, s, e in words], **extra
    )


# ------------------------------------------------------------------------------ the Score


def test_a_strong_answer_gets_no_flags_and_high_scores() -> None:
    s = score(STRONG_METRICS)
    assert codes(s) == set()
    assert s.scores.overall >= 4.0 and s.scores.content >= 4.5
    assert s.scorer_version == SCORER_VERSION
    assert s.metrics["timing_estimated"] is True
    for key in (
        "wpm",
        "articulation_wpm",
        "fillers_per_min",
        "filler_count",
        "longest_pause_s",
        "long_pause_count",
        "theory_share",
        "duration_s",
        "budget_s",
        "words",
    ):
        assert key in s.metrics
    assert set(s.reasons) == {"structure", "pacing", "content", "overall"}


def test_score_json_round_trips_and_flags_carry_evidence() -> None:
    text = "Um, so, like, I think accuracy is, um, the main thing, you know, for the model. " * 6
    s = score(text)
    again = Score.from_json(s.to_json())
    assert again == s
    assert s.flags, "this answer has defects"
    words = set(estimate(text, seed=1).text.replace("…", " ").split())
    for f in s.flags:
        assert f.code in FLAG_CODES
        assert f.advice.startswith("Instead") or "Instead" in f.advice
        assert f.start_s is not None and f.end_s is not None and f.end_s >= f.start_s
        quoted = [w for w in f.evidence.split(": ", 1)[-1].replace("…", " ").split() if w]
        assert quoted and all(w in words for w in quoted), f.evidence


def test_flags_are_ordered_by_severity_then_time() -> None:
    text = (
        "[wpm 80] " + "Um, I usually talk to people, you know, and, uh, I think it goes fine. " * 12
    )
    s = score(text, kind="behavioral", question="Tell me about a time you handled a conflict.")
    order = {"high": 0, "medium": 1, "low": 2}
    keys = [(order[f.severity], f.start_s) for f in s.flags]
    assert keys == sorted(keys)


def test_scoring_is_deterministic() -> None:
    assert score(STRONG_METRICS).to_json() == score(STRONG_METRICS).to_json()


def test_no_words_is_a_user_error() -> None:
    with pytest.raises(UserError, match="no words"):
        score_answer(Transcript(duration_s=3.0), QuestionRef(kind="metrics", text=FRAUD_Q))


def test_budget_comes_from_argument_then_question_then_kind() -> None:
    t = estimate(STRONG_METRICS, seed=1)
    ref = QuestionRef(kind="behavioral", text="Tell me about a time you failed.")
    assert score_answer(t, ref).metrics["budget_s"] == 240
    assert score_answer(t, ref, budget_s=30).metrics["budget_s"] == 30
    assert score_answer(t, ref, budget_s=30).has("over_time")
    q = Question(id="m.fraud", kind="metrics", text=FRAUD_Q, budget_s=20, elements=["goal"])
    assert score_answer(t, q).metrics["budget_s"] == 20
    assert score_answer(t, q).question.id == "m.fraud"
    with pytest.raises(UserError):
        score_answer(t, ref, budget_s=0)


# ------------------------------------------------------------------------------ thresholds


def test_threshold_overrides_apply_and_unknown_names_fail() -> None:
    th = Thresholds.with_overrides({"filler_heavy_per_min": 50})
    assert th.filler_heavy_per_min == 50.0 and th.too_slow_wpm == Thresholds().too_slow_wpm
    assert Thresholds.with_overrides(None) == Thresholds()
    with pytest.raises(UserError, match="unknown scoring threshold 'filler_heavy'"):
        Thresholds.with_overrides({"filler_heavy": 3})
    with pytest.raises(UserError, match="finite number"):
        Thresholds.with_overrides({"too_slow_wpm": float("nan")})
    with pytest.raises(UserError, match="negative"):
        Thresholds.with_overrides({"too_slow_wpm": -1})
    docs = {name: doc for name, _, doc in Thresholds.describe()}
    assert docs["too_slow_wpm"] and all(isinstance(d, str) for d in docs.values())


def test_a_raised_threshold_silences_its_flag() -> None:
    text = "Um, so, uh, the metric is, um, precision, uh, and recall, um, you know. " * 8
    assert score(text).has("filler_heavy")
    assert not score(text, thresholds=Thresholds.with_overrides({"filler_heavy_per_min": 100})).has(
        "filler_heavy"
    )


# ------------------------------------------------------------------------------ headless


def test_the_scorer_imports_no_heavy_library() -> None:
    code = (
        "import sys, interviewer.scoring, interviewer.scoring.markdown;"
        "heavy = {'numpy', 'textual', 'faster_whisper', 'ctranslate2', 'sounddevice'} & set(sys.modules);"
        "print(json.dumps(sorted(heavy)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json;" + code], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []
