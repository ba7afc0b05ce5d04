"""``interviewer export``, ``interviewer plan`` and ``interviewer sessions history`` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_report_sessions import build_sessions

from interviewer.cli import main
from interviewer.store import Store


@pytest.fixture
def sessions() -> int:
    with Store() as st:
        return build_sessions(st)


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_export_writes_a_descriptive_default_name(
    sessions: int, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "latest", "--format", "html"]) == 0
    target = cwd / "interviewer-session-0003-2026-11-26.html"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"Wrote {target}" in capsys.readouterr().err
    assert [p.name for p in cwd.iterdir()] == [target.name]  # no temporary file left behind


def test_export_refuses_to_overwrite_without_force(
    sessions: int, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = cwd / "notes.md"
    target.write_text("my own notes\n")
    assert main(["export", "3", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists; use --force" in err
    assert target.read_text() == "my own notes\n"
    assert main(["export", "3", "-o", str(target), "--force"]) == 0
    assert target.read_text().startswith("# Interview debrief")


def test_format_from_extension_and_folder_output(sessions: int, cwd: Path) -> None:
    assert main(["export", "2", "-o", "two.json"]) == 0
    assert json.loads((cwd / "two.json").read_text())["session"]["id"] == 2
    out = cwd / "exports"
    out.mkdir()
    assert main(["export", "1", "-f", "vtt", "-o", str(out)]) == 0
    assert (out / "interviewer-session-0001-2026-11-20.vtt").read_text().startswith("WEBVTT")
    assert main(["export", "1", "-f", "srt", "-o", str(out), "--redact"]) == 0
    assert (out / "interviewer-session-0001-2026-11-20-redacted.srt").exists()


def test_export_to_stdout(sessions: int, cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "3", "-f", "srt", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1\n00:00:00,500 --> ")
    assert list(cwd.iterdir()) == []


def test_export_redact_removes_names(
    sessions: int, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "3", "-f", "md", "-o", "-", "--redact"]) == 0
    out = capsys.readouterr().out
    assert "Sarah" not in out and "Acme" not in out and "[PERSON]" in out and "[COMPANY]" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "42", "-f", "md"], "no session 42"),
        (["export", "first", "-f", "md"], "must be a number or 'latest'"),
        (["export", "3", "-o", "/nonexistent-folder/x.md"], "no such folder"),
        (["plan", "--days", "0"], "a plan runs 1 to 365 days"),
    ],
)
def test_bad_input_is_one_line_exit_1(
    sessions: int, cwd: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_subtitles_of_a_session_without_words_is_a_clear_error(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store() as st:
        sid = st.create_session("screen").id
    assert main(["export", str(sid), "-f", "srt"]) == 1
    assert "no transcribed answers" in capsys.readouterr().err
    assert list(cwd.iterdir()) == []
    assert main(["export", str(sid), "-f", "md"]) == 0


def test_latest_with_no_sessions_is_a_clear_error(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "latest"]) == 1
    assert "no sessions yet" in capsys.readouterr().err


def test_bad_format_is_usage_error(sessions: int, cwd: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "3", "--format", "pdf"])
    assert exc.value.code == 2


def test_plan_command(sessions: int, cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--days", "10"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 10-day practice plan") and "| 10 |" in out and "| 11 |" not in out
    assert main(["plan", "--format", "json", "-o", "plan.json"]) == 0
    data = json.loads((cwd / "plan.json").read_text())
    assert data["schema"] == "interviewer.plan/1" and len(data["schedule"]) == 30


def test_sessions_history(sessions: int, cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sessions", "history"]) == 0
    out = capsys.readouterr().out
    assert "Progress over 3 sessions, 5 scored answers" in out
    assert "Behavioral" in out and "3.0 -> 4.2 (+1.2)" in out and "Theory ramble" in out
    assert main(["sessions", "history", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["session_id"] for s in data["sessions"]] == [1, 2, 3]


def test_sessions_history_empty(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sessions", "history"]) == 0
    assert "No scored answers yet" in capsys.readouterr().out


def test_console_script_exit_code_and_stdout(sessions: int, cwd: Path) -> None:
    exe = Path(sys.executable).with_name("interviewer")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "interviewer"]
    ok = subprocess.run(
        [*cmd, "export", "latest", "-f", "json", "-o", "-"], capture_output=True, text=True
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["session"]["id"] == 3
    bad = subprocess.run([*cmd, "export", "99"], capture_output=True, text=True)
    assert (
        bad.returncode == 1
        and bad.stderr.strip()
        == "interviewer: error: no session 99 (see: interviewer sessions list)"
    )
