"""The 1.5 rules: the guide's entries decided after the fourth split, and the shapes behind them.

Each test is an answer or a sentence written for it (not taken from the labelled set), mostly in
pairs that differ only in the thing the rule is about: history told as history against the same
number about the product; a decision taken on a condition against a hedged option; a plain
statement that goes on with a lecture against a proposal; a model that misses things against one
that keeps a queue short. All 18 fail on scorer 1.4.0.
"""

from __future__ import annotations

from functools import partial

import pytest
from scoring_helpers import answer_of, codes, first_sentence, score_text

from interviewer.models import QuestionRef
from interviewer.scoring import balance
from interviewer.scoring.context import build
from interviewer.scoring.links import is_tie, metric_hits, product_links
from interviewer.scoring.ramble import label_sentence
from interviewer.scoring.structure import is_roadmap

# These tests pin the rules' own shapes (see conftest.rules_alone).
pytestmark = pytest.mark.usefixtures("rules_alone")

EARBUD_Q = "What AI product would you build for our translation earbuds?"
HOSPITAL_Q = "What AI product would you build for our nurse staffing agency?"
CAR_Q = "Our AI damage check on returned rental cars reports 96% accuracy. How would you judge it?"
CODES_Q = "How would you measure the AI that suggests billing codes to our medical coders?"
BAN_Q = "How would you measure the success of our anti-cheat system for online chess?"
BIRD_Q = "How would you measure the success of our bird song identification app?"


score = partial(score_text, seed=11)
answer = answer_of
sentence = first_sentence


# ------------------------------------------------------------------------------ data elements

_EARBUDS = (
    "I'd start with travellers who get lost in a conversation at a pharmacy or a train desk. "
    "Their pain is the pause while the earbud thinks. "
    "So I'd build a fast mode that translates the short phrases people use at counters. "
)


def test_numbers_from_history_are_not_data() -> None:
    history = (
        "The Georgetown team translated sixty Russian sentences with two hundred and fifty words "
        "of vocabulary, and the newspapers said the problem was solved. "
    )
    product = (
        "Our pilot translated sixty conversations a day per traveller with two hundred and fifty "
        "phrases, and I'd launch the fast mode from that. "
    )
    assert "no_data" in codes(score(history + _EARBUDS, EARBUD_Q, kind="product_vision"))
    assert "no_data" not in codes(score(product + _EARBUDS, EARBUD_Q, kind="product_vision"))


def test_the_one_as_a_pronoun_is_no_quantity() -> None:
    pronoun = _EARBUDS + "This could be the one people pick at the airport."
    count = _EARBUDS + "One hundred people tried it at the airport."
    assert "no_data" in codes(score(pronoun, EARBUD_Q, kind="product_vision"))
    assert "no_data" not in codes(score(count, EARBUD_Q, kind="product_vision"))


def test_replaying_past_traffic_is_an_experiment_and_a_replay_feature_is_not() -> None:
    feature = _EARBUDS + "It would be a replay with comments after each trip."
    design = _EARBUDS + "Before launch I'd replay the logs of real counter conversations."
    assert "no_data" in codes(score(feature, EARBUD_Q, kind="product_vision"))
    assert "no_data" not in codes(score(design, EARBUD_Q, kind="product_vision"))


# ------------------------------------------------------------------------------ wrap-ups

_STAFFING = " ".join(
    f"On the {part} side, the ward managers post shifts late and the agency calls nurses one by "
    "one, which takes most of a morning and leaves wards short."
    for part in ("urgent", "night", "weekend", "holiday", "theatre", "intensive care", "children's")
)


def test_a_decision_on_a_condition_in_the_speakers_voice_is_a_wrap_up() -> None:
    decided = " If the pilot fills urgent shifts faster than today, we widen it to every hospital."
    hedged = " If it's one segment, we might only need a different threshold there."
    long = _STAFFING + " " + _STAFFING
    assert "no_summary" not in codes(score(long + decided, HOSPITAL_Q, kind="product_vision"))
    assert "no_summary" in codes(score(long + hedged, HOSPITAL_Q, kind="product_vision"))


def test_a_heading_that_names_the_call_is_a_wrap_up_and_to_finish_mid_sentence_is_not() -> None:
    long = _STAFFING + " " + _STAFFING
    heading = " My call. Start with urgent shifts in the pilot hospitals."
    detail = " The nurses are always hurrying to finish the handover before the night shift."
    assert "no_summary" not in codes(score(long + heading, HOSPITAL_Q, kind="product_vision"))
    assert "no_summary" in codes(score(long + detail, HOSPITAL_Q, kind="product_vision"))


# ------------------------------------------------------------------------------ metric balance


def test_a_correctness_number_heading_a_part_is_the_yardstick() -> None:
    q = "How would you measure the vision model that tells our recycling robots what to pick?"
    heading = (
        "First, accuracy. Of the items the camera sees, how many does it classify correctly. "
        "Second, uptime of the robots."
    )
    weighed = heading + (
        " A wrong pick contaminates a bale, which is worse than a missed item, so I'd set the "
        "threshold high."
    )
    assert "metric_imbalance" in codes(score(heading, q))
    assert "metric_imbalance" not in codes(score(weighed, q))


def test_a_model_that_misses_things_decides_yes_or_no() -> None:
    assert balance.MODEL_SORTS.search(" it keeps missing dents on the doors ")
    assert not balance.MODEL_SORTS.search(" it keeps the queue short ")
    text = (
        "I'd show the managers the accuracy by branch, and to get it higher we retrain with "
        "more photos, because the number has to be high everywhere."
    )
    assert "metric_imbalance" in codes(
        score(text, CAR_Q.replace("How", "It keeps missing dents. How"))
    )


def test_precision_and_recall_named_make_the_model_a_two_error_one() -> None:
    listed = "I'd track precision, recall and F1 of the suggestions on a dashboard every week."
    weighed = (
        "I'd set precision against recall: a wrong code suggested costs an audit, a code missed "
        "costs revenue, so I'd pick the threshold where the coders accept most suggestions."
    )
    assert "metric_imbalance" in codes(score(listed, CODES_Q))
    assert "metric_imbalance" not in codes(score(weighed, CODES_Q))


def test_an_error_called_way_worse_than_the_other_is_weighed() -> None:
    q = "What are the main risks of an LLM assistant answering our clients' visa questions?"
    one_number = (
        "The answer has to be right in every language. If it refuses too much, people call the "
        "office, which is annoying."
    )
    weighed = one_number + " If it answers wrong, that's way worse."
    assert "metric_imbalance" in codes(score(one_number, q, kind="ai_technical"))
    assert "metric_imbalance" not in codes(score(weighed, q, kind="ai_technical"))


# ------------------------------------------------------------------------------ metrics and ties


def test_metrics_said_as_questions_and_a_lift_as_a_thing() -> None:
    assert metric_hits(sentence("Then how often the model is right, day and night."))
    assert metric_hits(sentence("And how many stories each family makes."))
    assert metric_hits(sentence("In some buildings there is only one lift.")) == []
    assert metric_hits(sentence("The lift in bookings was small."))


def test_a_decision_on_a_stated_comparison_ties_the_metrics() -> None:
    lecture = (
        "We describe a machine by its failure rate and its mean time between failures. "
        "The failure rate is high early in life and low in the middle. "
    )
    tied = (
        lecture
        + "The bathtub curve is its picture. My recommendation: use the model to order the visits, if it catches more failures than today's schedule."
    )
    untied = (
        lecture
        + "The bathtub curve is its picture. My recommendation: use the model to order the visits."
    )
    q = "How would you measure the model that predicts which lifts will break down?"
    assert "no_product_link" not in codes(score(tied, q))
    assert "no_product_link" in codes(score(untied, q))


def test_one_error_of_the_model_done_to_a_user_is_a_tie() -> None:
    text = (
        "The first thing is precision. Honestly it matters. "
        "Because if we're wrong, we close the account of a real person who paid for premium. "
        "Streamers are another story. Later, back to precision, it has to be high."
    )
    a = answer(text)
    assert product_links(a, a.sentences)
    roadmap = "I'll go through the errors, the scores, and subtleties that people usually miss."
    b = answer(
        "Precision and recall. They are old. "
        + roadmap
        + " They come from libraries. Precision again."
    )
    assert not product_links(b, b.sentences)
    assert "no_product_link" not in codes(score(text, BAN_Q))


def test_an_outcome_named_as_a_metric_in_a_list_is_no_user_outcome() -> None:
    assert is_tie(sentence("Rentals per member, click-through on suggestions, and churn.")) is None
    assert is_tie(sentence("Members who get the wrong size churn within a month.")) == "user"
    assert is_tie(sentence("Members who get the wrong size give up and cancel.")) == "user"


def test_a_decision_on_what_a_measured_condition_concluded_is_tied() -> None:
    text = (
        "Is a conversion still counted the same way? "
        "If conversion within each channel is flat, it's the mix, not the product. "
        "Then I'd look at the share of trials from paid ads. "
        "The price test also started in week six. "
        "If it's the mix, stop the paid push."
    )
    a = answer(text)
    assert any("stop" in s.padded for s in product_links(a, a.sentences))
    other = text.replace("If it's the mix, stop", "If the weather is bad, stop")
    b = answer(other)
    assert not any("stop" in s.padded for s in product_links(b, b.sentences))


# ------------------------------------------------------------------------------ theory ramble

_THEORY = [
    "By definition, a song is learned and a call is innate, in general.",
    "Historically, ornithologists in the nineteen fifties recorded songs on tape.",
    "In general, the dawn chorus peaks in spring, by definition.",
]
_STATEMENTS = [
    "The syrinx sits deep in the chest where the windpipe splits.",
    "Many songbirds control the two sides on their own.",
    "A wood thrush sings a duet with itself.",
    "The air is still and cool at dawn, so sound carries further.",
    "A call is short and often the same across a whole species.",
    "Young birds store a template in their first weeks.",
    "Months later they practise a quiet subsong.",
    "Chaffinches in one valley sing a different ending from the next valley.",
    "The starling copies car alarms and telephones.",
    "The lyrebird copies camera shutters and chainsaws.",
]


def _lecture(statements: list[str]) -> str:
    parts = [_THEORY[0], *statements[:5], _THEORY[1], *statements[5:], _THEORY[2]]
    return " ".join(parts * 2)


def test_plain_statements_go_on_with_a_lecture_and_proposals_do_not() -> None:
    proposals = [
        s.replace("The ", "Our app could show how the ", 1).replace("A ", "The app could say a ", 1)
        for s in _STATEMENTS
    ]
    assert "theory_ramble" in codes(score(_lecture(_STATEMENTS), BIRD_Q, wpm=110))
    assert "theory_ramble" not in codes(score(_lecture(proposals), BIRD_Q, wpm=110))


def test_lecture_idioms_and_planning_words_with_nobody_planning_are_no_application() -> None:
    ctx = build(QuestionRef(kind="metrics", text=BIRD_Q))

    def label(text: str) -> str:
        a = answer(text)
        return label_sentence(a, a.sentences[0], ctx).label

    assert label("It stores a template during what we call the sensitive period.") != "application"
    assert label("You're supposed to compute power before the experiment.") != "application"
    assert label("I'd run the experiment on our app before the launch.") == "application"


# ------------------------------------------------------------------------------ structure


def test_counting_known_things_is_no_roadmap() -> None:
    assert not is_roadmap(sentence("Many songbirds can control the two sides on their own."))
    assert is_roadmap(sentence("I'd look at it from two sides: the riders and the drivers."))


def test_then_there_is_opens_a_part_and_a_roadmap_proposes_nothing() -> None:
    q = "What AI product would you build for our gym chain?"
    text = (
        "Let me go through who the members are, what bothers them, one idea, and how we'd know it "
        "works. The members are shift workers who train at odd hours. Their pain is that the gym "
        "is packed when they come. So one idea is an app that predicts quiet hours. "
        "Then there is the question of how we'd know: I'd pilot it in two gyms for a month."
    )
    assert "solution_jumping" not in codes(score(text, q, kind="product_vision"))
