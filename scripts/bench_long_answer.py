#!/usr/bin/env python3
"""Benchmark: peak memory of a 60-minute answer recorded and transcribed live (must stay < 600 MB).

A 60-minute answer (LJ Speech clips from ../shared/audio joined with pauses, or espeak-ng speech)
is written to a WAV file clip by clip, then streamed from that file in 0.1 s blocks through the
real ``interviewer.audio.AnswerRecorder`` (which writes the recording to disk, as in a session)
with an ``IncrementalTranscriber`` listening. The source never decodes the file whole, and it holds
back while the transcriber has more than ``--max-backlog`` seconds queued, as a microphone feeding a
worker that keeps up would. So the figure is the memory a real hour-long answer needs.

Usage: ``python scripts/bench_long_answer.py [--minutes 60] [--dims mini|tiny] [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
SR = 16000
LIMIT_MB = 600


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_long_answer(path: Path, minutes: float) -> float:
    """Write the answer clip by clip (never whole in memory); returns its duration in seconds."""
    import numpy as np
    import soundfile as sf
    from bench_transcribe import speech_clips

    clips, _ = speech_clips()
    rng = np.random.default_rng(7)
    want = int(minutes * 60 * SR)
    total = 0
    with sf.SoundFile(str(path), "w", samplerate=SR, channels=1, subtype="PCM_16") as out:
        while total < want:
            clip = clips[int(rng.integers(len(clips)))]
            pause = np.zeros(
                int((rng.uniform(2, 4) if rng.random() < 0.1 else rng.uniform(0.3, 1.2)) * SR),
                np.float32,
            )
            out.write(clip)
            out.write(pause)
            total += clip.size + pause.size
    return total / SR


class StreamingFileSource:
    """An AudioSource over a file, decoded block by block, paced by the transcriber's backlog."""

    overflows = 0

    def __init__(self, path: Path, backlog: Callable[[], float], max_backlog_s: float) -> None:
        from interviewer.transcribe.audio_io import AudioFile

        self._blocks = AudioFile(path).blocks(block_s=0.1)
        self._backlog = backlog
        self._max_backlog_s = max_backlog_s
        self._stopped = threading.Event()
        self.max_seen_backlog_s = 0.0

    def start(self) -> None:
        self._stopped.clear()

    def read(self, timeout: float = 0.5):
        import numpy as np

        if self._stopped.is_set():
            return None
        backlog = self._backlog()
        self.max_seen_backlog_s = max(self.max_seen_backlog_s, backlog)
        if backlog > self._max_backlog_s:
            time.sleep(min(timeout, 0.05))
            return np.zeros(0, np.float32)
        return next(self._blocks, None)

    def stop(self) -> None:
        self._stopped.set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Peak memory of a long answer transcribed live.")
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument(
        "--dims", default="mini", help="fixture model dimensions (mini, tiny, base)"
    )
    parser.add_argument(
        "--max-backlog", type=float, default=20.0, help="seconds queued before the source waits"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from bench_transcribe import model_dir

    from interviewer.audio import AnswerRecorder
    from interviewer.transcribe import Engine, IncrementalTranscriber

    with tempfile.TemporaryDirectory(prefix="interviewer-long-") as tmp:
        src = Path(tmp) / "answer.wav"
        duration = write_long_answer(src, args.minutes)
        print(
            f"{args.minutes:g}-minute answer written ({src.stat().st_size / 1e6:.0f} MB)",
            file=sys.stderr,
        )
        rss_before = peak_rss_mb()
        engine = Engine(str(model_dir(args.dims)))
        engine.load()
        inc = IncrementalTranscriber(engine)
        source = StreamingFileSource(src, lambda: inc.backlog_s, args.max_backlog)
        recorder = AnswerRecorder(source, Path(tmp) / "recorded.wav", listeners=[inc.feed])
        started = time.perf_counter()
        recorder.start()
        recording = recorder.wait()
        stopped = time.perf_counter()
        transcript = inc.finish()
        done = time.perf_counter()
        assert recording is not None and recording.error is None, recording
        peak = peak_rss_mb()
    result = {
        "benchmark": "bench_long_answer",
        "dims": args.dims,
        "audio_s": round(duration, 1),
        "recorded_s": round(recording.duration_s, 1),
        "wall_s": round(done - started, 1),
        "rtf": round(transcript.meta["timing"]["transcribe_s"] / duration, 4),
        "finish_latency_s": round(done - stopped, 3),
        "chunks": transcript.meta["chunk_count"],
        "words": len(transcript.words),
        "pauses": len(transcript.pauses or []),
        "max_backlog_s": round(source.max_seen_backlog_s, 1),
        "rss_before_model_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak, 1),
        "limit_mb": LIMIT_MB,
        "ok": peak < LIMIT_MB,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
