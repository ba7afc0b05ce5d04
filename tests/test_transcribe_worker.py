"""The model in a child process (``interviewer.transcribe.worker``), through the real faster-whisper path.

The interface's process must never run the model: these tests check that the child gives the same
transcript as the in-process path, that live transcripts reach the parent while audio is fed, that a
child that dies or cannot load its model is reported in one line (and replaced for the next answer),
and that nothing the child prints lands on the terminal the interface draws on.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from interviewer.errors import UserError
from interviewer.models import Transcript
from interviewer.transcribe import Engine, IncrementalTranscriber
from interviewer.transcribe.worker import CHILD_NICE, LOG_NAME, ModelProcess, RemoteTranscriber

SR = 16000


def feed(
    t: RemoteTranscriber | IncrementalTranscriber, audio: np.ndarray, pace: float = 0.0
) -> None:
    for i in range(0, audio.size, 1600):
        t.feed(audio[i : i + 1600])
        if pace:
            time.sleep(pace)


@pytest.fixture(scope="module")
def served(whisper_model: Path) -> Iterator[ModelProcess]:
    proc = ModelProcess(str(whisper_model))
    assert proc.wait_loaded(120), proc.error
    yield proc
    proc.close()


def test_the_child_gives_the_same_transcript_as_the_in_process_path(
    served: ModelProcess, whisper_model: Path, speech
) -> None:
    audio = speech.audio()
    remote = served.transcriber()
    feed(remote, audio)
    got = remote.finish()
    engine = Engine(str(whisper_model))
    local = IncrementalTranscriber(engine)
    feed(local, audio)
    want = local.finish()
    assert got.words and got.words == want.words
    assert got.pauses == want.pauses
    assert [(c["start"], c["end"]) for c in got.meta["chunks"]] == [
        (c["start"], c["end"]) for c in want.meta["chunks"]
    ]
    assert got.duration_s == pytest.approx(speech.duration_s, abs=0.01)
    assert served.pid != os.getpid() and served.ready and served.load_seconds is not None
    assert remote.finish() is got  # idempotent, like the in-process transcriber


def test_live_transcripts_reach_the_parent_while_audio_is_fed(served: ModelProcess, speech) -> None:
    audio = speech.first_sentence_repeated(3, pause_s=2.5)
    updates: list[int] = []
    threads: set[str] = set()

    def on_update(tr: Transcript) -> None:
        updates.append(len(tr.words))
        threads.add(threading.current_thread().name)

    remote = served.transcriber(on_update)
    feed(remote, audio, pace=0.005)
    deadline = time.monotonic() + 60
    while len(updates) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(updates) >= 2, "partial transcripts arrive before the answer ends"
    assert updates == sorted(updates)
    assert threads == {"transcriber-reader"}
    partial = remote.partial()
    assert partial is not None and partial.meta["final"] is False
    final = remote.finish()
    assert final.meta["final"] is True and final.meta["chunk_count"] == 3
    assert len(final.words) >= updates[-1]


@pytest.mark.skipif(not hasattr(os, "getsid"), reason="sessions and niceness are POSIX")
def test_the_child_runs_niced_in_a_session_of_its_own(served: ModelProcess) -> None:
    # With autogroup scheduling the kernel shares the CPU between sessions before niceness counts;
    # in the interface's session the child would use up the interface's share under load.
    pid = served.pid
    assert pid is not None
    assert os.getsid(pid) == pid != os.getsid(0)
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, mine + CHILD_NICE)


def test_int16_column_blocks_are_accepted(served: ModelProcess, speech) -> None:
    pcm = (speech.audio() * 32767).astype(np.int16).reshape(-1, 1)
    remote = served.transcriber()
    for i in range(0, pcm.shape[0], 1600):
        remote.feed(pcm[i : i + 1600])
    tr = remote.finish()
    assert tr.words and tr.duration_s == pytest.approx(speech.duration_s, abs=0.01)


def test_cancel_drops_the_answer_and_the_next_one_still_works(served: ModelProcess, speech) -> None:
    remote = served.transcriber()
    feed(remote, speech.audio())
    remote.cancel()
    remote.feed(np.ones(1600, np.float32))  # ignored after cancel
    with pytest.raises(UserError, match="cancelled"):
        remote.finish()
    again = served.transcriber()
    feed(again, speech.audio())
    assert again.finish().words


def test_a_child_killed_mid_answer_fails_that_answer_and_is_replaced(
    whisper_model: Path, speech
) -> None:
    proc = ModelProcess(str(whisper_model))
    try:
        assert proc.wait_loaded(120), proc.error
        first_pid = proc.pid
        remote = proc.transcriber()
        feed(remote, speech.audio()[: 2 * SR])
        proc.kill()
        feed(remote, speech.audio()[2 * SR :])  # the recorder goes on; blocks are dropped quietly
        with pytest.raises(UserError) as info:
            remote.finish(timeout=30)
        message = str(info.value)
        assert "stopped unexpectedly" in message and "recording is kept" in message
        assert "\n" not in message
        # The next answer gets a fresh child with the model loaded again.
        nxt = proc.transcriber()
        feed(nxt, speech.audio())
        assert nxt.finish(timeout=60).words
        assert proc.restarts == 1 and proc.pid != first_pid and proc.ready
    finally:
        proc.close()
    assert not proc.alive


def test_a_model_that_cannot_load_is_reported_in_one_line(
    tmp_path: Path, whisper_model: Path, speech, capfd: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken-model"
    broken.mkdir()
    for f in whisper_model.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    (broken / "model.bin").write_bytes(b"not a model")
    proc = ModelProcess(str(broken))
    try:
        assert proc.wait_loaded(60) is False
        assert proc.error and "cannot load Whisper model" in proc.error and "\n" not in proc.error
        remote = proc.transcriber()
        feed(remote, speech.audio())
        with pytest.raises(UserError, match="cannot load Whisper model"):
            remote.finish(timeout=60)
    finally:
        proc.close()
    # Whatever the child printed went to its log, not over the interface.
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_an_unknown_model_fails_in_the_parent_before_any_child_starts() -> None:
    with pytest.raises(UserError, match="no-such-model"):
        ModelProcess("no-such-model")


def test_the_child_exits_when_the_parent_is_killed(whisper_model: Path, tmp_path: Path) -> None:
    """A parent killed with SIGKILL closes its end of the pipe; the child must not linger."""
    import signal
    import subprocess
    import sys

    script = (
        "import sys, time\n"
        "from interviewer.transcribe.worker import ModelProcess\n"
        "m = ModelProcess(sys.argv[1])\n"
        "m.wait_loaded(120)\n"
        "print(m.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(whisper_model)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert Path(f"/proc/{child}").exists()
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _running(child):
            time.sleep(0.1)
        assert not _running(child), "the child outlived its killed parent"
    finally:
        parent.kill()


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited and waits to be reaped


def test_the_child_log_lives_in_the_private_cache(whisper_model: Path, tmp_path: Path) -> None:
    from interviewer.paths import cache_dir

    proc = ModelProcess(str(whisper_model))
    try:
        assert proc.wait_loaded(120)
    finally:
        proc.close()
    log = cache_dir() / LOG_NAME
    assert log.exists() and (log.stat().st_mode & 0o077) == 0


def test_services_run_the_model_in_a_child_when_asked(
    whisper_model: Path, speech, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewer.services import Services
    from interviewer.settings import Settings

    settings = Settings()
    settings.transcribe.model = str(whisper_model)
    services = Services.real(
        settings, typed=False, answers_dir=Path("."), speak=False, isolate=True
    )
    try:
        assert isinstance(services.model, ModelProcess)
        assert services.transcriber_factory is not None
        t = services.transcriber_factory(lambda _: None)
        assert isinstance(t, RemoteTranscriber)
        feed(t, speech.audio())  # type: ignore[arg-type]
        assert t.finish().words
    finally:
        services.close()
    assert not services.model.alive
