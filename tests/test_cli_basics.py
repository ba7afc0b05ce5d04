"""The real console script, run in subprocesses: help, usage errors, one-line user errors,
``--debug`` tracebacks, a broken settings file, and the privacy actions ``sessions delete`` and
``sessions purge``.
"""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.models import Answer, QuestionRef
from interviewer.store import Store

INTERVIEWER = Path(sys.executable).with_name("interviewer")


def run(
    *args: str, home: Path | None = None, stdin: str | None = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    if home is not None:
        full_env["INTERVIEWER_HOME"] = str(home)
    return subprocess.run(
        [str(INTERVIEWER), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=full_env,
    )


def run_on_terminal(*args: str, reply: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run with stdin on a pseudo-terminal, typing ``reply`` at the confirmation prompt."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [str(INTERVIEWER), *args],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "INTERVIEWER_HOME": str(home)},
        )
        os.close(slave)
        slave = -1
        os.write(master, reply.encode())
        out, err = proc.communicate(timeout=60)
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("interviewer: error: ") or lines[0].startswith("interviewer: ")
    return lines[0]


# ------------------------------------------------------------------ basics


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0, result.stderr
    for command in ("practice", "score", "sessions", "export", "bank", "models", "doctor"):
        assert command in result.stdout
    assert "INTERVIEWER_HOME" in result.stdout
    module = subprocess.run(
        [sys.executable, "-m", "interviewer", "--help"], capture_output=True, text=True, timeout=60
    )
    assert module.returncode == 0, module.stderr
    assert module.stdout == result.stdout


def test_subcommand_help_and_version() -> None:
    result = run("sessions", "--help")
    assert result.returncode == 0
    for action in ("list", "delete", "purge"):
        assert action in result.stdout
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("interviewer ")


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["sessions", "frobnicate"],
        ["sessions"],
        ["sessions", "list", "--limit", "many"],
        ["--no-such-option"],
    ],
)
def test_bad_usage_exits_2_with_usage(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2, result
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_empty_home_lists_no_sessions(tmp_path: Path) -> None:
    home = tmp_path / "empty"
    home.mkdir()
    result = run("sessions", "list", "--json", home=home)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    text = run("sessions", "list", home=home)
    assert text.returncode == 0 and "No sessions yet" in text.stdout


def test_sessions_list_json_shows_stored_sessions(home: Path) -> None:
    with Store() as st:
        first = st.create_session("screen", "one")
        st.finish_session(first.id)
        st.create_session("behavioral", "two")
    result = run("sessions", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["round"], r["title"], r["status"]) for r in rows] == [
        ("behavioral", "two", "active"),
        ("screen", "one", "completed"),
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["sessions", "delete", "42", "--yes"], "no session 42"),
        (["sessions", "delete", "yesterday", "--yes"], "number or 'latest'"),
        (["bank", "list", "--kind", "poetry"], "unknown kind 'poetry'"),
        (["bank", "validate", "/no/such/file.toml"], "no such file"),
    ],
)
def test_user_errors_are_one_line_without_traceback(args: list[str], expected: str) -> None:
    line = one_line_error(run(*args))
    assert expected in line
    assert run(*args).stdout == ""


def test_debug_shows_the_traceback() -> None:
    for args in (
        ["--debug", "sessions", "delete", "42", "--yes"],
        ["sessions", "delete", "42", "--yes", "--debug"],
    ):
        result = run(*args)
        assert result.returncode != 0
        assert "Traceback (most recent call last)" in result.stderr
        assert "UserError: no session 42" in result.stderr


def test_malformed_settings_file_is_one_line(home: Path) -> None:
    config = home / "config.toml"
    config.write_text("[tts\nrate = 200\n")
    line = one_line_error(run("bank", "list"))
    assert str(config) in line and "invalid TOML" in line
    config.write_text('[tts]\nrate = "fast"\n')
    line = one_line_error(run("bank", "list"))
    assert "tts.rate" in line
    config.write_text("[tts]\nspeed = 2\n")
    line = one_line_error(run("bank", "list"))
    assert "tts.speed" in line
    explicit = home / "other.toml"
    explicit.write_text("not toml at all =")
    line = one_line_error(run("bank", "list", env={"INTERVIEWER_CONFIG": str(explicit)}))
    assert str(explicit) in line


def test_broken_database_is_one_line(home: Path) -> None:
    (home / "interviewer.db").write_bytes(b"\x00garbage" * 500)
    line = one_line_error(run("sessions", "list"))
    assert "not a valid interviewer database" in line


def test_unwritable_home_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    line = one_line_error(run("sessions", "list", home=blocker / "home"))
    assert str(blocker / "home") in line


# ------------------------------------------------------------------ privacy: sessions delete


def _session_with_audio(store: Store, round_name: str = "screen") -> tuple[int, Path]:
    session = store.create_session(round_name)
    audio = store.new_audio_file(session.id, 0)
    audio.write_bytes(b"RIFF" + b"\0" * 100)
    store.add_answer(
        session.id,
        Answer(
            position=0,
            question=QuestionRef(id="metrics.x", kind="metrics", text="How would you measure it?"),
            audio_path=str(audio),
            status="recorded",
        ),
    )
    return session.id, audio


def _session_ids() -> list[int]:
    with Store() as st:
        return [s.id for s in st.list_sessions()]


def test_delete_with_yes_removes_session_rows_and_audio(home: Path) -> None:
    with Store() as st:
        keep, keep_audio = _session_with_audio(st)
        gone, gone_audio = _session_with_audio(st)
    result = run("sessions", "delete", str(gone), "--yes")
    assert result.returncode == 0, result.stderr
    assert f"Deleted session {gone}" in result.stdout
    assert "1 answer, 1 recording" in result.stdout
    assert _session_ids() == [keep]
    assert not gone_audio.exists() and not gone_audio.parent.exists()
    assert keep_audio.exists()
    db = sqlite3.connect(home / "interviewer.db")
    assert db.execute("SELECT COUNT(*) FROM answers WHERE session_id = ?", (gone,)).fetchone() == (
        0,
    )


def test_delete_latest(home: Path) -> None:
    with Store() as st:
        first, _ = _session_with_audio(st)
        _session_with_audio(st)
    assert run("sessions", "delete", "latest", "-y").returncode == 0
    assert _session_ids() == [first]


def test_delete_without_a_terminal_needs_yes(home: Path) -> None:
    with Store() as st:
        sid, audio = _session_with_audio(st)
    line = one_line_error(run("sessions", "delete", str(sid), stdin="y\n"))
    assert "--yes" in line
    assert _session_ids() == [sid] and audio.exists()


@pytest.mark.parametrize(
    ("reply", "deleted"), [("y\n", True), ("yes\n", True), ("n\n", False), ("\n", False)]
)
def test_delete_asks_on_a_terminal(home: Path, reply: str, deleted: bool) -> None:
    with Store() as st:
        sid, audio = _session_with_audio(st)
    result = run_on_terminal("sessions", "delete", str(sid), reply=reply, home=home)
    assert "[y/N]" in result.stdout
    assert f"Delete session {sid} (screen" in result.stdout
    if deleted:
        assert result.returncode == 0, result.stderr
        assert _session_ids() == [] and not audio.exists()
    else:
        assert result.returncode == 1
        assert "cancelled; nothing was deleted" in result.stderr
        assert _session_ids() == [sid] and audio.exists()


# ------------------------------------------------------------------ privacy: sessions purge


def _populated_home(home: Path) -> dict[str, Path]:
    with Store() as st:
        _session_with_audio(st)
        _session_with_audio(st, "behavioral")
    tts = home / "cache" / "tts"
    tts.mkdir(parents=True)
    (tts / "q.wav").write_bytes(b"RIFF")
    model = home / "models" / "tiny.en"
    model.mkdir(parents=True)
    (model / "model.bin").write_bytes(b"weights")
    config = home / "config.toml"
    config.write_text('[ui]\ndefault_round = "behavioral"\n')
    return {"tts": tts, "model": model, "config": config}


def test_purge_deletes_data_and_keeps_models_and_settings(home: Path) -> None:
    made = _populated_home(home)
    result = run("sessions", "purge", "--yes")
    assert result.returncode == 0, result.stderr
    assert "the database: 2 sessions" in result.stdout
    assert "recorded answers" in result.stdout
    assert "keeping downloaded models" in result.stdout
    assert sorted(p.name for p in home.iterdir()) == ["config.toml", "models"]
    assert (made["model"] / "model.bin").read_bytes() == b"weights"
    assert "default_round" in made["config"].read_text()
    listing = run("sessions", "list", "--json")
    assert listing.returncode == 0 and json.loads(listing.stdout) == []
    again = run("sessions", "purge", "--yes")
    assert again.returncode == 0
    assert "interviewer.db" in again.stdout  # the empty database the listing just created


def test_purge_models_too(home: Path) -> None:
    _populated_home(home)
    result = run("sessions", "purge", "--yes", "--models")
    assert result.returncode == 0, result.stderr
    assert "downloaded Whisper models" in result.stdout
    assert [p.name for p in home.iterdir()] == ["config.toml"]


def test_purge_asks_on_a_terminal(home: Path) -> None:
    _populated_home(home)
    no = run_on_terminal("sessions", "purge", reply="n\n", home=home)
    assert no.returncode == 1 and "nothing was deleted" in no.stderr
    assert (home / "interviewer.db").exists() and (home / "audio").exists()
    yes = run_on_terminal("sessions", "purge", reply="y\n", home=home)
    assert yes.returncode == 0, yes.stderr
    assert not (home / "interviewer.db").exists() and not (home / "audio").exists()


def test_purge_without_a_terminal_needs_yes(home: Path) -> None:
    _populated_home(home)
    line = one_line_error(run("sessions", "purge", stdin="y\n"))
    assert "--yes" in line
    assert _session_ids() != []


def test_purge_refuses_while_another_process_writes(home: Path) -> None:
    _populated_home(home)
    other = sqlite3.connect(home / "interviewer.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        line = one_line_error(run("sessions", "purge", "--yes"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "in use" in line and "nothing deleted" in line
    assert len(_session_ids()) == 2 and (home / "audio").exists()


def test_purge_refuses_a_folder_that_is_not_an_interviewer_home(tmp_path: Path) -> None:
    home = tmp_path / "documents"
    home.mkdir()
    (home / "thesis.docx").write_text("precious")
    line = one_line_error(run("sessions", "purge", "--yes", home=home))
    assert "refusing to purge" in line and "thesis.docx" in line
    assert (home / "thesis.docx").read_text() == "precious"


def test_purge_of_an_empty_home(tmp_path: Path) -> None:
    result = run("sessions", "purge", "--yes", home=tmp_path / "never-used")
    assert result.returncode == 0
    assert "Nothing to delete" in result.stdout
