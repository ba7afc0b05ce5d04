"""Progress across sessions: scores and flag rates over time, by kind of question.

``interviewer sessions history`` prints it; the practice plan and the debrief's comparisons
answer narrower questions from the same rows (``Store.flag_rates``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from interviewer.report.labels import DIMENSIONS, kind_title

if TYPE_CHECKING:
    from interviewer.store import Store

RECENT_SESSIONS = 3


@dataclass(frozen=True)
class SessionPoint:
    session_id: int
    started_at: str
    answers: int
    means: dict[str, float]
    flags_per_answer: float
    flag_counts: dict[str, int]


@dataclass(frozen=True)
class KindTrend:
    kind: str
    title: str
    answers: int
    points: list[tuple[int, float]]  # (session id, mean overall in that session)
    first: float
    last: float

    @property
    def change(self) -> float:
        return round(self.last - self.first, 2)


@dataclass(frozen=True)
class FlagTrend:
    code: str
    answers: int
    rate: float  # over every scored answer
    earlier_rate: float | None  # before the last RECENT_SESSIONS sessions
    recent_rate: float  # in the last RECENT_SESSIONS sessions


@dataclass(frozen=True)
class History:
    answers: int
    sessions: list[SessionPoint]
    kinds: list[KindTrend]
    flags: list[FlagTrend]

    def to_dict(self) -> dict[str, Any]:
        data = {"schema": "interviewer.history/1", **asdict(self)}
        for k, trend in zip(data["kinds"], self.kinds, strict=True):
            k["change"] = trend.change
            k["points"] = [{"session_id": s, "overall": o} for s, o in trend.points]
        return data


def history_summary(store: Store) -> History:
    return history_from_rows(store.flag_rates())


def history_from_rows(rows: list[dict[str, Any]]) -> History:
    by_session: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by_session.setdefault(r["id"], []).append(r)
    sessions = [_session_point(sid, rs) for sid, rs in sorted(by_session.items())]
    recent_ids = {s.session_id for s in sessions[-RECENT_SESSIONS:]}

    kinds: list[KindTrend] = []
    kind_rows: dict[str, dict[int, list[float]]] = {}
    for r in rows:
        kind_rows.setdefault(r["kind"], {}).setdefault(r["id"], []).append(float(r["overall"]))
    for kind, per_session in sorted(kind_rows.items()):
        points = [(sid, round(sum(v) / len(v), 2)) for sid, v in sorted(per_session.items())]
        kinds.append(
            KindTrend(
                kind,
                kind_title(kind),
                sum(len(v) for v in per_session.values()),
                points,
                points[0][1],
                points[-1][1],
            )
        )

    codes: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        for code in set(filter(None, (r.get("codes") or "").split(","))):
            codes.setdefault(code, []).append(i)
    recent_rows = [i for i, r in enumerate(rows) if r["id"] in recent_ids]
    earlier_rows = [i for i, r in enumerate(rows) if r["id"] not in recent_ids]
    flags = []
    for code, hits in codes.items():
        hit = set(hits)
        flags.append(
            FlagTrend(
                code=code,
                answers=len(hits),
                rate=round(len(hits) / len(rows), 3),
                earlier_rate=round(len(hit & set(earlier_rows)) / len(earlier_rows), 3)
                if earlier_rows
                else None,
                recent_rate=round(len(hit & set(recent_rows)) / len(recent_rows), 3)
                if recent_rows
                else 0.0,
            )
        )
    flags.sort(key=lambda f: (-f.rate, f.code))
    return History(answers=len(rows), sessions=sessions, kinds=kinds, flags=flags)


def _session_point(sid: int, rows: list[dict[str, Any]]) -> SessionPoint:
    counts: dict[str, int] = {}
    for r in rows:
        for code in set(filter(None, (r.get("codes") or "").split(","))):
            counts[code] = counts.get(code, 0) + 1
    means = {d: round(sum(float(r[d]) for r in rows) / len(rows), 2) for d in DIMENSIONS}
    return SessionPoint(
        session_id=sid,
        started_at=str(rows[0]["started_at"]),
        answers=len(rows),
        means=means,
        flags_per_answer=round(sum(counts.values()) / len(rows), 2),
        flag_counts=dict(sorted(counts.items())),
    )


_SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], lo: float = 1.0, hi: float = 5.0) -> str:
    """Scores 1-5 as a row of block characters, for the terminal."""
    out = []
    for v in values:
        frac = (min(max(v, lo), hi) - lo) / (hi - lo)
        out.append(_SPARK[round(frac * (len(_SPARK) - 1))])
    return "".join(out)


def render_history_text(history: History) -> str:
    """The progress summary as the terminal shows it."""
    if not history.answers:
        return "No scored answers yet. Practise a round with: interviewer practice\n"
    lines = [
        f"Progress over {len(history.sessions)} sessions, {history.answers} scored answers",
        "",
    ]
    lines.append(
        f"{'session':>7}  {'date':<10}  {'answers':>7}  {'overall':>7}  {'struct':>6}  "
        f"{'pacing':>6}  {'content':>7}  flags/answer"
    )
    for s in history.sessions:
        date = _date(s.started_at)
        m = s.means
        lines.append(
            f"{s.session_id:>7}  {date:<10}  {s.answers:>7}  {m['overall']:>7.1f}  {m['structure']:>6.1f}  "
            f"{m['pacing']:>6.1f}  {m['content']:>7.1f}  {s.flags_per_answer:.1f}"
        )
    lines += ["", "By kind (mean overall per session, first -> last):"]
    for k in history.kinds:
        spark = sparkline([o for _, o in k.points])
        sign = "+" if k.change > 0 else ""
        lines.append(
            f"  {k.title:<15} {spark:<12} {k.first:.1f} -> {k.last:.1f} ({sign}{k.change:.1f}), "
            f"{k.answers} answer{'s' if k.answers != 1 else ''}"
        )
    if history.flags:
        lines += ["", f"Flag rates (share of answers; recent = last {RECENT_SESSIONS} sessions):"]
        from interviewer.report.labels import flag_title

        for f in history.flags:
            earlier = f"earlier {f.earlier_rate:.0%}, " if f.earlier_rate is not None else ""
            lines.append(
                f"  {flag_title(f.code):<32} {f.rate:>4.0%}  ({earlier}recent {f.recent_rate:.0%})"
            )
    return "\n".join(lines) + "\n"


def _date(value: str) -> str:
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%d")
    except ValueError:
        return value[:10]
