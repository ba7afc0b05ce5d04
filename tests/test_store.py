"""The SQLite store: round trips, queries, migrations, permissions, and what happens when the
database or the disk misbehaves (locked, read-only, full). Every failure must be one line and must
not lose what was stored before it.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from interviewer.errors import UserError
from interviewer.models import Answer, Flag, QuestionRef, Score, Scores, Transcript, Word
from interviewer.store import Store
from interviewer.store.migrations import MIGRATIONS

PYTHON = sys.executable
INTERVIEWER = Path(sys.executable).with_name("interviewer")


def make_transcript(
    text: str = "So my north star would be weekly retained listeners.",
) -> Transcript:
    words = [
        Word(text=w, start=0.5 + i * 0.4, end=0.8 + i * 0.4, probability=0.9)
        for i, w in enumerate(text.split())
    ]
    return Transcript(duration_s=words[-1].end + 1.0, words=words, meta={"model": "test"})


def make_score(
    qref: QuestionRef, overall: float = 3.5, codes: tuple[str, ...] = ("no_data",)
) -> Score:
    return Score(
        scorer_version="test-1",
        question=qref,
        duration_s=12.5,
        scores=Scores(structure=3, pacing=4, content=overall, overall=overall),
        metrics={"wpm": 151.2, "fillers_per_min": 1.5},
        flags=[
            Flag(
                code=code,  # type: ignore[arg-type]
                severity="medium",
                start_s=1.0,
                end_s=9.5,
                evidence="quoted words",
                advice="say what to do",
            )
            for code in codes
        ],
        reasons={"content": ["no numbers"]},
    )


def qref(qid: str = "metrics.fraud-alert-precision", kind: str = "metrics") -> QuestionRef:
    return QuestionRef(id=qid, kind=kind, text=f"The question {qid}?")  # type: ignore[arg-type]


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    with Store() as st:
        yield st


def add_scored(
    store: Store,
    session_id: int,
    position: int,
    ref: QuestionRef,
    overall: float,
    codes=("no_data",),
) -> Answer:
    answer = Answer(
        position=position,
        question=ref,
        budget_s=480,
        status="scored",
        mode="typed",
        started_at=datetime(2026, 1, 1, 10, position, tzinfo=UTC),
        ended_at=datetime(2026, 1, 1, 10, position + 1, tzinfo=UTC),
        transcript=make_transcript(),
        score=make_score(ref, overall, codes),
    )
    return store.add_answer(session_id, answer)


# ------------------------------------------------------------------ round trips


def test_session_with_answers_round_trips(store: Store) -> None:
    session = store.create_session("screen", "Morning practice", meta={"seed": 7})
    assert session.id is not None
    ref = qref()
    stored = add_scored(store, session.id, 0, ref, 3.5, codes=("no_data", "theory_ramble"))
    assert stored.id is not None and stored.session_id == session.id

    # A second answer recorded first, transcribed and scored later, as the round engine does.
    audio = store.new_audio_file(session.id, 1)
    audio.write_bytes(b"RIFF....WAVE")
    pending = store.add_answer(
        session.id,
        Answer(
            position=1,
            question=qref("behavioral.launch-rollback", "behavioral"),
            audio_path=str(audio),
        ),
    )
    transcript = make_transcript("I rolled back the launch within an hour.")
    store.update_answer(
        pending.model_copy(update={"status": "transcribed", "transcript": transcript})
    )
    score = make_score(pending.question, 2.0, codes=("generic_behavioral",))
    store.update_answer(
        pending.model_copy(update={"status": "scored", "transcript": transcript, "score": score})
    )
    store.finish_session(session.id)

    loaded = store.get_session(session.id)
    assert loaded.round_name == "screen"
    assert loaded.title == "Morning practice"
    assert loaded.meta == {"seed": 7}
    assert loaded.status == "completed"
    assert loaded.ended_at is not None and loaded.ended_at >= loaded.started_at
    first, second = loaded.answers
    assert first.question == ref
    assert first.transcript == make_transcript()
    assert first.score == make_score(ref, 3.5, codes=("no_data", "theory_ramble"))
    assert first.started_at == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
    assert first.mode == "typed" and first.budget_s == 480
    assert second.status == "scored"
    assert second.transcript == transcript
    assert second.score == score
    assert second.audio_path == str(audio)
    # Flags are also rows, replaced (not appended) when the answer is re-scored.
    codes = [
        r[0]
        for r in store.db.execute(
            "SELECT code FROM flags WHERE answer_id = ? ORDER BY id", (second.id,)
        )
    ]
    assert codes == ["generic_behavioral"]
    # The JSON written to the database is the public score format.
    body = store.db.execute("SELECT body FROM scores WHERE answer_id = ?", (first.id,)).fetchone()[
        0
    ]
    assert json.loads(body)["schema"] == "interviewer.score/1"


def test_audio_paths_are_relative_so_a_moved_home_still_finds_them(
    store: Store, home: Path, tmp_path: Path
) -> None:
    session = store.create_session("screen")
    audio = store.new_audio_file(session.id, 0)
    audio.write_bytes(b"RIFF")
    store.add_answer(session.id, Answer(position=0, question=qref(), audio_path=str(audio)))
    raw = store.db.execute("SELECT audio_path FROM answers").fetchone()[0]
    assert raw == "audio/session-00001/answer-01.wav"
    store.close()
    moved = tmp_path / "moved"
    shutil.copytree(home, moved)
    with Store(moved / "interviewer.db") as st:
        (answer,) = st.get_session(session.id).answers
        assert answer.audio_path == str(moved / "audio/session-00001/answer-01.wav")
        assert Path(answer.audio_path).read_bytes() == b"RIFF"


def test_latest_and_id_resolution(store: Store) -> None:
    with pytest.raises(UserError, match="no sessions yet"):
        store.resolve_id("latest")
    first = store.create_session("screen")
    second = store.create_session("behavioral")
    assert store.resolve_id("latest") == second.id
    assert store.resolve_id("LATEST") == second.id
    assert store.get_session("latest").round_name == "behavioral"
    assert store.resolve_id(str(first.id)) == first.id
    with pytest.raises(UserError, match="no session 99"):
        store.resolve_id("99")
    with pytest.raises(UserError, match="number or 'latest'"):
        store.resolve_id("yesterday")


def test_listing_counts_answers_scores_and_means(store: Store) -> None:
    a = store.create_session("screen")
    add_scored(store, a.id, 0, qref("metrics.a"), 4.0)
    add_scored(store, a.id, 1, qref("metrics.b"), 2.0)
    store.add_answer(a.id, Answer(position=2, question=qref("behavioral.c", "behavioral")))
    store.finish_session(a.id)
    b = store.create_session("behavioral")

    rows = store.list_sessions()
    assert [r.id for r in rows] == [b.id, a.id]  # newest first
    newest, oldest = rows
    assert (newest.answers, newest.scored, newest.overall) == (0, 0, None)
    assert (oldest.answers, oldest.scored, oldest.overall) == (3, 2, 3.0)
    assert oldest.status == "completed"
    assert [r.id for r in store.list_sessions(limit=1)] == [b.id]
    assert store.unfinished_sessions() == [newest]
    as_dict = oldest.to_dict()
    assert as_dict["round"] == "screen" and as_dict["overall"] == 3.0
    json.dumps(as_dict)  # JSON-ready for `sessions list --json`


def test_history_queries(store: Store) -> None:
    s1 = store.create_session("screen")
    add_scored(store, s1.id, 0, qref("metrics.a"), 2.0)
    add_scored(store, s1.id, 1, qref("behavioral.b", "behavioral"), 3.0, codes=())
    s2 = store.create_session("screen")
    add_scored(store, s2.id, 0, qref("metrics.a"), 4.0, codes=("no_data", "no_summary"))
    store.add_answer(s2.id, Answer(position=1, question=qref("metrics.c")))  # unscored

    same_question = store.history(question_id="metrics.a")
    assert [a.score.scores.overall for a in same_question] == [2.0, 4.0]  # oldest first
    assert [a.session_id for a in store.history(kind="metrics")] == [s1.id, s2.id]
    earlier = store.history(question_id="metrics.a", before_session=s2.id)
    assert [a.session_id for a in earlier] == [s1.id]
    assert store.history(kind="data_analysis") == []

    assert store.recent_question_ids() == ["metrics.c", "metrics.a", "behavioral.b", "metrics.a"]
    assert store.recent_question_ids(limit=2) == ["metrics.c", "metrics.a"]

    rates = store.flag_rates()
    assert len(rates) == 3
    last = rates[-1]
    assert last["id"] == s2.id and last["overall"] == 4.0
    assert sorted(last["codes"].split(",")) == ["no_data", "no_summary"]
    assert rates[1]["codes"] is None


def test_delete_session_removes_rows_and_audio(store: Store, home: Path) -> None:
    keep = store.create_session("screen")
    add_scored(store, keep.id, 0, qref(), 3.0)
    gone = store.create_session("screen")
    audio = store.new_audio_file(gone.id, 0)
    audio.write_bytes(b"RIFF")
    sidecar = audio.with_name(audio.name + ".levels.json")
    sidecar.write_text("[]")
    answer = add_scored(store, gone.id, 0, qref(), 2.0)
    store.update_answer(answer.model_copy(update={"audio_path": str(audio)}))

    assert store.delete_session(gone.id) == gone.id
    assert not audio.exists() and not sidecar.exists()
    assert not audio.parent.exists()
    assert [s.id for s in store.list_sessions()] == [keep.id]
    for table in ("answers", "transcripts", "scores", "flags"):
        (n,) = store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        assert n == 1, table
    with pytest.raises(UserError, match=f"no session {gone.id}"):
        store.delete_session(gone.id)


def test_delete_session_never_touches_files_outside_the_home(store: Store, tmp_path: Path) -> None:
    mine = tmp_path / "my-own-recording.wav"
    mine.write_bytes(b"RIFF")
    session = store.create_session("screen")
    store.add_answer(session.id, Answer(position=0, question=qref(), audio_path=str(mine)))
    stray = store.new_audio_file(session.id, 1).with_suffix(".partial")
    stray.write_bytes(b"left by a crash")
    store.delete_session(session.id)
    assert mine.read_bytes() == b"RIFF"
    assert not stray.exists() and not stray.parent.exists()


# ------------------------------------------------------------------ migrations


def test_fresh_database_is_at_the_latest_schema(store: Store) -> None:
    assert store.schema_version == len(MIGRATIONS)
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sessions", "answers", "transcripts", "scores", "flags"} <= tables
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_v0_file_is_migrated(home: Path) -> None:
    path = home / "interviewer.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE scratch (x)")  # a v0 file: a database with no interviewer schema yet
    db.commit()
    db.close()
    assert _user_version(path) == 0
    with Store(path) as st:
        assert st.schema_version == len(MIGRATIONS)
        session = st.create_session("screen")
    # Reopening applies nothing twice and keeps the data.
    with Store(path) as st:
        assert st.schema_version == len(MIGRATIONS)
        assert st.get_session(session.id).round_name == "screen"
    assert _user_version(path) == len(MIGRATIONS)


def test_failed_migration_leaves_the_file_untouched(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = home / "interviewer.db"
    sqlite3.connect(path).close()

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("simulated failure")

    monkeypatch.setattr("interviewer.store.db.MIGRATIONS", [broken])
    with pytest.raises(UserError, match="simulated failure"):
        Store(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0


def test_newer_schema_gives_a_clear_error(home: Path) -> None:
    path = home / "interviewer.db"
    with Store(path) as st:
        st.create_session("screen")
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(UserError) as info:
        Store(path)
    message = str(info.value)
    assert "newer interviewer" in message and "upgrade" in message and str(path) in message
    assert "\n" not in message
    # Nothing was changed by the refused open.
    assert _user_version(path) == len(MIGRATIONS) + 1
    result = _cli(["sessions", "list"], home)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "newer interviewer" in result.stderr


def test_a_file_that_is_not_a_database(home: Path) -> None:
    (home / "interviewer.db").write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(UserError, match="not a valid interviewer database"):
        Store()


# ------------------------------------------------------------------ permissions and failures


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_database_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "deep" / "home"
    monkeypatch.setenv("INTERVIEWER_HOME", str(home))
    old = os.umask(0o022)
    try:
        with Store() as st:
            session = st.create_session("screen")
            audio = st.new_audio_file(session.id, 0)
    finally:
        os.umask(old)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "interviewer.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(audio.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(audio.parent.parent.stat().st_mode) == 0o700
    # A home made too open is tightened again on the next open.
    home.chmod(0o755)
    Store().close()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


def test_locked_database_gives_one_line(store: Store) -> None:
    first = store.create_session("screen")
    other = sqlite3.connect(store.path, isolation_level=None, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(UserError) as info:
            store.create_session("behavioral")
        assert time.monotonic() - started < 30
        message = str(info.value)
        assert "locked" in message and str(store.path) in message and "\n" not in message
        with pytest.raises(UserError, match="locked"):
            store.delete_session(first.id)
    finally:
        other.execute("ROLLBACK")
        other.close()
    # Released: the same store works again and lost nothing.
    assert [s.id for s in store.list_sessions()] == [first.id]
    store.create_session("behavioral")
    assert len(store.list_sessions()) == 2


def test_full_disk_gives_one_line_and_keeps_earlier_rows(store: Store) -> None:
    session = store.create_session("screen")
    kept = add_scored(store, session.id, 0, qref(), 3.0)
    (pages,) = store.db.execute("PRAGMA page_count").fetchone()
    # The file may grow by a couple of pages, then SQLite reports SQLITE_FULL.
    store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = make_transcript(" ".join(["word"] * 20000))
    with pytest.raises(UserError) as info:
        for position in range(1, 50):
            store.add_answer(
                session.id,
                Answer(position=position, question=qref(), transcript=big, status="transcribed"),
            )
    message = str(info.value)
    assert "full" in message and "\n" not in message
    assert not store.db.in_transaction
    # The failed answer is not half-written, and the earlier rows are intact.
    loaded = store.get_session(session.id)
    assert all(a.transcript is not None for a in loaded.answers)
    assert loaded.answers[0].score == kept.score
    (orphans,) = store.db.execute(
        "SELECT COUNT(*) FROM answers a LEFT JOIN transcripts t ON t.answer_id = a.id "
        "WHERE t.answer_id IS NULL"
    ).fetchone()
    assert orphans == 0
    # Space freed: writing works again.
    store.db.execute("PRAGMA max_page_count = 1073741823")
    store.finish_session(session.id)
    assert store.get_session(session.id).status == "completed"


def test_read_only_home_gives_one_line_and_loses_nothing(home: Path) -> None:
    with Store() as st:
        session = st.create_session("screen", "kept")
        add_scored(st, session.id, 0, qref(), 3.0)
    before = _dump(home / "interviewer.db")

    script = (
        "from interviewer.store import Store\n"
        "from interviewer.errors import UserError\n"
        "try:\n"
        "    st = Store()\n"
        "    st.create_session('behavioral')\n"
        "except UserError as exc:\n"
        "    print('USERERROR', exc)\n"
        "else:\n"
        "    print('WROTE')\n"
    )
    for result in (
        _run_read_only(home, [PYTHON, "-c", script]),
        _run_read_only(home, [str(INTERVIEWER), "sessions", "list"]),
    ):
        out = result.stdout + result.stderr
        assert "Traceback" not in out, out
        assert "WROTE" not in out
        if result.args[0] == PYTHON:
            assert result.stdout.startswith("USERERROR"), out
            assert result.stdout.count("\n") == 1
        else:
            # Listing may work read-only; if it cannot, it says why in one line.
            assert result.returncode in (0, 1), out
            if result.returncode == 1:
                assert result.stderr.count("\n") == 1 and str(home) in result.stderr
    assert _dump(home / "interviewer.db") == before
    with Store() as st:
        assert [s.title for s in st.list_sessions()] == ["kept"]


# ------------------------------------------------------------------ helpers


def _user_version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def _dump(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def _cli(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEWER_HOME": str(home)}
    return subprocess.run(
        [str(INTERVIEWER), *args], capture_output=True, text=True, env=env, timeout=60
    )


def _run_read_only(home: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` with ``home`` read-only.

    As root, permissions do not bind, so the home is bind-mounted read-only in a private mount
    namespace (unshare); otherwise the files are made read-only with chmod.
    """
    env = {**os.environ, "INTERVIEWER_HOME": str(home)}
    if os.geteuid() != 0:
        files = [p for p in home.iterdir() if p.is_file()]
        for p in files:
            p.chmod(0o400)
        home.chmod(0o500)
        try:
            result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
        finally:
            home.chmod(0o700)
            for p in files:
                p.chmod(0o600)
        return result
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: cannot make a read-only home")
    quoted = " ".join(shlex.quote(a) for a in argv)
    target = shlex.quote(str(home))
    shell = f"mount --bind -o ro {target} {target} && exec {quoted}"
    result = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", shell],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    if "mount" in result.stderr and "denied" in result.stderr:
        pytest.skip("cannot bind-mount read-only here")
    result.args = argv
    return result
