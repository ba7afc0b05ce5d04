"""The question bank: questions and round templates as TOML data.

The bundled bank is ``question_bank/`` in the repository, shipped inside the wheel as
``interviewer/_bank``. Users add their own files or folders with ``--bank PATH`` or the
``bank.paths`` setting. A question file holds ``[[question]]`` tables; a rounds file holds
``[[round]]`` tables (see ``question_bank/README.md``). Validation errors name the file, the
question and the field in one line.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from interviewer.errors import UserError
from interviewer.models import DEFAULT_BUDGET_S, KINDS, Question, RoundTemplate, first_problem


def bundled_dir() -> Path:
    """The bank shipped with the package (wheel) or beside it (checkout, editable install)."""
    here = Path(__file__).resolve().parent
    installed = here / "_bank"
    if installed.is_dir():
        return installed
    return here.parent / "question_bank"


@dataclass
class Bank:
    questions: dict[str, Question] = field(default_factory=dict)
    rounds: dict[str, RoundTemplate] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    round_files: dict[str, Path] = field(default_factory=dict)
    """The file each round template came from, for error messages."""

    def question(self, qid: str) -> Question:
        try:
            return self.questions[qid]
        except KeyError:
            raise UserError(
                f"no question {qid!r} in the bank (see: interviewer bank list)"
            ) from None

    def round(self, name: str) -> RoundTemplate:
        try:
            return self.rounds[name]
        except KeyError:
            names = ", ".join(sorted(self.rounds)) or "none"
            raise UserError(f"no round {name!r}; known rounds: {names}") from None

    def by_kind(self, kind: str) -> list[Question]:
        return [q for q in self.questions.values() if q.kind == kind]

    def pick(
        self,
        template: RoundTemplate,
        *,
        avoid: Sequence[str] = (),
        rng: random.Random | None = None,
    ) -> list[Question]:
        """Questions for a round: fixed ids as listed, else drawn by kind, least recently asked first.

        ``avoid`` lists recently asked ids, most recent first; unasked questions come before them and
        among asked ones the longest-ago wins.
        """
        rng = rng or random.Random()
        recency = {qid: i for i, qid in reversed(list(enumerate(avoid)))}
        chosen: list[Question] = []
        for section in template.sections:
            if section.questions:
                chosen.extend(self.question(qid) for qid in section.questions)
                continue
            pool = [q for q in self.by_kind(section.kind or "") if q not in chosen]
            if len(pool) < section.count:
                raise UserError(
                    f"round {template.name!r} wants {section.count} {section.kind} questions; the bank has {len(pool)}"
                )
            rng.shuffle(pool)
            # Never asked first (key -inf), then the least recent (largest index in `avoid`).
            pool.sort(key=lambda q: -recency[q.id] if q.id in recency else float("-inf"))
            chosen.extend(pool[: section.count])
        return chosen


def load(extra: Iterable[str | Path] = (), *, include_bundled: bool = True) -> Bank:
    """Load the bundled bank plus extra files or folders. Raises UserError on the first problem."""
    roots: list[Path] = [bundled_dir()] if include_bundled else []
    roots.extend(Path(p).expanduser() for p in extra)
    bank = Bank()
    for path in _toml_files(roots):
        _load_file(path, bank)
    for template in bank.rounds.values():
        for section in template.sections:
            for qid in section.questions:
                if qid not in bank.questions:
                    where = bank.round_files.get(template.name, "rounds")
                    raise UserError(
                        f"{where}: round {template.name!r}: field 'sections': "
                        f"section {section.name!r} names unknown question {qid!r}"
                    )
    return bank


def validate(path: Path | None = None) -> Bank:
    """Validate one file or folder (with the bundled rounds and questions available for references)."""
    if path is None:
        return load()
    if not path.exists():
        raise UserError(f"{path}: no such file or folder")
    return load([path], include_bundled=path.resolve() != bundled_dir().resolve())


def _toml_files(roots: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    seen: set[Path] = set()
    for root in roots:
        if root.is_dir():
            found = sorted(p for p in root.rglob("*.toml") if p.is_file())
        elif root.is_file():
            found = [root]
        else:
            raise UserError(f"{root}: question bank path does not exist")
        # A file given explicitly that is also in the bundled bank is loaded once, not reported as duplicate ids.
        for path in found:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(path)
    return files


def _load_file(path: Path, bank: Bank) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    unknown = set(data) - {"question", "round", "meta"}
    if unknown:
        raise UserError(
            f"{path}: unknown top-level key {sorted(unknown)[0]!r} (expected [[question]] or [[round]])"
        )
    if not isinstance(data.get("question", []), list) or not isinstance(
        data.get("round", []), list
    ):
        raise UserError(
            f"{path}: 'question' and 'round' must be arrays of tables ([[question]], [[round]])"
        )
    for index, raw in enumerate(data.get("question", []), start=1):
        question = _question(path, index, raw)
        if question.id in bank.questions:
            other = bank.questions[question.id].source
            raise UserError(f"{path}: question {question.id!r}: id already used in {other}")
        bank.questions[question.id] = question
    for index, raw in enumerate(data.get("round", []), start=1):
        label = (
            f"round {raw.get('name', f'#{index}')!r}"
            if isinstance(raw, dict)
            else f"round #{index}"
        )
        try:
            template = RoundTemplate.model_validate(raw)
        except ValidationError as exc:
            raise UserError(f"{path}: {label}: {_field_problem(exc)}") from None
        bank.rounds[template.name] = template
        bank.round_files[template.name] = path
    bank.files.append(path)


def _question(path: Path, index: int, raw: Any) -> Question:
    if not isinstance(raw, dict):
        raise UserError(f"{path}: question #{index}: expected a table")
    label = f"question {raw['id']!r}" if isinstance(raw.get("id"), str) else f"question #{index}"
    raw = dict(raw)
    kind = raw.get("kind")
    # isinstance first: a list or table as `kind` is unhashable and must reach validation, not crash.
    if "budget_s" not in raw and isinstance(kind, str) and kind in DEFAULT_BUDGET_S:
        raw["budget_s"] = DEFAULT_BUDGET_S[kind]
    raw["source"] = str(path)
    try:
        return Question.model_validate(raw)
    except ValidationError as exc:
        raise UserError(f"{path}: {label}: {_field_problem(exc)}") from None


def _field_problem(exc: ValidationError) -> str:
    where, msg, kind = first_problem(exc)
    if kind == "literal_error" and where == "kind":
        msg = f"must be one of {', '.join(KINDS)}"
    return f"field {where!r}: {msg}"
