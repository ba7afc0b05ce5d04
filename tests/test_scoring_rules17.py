"""The 1.7 rules: single-number judgements (``metric_imbalance``) in wordings the sixth pair of
labellers used, and ``no_product_link`` raised only on enough evidence, a conditional bar beside a
metric weighing against it. Each test is a pair: the case the rule is for, and a contrast it must
leave. Each pair fails on scorer 1.6.0; the texts are new, not copied from the labelled set.
"""

from __future__ import annotations

from functools import partial

import pytest
from scoring_helpers import codes, score_text

from interviewer.models import QuestionRef
from interviewer.scoring import Thresholds, score_answer
from interviewer.timing import estimate

# These tests pin the rules' own shapes (see conftest.rules_alone).
pytestmark = pytest.mark.usefixtures("rules_alone")

SORTER_Q = "How would you evaluate the model that sorts incoming tenant repair requests by urgency?"
LEAF_Q = (
    "Our gardening app lets people photograph a leaf and tells them which plant it is. How would "
    "you measure whether the identifier is good?"
)
MOULD_Q = "How would you judge the detector that finds mould in photos of our rental flats?"
SEARCH_Q = "How would you measure the search in our recipe app?"


score = partial(score_text, seed=7)


def test_agreement_with_the_people_who_decide_today_is_a_single_correctness_number() -> None:
    one_number = (
        "I'd take the last three thousand requests our caretakers already sorted, urgent or not, "
        "and see how often the model agrees with the caretaker. I'd split that by building. If it "
        "agrees with them nine times out of ten, we let it sort the morning queue."
    )
    assert "metric_imbalance" in codes(score(one_number, SORTER_Q, "ai_technical"))
    weighed = one_number + (
        " Both errors matter: a false positive sends a plumber to a dripping tap, a false negative "
        "leaves a burst pipe for a day, and the miss costs far more, so I'd set the threshold for it."
    )
    assert "metric_imbalance" not in codes(score(weighed, SORTER_Q, "ai_technical"))


def test_a_share_of_cases_right_is_a_single_correctness_number() -> None:
    shaped = (
        "Our inspectors labelled two thousand flat photos. The first model gets eighty one percent "
        "of photos right, and I want that at ninety before we show it to tenants."
    )
    assert "metric_imbalance" in codes(score(shaped, MOULD_Q, "ai_technical"))
    # The same figures as a share answered in time, not a share right: no correctness number.
    timed = (
        "Our inspectors labelled two thousand flat photos. The first model answers eighty one "
        "percent of photos within a second, and I want that at ninety before we show it to tenants."
    )
    assert "metric_imbalance" not in codes(score(timed, MOULD_Q, "ai_technical"))


def test_precision_alone_judges_a_model_that_names_or_refuses() -> None:
    one_side = (
        "The metric I'd use is precision: when it names a plant, is it the right plant? In the "
        "offline test on two thousand photos it was eighty four percent precision, which is good."
    )
    assert "metric_imbalance" in codes(score(one_side, LEAF_Q))
    both = one_side + (
        " But precision alone hides the refusals, so I'd set it against recall: a wrong name that "
        "says a poisonous plant is safe costs far more than a refusal, so I'd weigh recall lower."
    )
    assert "metric_imbalance" not in codes(score(both, LEAF_Q))


def test_a_rankings_recall_at_a_cutoff_judges_no_two_error_model() -> None:
    ranked = (
        "I'd measure recall at ten, whether the recipe the cook finally opened is in the top ten, "
        "on last month's searches. Today it is seventy percent, and I want it at eighty."
    )
    assert "metric_imbalance" not in codes(score(ranked, SEARCH_Q))
    plain = ranked.replace("recall at ten", "recall")
    assert "metric_imbalance" in codes(score(plain, SEARCH_Q))


# ------------------------------------------------------------ no_product_link's evidence

CAMERA_Q = "How would you measure the model that spots otters in our river trail-camera photos?"
_CAMERA = (
    "I'd measure the otter detection rate against the ecologists' labels on five hundred "
    "photos, per camera, because the night photos are much harder. "
)


def test_a_conditional_bar_beside_a_metric_weighs_against_the_flag() -> None:
    # No comma after the condition and the product's own outcome: no tie shape reads it.
    barred = _CAMERA + (
        "If it's under eighty percent at night we don't use it for the otter count, the "
        "volunteers keep sorting by hand."
    )
    assert "no_product_link" not in codes(score(barred, CAMERA_Q))
    # The same sentence with no bar in its condition is no evidence of a tie.
    unbarred = _CAMERA + (
        "If it's dark at night we don't use it for the otter count, the volunteers keep "
        "sorting by hand."
    )
    assert "no_product_link" in codes(score(unbarred, CAMERA_Q))


def test_one_conditional_bar_does_not_excuse_a_long_catalogue() -> None:
    catalogue = _CAMERA + (
        "Then the false detection rate, the share of photos with an otter, the time to label per "
        "photo, the median confidence score and the camera uptime rate. If the battery is under "
        "twenty percent the camera sends fewer photos."
    )
    s = score(catalogue, CAMERA_Q)
    assert "no_product_link" in codes(s)
    # The weight is a threshold like any other: at zero the bar counts for nothing.
    barred = _CAMERA + "If it's under eighty percent at night we don't use it for the otter count."
    relaxed = score_answer(
        estimate(barred, wpm=150, seed=7),
        QuestionRef(kind="metrics", text=CAMERA_Q),
        thresholds=Thresholds.with_overrides({"conditional_bar_weight": 0}),
    )
    assert "no_product_link" in codes(relaxed)
    assert "no_product_link" not in codes(score(barred, CAMERA_Q))


def test_a_threshold_set_against_a_budget_for_one_error_weighs_the_errors() -> None:
    budget = (
        "I'd judge the detector by its recall on the mould our inspectors confirmed last winter. "
        "I'd set the threshold so that we send an inspector to no more than one dry flat in fifty."
    )
    assert "metric_imbalance" not in codes(score(budget, MOULD_Q, "ai_technical"))
    # A threshold set with no bound on an error chooses no point between the two.
    no_budget = budget.replace(
        "so that we send an inspector to no more than one dry flat in fifty", "later"
    )
    assert "metric_imbalance" in codes(score(no_budget, MOULD_Q, "ai_technical"))
