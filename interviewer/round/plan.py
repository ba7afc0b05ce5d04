"""Which questions a round asks, and where a headless round's answers come from."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.errors import UserError
from interviewer.models import Question

if TYPE_CHECKING:
    from interviewer.bank import Bank
    from interviewer.store import Store

FOLLOW_UP_BUDGET_S = 180.0
ANSWER_SUFFIXES = frozenset(
    {".wav", ".flac", ".ogg", ".mp3", ".m4a", ".opus", ".aiff", ".aif", ".txt"}
)


def plan_round(
    bank: Bank,
    store: Store | None,
    *,
    round_name: str | None = None,
    kind: str | None = None,
    count: int = 3,
    question_ids: Sequence[str] = (),
) -> tuple[str, str, list[Question]]:
    """(round name, title, questions): from a template, chosen ids, or a kind; avoiding recent ones."""
    recent = store.recent_question_ids() if store is not None else []
    if question_ids:
        questions = [bank.question(q) for q in question_ids]
        return "custom", "Chosen questions", questions
    if kind:
        pool = bank.by_kind(kind)
        if not pool:
            raise UserError(f"the bank has no {kind} questions")
        from interviewer.models import RoundSection, RoundTemplate, kind_label

        template = RoundTemplate(
            name=f"{kind.replace('_', '-')}",
            title=f"{kind_label(kind)} practice",
            sections=[RoundSection(name=kind, kind=kind, count=min(count, len(pool)))],
        )
        return template.name, template.title, bank.pick(template, avoid=recent)
    if not round_name:
        raise UserError("choose a round (--round NAME; see: interviewer bank list)")
    template = bank.round(round_name)
    return template.name, template.title, bank.pick(template, avoid=recent)


def follow_up_question(parent: Question, text: str, number: int = 1) -> Question:
    """A follow-up asked after ``parent``, scored like the parent (same kind and elements)."""
    return Question(
        id=f"{parent.id}.follow-up-{number}",
        kind=parent.kind,
        text=text if len(text) >= 10 else f"Follow-up: {text}",
        budget_s=min(parent.budget_s, FOLLOW_UP_BUDGET_S),
        difficulty=parent.difficulty,
        product=parent.product,
        keywords=list(parent.keywords),
        elements=list(parent.elements),
        tags=[*parent.tags, "follow-up"],
        source=parent.source,
    )


def answer_files(folder: Path) -> list[Path]:
    """The answers in a folder for a headless round: audio files and ``.txt`` files, by name."""
    if not folder.exists():
        raise UserError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder (--answers takes a folder of audio or .txt files)")
    files = sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ANSWER_SUFFIXES
    )
    if not files:
        kinds = ", ".join(sorted(ANSWER_SUFFIXES))
        raise UserError(f"{folder}: no answer files ({kinds})")
    return files
