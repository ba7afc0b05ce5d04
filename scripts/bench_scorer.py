#!/usr/bin/env python3
"""How long scoring one long answer takes: the median over repeated runs, for a 10-minute transcript.

The answer is built from the labelled development set (its answers joined until the transcript
runs 10 minutes at 150 wpm, about 1,500 words), so the rules meet realistic, varied sentences.
It also reports the import time of ``interviewer.scoring`` in a fresh interpreter, since the CLI
pays it on every ``interviewer score``.

    python scripts/bench_scorer.py [--minutes 10] [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def long_text(minutes: float, wpm: float) -> str:
    texts = [
        tomllib.loads(p.read_text(encoding="utf-8"))["text"]
        for p in sorted((REPO / "tests" / "data" / "labelled" / "dev").glob("*.toml"))
    ]
    if not texts:
        texts = [
            "I'd start with the goal, then the metrics, then a five percent holdout for four weeks."
        ]
    target = int(minutes * wpm)
    words: list[str] = []
    i = 0
    while len(words) < target:
        # Without the timing markers: the benchmark is about the rules, not pauses.
        words.extend(
            w
            for w in texts[i % len(texts)].split()
            if not w.startswith("[") and not w.endswith("]")
        )
        i += 1
    return " ".join(words[:target])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--wpm", type=float, default=150.0)
    parser.add_argument("--quick", action="store_true", help="10 runs instead of 30")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args()
    if args.quick:
        args.runs = min(args.runs, 10)

    from interviewer.models import QuestionRef
    from interviewer.scoring import SCORER_VERSION, score_answer
    from interviewer.timing import estimate

    transcript = estimate(long_text(args.minutes, args.wpm), wpm=args.wpm, seed=1)
    question = QuestionRef(
        kind="metrics",
        text="How would you measure the success of the fraud alert model in our card app?",
    )
    score_answer(transcript, question)  # warm up (regex compilation happens at import)
    times, cpu = [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        score = score_answer(transcript, question)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    code = "import time; t=time.perf_counter(); import interviewer.scoring; print(time.perf_counter()-t)"
    imports = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    print(
        f"scorer {SCORER_VERSION}: {len(transcript.words)} words, {transcript.duration_s / 60:.1f} min transcript"
    )
    print(
        f"score_answer median {statistics.median(times) * 1000:.1f} ms, "
        f"min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {args.runs} runs "
        f"(CPU time median {statistics.median(cpu) * 1000:.1f} ms; wall time includes waiting for a busy CPU)"
    )
    print(
        f"import interviewer.scoring (fresh interpreter) median {statistics.median(imports) * 1000:.0f} ms"
    )
    print(f"flags on this stitched answer: {', '.join(f.code for f in score.flags) or 'none'}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "score_10min_ms": round(statistics.median(times) * 1000, 2),
                    "score_10min_cpu_ms": round(statistics.median(cpu) * 1000, 2),
                    "scoring_import_ms": round(statistics.median(imports) * 1000, 1),
                    "words": len(transcript.words),
                    "method": (
                        f"scripts/bench_scorer.py: score_answer on a {args.minutes:.0f}-minute, "
                        f"{len(transcript.words)}-word transcript (labelled-set text at {args.wpm:.0f} wpm), "
                        f"median wall time of {args.runs} in-process runs after a warm-up"
                    ),
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
