"""The learned second stage (scorer 1.8.0, 1.9.0): its combination with the rules, its off switch, the
shipped weights file against the feature extractor, and the training script's determinism."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from scoring_helpers import REPO, codes, rule_stages

from interviewer.models import QuestionRef
from interviewer.scoring import SCORER_VERSION, Thresholds, learned, score_answer
from interviewer.scoring import learned_windows as lw
from interviewer.scoring.learned_features import LEARNED_FLAGS, MAX_N, extract, ngrams
from interviewer.timing import estimate

DEV = REPO / "tests" / "data" / "labelled" / "dev"

TRAILING = (
    "I'd look at the checkout funnel for the grocery app first. Users drop at the payment step, and "
    "the ones on older phones drop most. The payment page loads in six seconds there. I'd compare "
    "the new flow against the old one in a two-week A/B test on ten percent of traffic. "
) * 6 + "And the dashboard would refresh every morning for the team."
TRAILING_Q = "How would you improve checkout conversion in our grocery app?"


def _stages(text: str, question: str, kind: str = "data_analysis"):  # type: ignore[no-untyped-def]
    return rule_stages(text, question, kind, seed=3)


def _weights(code: str, mode: str, intercept: float, rule_weight: float = 0.0, grams=None):  # type: ignore[no-untyped-def]
    model = learned.FlagModel(
        code=code,
        mode=mode,
        threshold=0.5,
        intercept=intercept,
        numeric={f"rule_{code}": (0.0, 1.0, rule_weight)},
        grams=dict(grams or {}),
    )
    return learned.LearnedWeights("test", {}, {code: model})


def test_mode_and_clears_a_rule_flag_the_model_does_not_back() -> None:
    answer, ctx, ramble, st, c, th = _stages(TRAILING, TRAILING_Q)
    rule_flags = [*st.flags, *c.flags]
    assert "no_summary" in {f.code for f in rule_flags}  # the rule: it trails off on a detail
    kept, decisions = learned.apply(
        answer, ctx, ramble, st, c, rule_flags, th, _weights("no_summary", "and", -3.0)
    )
    assert "no_summary" not in {f.code for f in kept}
    (d,) = decisions
    assert d.rule and not d.raised and d.probability < 0.5
    assert "learned stage decided no summary: not raised" in d.reason()
    # The same model in "or" mode cannot clear what the rule raised.
    kept, _ = learned.apply(
        answer, ctx, ramble, st, c, rule_flags, th, _weights("no_summary", "or", -3.0)
    )
    assert "no_summary" in {f.code for f in kept}


def test_a_flag_the_model_alone_raises_carries_a_span_a_quote_and_advice() -> None:
    answer, ctx, ramble, st, c, th = _stages(TRAILING, TRAILING_Q)
    rule_flags = [f for f in [*st.flags, *c.flags] if f.code != "no_summary"]
    weights = _weights("no_summary", "model", -1.0, grams={"dashboard": 4.0, "every morning": 1.0})
    out, (d,) = learned.apply(answer, ctx, ramble, st, c, rule_flags, th, weights)
    (flag,) = [f for f in out if f.code == "no_summary"]
    assert d.raised and not d.rule
    # The span is the closing part, the quote the sentence the n-grams pointed at.
    assert flag.start_s is not None and flag.end_s == pytest.approx(answer.last_end, abs=0.01)
    assert flag.start_s > answer.first_start + 0.5 * answer.speaking_s
    assert "dashboard would refresh every morning" in flag.evidence
    # The quote is the candidate's words; the stage's verdict and probability are in the reasons.
    assert "learned stage" not in flag.evidence and "p 0." not in flag.evidence
    assert flag.evidence.endswith("And the dashboard would refresh every morning for the team.")
    assert flag.advice.startswith("Instead")
    assert d.strongest[0][0] == "dashboard" and 'strongest: "dashboard" +4.00' in d.reason()


def test_a_flag_the_guide_never_judges_is_left_to_the_rule() -> None:
    # solution_jumping is judged only for product answers: a model that would raise it anywhere
    # must not raise it on a data-analysis answer.
    answer, ctx, ramble, st, c, th = _stages(TRAILING, TRAILING_Q)
    out, decisions = learned.apply(
        answer, ctx, ramble, st, c, [], th, _weights("solution_jumping", "model", 5.0)
    )
    assert out == [] and decisions == []


def test_probability_is_the_logistic_of_the_contributions() -> None:
    answer, ctx, ramble, st, c, th = _stages(TRAILING, TRAILING_Q)
    inputs = extract(answer, ctx, ramble, st, c, {"no_summary"}, th)
    model = _weights("no_summary", "model", -0.5, rule_weight=2.0).flags["no_summary"]
    assert model.probability(inputs["no_summary"]) == pytest.approx(1 / (1 + math.exp(-1.5)))


def test_ngrams_are_one_to_three_words_with_figures_merged() -> None:
    assert ngrams(["ship", "at", "40%"]) == {
        "ship", "at", "<num>", "ship at", "at <num>", "ship at <num>",
    }  # fmt: skip
    assert ngrams(["first"], "o:") == {"o:first"}


# ---------------------------------------------------------------------------- the off switch


def _dev_samples(n: int = 12) -> list[dict]:
    files = sorted(DEV.glob("*.toml"))
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in files[:: max(1, len(files) // n)]]


def _score(d: dict, th: Thresholds):  # type: ignore[no-untyped-def]
    t = estimate(d["text"], wpm=float(d["wpm"]), seed=int(d["seed"]))
    q = QuestionRef(id=d.get("question_id"), kind=d["kind"], text=d["question"])
    return score_answer(t, q, budget_s=d.get("budget_s"), thresholds=th)


@pytest.mark.skipif(not DEV.is_dir(), reason="labelled set absent")
def test_learned_stage_false_gives_the_rules_alone_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    off = Thresholds.with_overrides({"learned_stage": False})
    assert off.learned_stage == 0.0
    samples = _dev_samples()
    with_off = [_score(d, off).model_dump() for d in samples]
    monkeypatch.setattr(learned, "load", lambda path=None: None)  # no weights at all: rules only
    rules = [_score(d, Thresholds()).model_dump() for d in samples]
    assert with_off == rules
    assert not any(
        "learned stage" in r for s in with_off for rs in s["reasons"].values() for r in rs
    )


def test_learned_stage_rejects_a_word() -> None:
    from interviewer.errors import UserError

    with pytest.raises(UserError, match="learned_stage"):
        Thresholds.with_overrides({"learned_stage": "off"})  # type: ignore[dict-item]


# ---------------------------------------------------------------------------- the shipped weights


def test_the_weights_file_names_its_training_set_and_version() -> None:
    raw = json.loads(learned.WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert raw["format"] == learned.FORMAT
    assert raw["scorer_version"] == SCORER_VERSION
    trained = raw["trained_on"]
    assert trained["split"] == "dev" and trained["answers"] > 300
    assert len(trained["labellers"]) >= 10 and trained["date"]
    weights = learned.load()
    assert weights is not None and set(weights.flags) <= set(LEARNED_FLAGS)
    assert weights.flags, "the stage adopts at least one flag"
    for model in weights.flags.values():
        assert model.mode in learned.MODES and 0.0 < model.threshold < 1.0
        # A few hundred features at most.
        assert len(model.numeric) + len(model.grams) <= 300


@pytest.mark.skipif(not DEV.is_dir(), reason="labelled set absent")
def test_the_weights_match_the_feature_extractors_vocabulary() -> None:
    """Every weighted feature is one the extractor produces: numeric names it computes, and
    n-grams it emits for some development answer (so no gram is dead, misspelt or from an
    older tokeniser)."""
    weights = learned.load()
    assert weights is not None
    seen: dict[str, set[str]] = {code: set() for code in weights.flags}
    numeric_names: set[str] = set()
    for path in sorted(DEV.glob("*.toml")):
        d = tomllib.loads(path.read_text(encoding="utf-8"))
        answer, ctx, ramble, st, c, th = _stages(d["text"], d["question"], d["kind"])
        inputs = extract(answer, ctx, ramble, st, c, set(), th)
        for code in weights.flags:
            seen[code] |= inputs[code].grams
            numeric_names |= set(inputs[code].numeric)
    for code, model in weights.flags.items():
        # The window score is computed by the window model (test_scoring_windows.py).
        window = {lw.FEATURE} if model.windows is not None else set()
        assert set(model.numeric) <= numeric_names | window, code
        missing = sorted(g for g in model.grams if g not in seen[code])
        assert not missing, f"{code}: grams the extractor never produces: {missing[:5]}"
        for g in model.grams:
            words = g.split(":", 1)[-1].split() if g[:2] in ("o:", "h:") else g.split()
            assert 1 <= len(words) <= MAX_N


def _train(out: Path, *extra: str) -> bytes:
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "train_scorer.py"), "--out", str(out),
         "--date", "2026-01-01", "--groups", "devf", "devg", "devh", *extra],
        check=True, capture_output=True, cwd=REPO,
    )  # fmt: skip
    return out.read_bytes()


@pytest.mark.skipif(not DEV.is_dir(), reason="labelled set absent")
def test_training_is_deterministic(tmp_path: Path) -> None:
    first = _train(tmp_path / "a.json", "--flags", "no_product_link")
    second = _train(tmp_path / "b.json", "--flags", "no_product_link")
    assert first == second
    data = json.loads(first)
    assert data["trained_on"]["labellers"] == ["5C", "5D", "6E", "6F", "7G", "7H"]
    assert data["flags"]["no_product_link"]["grams"]


# ---------------------------------------------------------------------------- a decision it fixes

REFUND_Q = "How would you evaluate the model that flags risky refund requests in our support queue?"
GATED = (
    "I'd replay a month of refund requests the agents already reviewed, about four thousand of "
    "them. I'd measure precision and recall on the risky ones, and the false positive rate by "
    "country. Recall is the gate for me: under ninety percent on that replay and the queue stays "
    "manual. Precision then tells us how many agent hours the model saves."
)


@pytest.mark.xfail(
    strict=True,
    reason="retrained on 14 labellers (with or without the window score), the stage leans on "
    "length and the rules' other decisions on this four-sentence answer and flags it "
    "(docs/scoring.md, 1.9.0, crafted near-misses)",
)
def test_the_stage_reads_a_launch_gate_the_rules_do_not_know() -> None:
    """GUIDE: a launch criterion on a metric is a tie ("under ninety percent ... the queue stays
    manual"). The rules know no such shape and raise ``no_product_link``; the learned stage
    clears it, and says why."""
    t = estimate(GATED, wpm=150, seed=5)
    q = QuestionRef(kind="ai_technical", text=REFUND_Q)
    rules = score_answer(t, q, thresholds=Thresholds.with_overrides({"learned_stage": False}))
    assert "no_product_link" in codes(rules)
    staged = score_answer(t, q)
    assert "no_product_link" not in codes(staged)
    (reason,) = [r for r in staged.reasons["content"] if "no product link" in r]
    assert "not raised" in reason and "rule alone: raised" in reason
    assert '"ninety percent"' in reason  # the n-gram that spoke for a bar


# ---------------------------------------------------------------------------- one tie is enough

CATALOGUE = (
    "I'd start from the refund requests the agents already reviewed last quarter, about four "
    "thousand of them. Offline, I'd measure precision and recall on the risky ones against the "
    "agents' decisions. I'd also look at the false positive rate by country, since the fraud "
    "patterns differ a lot. Online, I'd track the refund volume per week and the share of "
    "requests sent to manual review. And for the agents, the average handling time per request "
    "and the size of the backlog. For the business side, the refund losses per month and the "
    "chargeback rate. So that's the set: precision, recall, false positive rate, review share, "
    "handling time and losses."
)
ONE_TIE = (
    "My launch bar: we turn on auto-approval only if precision stays above ninety-five percent "
    "for two weeks in shadow mode."
)


def test_one_tie_sentence_among_a_catalogue_of_metrics_clears_the_flag() -> None:
    """GUIDE: one concrete tie is enough. The shipped stage flags the catalogue and clears the same
    catalogue with one launch-bar sentence, and its reason quotes that sentence as the tie."""
    q = QuestionRef(kind="ai_technical", text=REFUND_Q)
    bare = score_answer(estimate(CATALOGUE, wpm=150, seed=5), q)
    assert "no_product_link" in codes(bare)
    (reason,) = [r for r in bare.reasons["content"] if "learned stage decided no product" in r]
    assert ": raised" in reason
    tied = score_answer(estimate(CATALOGUE + " " + ONE_TIE, wpm=150, seed=5), q)
    assert "no_product_link" not in codes(tied)
    (reason,) = [r for r in tied.reasons["content"] if "learned stage decided no product" in r]
    assert "not raised" in reason and "sentence-window score" in reason
    assert reason.endswith(ONE_TIE)  # the likeliest tie window's sentence, quoted


RANKING_ANSWER = (
    "For the search ranking I'd look at recall at five on the replayed queries, and NDCG on the "
    "first page. Recall at five is the main one: if it drops below eighty percent, we roll back. "
    "I'd also watch how often people refine the query after the first page."
)
CLASSIFIER_ANSWER = (
    "For the spam filter I'd judge it by accuracy on last month's mail. Ninety eight percent "
    "accuracy would be my bar before launch. I'd watch the accuracy weekly after that."
)


@pytest.mark.parametrize(
    ("text", "question", "judged"),
    [
        (RANKING_ANSWER, "How would you evaluate the new search ranking in our shop?", False),
        (CLASSIFIER_ANSWER, "How would you evaluate the spam filter in our mail app?", True),
        # No model named at all: a product's metrics, never judged.
        (
            "I'd track weekly retention and conversion, with a 5% holdout, and launch if "
            "retention rises. Accuracy of the weekly numbers matters too.",
            "How would you measure our playlist feature?",
            False,
        ),
    ],
)
def test_metric_imbalance_leaves_the_guides_never_judged_answers_to_the_rule(
    text: str, question: str, judged: bool
) -> None:
    """1.10.0: a ranking (recall at five, NDCG) or an answer naming no model judges no two-error
    model (GUIDE), so a model that would raise metric_imbalance anywhere must not raise it there;
    a spam filter judged by accuracy alone is judged, and the same model raises it."""
    answer, ctx, ramble, st, c, th = _stages(text, question, "ai_technical")
    assert c.imbalance_not_judged is (not judged)
    inputs = extract(answer, ctx, ramble, st, c, set(), th)
    assert inputs["metric_imbalance"].judged is judged
    weights = _weights("metric_imbalance", "guarded", 5.0)
    out, decisions = learned.apply(answer, ctx, ramble, st, c, [], th, weights)
    assert ("metric_imbalance" in {f.code for f in out}) is judged
    assert len(decisions) == int(judged)
