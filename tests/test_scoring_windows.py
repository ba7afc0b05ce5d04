"""The learned stage's sentence-window reading (scorer 1.9.0): windows and their cues, the
noisy-OR pooling, the window decision modes, the multiple-instance fit's determinism, and the
shipped window weights against what the window extractor produces."""

from __future__ import annotations

import math
import sys
import tomllib

import numpy as np
import pytest
from scoring_helpers import REPO, rule_stages, script_module

from interviewer.models import QuestionRef
from interviewer.scoring import context as context_mod
from interviewer.scoring import learned
from interviewer.scoring import learned_windows as lw
from interviewer.scoring.learned_features import MAX_N
from interviewer.scoring.text import Answer
from interviewer.timing import estimate

DEV = REPO / "tests" / "data" / "labelled" / "dev"
Q = "How would you evaluate the model that flags risky refund requests in our support queue?"
CATALOGUE = (
    "I'd track precision on the flagged refunds. I'd track recall on the risky ones. "
    "I'd look at the false positive rate by country. I'd watch the refund volume per week. "
    "And I'd report the average handling time for the agents."
)
TIE = "If recall on the replay is under ninety percent, we keep the queue manual and do not launch."


def _stages(text: str, kind: str = "ai_technical"):  # type: ignore[no-untyped-def]
    return rule_stages(text, Q, kind, seed=4)


def test_windows_pair_adjacent_sentences_and_carry_cues() -> None:
    answer, ctx, *_ = _stages(CATALOGUE + " " + TIE)
    ws = lw.windows(answer, ctx)
    n = len(answer.sentences)
    assert n == 6 and len(ws) == n - 1
    assert [(w.first, w.last) for w in ws] == [(i, i + 1) for i in range(n - 1)]
    last = ws[-1].features
    # The tie sentence: a conditional bar on a number, a decision, a launch word.
    assert {"cue:conditional", "cue:conditional_bar", "cue:decision", "cue:number"} <= last
    assert "cue:metric_decision" in last and "keep the queue" in last
    assert "cue:conditional" not in ws[0].features
    one = lw.windows(Answer(estimate("Just one sentence here.", wpm=150, seed=1)), ctx)
    assert [(w.first, w.last) for w in one] == [(0, 0)]


def test_pooling_is_a_noisy_or_and_names_the_top_window() -> None:
    model = lw.WindowModel(bias=-2.0, weights={"cue:decision": 4.0, "cue:metric": 1.0})
    ws = [
        lw.Window(0, 1, frozenset({"cue:metric"})),
        lw.Window(1, 2, frozenset({"cue:metric", "cue:decision"})),
        lw.Window(2, 3, frozenset()),
    ]
    p, top, top_p = model.pooled(ws)
    sig = [1 / (1 + math.exp(-z)) for z in (-1.0, 3.0, -2.0)]
    assert p == pytest.approx(1 - (1 - sig[0]) * (1 - sig[1]) * (1 - sig[2]))
    assert top == 1 and top_p == pytest.approx(sig[1])
    assert model.pooled([]) == (0.0, None, 0.0)
    # The soft max: the best window decides, the others add at most log(n) / sharpness.
    soft = lw.WindowModel(bias=-2.0, weights=model.weights, pool="softmax", sharpness=5.0)
    p, top, _ = soft.pooled(ws)
    z = 3.0 + math.log(sum(math.exp(5.0 * (v - 3.0)) for v in (-1.0, 3.0, -2.0))) / 5.0
    assert top == 1 and p == pytest.approx(1 / (1 + math.exp(-z)))
    assert 3.0 < z < 3.0 + math.log(3) / 5
    alone, _, _ = soft.pooled(ws[1:2])
    assert alone == pytest.approx(sig[1]) and p > alone
    assert lw.feature_value(0.5) == pytest.approx(0.0) and lw.feature_value(1.0) == 8.0


def _window_weights(mode: str) -> learned.LearnedWeights:
    # A hand-made window model that believes in conditional bars with a decision, and nothing else.
    model = learned.FlagModel(
        code="no_product_link",
        mode=mode,
        threshold=0.5,
        intercept=0.0,
        numeric={},
        grams={},
        windows=lw.WindowModel(
            bias=-4.0, weights={"cue:conditional_bar": 3.0, "cue:decision": 3.0}
        ),
    )
    return learned.LearnedWeights("test", {}, {"no_product_link": model})


@pytest.mark.parametrize("mode", ["window", "window_and"])
def test_one_tie_window_clears_a_catalogue_the_rule_flags(mode: str) -> None:
    answer, ctx, ramble, st, c, th = _stages(CATALOGUE)
    rule_flags = [*st.flags, *c.flags]
    assert "no_product_link" in {f.code for f in rule_flags}
    out, (d,) = learned.apply(answer, ctx, ramble, st, c, rule_flags, th, _window_weights(mode))
    assert d.raised and "no_product_link" in {f.code for f in out}
    # The same catalogue with one concrete tie sentence: the window model finds it.
    answer, ctx, ramble, st, c, th = _stages(CATALOGUE + " " + TIE)
    flags = [*st.flags, *c.flags, *[f for f in rule_flags if f.code == "no_product_link"]]
    out, (d,) = learned.apply(answer, ctx, ramble, st, c, flags, th, _window_weights(mode))
    assert not d.raised and "no_product_link" not in {f.code for f in out}
    assert d.window is not None and "ninety percent" in d.window[0] and d.window[1] > 0.8
    assert "likeliest a metric tied to a decision" in d.reason() and "ninety percent" in d.reason()


def test_a_window_mode_without_a_window_model_is_refused() -> None:
    raw = {
        "format": learned.FORMAT, "scorer_version": "x", "trained_on": {},
        "flags": {"no_product_link": {
            "mode": "window", "threshold": 0.5, "intercept": 0.0, "numeric": {}, "grams": {},
        }},
    }  # fmt: skip
    with pytest.raises(ValueError, match="needs a window model"):
        learned.parse(raw)


# ---------------------------------------------------------------------------- the fit


def _trainer():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "scripts"))
    return script_module("train_scorer")


def _toy(ts):  # type: ignore[no-untyped-def]
    """Eight answers by four writers: the four without the flag each hold one window with the
    "tie" n-gram among filler windows; the four with the flag hold only filler."""
    rows = []
    labs = ["a", "b", "c", "d", "a", "b", "c", "d"]
    for i, lab in enumerate(labs):
        flag = i >= 4
        ws = [frozenset({"filler", f"w{i}"}), frozenset({"filler", "cue:number"})]
        if not flag:
            ws.append(frozenset({"tie", "cue:decision"}))
        rows.append((lab, flag, ws))
    names = ["cue:decision", "cue:number", "filler", "tie"]
    col = {n: j for j, n in enumerate(names)}
    owner = [r for r, (_, _, ws) in enumerate(rows) for _ in ws]
    X = np.zeros((len(owner), len(names)), dtype=np.float32)
    k = 0
    for _, _, ws in rows:
        for f in ws:
            X[k, [col[x] for x in f if x in col]] = 1.0
            k += 1
    presence = np.zeros((len(rows), len(names)), dtype=np.float32)
    np.maximum.at(presence, np.array(owner), X)
    return ts.FlagData(
        ids=[str(i) for i in range(len(rows))],
        labellers=np.array([r[0] for r in rows]),
        y=np.array([float(r[1]) for r in rows]),
        rule=np.zeros(len(rows)), counter=np.zeros(len(rows)),
        outside_y=np.zeros(0), outside_rule=np.zeros(0),
        numeric_names=[], numeric=np.zeros((len(rows), 0)), gram_names=[], grams=np.zeros((len(rows), 0)),
        win_names=names, win_X=X, win_owner=np.array(owner), win_presence=presence,
    )  # fmt: skip


def test_the_window_fit_learns_the_tie_from_answer_labels_and_is_deterministic() -> None:
    ts = _trainer()
    d = _toy(ts)
    rows = np.arange(len(d.y))
    tw = script_module("train_windows")  # the window model's half of the trainer
    old = tw.MIN_DOCS
    tw.MIN_DOCS = 2  # a toy set: "tie" is in four answers
    try:
        # The L2 term is per answer; on eight answers a light one.
        a = tw.fit_windows(d, rows, lam=0.3)
        b = tw.fit_windows(d, rows, lam=0.3)
    finally:
        tw.MIN_DOCS = old
    assert a.bias == b.bias and np.array_equal(a.w, b.w) and np.array_equal(a.cols, b.cols)
    weight = {d.win_names[j]: float(v) for j, v in zip(a.cols, a.w, strict=True)}
    # Only the tie window separates the answers: it gets the weight, the filler does not.
    assert weight["tie"] > 1.0 and weight["cue:decision"] > 1.0 and weight["filler"] < 0.0
    p, _ = tw.predict_windows(a, d, rows)
    assert (p[d.y == 0] > 0.8).all() and (p[d.y == 1] < 0.2).all()


# ---------------------------------------------------------------------------- the shipped weights


@pytest.mark.skipif(not DEV.is_dir(), reason="labelled set absent")
def test_the_window_weights_match_the_window_extractors_vocabulary() -> None:
    weights = learned.load()
    assert weights is not None
    models = {c: m.windows for c, m in weights.flags.items() if m.windows is not None}
    if not models:
        pytest.skip("no flag ships a window model")
    seen: set[str] = set()
    for path in sorted(DEV.glob("*.toml"))[::3]:
        d = tomllib.loads(path.read_text(encoding="utf-8"))
        ctx = context_mod.build(QuestionRef(kind=d["kind"], text=d["question"]))
        answer = Answer(estimate(d["text"], wpm=float(d["wpm"]), seed=int(d["seed"])))
        for w in lw.windows(answer, ctx):
            seen |= w.features
    for code, wm in models.items():
        cues = {f for f in wm.weights if f.startswith("cue:")}
        assert cues and cues <= seen, code
        grams = [f for f in wm.weights if not f.startswith("cue:")]
        assert all(1 <= len(g.split()) <= MAX_N for g in grams)
        missing = [g for g in grams if g not in seen]
        # A third of the files: nearly every kept gram shows up there.
        assert len(missing) <= len(grams) // 4, f"{code}: {missing[:5]}"


def test_cached_sentence_features_equal_a_fresh_reading_and_the_window_score() -> None:
    """1.10.0 reads each sentence's n-grams and cues once per answer: the cached features must be
    exactly a fresh reading, and a window's score over the weighed features only must equal the
    sum over all of its features."""
    from interviewer.scoring.learned_features import ngrams

    answer, ctx, *_ = _stages(CATALOGUE + " " + TIE)
    ws = lw.windows(answer, ctx)
    for s in answer.sentences:
        words = [t.norm for t in answer.tokens[s.first : s.last + 1]]
        fresh = ngrams(words) | lw._cues(answer, ctx, s)
        assert lw.sentence_features(answer, ctx, s) == fresh
    # A second answer's sentences at the same indices must not read the first one's cache.
    other = Answer(estimate("We shipped it. Nobody asked why.", wpm=150, seed=2))
    assert "cue:conditional" not in lw.sentence_features(other, ctx, other.sentences[0])
    model = lw.WindowModel(bias=-1.0, weights={"keep the queue": 2.0, "cue:metric": 0.5, "x": 9.0})
    for w in ws:
        slow = -1.0 + sum(
            {"keep the queue": 2.0, "cue:metric": 0.5}.get(f, 0.0) for f in w.features
        )
        assert model.window_score(w) == pytest.approx(slow, abs=1e-12)
    assert model.window_score(ws[-1]) == pytest.approx(-1.0 + 2.0 + 0.5)
