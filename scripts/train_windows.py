"""The sentence-window model of the learned stage, trained from answer labels (multiple-instance learning).

``scripts/train_scorer.py`` fits the answer-level models; this module holds the part that reads
sentences. Every window of two adjacent sentences gets a logistic score over its n-grams and the
rules' lexicon cues (``interviewer.scoring.learned_windows``). Only answers are labelled, so the
windows of an answer pool into one probability that the answer holds a tie (or, for
``metric_imbalance``, a weighing of the two errors), and the fit maximises the answer-level
likelihood. Everything is fixed in advance (no setting is tuned on a fold) and deterministic:
zero start, a fixed number of Adam steps, no randomness.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from interviewer.scoring import learned_windows as lw

if TYPE_CHECKING:
    from train_scorer import Example, FlagData

# Only n-grams used by at least this many labellers become features (train_scorer uses the same).
MIN_LABELLERS = 4
# ... and in at least this many answers.
MIN_DOCS = 5

# The window model's fixed settings (multiple-instance learning; not tuned on any fold): L2
# strength, Adam steps and rate from a zero start, a starting bias that makes one window in
# twenty a tie, and the n-grams kept.
WIN_L2 = 3.0
WIN_STEPS = 300
WIN_RATE = 0.05
WIN_BIAS0 = -3.0  # noisy-OR; the soft max starts at 0 (see fit_windows)
WIN_GRAMS = 150
# How the windows pool into P(tie in answer): "noisy_or" (1 - prod(1 - p_w): many middling
# windows add up) or "softmax" (the logistic of a sharp log-sum-exp of the windows' scores: the
# best window decides, as the guide's "one concrete tie is enough" asks).
WIN_POOL = "softmax"
WIN_SHARPNESS = 5.0


def window_arrays(
    rows: list[Example], code: str
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Every relevant window of every row as one 0/1 matrix, computed once per flag: each fold
    then picks its rows' windows and its own n-grams from it."""
    wins = [
        [w.features for w in lw.relevant(code, e.windows)] if code in lw.RELEVANT else []
        for e in rows
    ]
    users: dict[str, set[str]] = {}
    for e, ws in zip(rows, wins, strict=True):
        for f in set().union(*ws) if ws else set():
            users.setdefault(f, set()).add(e.labeller)
    names = sorted(
        f for f, who in users.items() if f.startswith("cue:") or len(who) >= MIN_LABELLERS
    )
    col = {n: j for j, n in enumerate(names)}
    owner = [r for r, ws in enumerate(wins) for _ in ws]
    X = np.zeros((len(owner), len(names)), dtype=np.float32)
    k = 0
    for ws in wins:
        for feats in ws:
            idx = [col[f] for f in feats if f in col]
            X[k, idx] = 1.0
            k += 1
    presence = np.zeros((len(rows), len(names)), dtype=np.float32)
    own = np.array(owner, dtype=int)
    if len(own):
        np.maximum.at(presence, own, X)
    return names, X, own, presence


@dataclass
class WinFit:
    """A window model: a bias and one weight per kept binary feature."""

    cols: np.ndarray  # columns of FlagData.win_names
    bias: float
    w: np.ndarray


def ranked_grams(
    P: np.ndarray, y: np.ndarray, labs: np.ndarray, names: list[str], eligible: np.ndarray | None
) -> list[int]:
    """Columns of the 0/1 presence matrix ``P`` (rows x grams) that enough of the rows' labellers
    and answers use, best first: by the smoothed log-odds gap between rows with and without the
    flag, ties by name. Shared by the answer model's and the window model's vocabularies."""
    per_lab = np.stack([(P[labs == n].sum(axis=0) > 0) for n in sorted(set(labs.tolist()))])
    docs = P.sum(axis=0)
    pos = P[y == 1].sum(axis=0)
    neg = P[y == 0].sum(axis=0)
    n_pos = max(1.0, float((y == 1).sum()))
    n_neg = max(1.0, float((y == 0).sum()))
    gap = np.abs(np.log((pos + 0.5) / (n_pos + 1.0)) - np.log((neg + 0.5) / (n_neg + 1.0)))
    ok = (per_lab.sum(axis=0) >= MIN_LABELLERS) & (docs >= MIN_DOCS)
    if eligible is not None:
        ok &= eligible
    rounded = np.round(gap, 9).tolist()
    cand = np.flatnonzero(ok).tolist()
    cand.sort(key=lambda j: (-rounded[j], names[j]))
    return cand


def window_vocabulary(d: FlagData, train: np.ndarray, k: int = WIN_GRAMS) -> np.ndarray:
    """Columns of ``d.win_names`` a fold's window model reads: every cue, and at most ``k``
    n-grams chosen on the training rows only, as for the answer model: used by at least four of
    their labellers and five answers, ranked by the smoothed log-odds gap between answers with
    and without the flag, ties by name."""
    is_cue = np.array([n.startswith("cue:") for n in d.win_names], dtype=bool)
    cand = ranked_grams(d.win_presence[train], d.y[train], d.labellers[train], d.win_names, ~is_cue)
    return np.array(sorted([*np.flatnonzero(is_cue), *cand[:k]]), dtype=int)


def window_matrix(d: FlagData, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The windows of ``rows`` over ``cols``, and which of ``rows`` each belongs to."""
    where = np.full(len(d.y), -1)
    where[rows] = np.arange(len(rows))
    keep = where[d.win_owner] >= 0 if len(d.win_owner) else np.zeros(0, dtype=bool)
    X = d.win_X[np.ix_(np.flatnonzero(keep), cols)].astype(np.float64)
    return X, where[d.win_owner[keep]]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, elementwise (the answer model's fit uses it too)."""
    return 1.0 / (1.0 + np.exp(-z))


def _pool(z: np.ndarray, owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per window probability, and per answer the log of P(no window holds it) (noisy-OR)."""
    q = sigmoid(np.clip(z, -50, 50))
    log_none = np.zeros(n)
    np.add.at(log_none, owner, -np.logaddexp(0.0, z))  # log(1 - q), stably
    return q, log_none


def _softmax_pool(z: np.ndarray, owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per answer the pooled score (1/r) log sum exp(r z_w), and each window's share of it."""
    r = WIN_SHARPNESS
    top = np.full(n, -np.inf)
    np.maximum.at(top, owner, z)
    top = np.where(np.isfinite(top), top, 0.0)
    e = np.exp(r * (z - top[owner]))
    total = np.zeros(n)
    np.add.at(total, owner, e)
    pooled = np.where(total > 0, top + np.log(np.where(total > 0, total, 1.0)) / r, -50.0)
    share = e / np.where(total[owner] > 0, total[owner], 1.0)
    return pooled, share


def fit_windows(d: FlagData, train: np.ndarray, lam: float = WIN_L2) -> WinFit:
    """Multiple-instance fit on answer labels: an answer without the flag holds a tie window
    (P(tie) = 1 - prod(1 - p_w)), one with the flag holds none. Adam from a fixed start for a
    fixed number of steps: deterministic, no randomness."""
    cols = window_vocabulary(d, train)
    X, owner = window_matrix(d, train, cols)
    tie = 1.0 - d.y[train]  # the flag is the absence of the window's content
    n = len(train)
    w = np.zeros(len(cols))
    b = WIN_BIAS0 if WIN_POOL == "noisy_or" else 0.0
    m_w = np.zeros_like(w)
    v_w = np.zeros_like(w)
    m_b = v_b = 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, WIN_STEPS + 1):
        z = X @ w + b
        if WIN_POOL == "softmax":
            pooled, share = _softmax_pool(z, owner, n)
            p_tie = sigmoid(pooled)
            # dNLL/dpooled = P - t, spread over the windows by their softmax share.
            gz = (p_tie - tie)[owner] * share
        else:
            q, log_none = _pool(z, owner, n)
            none = np.exp(log_none)
            p_tie = np.clip(1.0 - none, 1e-9, 1.0)
            # dNLL/dz_w: q_w for an answer with no tie; -q_w (1 - P) / P for one with a tie.
            per_answer = np.where(tie > 0, -(none / p_tie), 1.0)
            gz = q * per_answer[owner]
        g_w = X.T @ gz / n + lam * w / n
        g_b = float(gz.sum()) / n
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w * g_w
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b * g_b
        c1 = 1 - beta1**step
        c2 = 1 - beta2**step
        w = w - WIN_RATE * (m_w / c1) / (np.sqrt(v_w / c2) + eps)
        b = b - WIN_RATE * (m_b / c1) / (np.sqrt(v_b / c2) + eps)
    return WinFit(cols=cols, bias=float(b), w=w)


def predict_windows(f: WinFit, d: FlagData, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pooled P(some window holds the tie) per row, and its best window's own probability."""
    X, owner = window_matrix(d, rows, f.cols)
    z = X @ f.w + f.bias
    top = np.full(len(rows), -50.0)
    np.maximum.at(top, owner, z)
    top_p = sigmoid(top)
    if WIN_POOL == "softmax":
        pooled, _ = _softmax_pool(z, owner, len(rows))
        return sigmoid(pooled), top_p
    _, log_none = _pool(z, owner, len(rows))
    return 1.0 - np.exp(log_none), top_p


def _as_feature(p_tie: np.ndarray) -> np.ndarray:
    return np.array([lw.feature_value(float(v)) for v in p_tie])


def fill_windows(d: FlagData, train: np.ndarray, held: np.ndarray | None) -> WinFit | None:
    """Put the pooled window score in ``d``'s window column: out of fold (leave-one-labeller-out)
    on ``train``, so the answer model learns how far an unseen writer's window score can be
    trusted, and from a fit on all of ``train`` for ``held``. Returns that fit."""
    if d.window_col is None:
        return None
    if len(d.win_top) != len(d.y):
        d.win_top = np.zeros(len(d.y))
    labs = sorted(set(d.labellers[train].tolist()))
    for g in labs:
        inner = train[d.labellers[train] != g]
        out = train[d.labellers[train] == g]
        pooled, top = predict_windows(_win_fit(d, inner), d, out)
        d.numeric[out, d.window_col] = _as_feature(pooled)
        d.win_top[out] = top
    f = _win_fit(d, train)
    if held is not None and len(held):
        pooled, top = predict_windows(f, d, held)
        d.numeric[held, d.window_col] = _as_feature(pooled)
        d.win_top[held] = top
    return f


def _win_fit(d: FlagData, rows: np.ndarray) -> WinFit:
    """``fit_windows``, remembered per training set: the outer fold that leaves out A and the
    inner one that leaves out B train on the same answers as the outer B, inner A."""
    key = rows.tobytes()
    if key not in d.win_cache:
        d.win_cache[key] = fit_windows(d, rows)
    return d.win_cache[key]


def top_of(d: FlagData, rows: np.ndarray) -> np.ndarray | None:
    return d.win_top[rows] if d.window_col is not None else None


def tie_of(d: FlagData, rows: np.ndarray) -> np.ndarray | None:
    if d.window_col is None:
        return None
    return sigmoid(d.numeric[rows, d.window_col])
