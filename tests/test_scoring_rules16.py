"""The 1.6 rules: ties and weighings in the shapes a fifth pair of labellers used.

Each test is a pair written for it: the answer the rule is for, and a contrast the rule must not
take (a condition from nowhere, a verb of looking, a bar-less "only when", a hedged guess, a
generic remark). Every test here fails on scorer 1.5.0 and passes on 1.6.0; the texts are new,
not copied from the labelled set.
"""

from __future__ import annotations

from functools import partial

import pytest
from scoring_helpers import answer_of, codes, first_sentence, score_text

from interviewer.scoring.links import is_tie, metric_hits, product_links

INVOICE_Q = "How would you measure the AI that reads the invoices our accounting clients upload?"
HOLD_Q = (
    "The model that holds suspicious card payments in our banking app is 98% accurate, "
    "says the risk team. How would you judge it?"
)
AGE_Q = "How would you judge the model that estimates a shopper's age at our self-checkouts?"
CLAIMS_Q = "How would you measure the model that flags suspect insurance claims for adjusters?"
STORY_Q = "Tell me about a time you shipped an AI feature under pressure."


score = partial(score_text, seed=5)
answer = partial(answer_of, seed=2)


def linked(text: str, word: str) -> bool:
    a = answer(text)
    return any(f" {word} " in s.padded for s in product_links(a, a.sentences))


sentence = partial(first_sentence, seed=2)


# ------------------------------------------------------------------------------ ties

_INVOICES = (
    "I'd track two numbers: the completion rate of invoice uploads and the time to first "
    "approval. I'd split both by client size. Small clients mostly use the phone app, the big "
    "ones send email. Then I'd read fifty rejected invoices with the support team. "
)


# The rules' shape. Scorer 1.9.0's learned stage flags this short one-tie answer (docs/scoring.md,
# 1.9.0, crafted near-misses), so the shape is pinned with the stage off.
@pytest.mark.usefixtures("rules_alone")
def test_the_speakers_decision_on_one_of_the_answers_findings_ties_its_metrics() -> None:
    tied = _INVOICES + "If it's the phone app, we redesign the upload screen before anything else."
    assert linked(tied, "redesign")
    assert "no_product_link" not in codes(score(tied, INVOICE_Q))
    # A condition from nowhere ties nothing: the weather was never part of the analysis.
    untied = (
        _INVOICES + "If it rains on Friday, we redesign the upload screen before anything else."
    )
    assert not linked(untied, "redesign")
    assert "no_product_link" in codes(score(untied, INVOICE_Q))


def test_a_bar_said_alone_opens_a_decision() -> None:
    text = (
        "Two numbers, the completion rate and the time to first approval. "
        "We check both every month against a sample the support team labels. "
        "The sample is three hundred invoices. "
        "Below ninety five, we put a person back on every upload from that client."
    )
    assert linked(text, "person")
    # An instruction with no condition is a plan, not a decision taken from a metric.
    plan = text.replace("Below ninety five, we put", "Later we put")
    assert not linked(plan, "person")


def test_a_decision_from_a_metric_that_held() -> None:
    assert linked(
        "The accuracy held at ninety one percent, so I would not touch the model this quarter.",
        "touch",
    )
    # Looking further is analysis, not a decision.
    assert not linked(
        "The accuracy held at ninety one percent, so I would look at the queue next.", "queue"
    )


def test_only_when_with_its_own_bar_is_a_criterion_whatever_stands_between() -> None:
    assert linked(
        "The metric is reopened tickets. We talk to agents weekly. Their notes are long. "
        "We only let the model close a ticket alone when fewer than one in fifty of its "
        "closures get reopened.",
        "close",
    )
    assert not linked(
        "The metric is reopened tickets. We talk to agents weekly. Their notes are long. "
        "We only let the model close a ticket alone when the customer seems calm.",
        "close",
    )


def test_a_guess_at_why_users_left_is_no_tie() -> None:
    assert (
        is_tie(sentence("Maybe customers feel the reminders are spam, and they stop coming back."))
        is None
    )
    assert is_tie(sentence("Customers who get three reminders a day stop coming back.")) == "user"


def test_unsafe_naming_the_models_class_is_no_user_outcome() -> None:
    assert (
        is_tie(
            sentence(
                "If two reviewers agree only seventy percent of the time on what an unsafe climb "
                "is, the model's number means little."
            )
        )
        is None
    )
    assert is_tie(sentence("A patient who trusts a wrong dose is unsafe at home.")) == "user"


def test_a_generic_goal_remark_and_a_proxy_are_no_ties() -> None:
    assert is_tie(sentence("All of this ladders up to the overall platform health story.")) is None
    assert (
        is_tie(sentence("I'd track the share of refunds as a proxy for noise in the pipeline."))
        is None
    )
    assert is_tie(sentence("Completion is the input to our retention goal.")) == "goal"


def test_a_forecasts_output_counted_per_kind_is_no_metric() -> None:
    assert not metric_hits(
        sentence("A model that forecasts how many pies of each kind every shop should bake.")
    )
    assert metric_hits(sentence("I'd count how many stories each family makes in a week."))


# ------------------------------------------------------------------------------ metric balance


def test_a_model_that_holds_payments_decides_between_two_kinds() -> None:
    text = (
        "Accuracy is the main number, and at ninety eight percent it looks fine. "
        "I'd watch it monthly with the risk team and compare it with the complaints."
    )
    assert "metric_imbalance" in codes(score(text, HOLD_Q, kind="data_analysis"))
    weighed = (
        text + " But a genuine payment held leaves a customer stuck at the till, and a released "
        "fraudulent one costs us the refund; the missed fraud costs more, so I'd set the "
        "threshold for that."
    )
    assert "metric_imbalance" not in codes(score(weighed, HOLD_Q, kind="data_analysis"))


def test_correctness_said_of_a_yes_no_call_judges_a_two_error_model() -> None:
    side = "First, accuracy. How often it gets the side of twenty-one right. The bar is ninety eight percent."
    assert "metric_imbalance" in codes(score(side, AGE_Q))
    which = (
        "We tested it on last month's checkouts and it was ninety four percent accurate, "
        "it was right about which shoppers were under age."
    )
    assert "metric_imbalance" in codes(score(which, AGE_Q))
    # A quantity measured by the size of its error is one kind of error.
    years = "First, accuracy. How far off the estimate is in years, the mean absolute error, under two years."
    assert "metric_imbalance" not in codes(score(years, AGE_Q))


def test_one_side_as_the_gate_and_the_other_as_its_cost_is_weighing() -> None:
    listed = (
        "Precision and recall on suspect claims, we'd report both every month to the adjusters."
    )
    assert "metric_imbalance" in codes(score(listed, CLAIMS_Q))
    gate = (
        listed + " So recall on fraudulent claims is the gate, and precision is what it costs us "
        "in adjuster hours."
    )
    assert "metric_imbalance" not in codes(score(gate, CLAIMS_Q))


def test_a_behavioural_story_that_quotes_a_models_accuracy_judges_no_model() -> None:
    story = (
        "Last spring I owned the spam filter for our seller messages. The situation was a launch "
        "date we could not move. What I did: I pulled two weeks of messages, I wrote the "
        "labelling guide, and I measured the filter. Accuracy was ninety two percent, which was "
        "our bar, so we launched on time and complaints about spam fell by a third."
    )
    assert "metric_imbalance" not in codes(score(story, STORY_Q, kind="behavioral"))
    # The same words asked as a technical question judge the filter by accuracy alone.
    assert "metric_imbalance" in codes(
        score(story, "How would you evaluate our spam filter?", kind="ai_technical")
    )
