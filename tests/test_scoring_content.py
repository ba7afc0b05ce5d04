"""Theory ramble, structure and content flags, on answers written to sit clearly on one side."""

from __future__ import annotations

from interviewer.models import QuestionRef, Score
from interviewer.scoring import score_answer
from interviewer.timing import estimate

FRAUD_Q = "How would you measure the success of the fraud alert model in our card app?"
PV_Q = "What AI product would you build for our grocery delivery app?"
BEH_Q = "Tell me about a time you disagreed with an engineering lead."

_METRICS = [
    ("precision", "the true positives divided by everything the classifier flagged"),
    ("recall", "the true positives divided by all the real positives in the data"),
    ("the F1 score", "the harmonic mean of precision and recall"),
    ("specificity", "the true negatives divided by all the real negatives"),
    ("the ROC curve", "a plot of the true positive rate against the false positive rate"),
    (
        "the area under the ROC curve",
        "the probability that a random positive ranks above a random negative",
    ),
    ("the precision recall curve", "a plot of precision against recall across every threshold"),
    ("log loss", "the average negative log likelihood of the predicted probabilities"),
    ("the Brier score", "the mean squared error of the predicted probabilities"),
    ("the Matthews correlation coefficient", "a correlation between predicted and true labels"),
    ("Cohen's kappa", "agreement corrected for the agreement expected by chance"),
    ("balanced accuracy", "the average of the recall on each class"),
]
_TEMPLATES = [
    "{m} is defined as {d}.",
    "Historically, {m} comes from information retrieval and statistics, where researchers in the sixties used it to compare systems.",
    "The formula for {m} is simple once you write the confusion matrix down, and in statistics it is a standard summary of a classifier.",
    "In general, {m} ranges from zero to one, and a perfect classifier gets the maximum value.",
    "The textbook example is a disease screening test, where {m} tells you how the test behaves when the disease is rare.",
    "Mathematically, you can think of {m} as a ratio of counts from the four cells of the confusion matrix.",
    "In the literature, people often report {m} next to accuracy, because accuracy alone hides class imbalance.",
]


def ten_minute_ramble() -> str:
    """About 1,650 words of lecture on classification metrics, never applied to the product."""
    parts = ["Okay, so before I answer, let me give some background on how these metrics work."]
    for m, d in _METRICS:
        parts.extend(
            t.format(m=m[0].upper() + m[1:] if t.startswith("{m}") else m, d=d) for t in _TEMPLATES
        )
    parts.append("So for our fraud alerts I'd launch only if recall stays above ninety percent.")
    return " ".join(parts)


def score(text: str, kind: str = "metrics", question: str = FRAUD_Q, wpm: float = 150) -> Score:
    return score_answer(estimate(text, wpm=wpm, seed=3), QuestionRef(kind=kind, text=question))


# ------------------------------------------------------------------------------ theory ramble


def test_a_ten_minute_theory_ramble_is_flagged_with_a_span_covering_most_of_it() -> None:
    s = score(ten_minute_ramble())
    assert 540 <= s.metrics["speaking_s"] <= 720
    flag = next(f for f in s.flags if f.code == "theory_ramble")
    assert flag.severity == "high"
    assert flag.start_s is not None and flag.end_s is not None
    covered = (flag.end_s - flag.start_s) / s.metrics["speaking_s"]
    assert covered >= 0.9, covered
    assert (
        "min" in flag.evidence and "defined as" in flag.evidence
    ) or "Historically" in flag.evidence
    assert s.metrics["theory_share"] >= 0.8
    assert s.scores.content <= 3.5


def test_a_brief_definition_then_application_is_not_a_ramble() -> None:
    text = (
        "Precision is defined as the share of flagged transactions that are really fraud, and recall "
        "is the share of fraud we catch. For our card app, a false alert means a customer stuck at "
        "the till, so I'd watch the alert-off rate as a guardrail. A missed fraud costs us about 300 "
        "dollars, so I'd favour recall for large purchases. We'd run a holdout on 5% of cardholders "
        "for four weeks and compare chargebacks. Our fraud team would review 500 alerts a week to "
        "label them. I'd launch only if recall on confirmed fraud stays above 85% and fewer than 2% of "
        "customers switch alerts off. "
    ) * 3
    s = score(text)
    assert not s.has("theory_ramble")
    assert s.metrics["longest_theory_s"] < 45


def test_theory_interleaved_with_the_product_is_not_a_ramble() -> None:
    pair = (
        "In statistics, the F1 score is the harmonic mean of precision and recall. "
        "For our fraud alerts that means I'd pick the threshold where we still catch 90% of fraud. "
    )
    assert not score(pair * 12).has("theory_ramble")


# ------------------------------------------------------------------------------ structure


def test_associative_order_without_a_plan_is_no_structure() -> None:
    text = (
        "Yeah, I guess people using it matters, and whether they turn alerts off. The fraud team "
        "could also be involved somehow. Customers get annoyed by alerts at the till. Going back to "
        "the fraud team, they label things. And also the model might drift over time, so retraining "
        "matters too. I'd launch if we caught 80% of fraud in a 5% holdout."
    )
    s = score(text)
    assert s.has("no_structure")
    flag = next(f for f in s.flags if f.code == "no_structure")
    assert "goes back" in flag.evidence


def test_a_roadmap_and_signposts_are_structure() -> None:
    s = score(
        "I'll structure this in three parts: the goal, the metrics, and the decision. "
        "First, the goal is fewer fraud losses. Second, the metrics: recall and precision. "
        "Finally, I'd launch if recall stays above 80% in a 5% holdout."
    )
    assert not s.has("no_structure")
    assert s.metrics["roadmap"] is True and s.metrics["signposts"] >= 2


def test_solution_first_in_a_product_answer_is_solution_jumping() -> None:
    text = (
        "I'd build a smart basket: when you open the app, your usual items are already in the cart, "
        "predicted from your history. Then a recipe feature that fills the cart from a photo. "
        "Users would love it, and the goal is more orders."
    )
    s = score(text, kind="product_vision", question=PV_Q)
    assert s.has("solution_jumping")
    assert not score(text, kind="metrics").has("solution_jumping")


def test_users_and_pains_before_solutions_is_not_jumping() -> None:
    text = (
        "Let me clarify the goal first: more repeat orders. The users I'd focus on are busy parents "
        "who order weekly. Their pain point is rebuilding the same basket every week. So I'd build "
        "a smart basket that pre-fills their usual items, and test it on 5% of parents for a month."
    )
    assert not score(text, kind="product_vision", question=PV_Q).has("solution_jumping")


def test_a_long_answer_without_a_wrap_up_is_no_summary() -> None:
    body = (
        "First, the goal: fewer fraud losses without annoying customers at the till. Second, recall "
        "on confirmed fraud, from our chargeback data, with a 5% holdout for four weeks. Third, "
        "precision, since every false alert is a customer stuck at the till. "
    ) * 7
    trailing = body + "And one detail on the labels: the fraud team reviews them on Mondays."
    s = score(trailing)
    assert s.metrics["speaking_s"] >= 120 and s.has("no_summary")
    closed = body + "To wrap up, my recommendation is to launch only if recall stays above 85%."
    assert not score(closed).has("no_summary")
    assert not score("The goal is fewer fraud losses. I'd track recall in a 5% holdout.").has(
        "no_summary"
    )


# ------------------------------------------------------------------------------ content


def test_no_numbers_experiments_or_sources_is_no_data() -> None:
    vague = (
        "I'd look at three things. First, whether customers like the alerts. Second, whether "
        "fraud goes down a lot. Third, whether the team is happy. Finally, I'd launch if it works."
    )
    s = score(vague)
    assert s.has("no_data") and s.metrics["data_points"] == 0
    assert not score(vague + " We'd run a holdout on 5% of accounts.").has("no_data")


def test_accuracy_alone_is_metric_imbalance_but_weighed_errors_are_not() -> None:
    alone = (
        "The main metric is accuracy: I'd want the fraud model to be 98% accurate on a labelled set "
        "of 10,000 transactions, and I'd launch if accuracy stays above 98% in a holdout."
    )
    assert score(alone).has("metric_imbalance")
    weighed = alone + (
        " But accuracy hides the rare fraud, so I'd weigh false positives, a good customer declined "
        "at the till, against false negatives, a missed fraud that costs us 300 dollars."
    )
    assert not score(weighed).has("metric_imbalance")
    product = "I'd track weekly retention and conversion, with a 5% holdout, and launch if retention rises."
    assert not score(product, question="How would you measure our playlist feature?").has(
        "metric_imbalance"
    )


def test_metrics_never_tied_to_a_decision_is_no_product_link() -> None:
    catalogue = (
        "Offline, NDCG at ten on a labelled set of 5,000 queries. Online, click-through rate and "
        "conversion rate on a 28 day window. Operationally, latency at the 99th percentile."
    )
    q = "How would you measure the search ranking of our shopping site?"
    assert score(catalogue, question=q).has("no_product_link")
    tied = catalogue + " We'd launch the new ranker only if conversion rises by 1% in an A/B test."
    assert not score(tied, question=q).has("no_product_link")


def test_hypothetical_behavioural_answer_is_generic() -> None:
    generic = (
        "I would first listen to both sides, because I believe disagreement is healthy. Usually I "
        "try to bring data to the discussion, and I always make sure the team feels heard. In "
        "general, you should focus on the user and what they need."
    )
    s = score(generic, kind="behavioral", question=BEH_Q)
    assert s.has("generic_behavioral")
    assert not score(generic, kind="metrics").has("generic_behavioral")


def test_a_specific_star_story_is_not_generic() -> None:
    story = (
        "Last year at my previous company, our engineering lead wanted to rebuild the search index "
        "before launch. The situation was a deadline in six weeks. What I did: I pulled the query "
        "logs, I showed that 80% of failed searches came from typos, and I proposed a spelling fix "
        "first. I wrote the one-page plan and I ran the review with him. The result: we shipped in "
        "four weeks and failed searches dropped by 30%. What I learned is to bring data early."
    )
    s = score(story, kind="behavioral", question=BEH_Q)
    assert not s.has("generic_behavioral")
    assert not s.has("no_data")


def test_bank_keywords_tell_application_from_lecture() -> None:
    from interviewer.models import Question

    q = Question(
        id="metrics.wrapped",
        kind="metrics",
        text="How would you know the yearly recap worked?",
        budget_s=480,
        product="the yearly listening recap",
        keywords=["recap", "listeners", "shares"],
        elements=["goal", "metric", "guardrail", "decision"],
    )
    lecture = ten_minute_ramble().replace(
        "So for our fraud alerts I'd launch only if recall stays above ninety percent.", ""
    )
    t = estimate(lecture, seed=3)
    assert score_answer(t, q).has("theory_ramble")
    applied = (
        "Recall here means the share of listeners who open the recap within a week, and precision "
        "the share of opened recaps that get shared. "
    ) * 40
    assert not score_answer(estimate(applied, seed=3), q).has("theory_ramble")
