"""Whole-recording transcription: the same segmenter and guards as the live path, run to the end.

Transcribing a file afterwards and transcribing while the candidate speaks must give the same kind
of transcript (chunks cut at the same pauses, the same hallucination guards), so both go through
``Segmenter`` -> ``Engine.transcribe_chunk`` -> ``TranscriptBuilder``. Here the blocks come from a
file or an array and chunks are transcribed as soon as they are cut, so memory stays bounded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from interviewer.transcribe.assemble import TranscriptBuilder
from interviewer.transcribe.segmenter import SAMPLE_RATE, Chunk, Segmenter

if TYPE_CHECKING:
    import numpy as np

    from interviewer.models import Transcript
    from interviewer.transcribe.engine import Engine


def new_builder(engine: Engine) -> TranscriptBuilder:
    return TranscriptBuilder(engine_meta=engine.describe(), language=engine.language or "en")


def transcribe_blocks(
    engine: Engine,
    blocks: Iterable[np.ndarray],
    *,
    total_s: float | None = None,
    progress: Callable[[float], None] | None = None,
) -> Transcript:
    """Run blocks of 16 kHz mono float32 audio through VAD, chunking and the model."""
    started = time.perf_counter()
    segmenter = Segmenter()
    builder = new_builder(engine)

    def run(chunks: list[Chunk]) -> None:
        for chunk in chunks:
            builder.add(chunk, engine.transcribe_chunk(chunk.audio, context=builder.context))

    for block in blocks:
        run(segmenter.push(block))
        if progress is not None and total_s:
            progress(min(0.99, segmenter.samples / SAMPLE_RATE / total_s))
    run(segmenter.finish())
    if progress is not None:
        progress(1.0)
    duration = segmenter.samples / SAMPLE_RATE
    return builder.build(
        duration_s=duration,
        speech_regions=segmenter.speech_regions,
        final=True,
        extra_meta={"mode": "file", "timing": {"wall_s": round(time.perf_counter() - started, 3)}},
    )
