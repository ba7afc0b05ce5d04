"""The 1.4 rules: general cues that carried the scorer to a third labeller's phrasing.

Each test is an answer written for it (not taken from the labelled set), mostly in pairs that
differ only in the thing the rule is about: a result announced against a result given; a model
that sorts things against one that predicts a quantity; a criterion phrased with "only if" or two
branches against a plain plan; a lecture broken by one remark against an applied answer.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest
from scoring_helpers import codes, eval_module, first_sentence, labelled_file, score_text

from interviewer.models import QuestionRef
from interviewer.scoring.context import build
from interviewer.scoring.links import is_tie, metric_hits
from interviewer.scoring.ramble import detect
from interviewer.scoring.text import Answer
from interviewer.scoring.thresholds import Thresholds
from interviewer.timing import estimate

REPO = Path(__file__).resolve().parent.parent
STORY_Q = "Tell me about a project you led that had a big impact."


score = partial(score_text, seed=3)
sentence = first_sentence


# ------------------------------------------------------------------------------ stories

_STORY = (
    "The context was a meal-kit app I worked on last year, where I led the AI recipe swaps. "
    "Customers kept skipping weeks because one ingredient put them off. What I did: I pitched "
    "the swaps to my director, I ran ten interviews myself, and I wrote the spec with our ML "
    "engineer. The outcome: {outcome}"
)


def test_a_result_announced_but_not_given_is_generic() -> None:
    s = score(
        _STORY.format(outcome="it went really well. People loved it and the team was proud."),
        STORY_Q,
        kind="behavioral",
    )
    assert "generic_behavioral" in codes(s)


def test_a_launch_or_a_change_is_a_result() -> None:
    for outcome in (
        "we went live in March for every customer, and skipped weeks dropped by a third.",
        "the swaps rolled out to all markets in the spring, and now we plan menus around them.",
        "skipped weeks fell from one in four to one in six within a quarter.",
    ):
        s = score(_STORY.format(outcome=outcome), STORY_Q, kind="behavioral")
        assert "generic_behavioral" not in codes(s), outcome


def test_values_talk_ending_on_in_the_end_is_generic() -> None:
    s = score(
        "Disagreement is healthy, honestly. There have been times where my manager saw things "
        "one way and I saw them another. Trust is the key. Data helps too, but in the end it's "
        "about relationships. Culture matters a lot for that.",
        "Tell me about a time you disagreed with your manager.",
        kind="behavioral",
    )
    assert "generic_behavioral" in codes(s)


# ------------------------------------------------------------------------------ structure

ROUTER_Q = "How would you evaluate the model that sends chat messages to a human agent?"


def test_topics_tacked_on_with_too_are_no_structure() -> None:
    s = score(
        "I'd look at precision and recall on a labelled set of five thousand chats from last "
        "month. The labels need clear guidelines and two labellers per chat. AUC too, to see the "
        "ranking overall. Latency too. Handle time for the escalated chats is worth tracking. "
        "And drift, re-label a sample every quarter and recompute precision and recall.",
        ROUTER_Q,
        kind="ai_technical",
    )
    assert "no_structure" in codes(s)


def test_the_same_topics_in_marked_parts_are_structured() -> None:
    s = score(
        "First, quality: precision and recall on a labelled set of five thousand chats from last "
        "month, with clear guidelines and two labellers per chat. Second, speed: latency and "
        "handle time for the escalated chats. Finally, drift: re-label a sample every quarter and "
        "recompute precision and recall.",
        ROUTER_Q,
        kind="ai_technical",
    )
    assert "no_structure" not in codes(s)


def test_a_closing_fragment_is_not_a_signpost() -> None:
    s = score(
        "Um, okay, so, the first, um, the question quality, you know, are the questions correct. "
        "Because if people fail the quiz on a wrong question they retake the whole course. And, "
        "um, completion, do people finish, that's also important. HR would want to see that. And, "
        "um, also, the questions should not be too easy. So, yeah, quality and completion.",
        "How would you measure the success of the AI that writes quiz questions for our courses?",
    )
    assert "no_structure" in codes(s)
    assert s.metrics["signposts"] < 2


# ------------------------------------------------------------------------------ metric balance

_ACCURACY_ONLY = (
    "Two metrics. First, accuracy. How often it gets it right. That's the main one, you want "
    "that high. Second, throughput per hour, because the belt can't slow down. I'd put them on "
    "a dashboard."
)


def test_a_model_that_sorts_things_is_judged_on_its_two_errors() -> None:
    for question in (
        "How would you measure the success of the camera model that spots damaged parcels?",
        "How would you evaluate the AI that decides which invoices go to manual review?",
        "How would you measure the model that approves small business loans in our app?",
    ):
        assert "metric_imbalance" in codes(score(_ACCURACY_ONLY, question)), question


def test_a_model_that_predicts_a_quantity_is_not() -> None:
    question = "How would you measure the success of the model that predicts parcel arrival times?"
    assert "metric_imbalance" not in codes(score(_ACCURACY_ONLY, question))


def test_precision_at_k_for_a_detector_is_one_side() -> None:
    text = (
        "First, the core quality metric is precision at k on the ranked list of flagged essays. "
        "Second, p95 latency per submission. Finally, index coverage."
    )
    detector = "How would you measure the quality of the plagiarism detector we sell to schools?"
    assert "metric_imbalance" in codes(score(text, detector))
    weighed = text + (
        " A missed copy costs less than accusing an honest student, so we'd set the threshold "
        "for high precision and accept lower recall."
    )
    assert "metric_imbalance" not in codes(score(weighed, detector))


# The rules' shape. Scorer 1.10.0's learned stage decides metric_imbalance in "guarded" mode and
# flags this answer (docs/scoring.md, 1.10.0, known limits), so the shape is pinned with the
# stage off; the stage's reading is a strict expected failure below.
@pytest.mark.usefixtures("rules_alone")
def test_a_share_of_the_time_is_not_a_correctness_number() -> None:
    s = score(
        "Main metric: the share of substitutes the customer keeps rather than rejects at the "
        "door. I'd hold back five percent of orders for four weeks. If the AI substitutes are "
        "kept at least seventy percent of the time, I'd switch on automatic substitution.",
        "What's the main metric for the AI that suggests substitute groceries?",
    )
    assert "metric_imbalance" not in codes(s)


# The rules' shape. Scorer 1.10.0's learned stage decides metric_imbalance in "guarded" mode and
# flags this answer (docs/scoring.md, 1.10.0, known limits), so the shape is pinned with the
# stage off; the stage's reading is a strict expected failure below.
@pytest.mark.usefixtures("rules_alone")
def test_precision_as_a_modifier_is_not_the_metric() -> None:
    s = score(
        "My vision is a camera on the sprayer: the model decides weed or crop, and the sprayer "
        "only sprays the weeds, up to eighty percent less herbicide in trials. So, precision "
        "spraying first, then field maps.",
        "We sell tractors. What's your AI product vision for us?",
        kind="product_vision",
    )
    assert "metric_imbalance" not in codes(s)


def test_a_lecture_broken_by_one_remark_is_still_a_lecture() -> None:
    lecture = [
        "The confusion matrix is the starting point, with true positives and true negatives.",
        "Historically this framing comes from signal detection theory and radar in the second world war.",
        "The psychologists picked it up in the nineteen fifties and sixties.",
        "Sensitivity is the true positive rate, the share of actual positives the test catches.",
        "In information retrieval, researchers defined precision as the ratio of relevant results.",
        "The harmonic mean of precision and recall is called F1, by definition.",
    ]
    text = " ".join(lecture * 2 + ["There's a subtle point here that I like."] + lecture * 2)
    answer = Answer(estimate(text, wpm=150, seed=2))
    ctx = build(QuestionRef(kind="metrics", text="How would you measure our smoke cameras?"))
    ramble = detect(answer, ctx, Thresholds())
    remark = next(s.index for s in answer.sentences if "subtle" in s.padded)
    assert len(ramble.lectures) == 2
    assert ramble.in_lecture(remark - 1) and ramble.in_lecture(remark + 1)


# ------------------------------------------------------------------------------ product links


def test_criteria_by_their_grammar_are_ties() -> None:
    assert (
        is_tie(
            sentence(  # type: ignore[arg-type]
                "I'd accept the routing only if the acceptance rate drops by less than two points."
            )
        )
        == "rule"
    )
    assert (
        is_tie(
            sentence(  # type: ignore[arg-type]
                "If a summary is ready within eight seconds, it runs on the phone; otherwise the "
                "servers take it."
            )
        )
        == "decision"
    )
    assert is_tie(sentence("I'd route short rewrites to a cheaper model.")) is None  # type: ignore[arg-type]


def test_a_rule_that_states_its_own_bar_ties_what_it_compares() -> None:
    question = "How would you measure the success of the AI that grades maths homework in our app?"
    catalogue = (
        "I'd take five hundred homework pages and have two teachers mark each one. Then I compare "
        "the AI with the teachers using the agreement rate and the error rate per exercise type. "
        "The teachers get a one-page marking guide first, so they mark the same way. "
    )
    tied = catalogue + (
        "My decision rule: if kappa against the teachers is above zero point eight, the AI grades "
        "alone."
    )
    untied = catalogue + "Kappa against the teachers is another number I'd report every week."
    assert "no_product_link" not in codes(score(tied, question))
    assert "no_product_link" in codes(score(untied, question))


def test_ratings_are_metrics_and_a_tests_error_rates_are_not() -> None:
    assert metric_hits(sentence("The app store rating is something too."))  # type: ignore[arg-type]
    assert not metric_hits(sentence("Power is one minus the type two error rate."))  # type: ignore[arg-type]
    assert not metric_hits(sentence("People might rate it, and any rating helps."))  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ close and users


def test_pulling_it_together_is_a_wrap_up() -> None:
    body = (
        "I'd check the tracking first, because the web team moved the booking button two weeks "
        "ago and the event may have changed. Then where the drop sits: by city, by device, by "
        "listing type and by how new the user is. Then what changed: the matching model was "
        "retrained three weeks ago with a commute feature, so it may push small, pricey flats "
        "near transit that people click on but do not book. I'd pull the top twenty listings "
        "shown per user before and after the retrain and compare price and size. I'd also read "
        "the reasons users give when they hide a match, since a shift there would say what the "
        "new feature traded away. "
    )
    question = "Booked viewings fell 15% this month. How would you analyse it?"
    close = "So, to pull it together: tracking first, then where the drop sits, then the test."
    trailing = "The commute feature is also interesting for the families who use the app a lot."
    wrapped = score(body * 2 + close, question, kind="data_analysis", wpm=120)
    trails = score(body * 2 + trailing, question, kind="data_analysis", wpm=120)
    assert wrapped.duration_s >= 120 and "no_summary" not in codes(wrapped)
    assert "no_summary" in codes(trails)


def test_a_pain_said_as_someones_names_the_users() -> None:
    s = score(
        "The lap swimmers complain most, the lanes are packed at seven. The swimmers, really, "
        "their pain is not knowing when it's quiet. I'd forecast how busy each pool will be, "
        "hour by hour, and show it in the app.",
        "How would you bring AI into the booking app of our city's pools?",
        kind="product_vision",
    )
    assert "solution_jumping" not in codes(s)


# ------------------------------------------------------------------------------ evaluation script


def test_eval_script_compares_the_labellers(tmp_path: Path, capsys) -> None:
    ev = eval_module()
    (tmp_path / "dev").mkdir()
    # Labeller 3 says no_data where the answer has data: one false miss, for labeller 3 only.
    files = {"dev-metrics-01": "[]", "devc-metrics-01": "[]", "devd-metrics-01": '["no_data"]'}
    for stem, flags in files.items():
        (tmp_path / "dev" / f"{stem}.toml").write_text(labelled_file(stem, flags), encoding="utf-8")
    cases, _ = ev.run_split("dev", tmp_path, groups=("devd",))
    assert [c.id for c in cases] == ["devd-metrics-01"]
    out = tmp_path / "l.json"
    assert ev.main(["--data", str(tmp_path), "--labellers", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "labeller 1" in printed and "labeller 3" in printed
    report = json.loads(out.read_text())["labellers"]
    assert report["labeller 3"]["no_data"]["fn"] == 1
    assert report["labeller 1"]["no_data"]["fn"] == 0 and report["labeller 2"]["no_data"]["fn"] == 0


def test_the_sixth_splits_writers_are_told_apart_by_number() -> None:
    ev = eval_module()
    assert ev.labeller_of("devg-metrics-07") == "labeller 6E"
    assert ev.labeller_of("devg-metrics-08") == "labeller 6F"
    assert ev.labeller_of("devf-metrics-08") == "labeller 5D"
    assert ev.labeller_of("devh-behavioral-07") == "labeller 7G"
    assert ev.labeller_of("devh-behavioral-14") == "labeller 7H"
    assert ev.labeller_of("devi-behavioral-07") == "labeller 8I"
    assert ev.labeller_of("devi-metrics-08") == "labeller 8J"
    assert ev.labeller_of("devi-data_analysis-21") == "labeller 8K"
    assert ev.labeller_of("devi-product_vision-22") == "labeller 8L"
    assert ev.labeller_of("devj-metrics-01") == "labeller 9M"
    assert ev.labeller_of("devj-behavioral-28") == "labeller 9P"


def test_the_operating_point_follows_the_labellers_it_is_chosen_on() -> None:
    ev = eval_module()

    def row(lab: str, expected: bool, mentions: int, bars: int) -> object:
        return ev.LinkEvidence(
            id="x", labeller=lab, expected=expected, judged=True, tied=False,
            mentions=mentions, bars=bars,
        )  # fmt: skip

    # Labeller A's false alarms all hold a conditional bar; its true flags and B's do not.
    rows = [row("A", True, 4, 0), row("A", False, 2, 1), row("A", False, 3, 1)]
    rows += [row("B", True, 3, 0), row("B", True, 6, 0)]
    w, t = ev.choose_operating_point(rows)
    assert w > 0 and ev._pr(rows, w, t)[:2] == (1.0, 1.0)
    # Chosen on B alone, which has no false alarm, the bar gets no weight: nothing to learn from.
    assert ev.choose_operating_point([r for r in rows if r.labeller == "B"])[0] == 0.0


@pytest.mark.xfail(
    strict=True,
    reason="1.10.0's metric_imbalance stage (guarded mode) flags a share of the time and "
    "'precision spraying' as a correctness yardstick (docs/scoring.md, 1.10.0, known limits)",
)
@pytest.mark.parametrize(
    "test",
    [
        test_a_share_of_the_time_is_not_a_correctness_number,
        test_precision_as_a_modifier_is_not_the_metric,
    ],
)
def test_the_stage_keeps_the_rules_near_misses(test) -> None:  # type: ignore[no-untyped-def]
    test()
