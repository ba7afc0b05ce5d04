"""Crash recovery: a round killed at each stage loses nothing saved before it, and finishes later.

The kill tests run the real headless round in a subprocess with the fixture Whisper model and
espeak-ng speech, kill it with SIGKILL while answer 2 is being recorded, transcribed or scored,
then run ``interviewer sessions recover`` and compare the database before and after.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest
from round_fakes import fake_score, questions

from interviewer.models import Answer, QuestionRef, Transcript, Word
from interviewer.recovery import question_for, recover_session
from interviewer.round import FAULT_ENV
from interviewer.store import Store

REPO = Path(__file__).resolve().parent.parent
FIRST = "So the goal is faster replies. I would track reply time, forty seconds today, and target thirty."


def _wav(path: Path, seconds: float, *, truncate_header: bool = False) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x10\x00" * int(seconds * 16000))
    if truncate_header:  # what a crash leaves: the data size in the header still says 0
        with open(path, "r+b") as f:
            f.seek(40)
            f.write(struct.pack("<I", 0))


def _transcript(n: int = 12) -> Transcript:
    return Transcript(
        duration_s=n * 0.5 + 1,
        words=[Word(text=f"w{i}", start=0.5 * i, end=0.5 * i + 0.4) for i in range(n)],
    )


def test_recover_session_finishes_each_stage_and_leaves_scored_answers_alone(
    tmp_path: Path,
) -> None:
    store = Store()
    qs = questions(4)
    session = store.create_session(
        "mini", "Mini", meta={"questions": [q.id for q in qs] + ["never-asked"]}
    )
    sid = session.id

    def add(pos: int, status: str, **kw) -> Answer:
        return store.add_answer(
            sid,
            Answer(
                position=pos, question=QuestionRef.of(qs[pos]), budget_s=240, status=status, **kw
            ),
        )

    t0 = _transcript()
    add(0, "scored", mode="typed", transcript=t0, score=fake_score(t0, qs[0], 240))
    cut = store.new_audio_file(sid, 1)
    _wav(cut, 2.0, truncate_header=True)
    add(1, "recording", audio_path=str(cut))
    done = store.new_audio_file(sid, 2)
    _wav(done, 3.0)
    add(2, "recorded", audio_path=str(done))
    add(3, "transcribed", transcript=_transcript(3))
    before = store.get_session(sid).answers[0]

    transcribed: list[Path] = []

    def transcribe(path: Path) -> Transcript:
        with wave.open(str(path)) as w:  # fails if the header was not repaired
            frames = w.getnframes()
        transcribed.append(path)
        return _transcript(int(frames / 16000 * 3))

    report = recover_session(store, sid, scorer=fake_score, transcribe=transcribe)
    assert report.kept == [0] and report.recovered == [1, 2, 3] and report.failed == {}
    assert report.remaining == ["never-asked"] and report.finished
    assert [p.name for p in transcribed] == ["answer-02.wav", "answer-03.wav"]
    after = store.get_session(sid)
    assert after.status == "completed"
    assert [a.status for a in after.answers] == ["scored"] * 4
    assert after.answers[0] == before  # untouched, byte for byte
    assert len(after.answers[1].transcript.words) == 6  # 2 s of repaired audio -> 6 fake words


def test_recovery_without_a_model_keeps_the_audio_for_later_and_explains_failures(
    tmp_path: Path,
) -> None:
    store = Store()
    qs = questions(3)
    sid = store.create_session("mini").id
    wav = store.new_audio_file(sid, 0)
    _wav(wav, 1.0, truncate_header=True)
    store.add_answer(
        sid,
        Answer(position=0, question=QuestionRef.of(qs[0]), status="recording", audio_path=str(wav)),
    )
    store.add_answer(
        sid, Answer(position=1, question=QuestionRef.of(qs[1]), status="recording", mode="typed")
    )
    gone = store.new_audio_file(sid, 2)
    store.add_answer(
        sid,
        Answer(
            position=2, question=QuestionRef.of(qs[2]), status="recording", audio_path=str(gone)
        ),
    )
    report = recover_session(store, sid, scorer=fake_score, transcribe=None, finish=False)
    assert report.pending == {0: "no speech model here to transcribe it"}
    assert "stopped before this answer was saved" in report.failed[1]
    assert "missing" in report.failed[2]
    assert not report.finished and store.get_session(sid).status == "active"
    stored = store.get_session(sid).answers[0]
    assert stored.status == "recorded"  # repaired, waiting for a model
    with wave.open(str(wav)) as w:
        assert w.getnframes() == 16000


def test_question_for_rebuilds_a_question_missing_from_the_bank() -> None:
    answer = Answer(
        position=0, question=QuestionRef(id=None, kind="metrics", text="Why?"), budget_s=None
    )
    q = question_for(answer, None)
    assert q.kind == "metrics" and q.budget_s == 480 and q.id == "recovered-1"


# ---------------------------------------------------------------------- kill -9 at each stage


def _espeak(text: str, out: Path) -> None:
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None:
        pytest.skip("espeak-ng is not installed")
    subprocess.run([exe, "-s", "165", "-w", str(out), text], check=True, capture_output=True)


BANK = """
[[question]]
id = "k-one"
kind = "metrics"
text = "How would you measure the success of smart replies?"
budget_s = 300
elements = ["goal", "metric"]

[[question]]
id = "k-two"
kind = "metrics"
text = "How would you measure the success of a voice assistant?"
budget_s = 300
elements = ["goal", "metric"]

[[round]]
name = "k"
title = "Kill test"
sections = [{ name = "all", questions = ["k-one", "k-two"] }]
"""


@pytest.fixture
def kill_round(tmp_path: Path, whisper_model: Path, speech, home: Path):
    answers = tmp_path / "answers"
    answers.mkdir()
    _espeak(FIRST, answers / "01.wav")
    shutil.copy(speech.path, answers / "02.wav")
    bank = tmp_path / "bank.toml"
    bank.write_text(BANK)
    env = {**os.environ, "INTERVIEWER_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    args = [
        sys.executable,
        "-m",
        "interviewer",
        "practice",
        "--no-tui",
        "--no-voice",
        "--answers",
        str(answers),
        "--round",
        "k",
        "--bank",
        str(bank),
        "--model",
        str(whisper_model),
    ]
    return args, env, home


def _rows(home: Path) -> list[tuple]:
    db = sqlite3.connect(home / "interviewer.db")
    try:
        return db.execute(
            """SELECT a.position, a.status, t.body, s.body FROM answers a
               LEFT JOIN transcripts t ON t.answer_id = a.id LEFT JOIN scores s ON s.answer_id = a.id
               ORDER BY a.position"""
        ).fetchall()
    finally:
        db.close()


def _recover(args: list[str], env: dict[str, str], model: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", "sessions", "recover", "--model", str(model)],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=180,
    )


def _check_recovered(
    before: list[tuple], home: Path, proc: subprocess.CompletedProcess[str]
) -> None:
    assert proc.returncode == 0, proc.stderr
    assert "recovered answer(s) 2" in proc.stdout, proc.stdout
    after = _rows(home)
    assert after[0] == before[0]  # the answer saved before the kill is intact
    assert after[1][1] == "scored" and after[1][2] and after[1][3]
    with Store() as store:
        [summary] = store.list_sessions()
        assert summary.status == "completed" and summary.scored == 2


@pytest.mark.slow
@pytest.mark.parametrize(
    "stage", ["recorded", "transcribed"], ids=["while-transcribing", "while-scoring"]
)
def test_kill_9_while_transcribing_or_scoring(kill_round, whisper_model: Path, stage: str) -> None:
    args, env, home = kill_round
    proc = subprocess.run(
        args,
        env={**env, FAULT_ENV: f"{stage}:1"},
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=180,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    before = _rows(home)
    assert [r[1] for r in before] == ["scored", stage]
    assert before[0][2] and before[0][3]
    _check_recovered(before, home, _recover(args, env, whisper_model))


@pytest.mark.slow
def test_kill_9_while_recording(kill_round, whisper_model: Path) -> None:
    args, env, home = kill_round
    proc = subprocess.Popen(
        [*args, "--realtime"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                rows = _rows(home) if (home / "interviewer.db").exists() else []
            except sqlite3.OperationalError:  # the round is still creating the database
                rows = []
            if len(rows) == 2 and rows[1][1] == "recording":
                break
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.1)
        else:
            pytest.fail("the round never reached the second recording")
        time.sleep(2.5)  # part of the second answer is on disk
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    before = _rows(home)
    assert [r[1] for r in before] == ["scored", "recording"]
    _check_recovered(before, home, _recover(args, env, whisper_model))
