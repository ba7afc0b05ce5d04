#!/usr/bin/env python3
"""Benchmark: end-of-answer latency of live (incremental) transcription versus transcribing afterwards.

For answers of 1, 5 and 10 minutes (real LJ Speech clips from ../shared/audio joined with pauses,
or espeak-ng speech when that folder is absent), with random-weight Whisper models of the real
tiny.en and base.en dimensions (``build_fixture_model.py``), it measures:

- post-hoc: ``Engine.transcribe_array`` on the whole answer after it ends; its wall time is the
  wait a user would have at the end of the answer;
- incremental: ``IncrementalTranscriber`` fed in 0.1 s blocks. All but the last 30 s are fed as fast
  as the worker consumes them (``drain()`` after each block, so the worker is never behind); the
  last 30 s are fed at real-time pace, longer than the 25 s chunk cap, so when the answer "stops"
  the worker is in exactly the state it would be in after a real-time recording. End-of-answer
  latency is the wall time of ``finish()``. The worker keeps up in real time if its real-time
  factor (transcription time / audio time) is below 1; that is reported too.
- peak RSS of each run (each run is a separate process, so peaks do not mix).

With ``--repeat N`` the incremental run is repeated and the median end-of-answer latency is reported
(all runs are listed): on a shared 2-core machine single runs are noisy.

Random weights decode meaningless tokens, so decoding is capped at ``--tokens-per-s`` (default 4,
about what real speech at 150-180 wpm produces) per chunk: the decoder does a realistic amount of
work. Usage::

    python scripts/bench_transcribe.py [--quick] [--json OUT] [--dims tiny,base] [--minutes 1,5,10]
                                       [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_AUDIO = REPO.parent / "shared" / "audio"
SR = 16000
TAIL_S = 30.0

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it is not inherited from the
    parent across fork+exec, so each measured subprocess reports its own peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speech_clips() -> tuple[list, str]:
    """Real speech clips (16 kHz float32), or espeak-ng sentences when ../shared/audio is absent."""
    from interviewer.transcribe.audio_io import read_all

    folder = SHARED_AUDIO / "ljspeech"
    if folder.is_dir():
        files = sorted(folder.glob("*.wav"))
        if files:
            return [read_all(f) for f in files], f"LJ Speech clips from {folder}"
    sentences = [
        "So the first thing I would do is clarify the goal of the feature with the team.",
        "Then I would pick a north star metric, weekly active teams completing a task.",
        "Um, for guardrails I would watch latency, cost per request and support tickets.",
        "To launch, I would run an A B test for two weeks and compare retention.",
    ]
    clips = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(sentences):
            out = Path(tmp) / f"{i}.wav"
            subprocess.run(["espeak-ng", "-s", "165", "-w", str(out), text], check=True)
            clips.append(read_all(out))
    return clips, "espeak-ng sentences"


def make_answer(minutes: float, seed: int = 0):
    """Clips in random order with pauses (mostly 0.3-1.2 s, sometimes 2-4 s), ending in speech."""
    import numpy as np

    clips, _ = speech_clips()
    rng = np.random.default_rng(seed)
    parts = [np.zeros(int(1.0 * SR), np.float32)]
    total = parts[0].size
    want = int(minutes * 60 * SR)
    while True:
        clip = clips[int(rng.integers(len(clips)))]
        parts.append(clip)
        total += clip.size
        if total >= want:
            break
        pause = rng.uniform(2.0, 4.0) if rng.random() < 0.1 else rng.uniform(0.3, 1.2)
        parts.append(np.zeros(int(pause * SR), np.float32))
        total += parts[-1].size
    # The candidate presses stop half a second after the last word, as people do.
    parts.append(np.zeros(int(0.5 * SR), np.float32))
    return np.concatenate(parts)


def model_dir(dims: str) -> Path:
    import build_fixture_model

    root = Path(tempfile.gettempdir()) / "interviewer-bench-models"
    return Path(build_fixture_model.build(root / dims, dims))


def run_one(dims: str, minutes: float, mode: str, tokens_per_s: float) -> dict:
    """One measurement, in this process (called in a fresh subprocess by ``main``)."""
    from interviewer.transcribe import Engine, IncrementalTranscriber

    audio = make_answer(minutes)
    duration = audio.size / SR
    engine = Engine(str(model_dir(dims)), max_tokens_per_s=tokens_per_s)
    engine.load()
    result: dict = {"dims": dims, "minutes": minutes, "mode": mode, "audio_s": round(duration, 1)}
    if mode == "posthoc":
        started = time.perf_counter()
        tr = engine.transcribe_array(audio)
        result["latency_s"] = round(time.perf_counter() - started, 3)
    else:
        inc = IncrementalTranscriber(engine)
        block = int(0.1 * SR)
        tail_from = max(0, audio.size - int(TAIL_S * SR))
        pos = 0
        while pos < tail_from:  # as fast as the worker consumes
            inc.feed(audio[pos : min(pos + block, tail_from)])
            pos = min(pos + block, tail_from)
            inc.drain()
        t0 = time.perf_counter()
        while pos < audio.size:  # the last 30 s in real time
            due = t0 + (pos + block - tail_from) / SR
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            inc.feed(audio[pos : pos + block])
            pos += block
        tail_backlog = inc.backlog_s
        started = time.perf_counter()
        tr = inc.finish()
        result["latency_s"] = round(time.perf_counter() - started, 3)
        result["backlog_at_stop_s"] = round(tail_backlog, 2)
        result["last_chunk_s"] = (
            round(tr.meta["chunks"][-1]["end"] - tr.meta["chunks"][-1]["start"], 2)
            if tr.meta["chunks"]
            else 0
        )
    transcribe_s = tr.meta["timing"]["transcribe_s"]
    result.update(
        rtf=round(transcribe_s / duration, 4),
        chunks=tr.meta["chunk_count"],
        words=len(tr.words),
        tokens=sum(c["tokens"] for c in tr.meta["chunks"]),
        peak_rss_mb=round(peak_rss_mb(), 1),
    )
    return result


FILLER_SENTENCES = (
    "Um, so the goal here is, uh, to grow weekly active teams.",
    "I would, um, start with the activation funnel and, uh, look at drop off.",
    "Uh, the guardrail is, um, support tickets per thousand users.",
    "So, like, you know, I would run an experiment for, um, two weeks.",
)
FILLERS = {"um", "uh", "erm", "er", "hmm", "mm"}


def filler_check(model: str) -> dict:
    """Filler words kept with and without the filler prompt, on espeak-ng sentences that say them.

    Meaningful only with real weights (``--fillers base.en`` after ``interviewer models download``);
    a random-weight model prints noise. espeak-ng pronounces "um"/"uh" as written, which is close
    to, but not the same as, a hesitation sound.
    """
    import re

    from interviewer.transcribe import Engine
    from interviewer.transcribe.audio_io import read_all

    said = sum(
        1 for s in FILLER_SENTENCES for w in re.findall(r"[a-z]+", s.lower()) if w in FILLERS
    )
    clips = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(FILLER_SENTENCES):
            out = Path(tmp) / f"{i}.wav"
            subprocess.run(["espeak-ng", "-s", "150", "-w", str(out), text], check=True)
            clips.append(read_all(out))
    report = {"model": model, "fillers_said": said}
    for label, prompt in (("with_prompt", None), ("without_prompt", "")):
        engine = Engine(model) if prompt is None else Engine(model, filler_prompt=prompt)
        kept = 0
        words = 0
        for clip in clips:
            result = engine.transcribe_chunk(clip)
            tokens = [re.sub(r"[^a-z]", "", w.text.lower()) for w in result.words]
            kept += sum(1 for t in tokens if t in FILLERS)
            words += len(tokens)
        report[label] = {"fillers_kept": kept, "words": words, "recall": round(kept / said, 3)}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Live vs post-hoc transcription latency benchmark."
    )
    parser.add_argument("--quick", action="store_true", help="tiny dims, 1 and 5 minutes only")
    parser.add_argument("--json", type=Path, help="write results to this JSON file")
    parser.add_argument("--dims", default="tiny,base", help="model dimensions (default tiny,base)")
    parser.add_argument("--minutes", default="1,5,10", help="answer lengths (default 1,5,10)")
    parser.add_argument(
        "--tokens-per-s", type=float, default=4.0, help="decode cap per second of audio"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="incremental runs per length; the median is reported"
    )
    parser.add_argument(
        "--fillers",
        metavar="MODEL",
        help="instead: filler words kept with/without the filler prompt",
    )
    parser.add_argument(
        "--one", nargs=3, metavar=("DIMS", "MINUTES", "MODE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)

    if args.fillers:
        print(json.dumps(filler_check(args.fillers), indent=2))
        return 0
    if args.one:
        dims, minutes, mode = args.one
        print(json.dumps(run_one(dims, float(minutes), mode, args.tokens_per_s)))
        return 0

    dims_list = ["tiny"] if args.quick else [d.strip() for d in args.dims.split(",") if d.strip()]
    minutes_list = [1.0, 5.0] if args.quick else [float(m) for m in args.minutes.split(",")]
    _, source = speech_clips()
    for d in dims_list:
        print(f"building {d} fixture model…", file=sys.stderr)
        model_dir(d)
    rows = []
    for d in dims_list:
        for m in minutes_list:
            pair: dict = {"incremental": []}
            for mode in ("posthoc", *["incremental"] * args.repeat):
                print(f"  {d} {m:g} min {mode}…", file=sys.stderr, flush=True)
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--one",
                        d,
                        str(m),
                        mode,
                        "--tokens-per-s",
                        str(args.tokens_per_s),
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                run = json.loads(out.stdout.strip().splitlines()[-1])
                if mode == "incremental":
                    pair["incremental"].append(run)
                else:
                    pair[mode] = run
            post = pair["posthoc"]
            runs = sorted(pair["incremental"], key=lambda r: r["latency_s"])
            inc = runs[len(runs) // 2]  # the median run
            rows.append(
                {
                    "dims": d,
                    "minutes": m,
                    "audio_s": post["audio_s"],
                    "chunks": inc["chunks"],
                    "rtf": inc["rtf"],
                    "posthoc_latency_s": post["latency_s"],
                    "incremental_latency_s": inc["latency_s"],
                    "incremental_latency_runs_s": [r["latency_s"] for r in runs],
                    "ratio": round(inc["latency_s"] / post["latency_s"], 4),
                    "last_chunk_s": inc["last_chunk_s"],
                    "backlog_at_stop_s": inc["backlog_at_stop_s"],
                    "peak_rss_mb_posthoc": post["peak_rss_mb"],
                    "peak_rss_mb_incremental": max(r["peak_rss_mb"] for r in runs),
                    "tokens": inc["tokens"],
                }
            )
            print(f"  -> {json.dumps(rows[-1])}", file=sys.stderr, flush=True)
    header = (
        f"{'dims':<5} {'min':>4} {'chunks':>6} {'RTF':>6} {'post-hoc s':>10} {'live s':>7} "
        f"{'ratio':>6} {'last chunk':>10} {'RSS post':>8} {'RSS live':>8}  live runs"
    )
    print(header)
    for r in rows:
        print(
            f"{r['dims']:<5} {r['minutes']:>4g} {r['chunks']:>6} {r['rtf']:>6.3f} "
            f"{r['posthoc_latency_s']:>10.2f} {r['incremental_latency_s']:>7.2f} {r['ratio'] * 100:>5.1f}% "
            f"{r['last_chunk_s']:>9.1f}s {r['peak_rss_mb_posthoc']:>6.0f}MB {r['peak_rss_mb_incremental']:>6.0f}MB"
            f"  {', '.join(f'{x:.2f}' for x in r['incremental_latency_runs_s'])}"
        )
    report = {
        "benchmark": "bench_transcribe",
        "speech": source,
        "tokens_per_s_cap": args.tokens_per_s,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "rows": rows,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
