"""The debrief as JSON: ``interviewer.debrief/1``, described by ``debrief.schema.json``.

Field names and shapes are a contract for scripts that read exports (docs/exports.md); add fields
freely, but rename or remove one only with a new schema version.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from interviewer import __version__
from interviewer.report.debrief import DEBRIEF_SCHEMA, AnswerDebrief, Debrief

SCHEMA_FILE = Path(__file__).with_name("debrief.schema.json")


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every debrief export validates against."""
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


def _ts(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def debrief_to_dict(debrief: Debrief) -> dict[str, Any]:
    t = debrief.totals
    return {
        "schema": DEBRIEF_SCHEMA,
        "generator": f"interviewer {__version__}",
        "redacted": debrief.redacted,
        "session": {
            "id": debrief.session_id,
            "round": debrief.round_name,
            "title": debrief.title,
            "status": debrief.status,
            "started_at": _ts(debrief.started_at),
            "ended_at": _ts(debrief.ended_at),
        },
        "totals": {
            "answers": t.answers,
            "scored": t.scored,
            "duration_s": t.duration_s,
            "means": t.means or None,
            "flag_counts": t.flag_counts,
            "by_kind": {
                k: {"answers": int(v["answers"]), "overall": v["overall"]}
                for k, v in t.by_kind.items()
            },
        },
        "focus": [{**asdict(f), "why": f.why} for f in debrief.focus],
        "answers": [_answer(a) for a in debrief.answers],
        "plan": debrief.plan.to_dict() if debrief.plan else None,
    }


def _answer(a: AnswerDebrief) -> dict[str, Any]:
    c = a.comparison
    return {
        "number": a.number,
        "question": {"id": a.question_id, "kind": a.kind, "text": a.question},
        "status": a.status,
        "mode": a.mode,
        "budget_s": a.budget_s,
        "duration_s": a.duration_s,
        "scores": a.scores,
        "reasons": a.reasons,
        "metrics": a.metrics,
        "flags": [asdict(f) for f in a.flags],
        "transcript": {
            "text": a.transcript,
            "timing_estimated": a.timing_estimated,
            "words": [{"text": w.text, "start": w.start, "end": w.end} for w in a.words],
        },
        "timeline": a.timeline.to_dict() if a.timeline else None,
        "llm": a.llm,
        "comparison": {
            "same_question": [
                {
                    "session_id": p.session_id,
                    "started_at": _ts(p.started_at),
                    "overall": p.overall,
                    "flags": p.flags,
                }
                for p in c.same_question
            ],
            "kind_attempts": c.kind_attempts,
            "kind_mean_overall": c.kind_mean_overall,
            "delta_vs_last": c.delta_vs_last,
            "delta_vs_kind": c.delta_vs_kind,
            "still_flagged": c.still_flagged,
            "resolved": c.resolved,
        },
        "error": a.error,
    }


def render_json(debrief: Debrief) -> str:
    return json.dumps(debrief_to_dict(debrief), indent=2, ensure_ascii=False) + "\n"
