"""The 1.3 rules, written to follow GUIDE.md's definitions rather than one labeller's phrasing.

Each test is an answer written for it (not taken from the labelled set), usually in pairs that
differ only in the thing the rule is about: the product's domain science lectured on against the
same science applied; a model deciding against the team deciding; a waiting-time model against a
detector; a story whose numbers are its set-up against one that ends on a result.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from scoring_helpers import codes, eval_module, first_sentence, labelled_file, score_text

from interviewer.scoring.links import is_tie, metric_hits

REPO = Path(__file__).resolve().parent.parent
BAKERY_Q = (
    "How would you improve the AI that tells home bakers when their sourdough is ready to bake?"
)
LOGIN_Q = "How would you evaluate the model that blocks suspicious logins on our gaming platform?"


score = partial(score_text, seed=7)
sentence = first_sentence


# ------------------------------------------------------------------------------ theory ramble

_FERMENTATION = [
    "Sourdough is a mixed culture of wild yeasts and lactic acid bacteria living in flour and water.",
    "Louis Pasteur showed in the eighteen fifties that fermentation is the work of living cells and not a chemical decay.",
    "The yeasts, mostly Saccharomyces and Kazachstania species, turn sugars into carbon dioxide and ethanol.",
    "The bacteria, mostly Lactobacillus species, produce lactic and acetic acid, which is where the sour taste comes from.",
    "The ratio of lactic to acetic acid depends on the temperature and on how stiff the dough is.",
    "A warm and wet dough favours lactic acid, which tastes mild and creamy.",
    "A cool and stiff dough favours acetic acid, which tastes sharp, like vinegar.",
    "Bakers in San Francisco in the gold rush era kept starters going for decades, and a bacterium was later named after the city.",
    "In the nineteen seventies microbiologists at the Department of Agriculture isolated it from bakery starters.",
    "The rise itself follows a growth curve with a lag phase, an exponential phase and a stationary phase.",
    "Gas retention depends on the gluten network, which the acids first strengthen and then slowly break down.",
    "That is why an overproofed dough collapses: the protease activity has weakened the network faster than the gas builds up.",
    "Temperature drives all of it, and a rough rule from enzyme kinetics is that the rate doubles for every ten degrees.",
    "The starch is attacked by amylase enzymes from the flour itself, which release the sugars the yeast needs.",
    "Rye flour has more active amylase and more pentosans, which is why rye sourdough behaves so differently from wheat.",
    "German bakers developed multi-stage rye processes in the early twentieth century to control the acidity step by step.",
]


def test_a_lecture_on_the_products_own_domain_science_is_a_ramble() -> None:
    # Words of the product ("sourdough", "bakers", "dough") do not apply the idea to it.
    text = " ".join(_FERMENTATION + _FERMENTATION[:6])
    text += " So for our app I'd add a dough temperature input and test it with a hundred bakers."
    s = score(text, BAKERY_Q, kind="product_vision")
    assert "theory_ramble" in codes(s)
    flag = next(f for f in s.flags if f.code == "theory_ramble")
    assert flag.end_s - flag.start_s >= 0.7 * s.duration_s


def test_the_same_science_applied_sentence_by_sentence_is_not_a_ramble() -> None:
    applied = []
    for i, sentence_text in enumerate(_FERMENTATION[:12]):
        applied.append(sentence_text)
        applied.append(
            f"For our bakers that means I'd ask for the kitchen temperature in step {i + 1} "
            "and we'd show the expected rise time instead of a fixed timer."
        )
    s = score(" ".join(applied), BAKERY_Q, kind="product_vision")
    assert "theory_ramble" not in codes(s)


# ------------------------------------------------------------------------------ metrics and ties


def test_score_as_a_verb_and_a_share_of_it_are_not_metrics() -> None:
    assert metric_hits(sentence("The AI must not score or rank applicants.")) == []
    assert metric_hits(sentence("Reviewers should never score the essays alone.")) == []
    assert metric_hits(sentence("Irrigation starts when a share of it has been used.")) == []
    assert metric_hits(
        sentence("We track the credit score drift and the share of users who opt in.")
    )


def test_the_model_deciding_is_not_a_product_decision() -> None:
    assert (
        is_tie(
            sentence(
                "I'd check how often it gets it right when it decides whether a login is risky."
            )
        )
        is None
    )
    assert (
        is_tie(
            sentence(
                "Second, latency: it has to decide quickly because players hate waiting at login."
            )
        )
        != "rule"
    )
    assert (
        is_tie(sentence("We'd use the pilot to decide whether to turn it on for every region."))
        == "rule"
    )


# The rules' shape. Scorer 1.9.0's learned stage flags this short one-tie answer (docs/scoring.md,
# 1.9.0, crafted near-misses), so the shape is pinned with the stage off.
@pytest.mark.usefixtures("rules_alone")
def test_a_criterion_on_a_measured_condition_ties_metrics_named_earlier() -> None:
    base = (
        "For the assistant we measure the completion rate of applications and the share of emails "
        "answered without an officer. We also read a sample of conversations every week. "
        "Officers can correct any answer the same day. "
    )
    tied = score(base + "We continue only if completion improves on last year's cycle.", LOGIN_Q)
    untied = score(
        base + "We keep reading the conversations with the officers every week.", LOGIN_Q
    )
    assert "no_product_link" not in codes(tied)
    assert "no_product_link" in codes(untied)


# ------------------------------------------------------------------------------ metric balance

BANKNOTE_Q = (
    "How would you evaluate the model that spots counterfeit banknotes in our cash machines?"
)


def test_one_side_stated_by_its_shape_is_one_number() -> None:
    recall_only = (
        "In the lab we have four thousand seized counterfeits. The model has to catch at least "
        "ninety-nine percent of them. In the field I'd run a trial in twenty shops for a month."
    )
    weighed = recall_only + (
        " But every genuine note it rejects is a shopper arguing at the till, so a false reject "
        "costs more in trust than its face value, and I'd set the threshold with both errors priced."
    )
    assert "metric_imbalance" in codes(score(recall_only, BANKNOTE_Q, kind="ai_technical"))
    assert "metric_imbalance" not in codes(score(weighed, BANKNOTE_Q, kind="ai_technical"))


def test_a_quantity_model_measured_by_error_size_is_not_judged() -> None:
    q = "How would you evaluate the model that predicts waiting times in our emergency department app?"
    text = (
        "I'd look at point accuracy first: mean absolute error in minutes on six months of visits, "
        "by triage category. Then interval coverage: an eighty percent interval should hold the real "
        "wait eighty percent of the time."
    )
    assert "metric_imbalance" not in codes(score(text, q, kind="ai_technical"))


def test_a_label_named_in_the_question_is_a_two_error_model() -> None:
    q = "Our email app's AI 'priority' label scored 90% accuracy, yet fewer people open what it labels. Why?"
    text = (
        "I'd check the accuracy number first, then measure accuracy by account type. "
        "My guess is accuracy is much lower for work accounts, maybe in the low eighties, "
        "and the event logs would show whether opens fell most there."
    )
    assert "metric_imbalance" in codes(score(text, q, kind="data_analysis"))


# ------------------------------------------------------------------------------ data and stories


def test_a_quantity_the_question_gave_is_not_data() -> None:
    q = "Farmers ignore about half of the irrigation advice our AI sends. How would you find out why?"
    restated = (
        "If farmers ignore half of the advice, I'd talk to them and look at why they disagree."
    )
    own = restated + " I'd interview twenty farmers in the first two weeks."
    assert "no_data" in codes(score(restated, q, kind="data_analysis"))
    assert "no_data" not in codes(score(own, q, kind="data_analysis"))


STORY_Q = "Tell me about a time you convinced leadership to invest in something slow to pay off."
_SETUP = (
    "The context was a payments company two years ago. It turned out that about forty percent of "
    "our analysts' time went into cleaning data. I interviewed every analyst and I wrote a proposal "
    "for a shared data platform. I presented it to the leadership team in the planning meeting. "
)


def test_a_story_whose_numbers_are_only_its_set_up_has_no_result() -> None:
    trails_off = _SETUP + (
        "After the meeting I went back to the vendors and compared their pricing tiers, which had "
        "different storage limits and support contracts, and one of them offered an on-site option."
    )
    ends = _SETUP + (
        "In the end they funded it, and a year later cleaning time was down to ten percent. "
        "What I learned is to bring the cost of doing nothing."
    )
    assert "generic_behavioral" in codes(score(trails_off, STORY_Q, kind="behavioral"))
    assert "generic_behavioral" not in codes(score(ends, STORY_Q, kind="behavioral"))


# ------------------------------------------------------------------------------ structure


def test_a_closing_decision_is_a_wrap_up_and_returning_to_a_curve_is_not() -> None:
    body = " ".join(
        f"Point {w}, the thumbs rate and the response rate both need reading with care here."
        for w in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    )
    decision = (
        " If the blind ratings show the small model is clearly worse, I'd roll back for long calls."
    )
    curve = " Coming back to the ROC curve, it plots the true positive rate against the false one."
    assert "no_summary" not in codes(score(body * 2 + decision, LOGIN_Q, kind="data_analysis"))
    assert "no_summary" in codes(score(body * 2 + curve, LOGIN_Q, kind="data_analysis"))


def test_reopening_a_side_topic_is_associative_order() -> None:
    q = "Tell me about a time you took a big risk at work."
    wanders = (
        "I think risk is part of the job. Every roadmap is a bet on something. Fear is a big part of it. "
        "Colleagues worry about looking bad in reviews. Teams copy whatever worked last year. "
        "Fear is also useful, it shows what you care about. Failure teaches more than success."
    )
    assert "no_structure" in codes(score(wanders, q, kind="behavioral"))
    riders = (
        "Riders care about the price. Drivers care about idle time between trips. The weather moves both. "
        "Riders again, I think it matters which riders we mean."
    )
    s = score(riders, "How would you measure surge pricing for our ride app?")
    assert "no_structure" in codes(s)


def test_missing_structure_lowers_the_score_even_when_no_flag_fires() -> None:
    q = "How would you measure the success of the fraud alert model in our card app?"
    bare = (
        "I think the model should be good at finding fraud, and people will like it if it works "
        "well, and we can see how it goes for a while, and change things when customers react to it."
    )
    planned = (
        "I'll cover the goal, then the north star, then the guardrails and the trade-off. First, the "
        "goal is to stop fraud without annoying good customers. Second, the north star is fraud "
        "losses per thousand payments. Third, guardrails: the share of customers who turn alerts "
        "off. The trade-off is recall against false alarms. To wrap up, I'd launch only if losses "
        "fall by a fifth in a four-week holdout."
    )
    b, p = score(bare, q), score(planned, q)
    assert b.duration_s < 30 and "no_structure" not in codes(b)
    assert b.scores.structure <= 3.25, b.reasons["structure"]
    assert any("no roadmap" in r for r in b.reasons["structure"])
    assert p.scores.structure >= 4.5, p.reasons["structure"]


# ------------------------------------------------------------------------------ evaluation script


def test_eval_script_keeps_one_labellers_group(tmp_path: Path, capsys) -> None:
    ev = eval_module()
    (tmp_path / "dev").mkdir()
    for stem in ("dev-metrics-01", "devb-metrics-01", "devc-metrics-01", "devc-metrics-02"):
        (tmp_path / "dev" / f"{stem}.toml").write_text(labelled_file(stem), encoding="utf-8")
    cases, _ = ev.run_split("dev", tmp_path, groups=("devc",))
    assert sorted(c.id for c in cases) == ["devc-metrics-01", "devc-metrics-02"]
    cases, _ = ev.run_split("dev", tmp_path, groups=("dev", "devb"))
    assert sorted(c.id for c in cases) == ["dev-metrics-01", "devb-metrics-01"]
    assert ev.main(["--data", str(tmp_path), "--group", "devc"]) == 0
    assert "dev [devc]: 2 answers" in capsys.readouterr().out
    (tmp_path / "test").mkdir()
    assert ev.main(["--data", str(tmp_path), "--split", "test", "--group", "devc"]) == 1
