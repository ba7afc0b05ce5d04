"""From chunk results to one ``interviewer.transcript/1``: the answer's clock, guards, pauses, fillers.

Each chunk's words are shifted onto the answer's clock and made to behave: times kept inside the
chunk and never running backwards, words lying wholly in silence dropped (Whisper's classic
hallucination), and repetition loops ("thank you. thank you. thank you.") cut back. Pauses come from
the VAD speech regions, since Whisper's word times absorb silence; speech that no word covers for
0.3 s or more is recorded as a probable filled pause (um/uh, which Whisper tends to drop).
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any

from interviewer.models import TRANSCRIPT_SCHEMA, Span, Transcript, Word
from interviewer.transcribe.engine import ChunkResult, WordTiming
from interviewer.transcribe.segmenter import SAMPLE_RATE, Chunk

MIN_PAUSE_S = 0.25  # counting threshold for silent pauses (scoring-norms: 0.2-0.35 s)
MIN_FILLED_PAUSE_S = 0.3
SILENCE_TOLERANCE_S = 0.3  # a word this close to speech is not "in silence"
LOOP_MIN_REPEATS = 4  # an n-gram said this many times in a row is a decoding loop
LOOP_KEEP = 2


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "'")


def collapse_loops(words: list[WordTiming]) -> tuple[list[WordTiming], int]:
    """Cut runs of an n-gram (n <= 4) repeated LOOP_MIN_REPEATS+ times down to LOOP_KEEP repeats."""
    removed = 0
    out = list(words)
    for n in (1, 2, 3, 4):
        i = 0
        keys = [_norm(w.text) for w in out]
        result: list[WordTiming] = []
        while i < len(out):
            gram = keys[i : i + n]
            reps = 1
            if len(gram) == n and any(gram):
                while keys[i + reps * n : i + (reps + 1) * n] == gram:
                    reps += 1
            if reps >= LOOP_MIN_REPEATS:
                result.extend(out[i : i + LOOP_KEEP * n])
                removed += (reps - LOOP_KEEP) * n
                i += reps * n
            else:
                result.append(out[i])
                i += 1
        out = result
    return out, removed


def _overlaps_speech(start: float, end: float, regions: list[tuple[float, float]]) -> bool:
    tol = SILENCE_TOLERANCE_S
    return any(a - tol < end and start < b + tol for a, b in regions)


def pauses_between(
    regions: list[tuple[float, float]], *, min_pause_s: float = MIN_PAUSE_S
) -> list[Span]:
    """Silences between consecutive speech regions (leading and trailing silence excluded)."""
    out = []
    for (_, prev_end), (nxt_start, _) in itertools.pairwise(regions):
        if nxt_start - prev_end >= min_pause_s:
            out.append(Span(start=round(prev_end, 2), end=round(nxt_start, 2)))
    return out


def uncovered_speech(
    regions: list[tuple[float, float]], words: list[Word], *, min_s: float = MIN_FILLED_PAUSE_S
) -> list[Span]:
    """Stretches of VAD speech with no word over them: probable filled pauses."""
    out = []
    spans = sorted((w.start, w.end) for w in words)
    j = 0
    for a, b in regions:
        while j < len(spans) and spans[j][1] <= a:
            j += 1
        cursor = a
        k = j
        while k < len(spans) and spans[k][0] < b:
            ws, we = spans[k]
            if ws - cursor >= min_s:
                out.append(Span(start=round(cursor, 2), end=round(ws, 2)))
            cursor = max(cursor, we)
            k += 1
        if b - cursor >= min_s:
            out.append(Span(start=round(cursor, 2), end=round(b, 2)))
    return out


@dataclass
class _ChunkRecord:
    start: float
    end: float
    words: int
    seconds: float
    tokens: int
    dropped: int
    loops_removed: int
    avg_logprob: float | None
    temperature: float | None
    skipped: str | None

    def as_meta(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "start": round(self.start, 2),
            "end": round(self.end, 2),
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "tokens": self.tokens,
        }
        if self.dropped:
            data["dropped_in_silence"] = self.dropped
        if self.loops_removed:
            data["loop_words_removed"] = self.loops_removed
        if self.avg_logprob is not None:
            data["avg_logprob"] = round(self.avg_logprob, 3)
        if self.temperature:
            data["temperature"] = self.temperature
        if self.skipped:
            data["skipped"] = self.skipped
        return data


class TranscriptBuilder:
    """Collects chunk results (from one worker thread) and renders transcripts (from any thread)."""

    def __init__(self, *, engine_meta: dict[str, Any], language: str = "en") -> None:
        self._meta = dict(engine_meta)
        self.language = language
        self._words: list[Word] = []
        self._chunks: list[_ChunkRecord] = []
        self._lock = threading.Lock()
        self._covered_until = 0.0
        self.context = ""

    @property
    def words(self) -> list[Word]:
        with self._lock:
            return list(self._words)

    @property
    def chunk_count(self) -> int:
        return len(self._chunks)

    @property
    def transcribe_seconds(self) -> float:
        return sum(c.seconds for c in self._chunks)

    def add(self, chunk: Chunk, result: ChunkResult) -> None:
        offset = chunk.start_s
        end_s = chunk.end_s
        regions = [(a / SAMPLE_RATE, b / SAMPLE_RATE) for a, b in chunk.speech]
        kept, loops = collapse_loops(result.words)
        new: list[Word] = []
        dropped = 0
        with self._lock:
            floor = max(self._words[-1].end if self._words else 0.0, offset)
        for w in kept:
            start = min(max(offset + w.start, floor), end_s)
            end = min(max(offset + w.end, start), end_s)
            if not _overlaps_speech(start, end, regions):
                dropped += 1
                continue
            prob = None if w.probability is None else min(1.0, max(0.0, w.probability))
            new.append(
                Word(text=w.text, start=round(start, 3), end=round(end, 3), probability=prob)
            )
            floor = end
        with self._lock:
            self._words.extend(new)
            self._covered_until = max(self._covered_until, end_s)
            self._chunks.append(
                _ChunkRecord(
                    start=offset,
                    end=end_s,
                    words=len(new),
                    seconds=result.seconds,
                    tokens=result.tokens,
                    dropped=dropped,
                    loops_removed=loops,
                    avg_logprob=result.avg_logprob,
                    temperature=result.temperature,
                    skipped=result.skipped,
                )
            )
            if new:
                self.context = " ".join(w.text for w in self._words[-32:])

    def build(
        self,
        *,
        duration_s: float,
        speech_regions: list[tuple[int, int]],
        final: bool,
        extra_meta: dict[str, Any] | None = None,
    ) -> Transcript:
        with self._lock:
            words = list(self._words)
            chunks = [c.as_meta() for c in self._chunks]
            covered = self._covered_until
            transcribe_s = sum(c.seconds for c in self._chunks)
        regions = [(a / SAMPLE_RATE, b / SAMPLE_RATE) for a, b in speech_regions]
        duration_s = max(duration_s, words[-1].end if words else 0.0)
        # Filled pauses only where the words are known (a live transcript lags the audio).
        known = regions if final else [(a, min(b, covered)) for a, b in regions if a < covered]
        meta: dict[str, Any] = {
            **self._meta,
            "source": "audio",
            "timing_estimated": False,
            "final": final,
            "chunk_count": len(chunks),
            "chunks": chunks,
            "speech_s": round(sum(b - a for a, b in regions), 2),
            "timing": {
                "transcribe_s": round(transcribe_s, 3),
                "rtf": round(transcribe_s / duration_s, 4) if duration_s > 0 else None,
            },
        }
        if extra_meta:
            for key, value in extra_meta.items():
                if key == "timing":
                    meta["timing"].update(value)
                else:
                    meta[key] = value
        return Transcript.model_validate(
            {
                "schema": TRANSCRIPT_SCHEMA,
                "language": self.language,
                "duration_s": round(duration_s, 3),
                "words": [w.model_dump(exclude_none=True) for w in words],
                "pauses": [p.model_dump() for p in pauses_between(regions)],
                "filled_pauses": [p.model_dump() for p in uncovered_speech(known, words)],
                "meta": meta,
            }
        )
