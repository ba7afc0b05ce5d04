"""A practice plan drawn from the weak spots in the candidate's stored answers.

Which kinds of question score lowest and which flags keep coming back decide what each day
practises; a full mock round every seventh day measures progress. With no history yet, the plan
covers every kind evenly. Pure data from ``Store.flag_rates``, so it is cheap to rebuild.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from interviewer.errors import UserError
from interviewer.models import KINDS
from interviewer.report.labels import DRILLS, KIND_DRILLS, flag_title, kind_title

if TYPE_CHECKING:
    from interviewer.store import Store

MAX_DAYS = 365
RECENT_ANSWERS = 10  # the latest answers count double: they say where the candidate is now
MIN_FLAG_RATE = 0.2  # a flag on fewer than one answer in five is noise, not a habit
MAX_FOCUS_FLAGS = 4
# Flags that only concern one kind of question.
FLAG_KIND: dict[str, str] = {
    "generic_behavioral": "behavioral",
    "metric_imbalance": "ai_technical",
    "solution_jumping": "product_vision",
}


@dataclass(frozen=True)
class KindStanding:
    kind: str
    title: str
    answers: int
    mean_overall: float | None


@dataclass(frozen=True)
class FlagStanding:
    code: str
    title: str
    answers: int
    rate: float  # share of scored answers flagged with it


@dataclass(frozen=True)
class PlanDay:
    day: int
    activity: str  # "answer", "mock" or "review"
    kind: str | None
    focus: str | None  # flag code
    task: str


@dataclass(frozen=True)
class Plan:
    days: int
    based_on_answers: int
    kinds: list[KindStanding]  # weakest first
    flags: list[FlagStanding]  # the habits the plan targets, worst first
    schedule: list[PlanDay]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": "interviewer.plan/1", **asdict(self)}


def practice_plan(store: Store, days: int = 30, *, up_to_session: int | None = None) -> Plan:
    """A ``days``-long plan from every scored answer (up to ``up_to_session`` when given)."""
    if not 1 <= days <= MAX_DAYS:
        raise UserError(f"a plan runs 1 to {MAX_DAYS} days, not {days}")
    rows = [r for r in store.flag_rates() if up_to_session is None or r["id"] <= up_to_session]
    return plan_from_rows(rows, days)


def plan_from_rows(rows: list[dict[str, Any]], days: int) -> Plan:
    kinds = _kind_standings(rows)
    flags = _flag_standings(rows)
    return Plan(
        days=days,
        based_on_answers=len(rows),
        kinds=kinds,
        flags=flags,
        schedule=_schedule(days, kinds, flags),
    )


def _kind_standings(rows: list[dict[str, Any]]) -> list[KindStanding]:
    seen: dict[str, list[float]] = {k: [] for k in KINDS}
    for r in rows:
        seen.setdefault(r["kind"], []).append(float(r["overall"]))
    standings = [
        KindStanding(k, kind_title(k), len(v), round(sum(v) / len(v), 2) if v else None)
        for k, v in seen.items()
    ]
    # Unpractised kinds first (nothing is known about them), then the lowest means.
    return sorted(
        standings, key=lambda s: (s.mean_overall is not None, s.mean_overall or 0.0, s.kind)
    )


def _flag_standings(rows: list[dict[str, Any]]) -> list[FlagStanding]:
    if not rows:
        return []
    recent_from = max(0, len(rows) - RECENT_ANSWERS)
    counts: dict[str, int] = {}
    weighted: dict[str, float] = {}
    for i, r in enumerate(rows):
        for code in set(filter(None, (r.get("codes") or "").split(","))):
            counts[code] = counts.get(code, 0) + 1
            weighted[code] = weighted.get(code, 0.0) + (2.0 if i >= recent_from else 1.0)
    total_weight = len(rows) + (len(rows) - recent_from)
    habits = [c for c in counts if counts[c] / len(rows) >= MIN_FLAG_RATE]
    habits.sort(key=lambda c: (-weighted[c] / total_weight, c))
    return [
        FlagStanding(c, flag_title(c), counts[c], round(counts[c] / len(rows), 3))
        for c in habits[:MAX_FOCUS_FLAGS]
    ]


def _schedule(days: int, kinds: list[KindStanding], flags: list[FlagStanding]) -> list[PlanDay]:
    # Weak kinds come round twice as often as the rest.
    weak = [k.kind for k in kinds[:2]]
    rotation = [k.kind for k in kinds] + weak
    rotation = [rotation[i] for i in _interleave(len(rotation))]
    focus = [f.code for f in flags]
    out: list[PlanDay] = []
    answer_days = 0
    for day in range(1, days + 1):
        week = (day - 1) // 7
        if day % 7 == 0 or (day == days and days >= 7):
            out.append(
                PlanDay(
                    day,
                    "mock",
                    None,
                    None,
                    "Full mock round (interviewer practice), then compare "
                    "with last week (interviewer sessions history).",
                )
            )
            continue
        if day % 7 == 4:
            code = focus[week % len(focus)] if focus else None
            task = "Review the last debrief; redo its lowest-scoring answer"
            task += f", watching for: {flag_title(code).lower()}." if code else "."
            out.append(PlanDay(day, "review", None, code, task))
            continue
        code = focus[week % len(focus)] if focus else None
        kind = rotation[answer_days % len(rotation)]
        answer_days += 1
        if code in FLAG_KIND and day % 2 == 1:
            # A habit of one kind of question is practised on that kind, every other day.
            kind = FLAG_KIND[code]
        elif code in FLAG_KIND and kind != FLAG_KIND[code]:
            code = next((c for c in focus if c not in FLAG_KIND), None)
        task = KIND_DRILLS.get(kind, f"Answer a {kind_title(kind).lower()} question.")
        if code:
            task += " " + DRILLS.get(code, "")
        out.append(PlanDay(day, "answer", kind, code, task.strip()))
    return out


def _interleave(n: int) -> list[int]:
    """Indices 0..n-1 reordered so repeats of the weak kinds (at the end) are spread out."""
    base = n - 2 if n > 2 else n
    order: list[int] = []
    extra = list(range(base, n))
    for i in range(base):
        order.append(i)
        if extra and i % 3 == 2:
            order.append(extra.pop(0))
    return order + extra
