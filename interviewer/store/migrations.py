"""Numbered schema migrations. Append a function; never edit one that has shipped.

The database's ``PRAGMA user_version`` is the number of migrations applied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one (``executescript`` would commit mid-migration)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _001_initial(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE sessions (
            id          INTEGER PRIMARY KEY,
            round_name  TEXT NOT NULL,
            title       TEXT NOT NULL DEFAULT '',
            status      TEXT NOT NULL DEFAULT 'active',
            started_at  TEXT NOT NULL,
            ended_at    TEXT,
            meta        TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE answers (
            id            INTEGER PRIMARY KEY,
            session_id    INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position      INTEGER NOT NULL,
            question_id   TEXT,
            question_kind TEXT NOT NULL,
            question_text TEXT NOT NULL,
            budget_s      REAL,
            status        TEXT NOT NULL,
            mode          TEXT NOT NULL DEFAULT 'voice',
            audio_path    TEXT,
            started_at    TEXT,
            ended_at      TEXT,
            error         TEXT,
            UNIQUE (session_id, position)
        );
        CREATE INDEX answers_question ON answers(question_id);
        CREATE TABLE transcripts (
            answer_id   INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
            duration_s  REAL NOT NULL,
            word_count  INTEGER NOT NULL,
            body        TEXT NOT NULL
        );
        CREATE TABLE scores (
            answer_id      INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
            scorer_version TEXT NOT NULL,
            structure      REAL NOT NULL,
            pacing         REAL NOT NULL,
            content        REAL NOT NULL,
            overall        REAL NOT NULL,
            body           TEXT NOT NULL
        );
        CREATE TABLE flags (
            id        INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
            code      TEXT NOT NULL,
            severity  TEXT NOT NULL,
            start_s   REAL,
            end_s     REAL,
            evidence  TEXT NOT NULL DEFAULT '',
            advice    TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX flags_answer ON flags(answer_id);
        CREATE INDEX flags_code ON flags(code);
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_001_initial]
