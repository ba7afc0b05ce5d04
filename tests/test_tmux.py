"""The real app in a real terminal (tmux): a typed round, and a voice round through a virtual
microphone with the fixture Whisper model, each reaching the debrief, history and replay."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "interviewer"

pytestmark = [pytest.mark.tmux, pytest.mark.slow]

BANK = """
[[question]]
id = "tm-one"
kind = "metrics"
text = "How would you measure the success of smart replies in a messaging app?"
budget_s = 300
elements = ["goal", "metric"]

[[question]]
id = "tm-two"
kind = "behavioral"
text = "Tell me about a time you shipped with incomplete data."
budget_s = 180
elements = ["situation", "action", "result"]

[[round]]
name = "tm"
title = "Tmux round"
sections = [{ name = "all", questions = ["tm-one", "tm-two"] }]

[[round]]
name = "tm1"
title = "Tmux voice round"
sections = [{ name = "all", questions = ["tm-one"] }]
"""


class Tmux:
    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"itv-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.session = "app"

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            env=self.env,
        ).stdout

    def start(self, command: str) -> None:
        # The shell stays after the app exits so a crash's traceback can be read.
        self.run(
            "new-session", "-d", "-s", self.session, "-x", "120", "-y", "40", f"{command}; sleep 60"
        )

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def screen(self) -> str:
        return self.run("capture-pane", "-t", self.session, "-p")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def kill(self) -> None:
        where = subprocess.run(
            ["tmux", "-L", self.socket, "display-message", "-p", "#{socket_path}"],
            capture_output=True,
            text=True,
            env=self.env,
        ).stdout.strip()
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, env=self.env
        )
        if where:  # tmux leaves its socket file behind
            Path(where).unlink(missing_ok=True)


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "bank.toml"
    path.write_text(BANK)
    return path


@pytest.fixture
def tmux_env(home: Path) -> dict[str, str]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    return {
        **os.environ,
        "INTERVIEWER_HOME": str(home),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }


@pytest.fixture
def tmux(tmux_env: dict[str, str]) -> Iterator[Tmux]:
    t = Tmux(tmux_env)
    yield t
    t.kill()


def _sessions(home: Path) -> list[tuple]:
    db = sqlite3.connect(home / "interviewer.db")
    try:
        return db.execute(
            "SELECT s.id, s.status, a.position, a.mode, a.status FROM sessions s JOIN answers a ON a.session_id = s.id "
            "ORDER BY a.position"
        ).fetchall()
    finally:
        db.close()


def _descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid``, with its command line (from /proc)."""
    out: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        children = Path(f"/proc/{parent}/task/{parent}/children")
        try:
            kids = [int(k) for k in children.read_text().split()]
        except OSError:
            continue
        for kid in kids:
            try:
                out[kid] = Path(f"/proc/{kid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            todo.append(kid)
    return out


def _model_processes(tmux: Tmux) -> dict[int, str]:
    pane = int(tmux.run("display-message", "-p", "-t", tmux.session, "#{pane_pid}").strip())
    return {p: c for p, c in _descendants(pane).items() if "multiprocessing" in c}


def _check_history_and_replay(tmux: Tmux) -> None:
    tmux.keys("h")
    tmux.wait_for("Flag rates")
    tmux.wait_for("1 sessions")
    tmux.keys("Escape")
    tmux.wait_for("Debrief · session 1")
    tmux.keys("r")
    tmux.wait_for("Replay · session 1")
    tmux.wait_for("Answer 1 of")
    tmux.keys("Escape")
    tmux.wait_for("Debrief · session 1")
    tmux.keys("C-q")


def test_typed_round_in_tmux_reaches_the_debrief(tmux: Tmux, bank_file: Path, home: Path) -> None:
    tmux.start(f"{EXE} practice --typed --no-voice --round tm --bank {bank_file}")
    tmux.wait_for("Pre-flight")
    tmux.wait_for("typed, because typed answers were asked for")
    tmux.keys("Enter")
    tmux.wait_for("Question 1 of 2")
    tmux.wait_for("Type your answer")
    tmux.keys(
        "Let me structure this: the goal, the metric, the guardrails. Reply time is 40 s today.",
        literal=True,
    )
    tmux.wait_for("words  16")
    tmux.keys("C-s")
    tmux.wait_for("Question 2 of 2")
    tmux.wait_for("Answer 1 scored")
    tmux.keys("F4")  # skip the last question
    tmux.wait_for("Debrief · session 1")
    screen = tmux.wait_for("Let me structure this", timeout=30)
    assert "overall" in screen
    _check_history_and_replay(tmux)
    rows = _sessions(home)
    assert [(r[3], r[4]) for r in rows] == [("typed", "scored"), ("typed", "skipped")]
    assert rows[0][1] == "completed"


@pytest.mark.pulse
def test_voice_round_in_tmux_with_the_virtual_microphone(
    tmux: Tmux, bank_file: Path, home: Path, pulse, whisper_model: Path, speech
) -> None:
    tmux.env = {
        **tmux.env,
        **pulse.env,
        "INTERVIEWER_AUDIO_INPUT_DEVICE": "pulse",
        "INTERVIEWER_AUDIO_OUTPUT_DEVICE": "pulse",
    }
    tmux.start(f"{EXE} practice --round tm1 --bank {bank_file} --model {whisper_model}")
    tmux.wait_for("Pre-flight")
    tmux.wait_for("spoken: recorded and transcribed")
    tmux.wait_for("loaded", timeout=60)
    tmux.keys("Enter")
    tmux.wait_for("Question 1 of 1")
    tmux.wait_for("Recording your answer", timeout=60)  # after the question has been spoken
    feeder = pulse.feed(speech.audio())
    try:
        assert feeder.wait_audio(timeout=60)
        time.sleep(0.5)
        tmux.keys("Space")
        tmux.wait_for("Debrief · session 1", timeout=120)
    finally:
        feeder.stop()
    tmux.wait_for("Transcript")  # the debrief is built in a worker
    # The model ran in a child process of the app, so the interface never waited on it ...
    assert len([c for c in _model_processes(tmux).values() if "spawn_main" in c]) == 1
    _check_history_and_replay(tmux)
    # ... and quitting the app stops that child (and multiprocessing's resource tracker).
    deadline = time.monotonic() + 10
    while _model_processes(tmux) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _model_processes(tmux) == {}
    rows = _sessions(home)
    assert [(r[3], r[4]) for r in rows] == [("voice", "scored")]
    db = sqlite3.connect(home / "interviewer.db")
    (audio_path, duration) = db.execute(
        "SELECT a.audio_path, t.duration_s FROM answers a JOIN transcripts t ON t.answer_id = a.id"
    ).fetchone()
    db.close()
    assert (home / audio_path).stat().st_size > 16000 * 2 * 5  # several seconds of 16-bit audio
    assert duration >= speech.duration_s - 1.0
