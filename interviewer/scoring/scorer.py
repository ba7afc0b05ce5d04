"""The scorer: runs every rule on one answer and turns the findings into an ``interviewer.score/1``.

Scores start at 5 and lose points for what the rules found, so every point lost has a reason the
user can read (``Score.reasons``); the same findings are the flags, ordered by severity and then
by time. Nothing here is random: the same transcript always gets the same score. Since 1.8.0 a
learned second stage (``learned``, fixed weights shipped with the package) re-decides some
content flags; ``Thresholds.learned_stage = 0`` restores the rules alone.
"""

from __future__ import annotations

from interviewer.errors import UserError
from interviewer.models import Flag, Question, QuestionRef, Score, Scores, Transcript
from interviewer.scoring import content as content_mod
from interviewer.scoring import context as context_mod
from interviewer.scoring import learned as learned_mod
from interviewer.scoring import pacing as pacing_mod
from interviewer.scoring import ramble as ramble_mod
from interviewer.scoring import structure as structure_mod
from interviewer.scoring.text import Answer
from interviewer.scoring.thresholds import Thresholds

SCORER_VERSION = "1.10.0"
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# Points a flag takes off its dimension.
_PENALTY = {
    "no_structure": ("structure", 1.75),
    "solution_jumping": ("structure", 1.0),
    "no_summary": ("structure", 0.75),
    "over_time": ("pacing", 1.0),
    "too_fast": ("pacing", 1.25),
    "too_slow": ("pacing", 1.25),
    "filler_heavy": ("pacing", 1.0),
    "long_pauses": ("pacing", 0.75),
    "theory_ramble": ("content", 1.5),
    "no_data": ("content", 1.25),
    "generic_behavioral": ("content", 1.5),
    "metric_imbalance": ("content", 1.0),
    "no_product_link": ("content", 1.0),
}
_WEIGHTS = {"content": 0.4, "structure": 0.35, "pacing": 0.25}
# Structure points for markers missing when no flag already took them.
_MISSING_ROADMAP = 0.5
_MISSING_SIGNPOST = 0.25  # per signpost short of two
_MISSING_CLOSE = 0.25
_FRAMEWORK_WEIGHT = 0.8  # all of the kind's framework parts missing


def score_answer(
    transcript: Transcript,
    question: Question | QuestionRef,
    *,
    budget_s: float | None = None,
    thresholds: Thresholds | None = None,
) -> Score:
    """Score one answer. Raises UserError when the transcript has no words or the question is invalid."""
    th = thresholds or Thresholds()
    ctx = context_mod.build(question, budget_s)
    answer = Answer(transcript)
    if answer.empty:
        raise UserError("the transcript has no words to score")
    pacing = pacing_mod.measure(answer, ctx.budget_s, th)
    ramble = ramble_mod.detect(answer, ctx, th)
    structure = structure_mod.analyse(answer, ctx, th, ramble)
    content = content_mod.analyse(answer, ctx, ramble, th)

    flags: list[Flag] = [*pacing.flags, *structure.flags, *content.flags]
    if ramble.flag is not None:
        flags.append(ramble.flag)
    # The learned second stage re-decides the flags rules do not generalise on (1.8.0).
    flags, decisions = learned_mod.apply(answer, ctx, ramble, structure, content, flags, th)
    flags.sort(
        key=lambda f: (_SEVERITY_ORDER[f.severity], f.start_s if f.start_s is not None else 0.0)
    )

    reasons: dict[str, list[str]] = {"structure": [], "pacing": [], "content": [], "overall": []}
    points = {"structure": 5.0, "pacing": 5.0, "content": 5.0}
    for f in flags:
        dim, penalty = _PENALTY[f.code]
        if f.severity == "high":
            penalty *= 1.2
        points[dim] -= penalty
        reasons[dim].append(f"-{penalty:.2f} {f.code.replace('_', ' ')}")
    _structure_reasons(structure, ctx.kind, {f.code for f in flags}, points, reasons)
    _pacing_reasons(pacing, points, reasons)
    _content_reasons(content, ramble, ctx.kind, points, reasons, th)
    for d in decisions:
        reasons[learned_mod.DIMENSION[d.code]].append(d.reason())

    dims = {k: round(min(5.0, max(1.0, v)), 2) for k, v in points.items()}
    overall = round(sum(dims[k] * w for k, w in _WEIGHTS.items()), 2)
    reasons["overall"].append(
        f"weighted mean: content {dims['content']} ×{_WEIGHTS['content']}, structure {dims['structure']} "
        f"×{_WEIGHTS['structure']}, pacing {dims['pacing']} ×{_WEIGHTS['pacing']}"
    )
    if flags:
        reasons["overall"].append("most important: " + ", ".join(f.code for f in flags[:3]))
    metrics = _metrics(answer, pacing, ramble, structure, content)
    return Score(
        scorer_version=SCORER_VERSION,
        question=ctx.ref,
        duration_s=round(answer.duration_s, 3),
        scores=Scores(overall=max(1.0, min(5.0, overall)), **dims),
        metrics=metrics,
        flags=flags,
        reasons=reasons,
    )


def _structure_reasons(
    st: structure_mod.Structure,
    kind: str,
    flagged: set[str],
    points: dict[str, float],
    reasons: dict[str, list[str]],
) -> None:
    """The markers of structure each earn their place, flag or no flag: an answer with no plan,
    no signposts, no close and none of its framework is hard to follow even when it is too short
    or too single-minded to be flagged ``no_structure``. Points a flag already took for the same
    gap are not taken twice."""
    out = reasons["structure"]
    unstructured = "no_structure" in flagged
    out.append("roadmap up front: yes" if st.roadmap else "no roadmap in the opening")
    # A story is followed by its transitions (situation, action, result), not by a stated plan.
    if st.roadmap is None and kind != "behavioral" and not unstructured:
        points["structure"] -= _MISSING_ROADMAP
        out.append(f"-{_MISSING_ROADMAP:.2f} no roadmap")
    out.append(f"{st.distinct_signposts} distinct signposts")
    missing_signposts = max(0, 2 - st.distinct_signposts) * _MISSING_SIGNPOST
    if st.roadmap is not None:
        missing_signposts /= 2  # the plan carries the listener part of the way
    if missing_signposts and not unstructured:
        points["structure"] -= missing_signposts
        out.append(f"-{missing_signposts:.2f} few signposts")
    out.append("closing summary: yes" if st.summary else "no closing summary")
    if st.summary is None and "no_summary" not in flagged:
        points["structure"] -= _MISSING_CLOSE
        out.append(f"-{_MISSING_CLOSE:.2f} no closing line")
    if st.framework:
        covered = [k for k, v in st.framework.items() if v]
        missing = [k for k, v in st.framework.items() if not v]
        out.append(
            f"{kind} framework: {len(covered)}/{len(st.framework)} parts"
            + (f" (missing: {', '.join(missing)})" if missing else "")
        )
        lost = round(_FRAMEWORK_WEIGHT * (1.0 - st.framework_coverage), 2)
        if lost > 0:
            points["structure"] -= lost
            out.append(f"-{lost:.2f} framework coverage")


def _pacing_reasons(
    p: pacing_mod.Pacing, points: dict[str, float], reasons: dict[str, list[str]]
) -> None:
    out = reasons["pacing"]
    out.append(f"{p.wpm:.0f} wpm overall, {p.articulation_wpm:.0f} wpm while speaking")
    heard = f"{p.filler_count} fillers heard ({p.fillers_per_min:.1f}/min)"
    if p.filled_pauses:
        heard += f", {p.filled_pauses} more likely dropped by the transcriber"
    out.append(heard)
    out.append(
        f"{len(p.long_pauses)} long pauses, longest {p.longest_pause_s:.1f} s ({p.pause_source})"
    )
    out.append(f"{p.duration_s / 60:.1f} min against a {p.budget_s / 60:.0f} min budget")


def _content_reasons(
    c: content_mod.Content,
    r: ramble_mod.Ramble,
    kind: str,
    points: dict[str, float],
    reasons: dict[str, list[str]],
    th: Thresholds,
) -> None:
    out = reasons["content"]
    out.append(
        f"{len(c.data_points)} data points"
        + (f" (e.g. {', '.join(w for _, w in c.data_points[:3])})" if c.data_points else "")
    )
    out.append(f"theory {r.theory_share:.0%} of the answer; longest stretch {r.longest_s:.0f} s")
    if c.judges_model:
        out.append(
            "errors weighed against each other"
            if c.errors_weighed
            else "model judged by one number"
        )
    if c.metric_mentions:
        out.append(
            f"{c.metric_mentions} metric mentions, {len(c.product_links)} tied to a decision or outcome"
        )
    if kind == "behavioral":
        out.append(
            f"{len(c.past_actions)} first-person past actions, {c.generic_statements} generic statements"
        )
    if c.hedges_per_100 > th.hedges_per_100_words:
        points["content"] -= 0.5
        out.append(f"-0.50 hedging ({c.hedges} hedge(s), {c.hedges_per_100:.1f} per 100 words)")
    if c.repeated:
        points["content"] -= 0.25
        gram, times = c.repeated[0]
        out.append(f'-0.25 repetition ("{gram}" ×{times})')


def _metrics(
    answer: Answer,
    p: pacing_mod.Pacing,
    r: ramble_mod.Ramble,
    st: structure_mod.Structure,
    c: content_mod.Content,
) -> dict[str, object]:
    return {
        "words": p.words,
        "duration_s": round(p.duration_s, 2),
        "budget_s": round(p.budget_s, 2),
        "speaking_s": round(p.speaking_s, 2),
        "think_time_s": round(answer.first_start, 2),
        "wpm": round(p.wpm, 1),
        "articulation_wpm": round(p.articulation_wpm, 1),
        "window_wpm_max": round(p.window_wpm_max, 1),
        "window_wpm_min": round(p.window_wpm_min, 1),
        "fast_window_share": round(p.fast_window_share, 3),
        "filler_count": p.filler_count,
        "fillers_per_min": round(p.fillers_per_min, 2),
        "fillers": p.fillers_by_word,
        "filled_pauses": p.filled_pauses,
        "longest_pause_s": round(p.longest_pause_s, 2),
        "long_pause_count": len(p.long_pauses),
        "pause_source": p.pause_source,
        "theory_share": round(r.theory_share, 3),
        "longest_theory_s": round(r.longest_s, 1),
        "roadmap": st.roadmap is not None,
        "signposts": st.distinct_signposts,
        "summary": st.summary is not None,
        "framework_coverage": round(st.framework_coverage, 2),
        "data_points": len(c.data_points),
        "metric_mentions": c.metric_mentions,
        "product_links": len(c.product_links),
        "hedges_per_100_words": round(c.hedges_per_100, 2),
        "timing_estimated": answer.transcript.timing_estimated,
    }
