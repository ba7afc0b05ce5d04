"""The Whisper engine: a faster-whisper model, loaded once, that transcribes one chunk at a time.

Every chunk the segmenter cuts is shorter than Whisper's 30 s window, so it is decoded in a single
pass without timestamp tokens; word times come from the cross-attention alignment. Decoding is
bounded: a token cap sized from the chunk's duration keeps a repetition loop from running to
Whisper's 224-token limit, and faster-whisper's own gates (no-speech probability with average
log-probability, compression ratio with a short temperature fallback) stay on.

faster_whisper, ctranslate2 and numpy are imported inside the methods that need them, so importing
this package is cheap and the model can load in a background thread while the first question is
being spoken.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.errors import UserError
from interviewer.transcribe.catalog import resolve_model

if TYPE_CHECKING:
    import numpy as np

    from interviewer.models import Transcript
    from interviewer.settings import TranscribeSettings

SAMPLE_RATE = 16000
MAX_PROMPT_CHARS = 32
WHISPER_MAX_LENGTH = 448  # decoder positions; faster-whisper refuses prompt + new tokens beyond it


@dataclass
class WordTiming:
    """A word relative to the start of its chunk."""

    text: str
    start: float
    end: float
    probability: float | None = None


@dataclass
class ChunkResult:
    words: list[WordTiming] = field(default_factory=list)
    seconds: float = 0.0
    tokens: int = 0
    token_cap: int = 0
    avg_logprob: float | None = None
    no_speech_prob: float | None = None
    compression_ratio: float | None = None
    temperature: float | None = None
    skipped: str | None = None  # why the model's output was dropped (no-speech gate)


def decode_budget(wanted: int, prompt_len: int) -> int:
    """``max_new_tokens`` that lets CTranslate2 decode ``wanted`` tokens after a prompt.

    CTranslate2's Whisper decoder stops at min((prompt + max_new) / 2, max_new + 1) steps, so with a
    short prompt the cap has to be raised to get the intended number of tokens.
    """
    budget = max(wanted - 1, 2 * wanted - prompt_len)
    return max(1, min(budget, WHISPER_MAX_LENGTH - prompt_len))


def engine_options(s: TranscribeSettings) -> dict[str, Any]:
    """The ``Engine`` keyword arguments the settings set (the model name aside)."""
    return {
        "device": s.device,
        "compute_type": s.compute_type,
        "beam_size": s.beam_size,
        "language": s.language,
        "filler_prompt": s.filler_prompt,
        "threads": s.threads,
    }


class Engine:
    """A faster-whisper model with the project's defaults; ``load()`` is idempotent and thread-safe."""

    def __init__(
        self,
        model: str,
        *,
        device: str = "auto",
        compute_type: str = "default",
        beam_size: int = 1,
        language: str = "en",
        filler_prompt: str = "Um, uh, so, like, you know.",
        threads: int = 0,
        temperatures: tuple[float, ...] = (0.0, 0.4, 0.8),
        max_tokens_per_s: float = 6.0,
        context_words: int = 16,
    ) -> None:
        self.path: Path = resolve_model(model)
        self.name = model
        self.device = device
        self.compute_type = compute_type
        self.beam_size = max(1, int(beam_size))
        self.language = (language or "").strip() or None
        prompt = (filler_prompt or "").strip()
        if len(prompt) > MAX_PROMPT_CHARS:
            # Long prompts have made whole sentences vanish; keep whole words within the cap.
            prompt = prompt[: MAX_PROMPT_CHARS + 1].rsplit(" ", 1)[0].rstrip(",;")
        self.filler_prompt = prompt
        # 0 means "leave a core free": the recorder and the UI must stay responsive while the model
        # works, and one thread already transcribes base.en several times faster than speech.
        self.threads = int(threads) if int(threads) > 0 else max(1, (os.cpu_count() or 2) - 1)
        self.temperatures = tuple(temperatures) or (0.0,)
        self.max_tokens_per_s = max_tokens_per_s
        self.context_words = context_words
        self.error: str | None = None
        self.calls = 0
        self.load_seconds: float | None = None
        self._model: Any = None
        self._lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._loader: threading.Thread | None = None
        self._resolved_device: str | None = None

    @classmethod
    def from_settings(cls, s: TranscribeSettings, model: str | None = None) -> Engine:
        return cls(model or s.model, **engine_options(s))

    # ------------------------------------------------------------------ loading

    @property
    def ready(self) -> bool:
        return self._model is not None

    @property
    def loading(self) -> bool:
        return self._loader is not None and self._loader.is_alive()

    def load(self) -> None:
        """Load the model (blocking). Raises UserError when it cannot be loaded."""
        with self._lock:
            if self._model is not None:
                return
            started = time.perf_counter()
            try:
                self._model = self._open()
            except UserError as exc:
                self.error = str(exc)
                raise
            self.error = None
            self.load_seconds = time.perf_counter() - started

    def load_in_background(self) -> None:
        """Start loading in a daemon thread; ``ready`` / ``error`` tell how it went."""
        with self._lock:
            if self._model is not None or self.loading:
                return
            self._loader = threading.Thread(
                target=self._load_quietly, name="whisper-load", daemon=True
            )
            self._loader.start()

    def wait_loaded(self, timeout: float | None = None) -> bool:
        loader = self._loader
        if loader is not None:
            loader.join(timeout)
        return self.ready

    def _load_quietly(self) -> None:
        try:
            self.load()
        except UserError:
            pass  # kept in self.error for the UI

    def _pick_device(self) -> tuple[str, str]:
        device = (self.device or "auto").lower()
        if device == "auto":
            try:
                import ctranslate2

                device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
            except Exception:
                device = "cpu"
        compute = self.compute_type or "default"
        if compute == "default":
            compute = "float16" if device == "cuda" else "int8"
        return device, compute

    def _open(self) -> Any:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise UserError(
                f"faster-whisper is not installed ({exc})", hint="pip install faster-whisper"
            ) from None
        device, compute = self._pick_device()
        self._resolved_device = device
        try:
            return WhisperModel(
                str(self.path),
                device=device,
                compute_type=compute,
                cpu_threads=self.threads,
                num_workers=1,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise UserError(
                f"cannot load Whisper model {self.name} from {self.path}: {first}"
            ) from None

    def _require(self) -> Any:
        if self._model is None:
            if self.loading:
                self.wait_loaded()
            self.load()
        return self._model

    @property
    def multilingual(self) -> bool:
        model = self._require()
        return bool(model.model.is_multilingual)

    def describe(self) -> dict[str, Any]:
        """Provenance for a transcript's ``meta``."""
        device, compute = self._pick_device()
        return {
            "model": self.name,
            "model_path": str(self.path),
            "device": self._resolved_device or device,
            "compute_type": compute,
            "beam_size": self.beam_size,
            "filler_prompt": self.filler_prompt,
        }

    # ------------------------------------------------------------------ one chunk

    def prompt_for(self, context: str) -> str:
        """The filler prompt, then the last words said (continuity across chunks)."""
        recent = " ".join(context.split()[-self.context_words :]) if self.context_words else ""
        return " ".join(p for p in (self.filler_prompt, recent) if p)

    def transcribe_chunk(self, audio: np.ndarray, *, context: str = "") -> ChunkResult:
        """Transcribe one chunk (<= 30 s, 16 kHz mono float32) in a single decoding pass."""
        import numpy as np

        model = self._require()
        duration = audio.shape[0] / SAMPLE_RATE
        if duration > 30.0:
            raise ValueError("a chunk must fit in Whisper's 30 s window")
        prompt = self.prompt_for(context)
        prompt_ids = (
            model.hf_tokenizer.encode(" " + prompt, add_special_tokens=False).ids if prompt else []
        )
        language = self.language if model.model.is_multilingual else "en"
        # sot (+ language + task) + notimestamps, plus <|startofprev|> and the prompt when there is one
        prompt_len = (
            (3 if model.model.is_multilingual else 1)
            + 1
            + (len(prompt_ids) + 1 if prompt_ids else 0)
        )
        if prompt_len > WHISPER_MAX_LENGTH // 2:
            prompt_ids = prompt_ids[-(WHISPER_MAX_LENGTH // 4) :]
            prompt = model.hf_tokenizer.decode(prompt_ids).strip()
            prompt_len = (3 if model.model.is_multilingual else 1) + 2 + len(prompt_ids)
        wanted = math.ceil(self.max_tokens_per_s * duration) + 8
        result = ChunkResult(token_cap=wanted)
        started = time.perf_counter()
        with self._run_lock:
            self.calls += 1
            segments, _info = model.transcribe(
                np.ascontiguousarray(audio, dtype=np.float32),
                language=language,
                task="transcribe",
                beam_size=self.beam_size,
                best_of=2,
                temperature=list(self.temperatures),
                compression_ratio_threshold=2.4,
                log_prob_threshold=-1.0,
                no_speech_threshold=0.6,
                condition_on_previous_text=False,
                initial_prompt=prompt or None,
                word_timestamps=True,
                without_timestamps=True,
                vad_filter=False,
                max_new_tokens=decode_budget(wanted, prompt_len),
            )
            # The chunk fits one window: take its segment and stop, so faster-whisper does not seek
            # back to the last word and decode the tail a second time.
            first = next(iter(segments), None)
            close = getattr(segments, "close", None)
            if close is not None:
                close()
        result.seconds = time.perf_counter() - started
        if first is None:
            result.skipped = "no speech (model's no-speech gate)"
            return result
        result.tokens = len(first.tokens)
        result.avg_logprob = float(first.avg_logprob)
        result.no_speech_prob = float(first.no_speech_prob)
        result.compression_ratio = float(first.compression_ratio)
        result.temperature = float(first.temperature)
        for w in first.words or []:
            text = str(w.word)
            if not text.strip():
                continue
            start = max(0.0, min(float(w.start), duration))
            end = max(start, min(float(w.end), duration))
            prob = float(w.probability) if w.probability is not None else None
            result.words.append(WordTiming(text.strip(), start, end, prob))
        return result

    # ------------------------------------------------------------------ whole recordings

    def transcribe_array(self, audio: np.ndarray) -> Transcript:
        """A whole answer given as 16 kHz mono float32 samples."""
        from interviewer.transcribe.pipeline import transcribe_blocks

        step = SAMPLE_RATE * 10
        blocks = (audio[i : i + step] for i in range(0, int(audio.shape[0]), step))
        return transcribe_blocks(self, blocks, total_s=audio.shape[0] / SAMPLE_RATE)

    def transcribe_file(
        self, path: str | Path, *, progress: Callable[[float], None] | None = None
    ) -> Transcript:
        """A whole answer from an audio file, streamed (an hour-long file is never held whole)."""
        from interviewer.transcribe.audio_io import AudioFile
        from interviewer.transcribe.pipeline import transcribe_blocks

        source = AudioFile(path)
        return transcribe_blocks(
            self, source.blocks(), total_s=source.duration_s, progress=progress
        )
