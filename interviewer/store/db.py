"""The SQLite store.

One database file in the data directory, WAL journal, foreign keys on, user-only permissions.
Every write is one transaction, so a crash leaves either the old or the new state. Audio paths are
stored relative to the data directory so a moved home still finds its recordings.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from interviewer import paths
from interviewer.errors import UserError
from interviewer.models import Answer, QuestionRef, Score, Session, Transcript
from interviewer.store.migrations import MIGRATIONS

T = TypeVar("T")


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _ts(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _reads(method: Callable[..., T]) -> Callable[..., T]:
    """Hold the store's lock while reading, so a read on the UI thread never sees a write that a
    worker thread has begun on the shared connection but not yet committed."""

    @functools.wraps(method)
    def locked(self: Store, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


@dataclass(frozen=True)
class SessionSummary:
    """One row of ``interviewer sessions list``."""

    id: int
    round_name: str
    title: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    answers: int
    scored: int
    overall: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "round": self.round_name,
            "title": self.title,
            "status": self.status,
            "started_at": _ts(self.started_at),
            "ended_at": _ts(self.ended_at),
            "answers": self.answers,
            "scored": self.scored,
            "overall": None if self.overall is None else round(self.overall, 2),
        }


class Store:
    """Sessions and everything recorded in them."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else paths.database_file()
        self.home = self.path.parent
        paths.ensure_private_dir(self.home)
        fresh = not self.path.exists()
        try:
            if fresh:
                # Create the file user-only before SQLite opens it.
                fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
            # The TUI saves answers from a worker thread; writes are serialised by self._lock.
            self._lock = threading.RLock()
            self.db = sqlite3.connect(
                self.path, timeout=5.0, isolation_level=None, check_same_thread=False
            )
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:  # also OperationalError; "file is not a database"
            raise _explain(exc, self.path) from None
        except PermissionError:
            raise UserError(f"cannot open {self.path}: permission denied") from None

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield from self._transaction()

    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _explain(exc, self.path) from None
        try:
            yield self.db
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise _explain(exc, self.path) from None
        except BaseException:
            self._rollback()
            raise
        else:
            try:
                self.db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self._rollback()
                raise _explain(exc, self.path) from None

    def _rollback(self) -> None:
        # SQLite has already rolled back after some errors (SQLITE_FULL, SQLITE_IOERR); a second
        # ROLLBACK would raise "no transaction is active" and hide the real problem.
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise UserError(
                f"{self.path} was written by a newer interviewer (schema {version}); upgrade interviewer"
            )
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as db:
                migration(db)
                db.execute(f"PRAGMA user_version = {number}")

    def audio_path(self, relative: str | None) -> Path | None:
        """The absolute path of a stored recording."""
        if not relative:
            return None
        p = Path(relative)
        return p if p.is_absolute() else self.home / p

    def new_audio_file(self, session_id: int, position: int) -> Path:
        """Where the recording of an answer goes (the folder is created user-only)."""
        folder = paths.ensure_private_dir(self.home / "audio" / f"session-{session_id:05d}")
        return folder / f"answer-{position + 1:02d}.wav"

    def _relative(self, path: str | Path | None) -> str | None:
        if path is None:
            return None
        p = Path(path)
        try:
            return str(p.resolve().relative_to(self.home.resolve()))
        except ValueError:
            return str(p)

    # ------------------------------------------------------------------ sessions

    def create_session(
        self, round_name: str, title: str = "", meta: dict[str, Any] | None = None
    ) -> Session:
        started = now()
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO sessions (round_name, title, status, started_at, meta) VALUES (?, ?, 'active', ?, ?)",
                (round_name, title, _ts(started), json.dumps(meta or {})),
            )
        return Session(
            id=cur.lastrowid,
            round_name=round_name,
            title=title,
            started_at=started,
            meta=meta or {},
        )

    def finish_session(self, session_id: int, status: str = "completed") -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
                (status, _ts(now()), session_id),
            )

    def update_session_meta(self, session_id: int, meta: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE sessions SET meta = ? WHERE id = ?", (json.dumps(meta), session_id))

    @_reads
    def resolve_id(self, ref: str | int) -> int:
        """A session id from user input: a number or ``latest``."""
        if isinstance(ref, int) or str(ref).isdigit():
            sid = int(ref)
            row = self.db.execute("SELECT id FROM sessions WHERE id = ?", (sid,)).fetchone()
            if row is None:
                raise UserError(f"no session {sid} (see: interviewer sessions list)")
            return sid
        if str(ref).lower() == "latest":
            row = self.db.execute("SELECT id FROM sessions ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                raise UserError("no sessions yet: start one with `interviewer practice`")
            return int(row["id"])
        raise UserError(f"session id must be a number or 'latest', not {ref!r}")

    @_reads
    def get_session(self, ref: str | int) -> Session:
        sid = self.resolve_id(ref)
        row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (sid,)).fetchone()
        answers = [
            self._answer_from_row(r)
            for r in self.db.execute(
                "SELECT * FROM answers WHERE session_id = ? ORDER BY position", (sid,)
            )
        ]
        return Session(
            id=row["id"],
            round_name=row["round_name"],
            title=row["title"],
            status=row["status"],
            started_at=_dt(row["started_at"]),
            ended_at=_dt(row["ended_at"]),
            answers=answers,
            meta=json.loads(row["meta"] or "{}"),
        )

    @_reads
    def list_sessions(self, limit: int | None = None) -> list[SessionSummary]:
        sql = """
            SELECT s.*, COUNT(a.id) AS n_answers, COUNT(sc.answer_id) AS n_scored,
                   AVG(sc.overall) AS mean_overall
            FROM sessions s
            LEFT JOIN answers a ON a.session_id = s.id
            LEFT JOIN scores sc ON sc.answer_id = a.id
            GROUP BY s.id ORDER BY s.id DESC
        """
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [
            SessionSummary(
                id=r["id"],
                round_name=r["round_name"],
                title=r["title"],
                status=r["status"],
                started_at=_dt(r["started_at"]),  # type: ignore[arg-type]
                ended_at=_dt(r["ended_at"]),
                answers=r["n_answers"],
                scored=r["n_scored"],
                overall=r["mean_overall"],
            )
            for r in self.db.execute(sql)
        ]

    def unfinished_sessions(self) -> list[SessionSummary]:
        """Sessions left ``active`` by a crash or a kill."""
        return [s for s in self.list_sessions() if s.status == "active"]

    def delete_session(self, ref: str | int) -> int:
        sid = self.resolve_id(ref)
        audio = [
            self.audio_path(r["audio_path"])
            for r in self.db.execute("SELECT audio_path FROM answers WHERE session_id = ?", (sid,))
        ]
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (sid,))
        home = self.home.resolve()
        folder = self.home / "audio" / f"session-{sid:05d}"
        try:
            for path in audio:
                # Only recordings this store made: never a user's file referenced from elsewhere.
                if path is None or not path.resolve().is_relative_to(home):
                    continue
                path.unlink(missing_ok=True)
                for sidecar in path.parent.glob(path.name + ".*"):
                    sidecar.unlink(missing_ok=True)
            # The folder belongs to this session alone; partial files left by a crash go with it.
            if folder.is_dir():
                shutil.rmtree(folder)
        except OSError as exc:
            raise UserError(
                f"session {sid} deleted, but its audio could not be removed: {exc.strerror}: {exc.filename}"
            ) from None
        return sid

    # ------------------------------------------------------------------ answers

    def add_answer(self, session_id: int, answer: Answer) -> Answer:
        with self.transaction() as db:
            cur = db.execute(
                """INSERT INTO answers (session_id, position, question_id, question_kind, question_text,
                       budget_s, status, mode, audio_path, started_at, ended_at, error)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    session_id,
                    answer.position,
                    answer.question.id,
                    answer.question.kind,
                    answer.question.text,
                    answer.budget_s,
                    answer.status,
                    answer.mode,
                    self._relative(answer.audio_path),
                    _ts(answer.started_at or now()),
                    _ts(answer.ended_at),
                    answer.error,
                ),
            )
            answer_id = cur.lastrowid
            self._write_results(db, answer_id, answer)  # type: ignore[arg-type]
        return answer.model_copy(update={"id": answer_id, "session_id": session_id})

    def update_answer(self, answer: Answer) -> None:
        """Write an answer's status, times, audio, transcript and score in one transaction."""
        if answer.id is None:
            raise ValueError("answer has no id; add it first")
        with self.transaction() as db:
            db.execute(
                """UPDATE answers SET status = ?, mode = ?, audio_path = ?, started_at = ?, ended_at = ?,
                       error = ?, budget_s = ? WHERE id = ?""",
                (
                    answer.status,
                    answer.mode,
                    self._relative(answer.audio_path),
                    _ts(answer.started_at),
                    _ts(answer.ended_at),
                    answer.error,
                    answer.budget_s,
                    answer.id,
                ),
            )
            self._write_results(db, answer.id, answer)

    def _write_results(self, db: sqlite3.Connection, answer_id: int, answer: Answer) -> None:
        if answer.transcript is not None:
            t = answer.transcript
            db.execute(
                """INSERT INTO transcripts (answer_id, duration_s, word_count, body) VALUES (?, ?, ?, ?)
                   ON CONFLICT(answer_id) DO UPDATE SET duration_s = excluded.duration_s,
                       word_count = excluded.word_count, body = excluded.body""",
                (answer_id, t.duration_s, len(t.words), t.to_json()),
            )
        if answer.score is not None:
            s = answer.score
            db.execute(
                """INSERT INTO scores (answer_id, scorer_version, structure, pacing, content, overall, body)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(answer_id) DO UPDATE SET scorer_version = excluded.scorer_version,
                       structure = excluded.structure, pacing = excluded.pacing,
                       content = excluded.content, overall = excluded.overall, body = excluded.body""",
                (
                    answer_id,
                    s.scorer_version,
                    s.scores.structure,
                    s.scores.pacing,
                    s.scores.content,
                    s.scores.overall,
                    s.to_json(),
                ),
            )
            db.execute("DELETE FROM flags WHERE answer_id = ?", (answer_id,))
            db.executemany(
                """INSERT INTO flags (answer_id, code, severity, start_s, end_s, evidence, advice)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                [
                    (answer_id, f.code, f.severity, f.start_s, f.end_s, f.evidence, f.advice)
                    for f in s.flags
                ],
            )

    @_reads
    def get_answer(self, answer_id: int) -> Answer:
        row = self.db.execute("SELECT * FROM answers WHERE id = ?", (answer_id,)).fetchone()
        if row is None:
            raise UserError(f"no answer {answer_id}")
        return self._answer_from_row(row)

    def _answer_from_row(self, row: sqlite3.Row) -> Answer:
        t = self.db.execute(
            "SELECT body FROM transcripts WHERE answer_id = ?", (row["id"],)
        ).fetchone()
        s = self.db.execute("SELECT body FROM scores WHERE answer_id = ?", (row["id"],)).fetchone()
        return Answer(
            id=row["id"],
            session_id=row["session_id"],
            position=row["position"],
            question=QuestionRef(
                id=row["question_id"], kind=row["question_kind"], text=row["question_text"]
            ),
            budget_s=row["budget_s"],
            status=row["status"],
            mode=row["mode"],
            audio_path=str(self.audio_path(row["audio_path"])) if row["audio_path"] else None,
            started_at=_dt(row["started_at"]),
            ended_at=_dt(row["ended_at"]),
            transcript=Transcript.model_validate_json(t["body"]) if t else None,
            score=Score.model_validate_json(s["body"]) if s else None,
            error=row["error"],
        )

    @_reads
    def history(
        self,
        *,
        question_id: str | None = None,
        kind: str | None = None,
        before_session: int | None = None,
    ) -> list[Answer]:
        """Earlier scored answers to the same question or of the same kind, oldest first."""
        clauses: list[str] = ["sc.answer_id IS NOT NULL"]
        args: list[str | int] = []
        if question_id is not None:
            clauses.append("a.question_id = ?")
            args.append(question_id)
        if kind is not None:
            clauses.append("a.question_kind = ?")
            args.append(kind)
        if before_session is not None:
            clauses.append("a.session_id < ?")
            args.append(before_session)
        rows = self.db.execute(
            f"""SELECT a.* FROM answers a LEFT JOIN scores sc ON sc.answer_id = a.id
                WHERE {" AND ".join(clauses)} ORDER BY a.session_id, a.position""",
            args,
        ).fetchall()
        return [self._answer_from_row(r) for r in rows]

    @_reads
    def recent_question_ids(self, limit: int = 50) -> list[str]:
        """Question ids asked most recently first (rounds avoid repeating them)."""
        rows = self.db.execute(
            """SELECT question_id FROM answers WHERE question_id IS NOT NULL
               ORDER BY session_id DESC, position DESC LIMIT ?""",
            (limit,),
        )
        return [r["question_id"] for r in rows]

    @_reads
    def flag_rates(self) -> list[dict[str, Any]]:
        """Per session: scored answers, mean scores and the count of each flag (for history)."""
        rows = self.db.execute(
            """SELECT s.id, s.started_at, a.question_kind AS kind, sc.overall, sc.structure, sc.pacing,
                      sc.content, (SELECT group_concat(code) FROM flags f WHERE f.answer_id = a.id) AS codes
               FROM sessions s JOIN answers a ON a.session_id = s.id JOIN scores sc ON sc.answer_id = a.id
               ORDER BY s.id, a.position"""
        ).fetchall()
        return [dict(r) for r in rows]


def _explain(exc: sqlite3.DatabaseError, path: Path) -> UserError:
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return UserError(
            f"{path} is locked by another process; close other interviewer windows and retry"
        )
    if "readonly" in msg or "read-only" in msg:
        return UserError(f"{path} is read-only; check the permissions of {path.parent}")
    if "disk is full" in msg or "full" in msg:
        return UserError(
            f"the disk holding {path} is full; free some space (nothing saved was lost)"
        )
    if "unable to open" in msg:
        return UserError(f"cannot open {path}; check that {path.parent} exists and is writable")
    if "not a database" in msg or "malformed" in msg:
        return UserError(f"{path} is not a valid interviewer database ({msg})")
    return UserError(f"database error in {path}: {msg}")
