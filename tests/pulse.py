"""A private PulseAudio server for tests and benchmarks: a virtual microphone and a virtual speaker.

The server runs as the current user with its own runtime directory and socket, so it never meets a
desktop sound server. It loads a null sink (``testsink``: a speaker whose output can be captured from
``testsink.monitor``) and a pipe source (``testmic``: a microphone fed through a FIFO). PortAudio
reaches it through ALSA's ``pulse`` device (package libasound2-plugins) once ``PULSE_SERVER`` points at
the socket. A pipe source makes no samples on its own, so :class:`Feeder` writes audio into the FIFO
in real time and then silence until it is stopped.

Usable without pytest (``scripts/bench_tts.py`` imports it); the fixtures are at the bottom.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

RATE = 16000
SINK = "testsink"
SOURCE = "testmic"


class PulseUnavailable(RuntimeError):
    pass


class PulseServer:
    def __init__(self, root: Path | None = None) -> None:
        self._own_root = root is None  # a temp dir we made is removed again by stop()
        self.root = Path(root or tempfile.mkdtemp(prefix="itv-pulse-"))
        self.runtime = self.root / "run"
        self.socket = self.runtime / "native"
        self.fifo = (
            self.runtime / "mic.fifo"
        )  # created by module-pipe-source, must not exist before
        self.log = self.root / "pulse.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def server(self) -> str:
        return f"unix:{self.socket}"

    @property
    def env(self) -> dict[str, str]:
        """Variables a client process needs to reach this server (and only this one)."""
        return {
            "PULSE_SERVER": self.server,
            "PULSE_RUNTIME_PATH": str(self.runtime),
            "XDG_RUNTIME_DIR": str(self.runtime),
            "PULSE_SINK": SINK,
            "PULSE_SOURCE": SOURCE,
        }

    def start(self, timeout: float = 10.0) -> PulseServer:
        exe = shutil.which("pulseaudio")
        if exe is None:
            raise PulseUnavailable("pulseaudio is not installed (apt-get install pulseaudio)")
        self.runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        config = self.root / "default.pa"
        config.write_text(
            f"load-module module-native-protocol-unix auth-anonymous=1 socket={self.socket}\n"
            # A 44.1 kHz stereo sink, like real hardware: PortAudio through the ALSA pulse plugin
            # stalls on a 16 kHz mono null sink.
            f"load-module module-null-sink sink_name={SINK} rate=48000 channels=2\n"
            f"load-module module-pipe-source source_name={SOURCE} file={self.fifo} "
            f"format=s16le rate={RATE} channels=1\n"
            f"set-default-sink {SINK}\n"
            f"set-default-source {SOURCE}\n"
        )
        # A fixed sink rate: a null sink that switches its rate to each new stream's stalls playback.
        conf_dir = self.root / ".config" / "pulse"
        conf_dir.mkdir(parents=True, exist_ok=True)
        (conf_dir / "daemon.conf").write_text(
            "default-sample-rate = 48000\nalternate-sample-rate = 48000\navoid-resampling = no\n"
        )
        env = {
            **os.environ,
            "PULSE_RUNTIME_PATH": str(self.runtime),
            "XDG_RUNTIME_DIR": str(self.runtime),
            "HOME": str(self.root),  # its cookie and state stay in the temp dir
        }
        env.pop("PULSE_SERVER", None)
        self.proc = subprocess.Popen(
            [
                exe,
                "-n",
                "--daemonize=no",
                "--system=false",
                "--exit-idle-time=-1",
                "--disallow-exit",
                "--use-pid-file=no",
                f"--file={config}",
                f"--log-target=file:{self.log}",
                "--log-level=info",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise PulseUnavailable(
                    f"pulseaudio exited with {self.proc.returncode}: {err.strip()[-500:]}"
                )
            if self.socket.exists() and self.fifo.exists() and self._pactl("info").returncode == 0:
                return self
            time.sleep(0.05)
        self.stop()
        raise PulseUnavailable(f"pulseaudio did not come up in {timeout:.0f} s (log: {self.log})")

    def _pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pactl", *args],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=10,
        )

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        if proc.stderr:
            proc.stderr.close()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def feed(self, audio: np.ndarray | None = None, *, lead_silence_s: float = 0.0) -> Feeder:
        """Start feeding the virtual microphone: silence, ``audio`` (float32 16 kHz), then silence."""
        return Feeder(self.fifo, audio, lead_silence_s=lead_silence_s).start()

    def capture_monitor(self) -> MonitorCapture:
        """Start recording what is played into the null sink (16 kHz mono, via parec)."""
        return MonitorCapture(self).start()


class Feeder:
    """Writes audio into the pipe source at real-time pace, then silence until ``stop()``."""

    CHUNK = 160  # 10 ms: small, so the FIFO never holds much more than "now"

    def __init__(
        self, fifo: Path, audio: np.ndarray | None, *, lead_silence_s: float = 0.0
    ) -> None:
        self.fifo = fifo
        lead = np.zeros(int(lead_silence_s * RATE), np.float32)
        body = np.zeros(0, np.float32) if audio is None else np.asarray(audio, np.float32)
        self.pcm = (np.clip(np.concatenate([lead, body]), -1, 1) * 32767).round().astype("<i2")
        self.audio_start = lead.size  # index of the fed audio's first sample
        self.written = 0
        self.started_at: float | None = None
        self.audio_done = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pulse-feeder", daemon=True)
        self.error: BaseException | None = None

    def start(self) -> Feeder:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            fd = os.open(self.fifo, os.O_WRONLY)
        except OSError as exc:
            self.error = exc
            self.audio_done.set()
            return
        silence = np.zeros(self.CHUNK, "<i2").tobytes()
        try:
            self.started_at = t0 = time.monotonic()
            i = 0
            while not self._stop.is_set():
                pos = i * self.CHUNK
                if pos < self.pcm.size:
                    chunk = self.pcm[pos : pos + self.CHUNK].tobytes().ljust(self.CHUNK * 2, b"\0")
                else:
                    chunk = silence
                    self.audio_done.set()
                os.write(fd, chunk)
                self.written += self.CHUNK
                i += 1
                delay = t0 + i * self.CHUNK / RATE - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        except OSError as exc:
            self.error = exc
        finally:
            self.audio_done.set()
            os.close(fd)

    def wait_audio(self, timeout: float | None = None) -> bool:
        return self.audio_done.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


class MonitorCapture:
    """Records the null sink's monitor with ``parec`` (raw s16le 16 kHz mono) until ``stop()``."""

    def __init__(self, server: PulseServer) -> None:
        self.server = server
        self.proc: subprocess.Popen[bytes] | None = None
        self._chunks: list[bytes] = []
        self._thread: threading.Thread | None = None
        self.started_at: float | None = None
        self._marks: list[tuple[float, int]] = []  # (arrival time, samples received so far)
        self._received = 0

    def start(self) -> MonitorCapture:
        self.proc = subprocess.Popen(
            [
                "parec",
                f"--device={SINK}.monitor",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--raw",
                "--latency-msec=20",
            ],
            env={**os.environ, **self.server.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.started_at = time.monotonic()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()
        return self

    def _pump(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        while True:
            data = self.proc.stdout.read1(4096)
            if not data:
                return
            self._chunks.append(data)
            self._received += len(data) // 2
            self._marks.append((time.monotonic(), self._received))

    def time_of(self, index: int) -> float | None:
        """Approximate ``time.monotonic()`` at which sample ``index`` reached the monitor (the
        arrival time of its chunk, less the samples after it; parec's own ~20 ms latency aside)."""
        for arrived, total in list(self._marks):
            if total > index:
                return arrived - (total - 1 - index) / RATE
        return None

    def samples(self) -> np.ndarray:
        raw = b"".join(self._chunks)
        raw = raw[: len(raw) // 2 * 2]
        return np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0

    def stop(self) -> np.ndarray:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGINT)  # parec flushes what it holds on SIGINT
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=5)
        return self.samples()


def _use_server(server: PulseServer) -> dict[str, str | None]:
    """Point this process (and children) at ``server``; return the old values for restoring."""
    old = {k: os.environ.get(k) for k in server.env}
    os.environ.update(server.env)
    return old


def _restore(old: dict[str, str | None]) -> None:
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


# ---------------------------------------------------------------- signal helpers
def espeak_wav(text: str, path: Path, *, wpm: int = 170) -> Path:
    """Speech from espeak-ng (22,050 Hz mono WAV)."""
    subprocess.run(
        ["espeak-ng", "-s", str(wpm), "-w", str(path), text], check=True, capture_output=True
    )
    return path


def envelope(x: np.ndarray, frame: int = 160) -> np.ndarray:
    """RMS per 10 ms frame (at 16 kHz)."""
    n = len(x) // frame
    return np.sqrt(np.mean(np.square(x[: n * frame].reshape(n, frame)), axis=1))


def best_lag(reference: np.ndarray, recorded: np.ndarray) -> int:
    """Offset (samples) of ``reference`` inside ``recorded``, by FFT cross-correlation."""
    n = len(reference) + len(recorded)
    size = 1 << (n - 1).bit_length()
    spec = np.fft.rfft(recorded, size) * np.conj(np.fft.rfft(reference, size))
    corr = np.fft.irfft(spec, size)
    lags = np.concatenate([np.arange(0, len(recorded)), np.arange(-len(reference) + 1, 0)])
    values = np.concatenate([corr[: len(recorded)], corr[size - len(reference) + 1 :]])
    return int(lags[int(np.argmax(values))])


def aligned_correlations(reference: np.ndarray, recorded: np.ndarray) -> tuple[int, float, float]:
    """(lag, envelope correlation, waveform correlation) of ``reference`` found inside ``recorded``."""
    lag = best_lag(reference, recorded)
    start = max(lag, 0)
    segment = recorded[start : start + len(reference) - max(-lag, 0)]
    ref = reference[max(-lag, 0) : max(-lag, 0) + len(segment)]
    env_a, env_b = envelope(ref), envelope(segment)
    env_corr = float(np.corrcoef(env_a, env_b)[0, 1]) if len(env_a) > 2 else 0.0
    wave_corr = float(np.corrcoef(ref, segment)[0, 1]) if len(ref) > 2 else 0.0
    return lag, env_corr, wave_corr


# ---------------------------------------------------------------- pytest fixtures
try:
    import pytest
except ImportError:  # used from a script
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    def require_tools(*names: str) -> None:
        """Skip when a command-line tool is missing, except in CI, where it is a failure."""
        missing = [n for n in names if shutil.which(n) is None]
        if missing:
            message = f"missing tools: {', '.join(missing)} (apt-get install espeak-ng sox ffmpeg)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)

    @pytest.fixture(scope="session")
    def speech_wav(tmp_path_factory: Any) -> Path:
        """About four seconds of espeak-ng speech (22,050 Hz mono WAV)."""
        require_tools("espeak-ng")
        return espeak_wav(
            "Tell me about a product you love. How would you measure whether a new feature works?",
            tmp_path_factory.mktemp("speech") / "speech.wav",
        )

    @pytest.fixture(scope="session")
    def pulse_server(tmp_path_factory: Any) -> Iterator[PulseServer]:
        """A running private PulseAudio for the whole session (the environment is left alone)."""
        if shutil.which("pulseaudio") is None and not os.environ.get("CI"):
            pytest.skip(
                "pulseaudio not installed (apt-get install pulseaudio pulseaudio-utils libasound2-plugins)"
            )
        server = PulseServer(tmp_path_factory.mktemp("pulse"))
        server.start()  # in CI a failure here fails the tests, as it should
        try:
            yield server
        finally:
            server.stop()

    @pytest.fixture
    def pulse(pulse_server: PulseServer) -> Iterator[PulseServer]:
        """The private server, reachable from this test only: its variables are set (for this process
        and its children) and PortAudio rescans, so device ``pulse`` leads to it; both are undone after."""
        from interviewer.audio.devices import refresh_devices

        old = _use_server(pulse_server)
        refresh_devices()
        try:
            yield pulse_server
        finally:
            _restore(old)
            refresh_devices()
