"""The interviewer's voice: questions synthesised to WAV with pyttsx3, played through sounddevice.

pyttsx3's own playback blocks and cannot be interrupted or sent to a chosen speaker, so it is only
used to synthesise: ``save_to_file`` + ``runAndWait`` into a WAV, cached on disk by text, voice and
rate. Playback goes through :func:`interviewer.audio.play`, which returns at once and stops on
demand. The next question is synthesised in the background while the candidate answers, so it
starts to sound the moment it is asked.

pyttsx3 engines do not like being created twice or used from several threads (espeak initialises
once per process), so one engine lives in one dedicated thread for the whole process and every
Speaker sends it jobs. When there is no engine or no speaker, ``available`` is False and ``problem``
says what to do; ``speak`` then does nothing, and the round shows the question as text.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import io
import json
import logging
import os
import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer import paths
from interviewer.errors import UserError

if TYPE_CHECKING:
    from interviewer.audio.devices import Device
    from interviewer.audio.playback import Playback
    from interviewer.settings import TTSSettings

log = logging.getLogger(__name__)
CACHE_VERSION = 1
SYNTH_TIMEOUT_S = 60.0
FILE_GRACE_S = 1.0  # after the finished-utterance event, how long the file may take to appear


def _engine_hint() -> str:
    if sys.platform.startswith("linux"):
        return "install espeak-ng: sudo apt-get install espeak-ng"
    if sys.platform == "darwin":
        return "pyttsx3 needs pyobjc on macOS: pip install pyobjc"
    return "pyttsx3 needs pywin32 on Windows: pip install pywin32"


class _EngineThread:
    """The process's single pyttsx3 engine, owned by one thread that runs jobs in order."""

    _instance: _EngineThread | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.engine: Any = None
        self.error: str | None = None
        self.driver = ""
        self._jobs: queue.Queue[tuple[Callable[[Any], Any], concurrent.futures.Future[Any]]] = (
            queue.Queue()
        )
        self._ready = threading.Event()
        self.utterance_done = threading.Event()
        self.default_voice: str | None = None
        self._thread = threading.Thread(target=self._run, name="tts-engine", daemon=True)
        self._thread.start()

    @classmethod
    def get(cls) -> _EngineThread:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _run(self) -> None:
        try:
            import pyttsx3

            self.engine = pyttsx3.init()
            self.engine.connect("finished-utterance", lambda **_kw: self.utterance_done.set())
            voice = self.engine.getProperty("voice")
            self.default_voice = str(voice) if voice else None
            self.driver = type(self.engine.proxy._driver).__module__.rsplit(".", 1)[-1]
        except (
            Exception
        ) as exc:  # ImportError, OSError (library missing), RuntimeError (init failed)
            self.error = f"no text-to-speech engine ({type(exc).__name__}: {exc})"
        finally:
            self._ready.set()
        while True:
            job, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job(self.engine))
            except BaseException as exc:
                future.set_exception(exc)

    def wait_ready(self, timeout: float = 15.0) -> str | None:
        """None when the engine works, else what went wrong."""
        if not self._ready.wait(timeout):
            return "text-to-speech engine did not start within 15 s"
        return self.error

    def submit(self, job: Callable[[Any], Any]) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._jobs.put((job, future))
        return future


def _apply_properties(engine: Any, voice: str | None, rate: int) -> None:
    """Set voice and rate so that they really apply to the next utterance.

    Through pyttsx3's queue, the espeak driver's ``setProperty`` lands in espeak's asynchronous
    command queue, and the ``stop()`` that ``runAndWait`` issues before synthesising can cancel it:
    the rate then silently stays what it was. So for espeak the driver is called directly and the
    rate read back until espeak has taken it. Other drivers apply properties synchronously.
    """
    import time

    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    if driver is None or not type(driver).__module__.endswith("espeak"):
        if voice:
            engine.setProperty("voice", voice)
        engine.setProperty("rate", rate)
        return
    if voice:
        driver.setProperty("voice", voice)
    for _attempt in range(10):
        driver.setProperty("rate", rate)
        deadline = time.monotonic() + 0.2
        while time.monotonic() < deadline:
            if driver.getProperty("rate") == rate:
                return
            time.sleep(0.005)
    log.warning("text-to-speech rate %s did not apply", rate)


def _save_to_file(engine: Any, done: threading.Event, text: str, target: Path) -> None:
    """``save_to_file`` + ``runAndWait``, and then wait until the file is really written.

    pyttsx3's espeak driver lets ``runAndWait`` return while espeak is still synthesising on its
    own thread; the file appears when the utterance finishes (its "finished-utterance" event). It
    also prints "Audio saved to ..." from that thread, so stdout stays redirected until then.
    """
    import time

    buf = io.StringIO()
    done.clear()
    deadline = time.monotonic() + SYNTH_TIMEOUT_S
    with contextlib.redirect_stdout(buf):
        engine.save_to_file(text, str(target))
        engine.runAndWait()
        last_size = -1
        fired_at: float | None = None
        while True:
            fired = done.wait(0.05)
            if fired:
                if fired_at is None:
                    fired_at = time.monotonic()
                time.sleep(0.02)  # a late event from an earlier utterance must not end the wait
            # The file must be there; drivers that never send the event (some native ones) end
            # on a file that stopped growing.
            size = target.stat().st_size if target.exists() else -1
            if size > 44 and (fired or size == last_size):
                break
            last_size = size
            now = time.monotonic()
            if now > deadline or (fired_at is not None and now - fired_at > FILE_GRACE_S):
                break  # the caller retries once when no file came
    other = "".join(
        line for line in buf.getvalue().splitlines(True) if not line.startswith("Audio saved to ")
    )
    if other:
        sys.stdout.write(other)  # someone else's output, caught while stdout was redirected


class Speaker:
    """Speaks questions: synthesise (cached), prefetch in the background, play interruptibly."""

    def __init__(
        self,
        settings: TTSSettings,
        *,
        output_device: str | int | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.settings = settings
        self.output_device = output_device
        self.cache_dir = Path(cache_dir) if cache_dir else paths.cache_dir() / "tts"
        self.problem: str | None = None
        self.warning: str | None = None
        self.synth_count = 0
        self.cache_hits = 0
        self.voice_id: str | None = None
        self.engine_ok = False
        self.output_ok = False
        self.output_error: str | None = None
        self._output: Device | None = None
        self._pending: dict[str, concurrent.futures.Future[Path]] = {}
        self._pending_lock = threading.Lock()
        self._playback: Playback | None = None
        self._speech_thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._speaking = threading.Event()
        self.last_playback: Playback | None = None
        if not settings.enabled:
            self.problem = (
                "spoken questions are off (tts.enabled = false); questions are shown as text"
            )
            return
        self._engine = _EngineThread.get()
        error = self._engine.wait_ready()
        if error:
            self.problem = f"{error}; questions are shown as text ({_engine_hint()})"
        else:
            self.engine_ok = True
            self.voice_id = self._resolve_voice(settings.voice)
        try:
            from interviewer.audio.devices import resolve_device

            self._output = resolve_device(output_device, "output")
            self.output_ok = True
        except UserError as exc:
            self.output_error = str(exc)
            self.problem = (
                self.problem or f"cannot speak the questions: {exc}; they are shown as text"
            )

    @property
    def available(self) -> bool:
        return self.engine_ok and self.output_ok

    @property
    def is_speaking(self) -> bool:
        return self._speaking.is_set()

    # ----------------------------------------------------------------- synthesis
    def _resolve_voice(self, wanted: str | None) -> str | None:
        # The engine is shared: even "the default voice" is named explicitly, or a Speaker with
        # another voice earlier in the process would leave its voice behind.
        if not wanted:
            return self._engine.default_voice

        def find(engine: Any) -> str | None:
            voices = engine.getProperty("voices") or []
            needle = wanted.lower()
            for v in voices:
                if str(v.id).lower() == needle:
                    return str(v.id)
            for v in voices:
                if needle in str(v.name).lower() or needle in str(v.id).lower():
                    return str(v.id)
            return None

        found = self._engine.submit(find).result(timeout=SYNTH_TIMEOUT_S)
        if found is None:
            self.warning = f"voice {wanted!r} not found; using the default voice (`interviewer say --voices` lists them)"
            log.warning(self.warning)
            return self._engine.default_voice
        return found

    @property
    def voice_name(self) -> str | None:
        """The human name of the voice in use (for pre-flight and ``doctor``)."""
        if not self.engine_ok or not self.voice_id:
            return None
        wanted = self.voice_id.lower()
        for vid, name in self.voices():
            if vid.lower() == wanted:
                return name
        return self.voice_id

    def cache_path(self, text: str) -> Path:
        key = json.dumps(
            {
                "v": CACHE_VERSION,
                "text": text,
                "voice": self.voice_id,
                "rate": self.settings.rate,
                "driver": getattr(self, "_engine", None) and self._engine.driver,
            },
            sort_keys=True,
        )
        return self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.wav"

    def _synth_job(self, text: str, target: Path) -> Callable[[Any], Path]:
        voice, rate = self.voice_id, self.settings.rate

        def job(engine: Any) -> Path:
            if target.exists():
                return target
            paths.ensure_private_dir(target.parent)
            tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.wav")
            # espeak through pyttsx3 now and then writes no file at all (seen in CI); one retry is
            # cheap and keeps a question from going unspoken.
            for _attempt in range(2):
                _apply_properties(engine, voice, rate)
                _save_to_file(engine, self._engine.utterance_done, text, tmp)
                if tmp.exists() and tmp.stat().st_size > 44:
                    break
                tmp.unlink(missing_ok=True)
            else:
                raise UserError("text-to-speech produced no audio", hint=_engine_hint())
            os.replace(tmp, target)  # the cache never holds half a file
            self.synth_count += 1
            return target

        return job

    def _future(self, text: str) -> concurrent.futures.Future[Path]:
        text = text.strip()
        if not text:
            raise UserError("nothing to say: the text is empty")
        if not self.engine_ok:
            raise UserError(self.problem or "text-to-speech unavailable")
        target = self.cache_path(text)
        with self._pending_lock:
            pending = self._pending.get(str(target))
            if pending is not None:
                return pending
            if target.exists():
                self.cache_hits += 1
                done: concurrent.futures.Future[Path] = concurrent.futures.Future()
                done.set_result(target)
                return done
            future = self._engine.submit(self._synth_job(text, target))
            self._pending[str(target)] = future
        future.add_done_callback(lambda _f: self._forget(str(target)))
        return future

    def _forget(self, key: str) -> None:
        with self._pending_lock:
            self._pending.pop(key, None)

    def synthesize(self, text: str) -> Path:
        """The WAV for ``text`` (from the cache, or synthesised now)."""
        try:
            return self._future(text).result(timeout=SYNTH_TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            raise UserError(
                f"text-to-speech took over {SYNTH_TIMEOUT_S:.0f} s", hint=_engine_hint()
            ) from None

    def prefetch(self, text: str) -> None:
        """Synthesise ``text`` in the background so a later ``speak`` starts at once."""
        if not self.engine_ok or not text.strip():
            return
        self._future(text)

    # ----------------------------------------------------------------- playback
    def speak(self, text: str) -> None:
        """Start speaking ``text`` (stopping anything still playing) and return at once."""
        if not self.available or not text.strip():
            return
        self.stop()
        self._cancel.clear()
        self._speaking.set()
        self._speech_thread = threading.Thread(
            target=self._speak, args=(text,), name="tts-speak", daemon=True
        )
        self._speech_thread.start()

    def _speak(self, text: str) -> None:
        from interviewer.audio.playback import play

        try:
            path = self.synthesize(text)
            if self._cancel.is_set():
                return
            try:
                playback = play(path, device=self._output or self.output_device)
            except UserError:
                # Devices may have changed since we looked (a headset unplugged): look again once.
                self._output = None
                playback = play(path, device=self.output_device)
            self._playback = self.last_playback = playback
            if self._cancel.is_set():
                playback.stop()
            playback.wait()
        except Exception as exc:  # a broken speaker must not break the round
            self.problem = f"cannot speak the question: {exc}"
            log.warning(self.problem)
        finally:
            self._playback = None
            self._speaking.clear()

    def stop(self) -> None:
        """Silence now (skip, or the candidate started answering)."""
        self._cancel.set()
        playback = self._playback
        if playback is not None:
            playback.stop()
        thread = self._speech_thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until speaking ends; True if it has."""
        thread = self._speech_thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def voices(self) -> list[tuple[str, str]]:
        """(id, name) of every voice the engine offers."""
        if not self.engine_ok:
            return []
        return self._engine.submit(
            lambda engine: [(str(v.id), str(v.name)) for v in engine.getProperty("voices") or []]
        ).result(timeout=SYNTH_TIMEOUT_S)
