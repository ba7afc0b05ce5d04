"""The debrief of one stored session, as data every export renders.

It gathers, per answer, what the scorer found (scores, flags with their quotes and advice, metrics),
the transcript and its pacing timeline, and how the answer compares with the candidate's earlier
attempts at the same question and the same kind; per round, the totals and the three things to
work on next. Building it reads the store; rendering it (``render``) touches nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from interviewer.models import DEFAULT_BUDGET_S, Answer, Session, Word
from interviewer.report.labels import DEFAULT_ADVICE, DIMENSIONS, SEVERITY_WEIGHT, flag_title
from interviewer.report.timeline import Timeline, pacing_timeline

if TYPE_CHECKING:
    from interviewer.report.plan import Plan
    from interviewer.store import Store

DEBRIEF_SCHEMA = "interviewer.debrief/1"
FOCUS_COUNT = 3


@dataclass(frozen=True)
class FlagNote:
    """One flag as the debrief shows it: what, where, the quoted words, what to do instead."""

    code: str
    title: str
    severity: str
    start_s: float | None
    end_s: float | None
    quote: str
    advice: str


@dataclass(frozen=True)
class PastAttempt:
    session_id: int
    started_at: datetime | None
    overall: float | None
    flags: list[str]


@dataclass(frozen=True)
class Comparison:
    """This answer against earlier ones: the same question, and the same kind of question."""

    same_question: list[PastAttempt] = field(default_factory=list)
    kind_attempts: int = 0
    kind_mean_overall: float | None = None
    delta_vs_last: float | None = None
    delta_vs_kind: float | None = None
    still_flagged: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.same_question and not self.kind_attempts


@dataclass(frozen=True)
class AnswerDebrief:
    number: int
    question_id: str | None
    kind: str
    question: str
    status: str
    mode: str
    budget_s: float | None
    duration_s: float | None
    scores: dict[str, float] | None
    reasons: dict[str, list[str]]
    metrics: dict[str, Any]
    flags: list[FlagNote]
    words: list[Word]
    timing_estimated: bool
    timeline: Timeline | None
    llm: dict[str, Any] | None
    comparison: Comparison
    error: str | None = None

    @property
    def scored(self) -> bool:
        return self.scores is not None

    @property
    def transcript(self) -> str:
        return " ".join(w.text.strip() for w in self.words).strip()


@dataclass(frozen=True)
class RoundTotals:
    answers: int
    scored: int
    duration_s: float
    means: dict[str, float]
    flag_counts: dict[str, int]  # code -> answers flagged with it
    by_kind: dict[str, dict[str, float]]  # kind -> {"answers": n, "overall": mean}


@dataclass(frozen=True)
class FocusItem:
    """One of the three things to work on next."""

    code: str
    title: str
    severity: str
    answers: list[int]  # answer numbers in this session
    earlier: int  # answers flagged with it in earlier sessions
    advice: str

    @property
    def why(self) -> str:
        parts = []
        if self.answers:
            n = len(self.answers)
            parts.append(f"in {n} answer{'s' if n != 1 else ''} this session")
        if self.earlier:
            parts.append(
                f"{self.earlier} time{'s' if self.earlier != 1 else ''} in earlier sessions"
            )
        return "flagged " + " and ".join(parts) if parts else ""


@dataclass(frozen=True)
class Debrief:
    session_id: int
    round_name: str
    title: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    answers: list[AnswerDebrief]
    totals: RoundTotals
    focus: list[FocusItem]
    plan: Plan | None = None
    redacted: bool = False

    schema = DEBRIEF_SCHEMA


def build_debrief(store: Store, session_ref: str | int, *, plan_days: int | None = 30) -> Debrief:
    """The debrief of a stored session (``session_ref`` is an id or ``latest``)."""
    session = store.get_session(session_ref)
    assert session.id is not None
    sid = session.id
    answers = [_answer(store, sid, a) for a in session.answers]
    earlier = [r for r in store.flag_rates() if r["id"] < sid]
    plan = None
    if plan_days:
        from interviewer.report.plan import practice_plan

        plan = practice_plan(store, days=plan_days, up_to_session=sid)
    return Debrief(
        session_id=sid,
        round_name=session.round_name,
        title=session.title,
        status=session.status,
        started_at=session.started_at,
        ended_at=session.ended_at,
        answers=answers,
        totals=_totals(session, answers),
        focus=focus_items(answers, earlier),
        plan=plan,
    )


def _answer(store: Store, session_id: int, answer: Answer) -> AnswerDebrief:
    score = answer.score
    transcript = answer.transcript
    budget = answer.budget_s or DEFAULT_BUDGET_S.get(answer.question.kind)
    timeline = (
        pacing_timeline(transcript, score, budget_s=budget)
        if transcript and transcript.words
        else None
    )
    duration = score.duration_s if score else transcript.duration_s if transcript else None
    flags = [
        FlagNote(
            code=f.code,
            title=flag_title(f.code),
            severity=f.severity,
            start_s=f.start_s,
            end_s=f.end_s,
            quote=f.evidence.strip(),
            advice=_advice(f.advice) or DEFAULT_ADVICE.get(f.code, ""),
        )
        for f in (score.flags if score else [])
    ]
    flags.sort(
        key=lambda f: (
            -SEVERITY_WEIGHT.get(f.severity, 0),
            f.start_s if f.start_s is not None else 1e9,
        )
    )
    return AnswerDebrief(
        number=answer.position + 1,
        question_id=answer.question.id,
        kind=answer.question.kind,
        question=answer.question.text,
        status=answer.status,
        mode=answer.mode,
        budget_s=budget,
        duration_s=duration,
        scores=score.scores.model_dump() if score else None,
        reasons=dict(score.reasons) if score else {},
        metrics=dict(score.metrics) if score else {},
        flags=flags,
        words=list(transcript.words) if transcript else [],
        timing_estimated=bool(transcript and transcript.timing_estimated),
        timeline=timeline,
        llm=score.llm if score else None,
        comparison=_compare(store, session_id, answer),
        error=answer.error,
    )


def _advice(text: str) -> str:
    """The advice without a leading "Instead," (the exports say "Instead:" themselves)."""
    text = " ".join(text.split())
    for lead in ("instead, ", "instead: ", "instead "):
        if text.lower().startswith(lead):
            text = text[len(lead) :]
            return text[:1].upper() + text[1:]
    return text


def _compare(store: Store, session_id: int, answer: Answer) -> Comparison:
    if answer.score is None:
        return Comparison()
    overall = answer.score.scores.overall
    now_flags = {f.code for f in answer.score.flags}
    same_q: list[PastAttempt] = []
    if answer.question.id:
        for past in store.history(question_id=answer.question.id, before_session=session_id):
            if past.score is None:
                continue
            started = past.started_at
            same_q.append(
                PastAttempt(
                    session_id=past.session_id or 0,
                    started_at=started,
                    overall=past.score.scores.overall,
                    flags=sorted({f.code for f in past.score.flags}),
                )
            )
    kind_past = [
        p.score.scores.overall
        for p in store.history(kind=answer.question.kind, before_session=session_id)
        if p.score is not None
    ]
    kind_mean = sum(kind_past) / len(kind_past) if kind_past else None
    last = same_q[-1] if same_q else None
    return Comparison(
        same_question=same_q,
        kind_attempts=len(kind_past),
        kind_mean_overall=None if kind_mean is None else round(kind_mean, 2),
        delta_vs_last=None
        if last is None or last.overall is None
        else round(overall - last.overall, 2),
        delta_vs_kind=None if kind_mean is None else round(overall - kind_mean, 2),
        still_flagged=sorted(now_flags & set(last.flags)) if last else [],
        resolved=sorted(set(last.flags) - now_flags) if last else [],
    )


def _totals(session: Session, answers: list[AnswerDebrief]) -> RoundTotals:
    scored = [a for a in answers if a.scores is not None]
    means = (
        {
            d: round(sum(a.scores[d] for a in scored if a.scores) / len(scored), 2)
            for d in DIMENSIONS
        }
        if scored
        else {}
    )
    flag_counts: dict[str, int] = {}
    for a in scored:
        for code in {f.code for f in a.flags}:
            flag_counts[code] = flag_counts.get(code, 0) + 1
    by_kind: dict[str, dict[str, float]] = {}
    for a in scored:
        entry = by_kind.setdefault(a.kind, {"answers": 0, "overall": 0.0})
        entry["answers"] += 1
        entry["overall"] += a.scores["overall"] if a.scores else 0.0
    for entry in by_kind.values():
        entry["overall"] = round(entry["overall"] / entry["answers"], 2)
    return RoundTotals(
        answers=len(answers),
        scored=len(scored),
        duration_s=round(sum(a.duration_s or 0.0 for a in answers), 1),
        means=means,
        flag_counts=dict(sorted(flag_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_kind=by_kind,
    )


def focus_items(answers: list[AnswerDebrief], earlier: list[dict[str, Any]]) -> list[FocusItem]:
    """The three things to work on next: this session's flags, heaviest and most frequent first.

    Severity and frequency add up (a high flag in two answers outranks a low one in three); flags
    that also recur in earlier sessions break ties, and fill the list when this session had fewer.
    """
    earlier_counts: dict[str, int] = {}
    for row in earlier:
        for code in set(filter(None, (row.get("codes") or "").split(","))):
            earlier_counts[code] = earlier_counts.get(code, 0) + 1
    weight: dict[str, int] = {}
    where: dict[str, list[int]] = {}
    worst: dict[str, FlagNote] = {}
    for a in answers:
        for f in a.flags:
            weight[f.code] = weight.get(f.code, 0) + SEVERITY_WEIGHT.get(f.severity, 1)
            if a.number not in where.setdefault(f.code, []):
                where[f.code].append(a.number)
            if f.code not in worst or SEVERITY_WEIGHT.get(f.severity, 0) > SEVERITY_WEIGHT.get(
                worst[f.code].severity, 0
            ):
                worst[f.code] = f
    ranked = sorted(
        weight, key=lambda c: (-weight[c], -len(where[c]), -earlier_counts.get(c, 0), c)
    )
    items = [
        FocusItem(
            code=c,
            title=flag_title(c),
            severity=worst[c].severity,
            answers=where[c],
            earlier=earlier_counts.get(c, 0),
            advice=worst[c].advice or DEFAULT_ADVICE.get(c, ""),
        )
        for c in ranked[:FOCUS_COUNT]
    ]
    # Fewer than three this time: carry over what kept coming back before (at least twice).
    for code, n in sorted(earlier_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(items) >= FOCUS_COUNT:
            break
        if n >= 2 and code not in weight:
            items.append(
                FocusItem(code, flag_title(code), "medium", [], n, DEFAULT_ADVICE.get(code, ""))
            )
    return items
