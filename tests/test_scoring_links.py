"""The 1.2 rules for the hard content flags, on answers written for these tests (not from the labelled set).

Each pair differs in the one thing the rule is about: a catalogue of metrics against the same
metrics tied to a decision, a user or the goal; one correctness number against the two errors
weighed; a story told in order against one told from its end.
"""

from __future__ import annotations

import pytest

from interviewer.models import QuestionRef, Score
from interviewer.scoring import score_answer
from interviewer.scoring.links import is_tie, metric_hits
from interviewer.scoring.text import Answer
from interviewer.timing import estimate

# These tests pin the rules' own shapes (see conftest.rules_alone).
pytestmark = pytest.mark.usefixtures("rules_alone")

FRAUD_Q = "How would you measure the success of the fraud model that declines card payments?"
PODCAST_Q = "What metrics would you use for the episode recommendations in our podcast app?"
STORY_Q = "Tell me about a launch you had to delay."

CATALOGUE = (
    "I'd group the metrics in three sets. Offline, precision and recall on last quarter's labelled "
    "transactions, about fifty thousand of them. Online, the decline rate and the chargeback rate, "
    "reported weekly. Operationally, the ninety-ninth percentile latency and the share of payments "
    "sent to manual review. So the set is precision, recall, decline rate, chargeback rate, latency "
    "and the manual review share."
)


def score(text: str, question: str = FRAUD_Q, kind: str = "metrics") -> Score:
    return score_answer(estimate(text, wpm=150, seed=5), QuestionRef(kind=kind, text=question))


def codes(s: Score) -> set[str]:
    return {f.code for f in s.flags}


def sentence(text: str) -> object:
    return Answer(estimate(text, wpm=150, seed=1)).sentences[0]


# ------------------------------------------------------------------------------ no_product_link


def test_a_catalogue_of_metrics_is_no_product_link() -> None:
    s = score(CATALOGUE)
    assert "no_product_link" in codes(s)
    flag = next(f for f in s.flags if f.code == "no_product_link")
    assert "none tied" in flag.evidence
    assert s.metrics["product_links"] == 0


@pytest.mark.parametrize(
    ("tie", "kind"),
    [
        (
            "We'd switch the new model on for everyone only if the decline rate stays under half a "
            "percent while the chargeback rate falls.",
            "decision",
        ),
        (
            "Every false decline is a cardholder standing at a till with a card that doesn't work, "
            "and some of them stop using the card.",
            "user",
        ),
        (
            "The chargeback rate is the input to our goal for the year, which is losses under one "
            "basis point.",
            "goal",
        ),
        ("Launch rule: a chargeback rate below ten basis points in the pilot.", "rule"),
    ],
)
def test_the_same_catalogue_with_one_tie_is_linked(tie: str, kind: str) -> None:
    assert is_tie(sentence(tie)) == kind  # type: ignore[arg-type]
    s = score(CATALOGUE + " " + tie)
    assert "no_product_link" not in codes(s)
    assert s.metrics["product_links"] >= 1


def test_tracking_metrics_on_a_dashboard_is_not_a_tie() -> None:
    for text in (
        "We'd track all of these on a dashboard before and after launch.",
        "I'd also look at the share of users who open the app twice in a week.",
        "Then the click-through rate on the first page of results, split by device.",
    ):
        assert is_tie(sentence(text)) is None, text  # type: ignore[arg-type]


def test_metric_shapes_are_recognised_but_verbs_and_settings_are_not() -> None:
    assert metric_hits(sentence("The hallucination rate and the time to first answer matter."))  # type: ignore[arg-type]
    assert metric_hits(sentence("We count cases per thousand sessions."))  # type: ignore[arg-type]
    assert not metric_hits(sentence("People might rate it badly, at any rate."))  # type: ignore[arg-type]
    assert not metric_hits(sentence("We lowered the learning rate for the fine-tune."))  # type: ignore[arg-type]


def test_one_passing_metric_word_is_not_judged() -> None:
    s = score(
        "I'd build a shopping list that fills itself from what a family bought last month, "
        "because parents told us planning the week takes too long. Retention would tell us "
        "it works.",
        question="What AI feature would you add to our grocery app?",
        kind="product_vision",
    )
    assert "no_product_link" not in codes(s)


# ------------------------------------------------------------------------------ metric_imbalance


def test_a_single_sided_number_under_another_name_is_imbalance() -> None:
    s = score(
        "The number I'd judge the fraud model by is the detection rate: of all the fraud in last "
        "month's chargebacks, how much did it decline. I'd want it above ninety-five percent, and "
        "we'd launch only if it gets there in a two-week pilot.",
    )
    assert "metric_imbalance" in codes(s)


def test_saying_which_error_costs_more_is_weighing() -> None:
    s = score(
        "The number I'd judge the fraud model by is the detection rate on last month's "
        "chargebacks, above ninety-five percent. But a missed fraud costs us the money once, "
        "while a wrong decline is far worse than that: the customer may never use the card "
        "again, so we'd launch only if wrong declines stay under one in a thousand payments.",
    )
    assert "metric_imbalance" not in codes(s)


def test_accuracy_of_a_model_without_two_kinds_of_error_is_not_judged() -> None:
    s = score(
        "Accuracy is the main metric: the word error rate of the captions on a sample of two "
        "hundred recorded meetings, and I'd turn captions on by default only if it stays below "
        "ten percent for English.",
        question="How would you measure the success of live captions in our meeting app?",
    )
    assert "metric_imbalance" not in codes(s)


# ------------------------------------------------------------------------------ no_structure

BACKWARDS = (
    "So in the end we shipped the smart replies five weeks late, and honestly nobody outside the "
    "team noticed. It was the messaging app at my last company. The marketing launch had been "
    "booked for the first week of May. A beta tester had sent me screenshots of replies that "
    "suggested the wrong names, and I pulled two hundred conversations to check. The fix was a "
    "filter on names, and the wrong-name rate went from four percent to almost zero. The decision "
    "to delay, I took it on the Friday before, after I had read the screenshots myself, and I "
    "called the marketing lead that evening."
)
IN_ORDER = (
    "The situation: at my last company we were about to launch smart replies in a messaging app, "
    "with marketing booked for the first week of May. What I did: a beta tester sent me screenshots "
    "of replies with the wrong names, so I pulled two hundred conversations, found a four percent "
    "wrong-name rate, and on the Friday before launch I decided to delay and called the marketing "
    "lead. The result: we shipped five weeks later with a filter on names, the wrong-name rate "
    "went to almost zero, and what I learned is to read real outputs before any launch date."
)


def test_a_story_that_opens_on_its_ending_and_jumps_back_is_no_structure() -> None:
    assert "no_structure" in codes(score(BACKWARDS, question=STORY_Q, kind="behavioral"))


def test_the_same_story_told_situation_action_result_is_structured() -> None:
    s = score(IN_ORDER, question=STORY_Q, kind="behavioral")
    assert "no_structure" not in codes(s)
    assert "generic_behavioral" not in codes(s)


def test_again_and_again_is_emphasis_not_a_return_to_a_topic() -> None:
    s = score(
        "At my last company I ran twenty interviews with learners who had cancelled. What they "
        "said, again and again, was that they were afraid to speak. So I proposed a speaking "
        "partner and tested it with five percent of users. The result was fifteen percent better "
        "retention, and we changed the roadmap.",
        question="Tell me about a time research changed your roadmap.",
        kind="behavioral",
    )
    assert "no_structure" not in codes(s)


def test_start_with_is_not_the_star_framework() -> None:
    from interviewer.scoring.structure import is_roadmap

    text = (
        "I'd start with virtual staging, you upload photos of an empty flat, and the AI furnishes "
        "it, in different styles, so people can imagine living there."
    )
    assert not is_roadmap(sentence(text))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "I'd gate the rollout on recall measured on the weekly audit set.",
        "The decision this informs is whether to keep the model in every market.",
        "We'd hold the launch until recall reaches ninety-five percent on the audit set.",
        "Below eighty percent recall, it doesn't go to production.",
        "If the wrong-destination rate climbs past two percent, we pull the feature.",
        "This is the leading indicator for renewals.",
    ],
)
def test_ties_in_other_words(text: str) -> None:
    assert is_tie(sentence(text)) is not None  # type: ignore[arg-type]
