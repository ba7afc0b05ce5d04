"""Scripted stand-ins for the round's parts, for the engine and TUI tests.

The fake microphone "hears" words: each block fed through the recorder is one word, and the fake
transcriber turns the blocks it was fed into a transcript, so a test can tell what was recorded,
fed and scored. The recorder writes a real (short, silent) WAV file where it was told to.
"""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interviewer.models import Flag, Question, QuestionRef, Score, Scores, Transcript, Word
from interviewer.services import Services
from interviewer.store import Store


class FakeClock:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class FakeSpeaker:
    available = True
    problem = None

    def __init__(self) -> None:
        self.spoken: list[str] = []
        self.prefetched: list[str] = []
        self.is_speaking = False
        self.stops = 0

    def prefetch(self, text: str) -> None:
        self.prefetched.append(text)

    def speak(self, text: str) -> None:
        self.spoken.append(text)
        self.is_speaking = True

    def stop(self) -> None:
        self.stops += 1
        self.is_speaking = False

    def done(self) -> None:
        self.is_speaking = False

    def wait(self, timeout: float | None = None) -> bool:
        self.is_speaking = False
        return True


class FakeSource:
    """A microphone that will say ``words`` when the recorder runs."""

    def __init__(self, words: list[str] | None = None) -> None:
        self.words = list(words or [])


class FakeRecorder:
    def __init__(
        self, source: Any, wav_path: Path, on_level: Callable[[Any], None], listeners: list[Any]
    ):
        self.source = source
        self.wav_path = Path(wav_path)
        self.on_level = on_level
        self.listeners = listeners
        self.started = self.stopped = False

    def start(self) -> None:
        self.started = True
        self.wav_path.parent.mkdir(parents=True, exist_ok=True)
        _write_silence(self.wav_path, 0.5)

    def say(self, *words: str) -> None:
        for word in words:
            self.on_level(0.3)
            for listener in self.listeners:
                listener(word)

    def wait(self) -> None:
        self.say(*getattr(self.source, "words", []))

    def stop(self) -> Any:
        self.stopped = True
        return self.wav_path


class FakeTranscriber:
    def __init__(self, on_update: Callable[[Any], None], *, fail: bool = False) -> None:
        self.on_update = on_update
        self.blocks: list[str] = []
        self.cancelled = False
        self.fail = fail

    def feed(self, block: Any) -> None:
        self.blocks.append(str(block))
        self.on_update(self._transcript())

    def partial(self) -> Transcript:
        return self._transcript()

    def _transcript(self) -> Transcript:
        words = [
            Word(text=w, start=0.5 + 0.4 * i, end=0.8 + 0.4 * i) for i, w in enumerate(self.blocks)
        ]
        return Transcript(duration_s=1.0 + 0.4 * len(words), words=words)

    def finish(self) -> Transcript:
        if self.fail:
            raise RuntimeError("model crashed")
        return self._transcript()

    def cancel(self) -> None:
        self.cancelled = True


def fake_score(transcript: Transcript, question: Question, budget_s: float | None) -> Score:
    """Scores that depend on the words, so a test notices when the wrong transcript was scored."""
    n = len(transcript.words)
    flags = []
    if n < 5:
        flags.append(
            Flag(
                code="no_structure",
                severity="high",
                start_s=0.0,
                end_s=transcript.duration_s,
                evidence=transcript.text[:60],
                advice="Lead with a roadmap.",
            )
        )
    level = min(5.0, 1.0 + n / 5)
    return Score(
        scorer_version="fake",
        question=QuestionRef.of(question),
        duration_s=transcript.duration_s,
        scores=Scores(structure=level, pacing=3.0, content=level, overall=level),
        metrics={"words": n, "wpm": 150.0},
        flags=flags,
    )


def questions(n: int = 3, budget_s: float = 240.0) -> list[Question]:
    kinds = ["metrics", "behavioral", "product_vision", "ai_technical", "data_analysis"]
    return [
        Question(
            id=f"q{i + 1}",
            kind=kinds[i % len(kinds)],  # type: ignore[arg-type]
            text=f"Question number {i + 1}: how would you measure success for feature {i + 1}?",
            budget_s=budget_s,
            elements=["goal", "metric"],
        )
        for i in range(n)
    ]


class Rig:
    """A Services with fakes, and handles on what they did."""

    def __init__(
        self,
        *,
        typed: bool = False,
        speaker: bool = True,
        fail_transcribe: bool = False,
        store: Store | None = None,
    ) -> None:
        self.clock = FakeClock()
        self.speaker = FakeSpeaker() if speaker else None
        self.recorders: list[FakeRecorder] = []
        self.transcribers: list[FakeTranscriber] = []
        self.mic_words: list[list[str]] = []
        self.store = store or Store()

        def recorder(source: Any, wav: Path, on_level: Any, listeners: list[Any]) -> FakeRecorder:
            rec = FakeRecorder(source, wav, on_level, listeners)
            self.recorders.append(rec)
            return rec

        def transcriber(on_update: Any) -> FakeTranscriber:
            t = FakeTranscriber(on_update, fail=fail_transcribe)
            self.transcribers.append(t)
            return t

        def microphone() -> FakeSource:
            return FakeSource(self.mic_words.pop(0) if self.mic_words else [])

        self.services = Services(
            store=self.store,
            scorer=fake_score,
            speaker=self.speaker,
            microphone=None if typed else microphone,
            recorder_factory=recorder,
            transcriber_factory=transcriber,
            clock=self.clock,
        )
        if typed:
            self.services.problems["microphone"] = "no usable microphone: test"


def _write_silence(path: Path, seconds: float, rate: int = 16000) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x00" * int(seconds * rate))
