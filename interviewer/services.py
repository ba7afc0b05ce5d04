"""The parts a practice round is built from, gathered in one place.

The round engine, the TUI and the headless CLI never construct a speaker, a microphone or a
Whisper model themselves: they receive a :class:`Services`. ``Services.real`` builds the real
parts from the settings and degrades part by part (no voice -> questions shown as text; no
microphone or no model -> typed answers), keeping the reason so pre-flight can explain it.
Tests build a ``Services`` by hand with fakes and a clock they control.

Heavy libraries (sounddevice, faster-whisper, pyttsx3) are imported inside ``real`` only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from interviewer.models import Question, Score, Transcript
    from interviewer.settings import Settings
    from interviewer.store import Store


class SpeakerLike(Protocol):
    """What the round needs from the text-to-speech part (``interviewer.tts.Speaker``)."""

    @property
    def available(self) -> bool: ...

    @property
    def is_speaking(self) -> bool: ...

    def prefetch(self, text: str) -> None: ...

    def speak(self, text: str) -> None: ...

    def stop(self) -> None: ...

    def wait(self, timeout: float | None = None) -> bool: ...


class RecorderLike(Protocol):
    """What the round needs from ``interviewer.audio.AnswerRecorder``."""

    def start(self) -> None: ...

    def stop(self) -> Any: ...

    def wait(self) -> Any: ...


class TranscriberLike(Protocol):
    """What the round needs from ``interviewer.transcribe.IncrementalTranscriber``."""

    def feed(self, block: Any) -> None: ...

    def finish(self) -> Transcript: ...

    def cancel(self) -> None: ...


class ModelLike(Protocol):
    """The Whisper engine as pre-flight sees it: loading, ready, or failed."""

    @property
    def ready(self) -> bool: ...

    @property
    def error(self) -> Any: ...


# A recorder factory gets (source, wav_path, on_level, listeners) and returns a recorder.
RecorderFactory = Callable[
    [Any, Path, Callable[[Any], None], list[Callable[[Any], None]]], RecorderLike
]
TranscriberFactory = Callable[[Callable[[Any], None]], TranscriberLike]
Scorer = Callable[["Transcript", "Question", "float | None"], "Score"]


@dataclass
class Services:
    """Everything a round talks to. ``None`` parts are absent; the round adapts.

    - ``speaker``: speaks the questions (``None``: text only).
    - ``microphone``: makes a live audio source for one answer (``None``: typed answers).
    - ``recorder_factory``: wraps a source into a recorder writing a WAV file.
    - ``transcriber_factory``: makes an incremental transcriber given a partial-update callback.
    - ``scorer``: scores a transcript against a question.
    - ``enrich``: optional LLM feedback on a score (never raises); ``coach`` is the LLM client.
    - ``clock``: monotonic seconds; tests freeze and advance it.
    """

    store: Store
    scorer: Scorer
    speaker: SpeakerLike | None = None
    microphone: Callable[[], Any] | None = None
    recorder_factory: RecorderFactory | None = None
    transcriber_factory: TranscriberFactory | None = None
    model: ModelLike | None = None
    coach: Any | None = None
    enrich: Callable[[Any, Any, Any, Any], Any] | None = None
    clock: Callable[[], float] = time.monotonic
    problems: dict[str, str] = field(default_factory=dict)
    """Why a part is missing, by part name (``voice``, ``microphone``, ``model``, ``llm``)."""

    @property
    def typed(self) -> bool:
        """Answers are typed: there is no microphone, recorder or transcriber."""
        return (
            self.microphone is None
            or self.recorder_factory is None
            or self.transcriber_factory is None
        )

    @property
    def can_transcribe(self) -> bool:
        return self.recorder_factory is not None and self.transcriber_factory is not None

    @property
    def typed_reason(self) -> str | None:
        if not self.typed:
            return None
        reasons = [
            self.problems[p]
            for p in ("typed", "microphone", "model", "audio")
            if p in self.problems
        ]
        return "; and ".join(reasons) if reasons else "no microphone or transcriber"

    @property
    def voice(self) -> bool:
        return self.speaker is not None and bool(getattr(self.speaker, "available", True))

    def close(self) -> None:
        for part, method in ((self.speaker, "stop"), (self.model, "close")):
            stop = getattr(part, method, None) if part is not None else None
            if stop is None:
                continue
            try:
                stop()
            except Exception:  # closing must not mask the reason we are closing
                pass

    # ------------------------------------------------------------------ the real parts

    @classmethod
    def real(
        cls,
        settings: Settings,
        *,
        model: str | None = None,
        typed: bool = False,
        answers_dir: Path | None = None,
        llm: bool | None = None,
        speak: bool = True,
        store: Store | None = None,
        isolate: bool = False,
    ) -> Services:
        """The real parts, each degrading on its own with the reason kept in ``problems``.

        ``answers_dir`` (headless) needs a transcriber but no microphone; ``typed`` skips both the
        microphone and the model. ``isolate`` runs the model in a child process
        (``transcribe.worker``): an interface in this process then never waits on it.
        """
        if store is None:
            from interviewer.store import Store

            store = Store()
        from interviewer.scoring import Thresholds, score_answer

        # Bad overrides are the user's to fix: fail here, before a round is recorded.
        thresholds = Thresholds.with_overrides(settings.scoring.thresholds or None)

        def scorer(transcript: Transcript, question: Question, budget_s: float | None) -> Score:
            return score_answer(transcript, question, budget_s=budget_s, thresholds=thresholds)

        services = cls(store=store, scorer=scorer)
        if speak:
            services.speaker = _speaker(settings, services.problems)
        else:
            services.problems["voice"] = "questions are shown, not spoken (--no-voice)"
        if typed:
            services.problems["typed"] = "typed mode was asked for (--typed)"
        else:
            _voice_input(
                settings, services, model=model, need_mic=answers_dir is None, isolate=isolate
            )
        use_llm = settings.llm.enabled if llm is None else llm
        if use_llm:
            _coach(settings, services)
        return services


def _speaker(settings: Settings, problems: dict[str, str]) -> SpeakerLike | None:
    if not settings.tts.enabled:
        problems["voice"] = "speech is off in the settings (tts.enabled = false)"
        return None
    try:
        from interviewer.tts import Speaker
    except ImportError as exc:
        problems["voice"] = f"text-to-speech is not available ({exc})"
        return None
    try:
        speaker = Speaker(settings.tts, output_device=settings.audio.output_device)
    except Exception as exc:  # a broken voice must never stop a round: show the text instead
        problems["voice"] = f"text-to-speech failed to start: {exc}"
        return None
    if not getattr(speaker, "available", True):
        problems["voice"] = str(getattr(speaker, "problem", None) or "no voice available")
        return None
    return speaker


def _voice_input(
    settings: Settings, services: Services, *, model: str | None, need_mic: bool, isolate: bool
) -> None:
    """Microphone, recorder and transcriber; on any failure the round falls back to typed answers."""
    try:
        from interviewer import audio, transcribe
    except ImportError as exc:
        services.problems["audio"] = f"audio or transcription is not installed ({exc})"
        return
    # Both are checked, so pre-flight can name every reason at once.
    mic_ok = True
    device = settings.audio.input_device
    if need_mic:
        try:
            audio.resolve_device(device, "input")
        except Exception as exc:  # UserError (no device) or a PortAudio failure
            services.problems["microphone"] = f"no usable microphone: {exc}"
            mic_ok = False
    try:
        if isolate:
            from interviewer.transcribe.worker import ModelProcess

            engine: Any = ModelProcess.from_settings(settings.transcribe, model=model)
        else:
            engine = transcribe.Engine.from_settings(settings.transcribe, model=model)
    except Exception as exc:  # UserError (unknown or missing model) and friends
        services.problems["model"] = f"no speech model: {exc}"
        return
    if not mic_ok:
        return
    if need_mic:

        def microphone() -> Any:
            return audio.MicrophoneSource(device)

        services.microphone = microphone
    engine.load_in_background()
    services.model = engine
    threading.Thread(
        target=warm_up_audio_stack, kwargs={"vad": not isolate}, name="warm-up", daemon=True
    ).start()

    def recorder(source: Any, wav_path: Path, on_level: Any, listeners: list[Any]) -> RecorderLike:
        return audio.AnswerRecorder(source, wav_path, on_level=on_level, listeners=listeners)

    def transcriber(on_update: Any) -> TranscriberLike:
        if isolate:
            return engine.transcriber(on_update)
        return transcribe.IncrementalTranscriber(engine, on_update=on_update)

    services.recorder_factory = recorder
    services.transcriber_factory = transcriber


def warm_up_audio_stack(*, vad: bool = True) -> None:
    """Load what the first answer would otherwise load while the candidate waits.

    The VAD model (an ONNX session, cached by faster-whisper) and the audio decoders take about a
    second to load, holding the GIL; done here, during pre-flight, the interview never stalls on them.
    With the model in a child process (``vad=False``) the child loads the VAD itself.
    """
    try:
        import av  # noqa: F401

        from interviewer.audio import recorder  # noqa: F401

        if vad:
            from faster_whisper.vad import get_vad_model

            get_vad_model()
    except Exception:  # a warm-up is an optimisation; the real use reports real errors
        pass


def _coach(settings: Settings, services: Services) -> None:
    try:
        from interviewer import llm
    except ImportError as exc:
        services.problems["llm"] = f"LLM feedback is not available ({exc})"
        return
    try:
        coach = llm.Coach.from_settings(settings.llm)
    except Exception as exc:
        services.problems["llm"] = f"LLM feedback is off: {exc}"
        return
    if coach is None:
        reason = llm.unavailable_reason(settings.llm) or "no endpoint or key configured"
        services.problems["llm"] = f"LLM feedback is off: {reason}"
        return
    services.coach = coach
    services.enrich = llm.enrich
