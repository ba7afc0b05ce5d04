"""Pieces of the transcriber that need no model: chunking, loop and silence guards, pauses, fillers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from interviewer.models import Word
from interviewer.transcribe.assemble import (
    TranscriptBuilder,
    collapse_loops,
    pauses_between,
    uncovered_speech,
)
from interviewer.transcribe.engine import ChunkResult, WordTiming, decode_budget
from interviewer.transcribe.segmenter import Chunk, Segmenter, SegmenterOptions

SR = 16000


def wt(text: str, start: float, end: float) -> WordTiming:
    return WordTiming(text, start, end, 0.9)


def test_collapse_loops_cuts_repetition_but_keeps_normal_speech() -> None:
    loop = [
        wt(t, i * 0.3, i * 0.3 + 0.2)
        for i, t in enumerate(
            [
                "so",
                "thank",
                "you.",
                "thank",
                "you.",
                "thank",
                "you.",
                "thank",
                "you.",
                "thank",
                "you.",
                "bye",
            ]
        )
    ]
    kept, removed = collapse_loops(loop)
    assert [w.text for w in kept] == ["so", "thank", "you.", "thank", "you.", "bye"]
    assert removed == 6
    normal = [
        wt(t, i, i + 0.5) for i, t in enumerate(["no", "no", "no", "that", "is", "not", "it"])
    ]
    assert collapse_loops(normal) == (normal, 0)  # three in a row is speech, not a loop
    single = [wt("the", i, i + 0.1) for i in range(9)]
    assert [w.text for w in collapse_loops(single)[0]] == ["the", "the"]


def test_pauses_come_from_speech_regions() -> None:
    regions = [(0.5, 2.0), (2.1, 4.0), (7.5, 9.0), (9.3, 10.0)]
    spans = [(p.start, p.end) for p in pauses_between(regions)]
    assert spans == [(4.0, 7.5), (9.0, 9.3)]  # 0.1 s is a micro-gap, not a pause


def test_uncovered_speech_is_a_probable_filled_pause() -> None:
    regions = [(1.0, 5.0)]
    words = [
        Word(text="So", start=1.0, end=1.4),
        Word(text="metrics", start=2.2, end=3.0),
        Word(text="matter", start=3.1, end=4.8),
    ]
    spans = [(p.start, p.end) for p in uncovered_speech(regions, words)]
    assert spans == [(1.4, 2.2)]  # the 0.1 s and 0.2 s stretches are too short to count


def chunk(start_s: float, end_s: float, speech: list[tuple[float, float]]) -> Chunk:
    audio = np.zeros(int((end_s - start_s) * SR), np.float32)
    return Chunk(0, int(start_s * SR), audio, [(int(a * SR), int(b * SR)) for a, b in speech])


def test_builder_shifts_clamps_orders_and_drops_words_in_silence() -> None:
    b = TranscriptBuilder(engine_meta={"model": "fake"})
    res = ChunkResult(
        words=[
            wt("one", 0.1, 0.5),
            wt("two", 0.4, 0.9),
            wt("ghost", 7.0, 7.5),
            wt("late", 9.0, 12.0),
        ]
    )
    b.add(chunk(10.0, 20.0, [(10.0, 11.0), (18.5, 19.5)]), res)
    tr = b.build(
        duration_s=30.0,
        speech_regions=[(int(10 * SR), int(11 * SR)), (int(18.5 * SR), int(19.5 * SR))],
        final=True,
    )
    assert [w.text for w in tr.words] == ["one", "two", "late"]
    assert [(w.start, w.end) for w in tr.words] == [(10.1, 10.5), (10.5, 10.9), (19.0, 20.0)]
    assert tr.meta["chunks"][0]["dropped_in_silence"] == 1  # "ghost" sat in 7 s of silence
    assert [(p.start, p.end) for p in tr.pauses] == [(11.0, 18.5)]
    assert tr.meta["timing_estimated"] is False and tr.meta["model"] == "fake"
    assert b.context.endswith("late")


def test_segmenter_never_emits_silence() -> None:
    seg = Segmenter()
    chunks = seg.push(np.zeros(10 * SR, np.float32)) + seg.finish()
    assert chunks == [] and seg.speech_regions == []
    assert seg.samples == 10 * SR


@pytest.fixture(scope="module")
def long_speech(speech) -> np.ndarray:
    """About 60 s of speech with only short (0.25 s) gaps: no natural place to cut for a long while."""
    clips = [speech.audio()[int(a * SR) : int(b * SR)] for a, b in speech.spans]
    gap = np.zeros(int(0.25 * SR), np.float32)
    parts = []
    while sum(p.size for p in parts) < 60 * SR:
        for c in clips:
            parts += [c, gap]
    return np.concatenate(parts)


def test_chunks_are_capped_contiguous_and_cover_the_speech(long_speech: np.ndarray) -> None:
    seg = Segmenter(SegmenterOptions(min_chunk_s=30.0))  # only the cap may cut
    chunks: list[Chunk] = []
    for i in range(0, long_speech.size, 1600):
        chunks += seg.push(long_speech[i : i + 1600])
    chunks += seg.finish()
    assert len(chunks) >= 3
    for c in chunks:
        assert c.end - c.start == c.audio.size
        assert c.audio.size <= 25 * SR + 512
        assert c.speech and all(c.start <= a < b <= c.end for a, b in c.speech)
    for prev, nxt in itertools.pairwise(chunks):
        assert nxt.start >= prev.end  # never transcribed twice
    # the audio in the chunks is the audio that was fed
    for c in chunks:
        assert np.array_equal(c.audio, long_speech[c.start : c.end])
    regions = seg.speech_regions
    spoken = sum(b - a for a, b in regions)
    in_chunks = sum(sum(b - a for a, b in c.speech) for c in chunks)
    assert in_chunks >= 0.98 * spoken


def test_same_chunks_whatever_the_block_size(long_speech: np.ndarray) -> None:
    def cuts(block: int) -> list[tuple[int, int]]:
        seg = Segmenter()
        out: list[Chunk] = []
        for i in range(0, long_speech.size, block):
            out += seg.push(long_speech[i : i + block])
        out += seg.finish()
        return [(c.start, c.end) for c in out]

    assert cuts(1600) == cuts(4096) == cuts(long_speech.size)


def test_decode_budget_accounts_for_ctranslate2_halving() -> None:
    # CTranslate2 decodes min((prompt + budget) // 2, budget + 1) tokens
    for wanted, prompt in [(20, 2), (20, 25), (100, 30), (60, 60)]:
        budget = decode_budget(wanted, prompt)
        assert min((prompt + budget) // 2, budget + 1) >= wanted
        assert prompt + budget <= 448
    assert decode_budget(400, 300) == 148


def test_importing_the_transcriber_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, interviewer.transcribe, interviewer.cli.models_cmd;"
        "print(','.join(m for m in ('numpy', 'faster_whisper', 'ctranslate2', 'av', 'onnxruntime',"
        " 'textual', 'huggingface_hub') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
