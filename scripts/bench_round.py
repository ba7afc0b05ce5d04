#!/usr/bin/env python3
"""Peak memory of a whole headless practice round, from spoken answers to the stored debrief.

    python scripts/bench_round.py [--quick] [--round NAME] [--minutes M] [--dims tiny|base] [--json OUT]

Makes one spoken answer per question with espeak-ng (speech joined with pauses up to M minutes),
builds a random-weight Whisper model of the real tiny (or base) dimensions, and runs
``interviewer practice --no-tui --answers DIR --model MODEL`` in a child process. The child's peak RSS
comes from ``getrusage(RUSAGE_CHILDREN)`` after it exits (Linux reports kilobytes). Wall time and the
number of answers stored are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

SENTENCES = [
    "I would start by clarifying the goal of the fraud model for our card holders.",
    "Precision tells us how many blocked payments were really fraud, and recall how much fraud we caught.",
    "A false positive blocks a loyal customer at the checkout, which costs trust and revenue.",
    "So I would set the threshold where the cost of both errors is lowest, and watch the complaint rate.",
    "My recommendation is to launch to five percent of traffic and compare against the current rules.",
]


def espeak_answer(path: Path, seconds: float, rate: int = 160) -> float:
    """A WAV of spoken sentences with 1 s pauses, about ``seconds`` long (16 kHz mono)."""
    with tempfile.TemporaryDirectory() as tmp:
        pieces: list[bytes] = []
        total = 0.0
        i = 0
        pause = b"\x00\x00" * 16000
        while total < seconds:
            clip = Path(tmp) / f"{i}.wav"
            subprocess.run(
                ["espeak-ng", "-s", str(rate), "-w", str(clip), SENTENCES[i % len(SENTENCES)]],
                check=True,
                capture_output=True,
            )
            resampled = Path(tmp) / f"{i}-16k.wav"
            subprocess.run(
                ["sox", str(clip), "-r", "16000", "-c", "1", "-b", "16", str(resampled)], check=True
            )
            with wave.open(str(resampled)) as w:
                frames = w.readframes(w.getnframes())
            pieces += [frames, pause]
            total += len(frames) / 32000 + 1.0
            i += 1
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16000)
            out.writeframes(b"".join(pieces))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="short answers (20 s each)")
    parser.add_argument("--round", default="screen", help="round template (default: screen)")
    parser.add_argument(
        "--minutes", type=float, default=2.0, help="length of each answer (default 2)"
    )
    parser.add_argument("--dims", choices=["mini", "tiny", "base"], default="tiny")
    parser.add_argument("--json", type=Path, metavar="OUT")
    args = parser.parse_args()
    for tool in ("espeak-ng", "sox"):
        if not shutil.which(tool):
            print(f"bench_round: {tool} is not installed (run scripts/setup.sh)", file=sys.stderr)
            return 1
    seconds = 20.0 if args.quick else args.minutes * 60
    from build_fixture_model import build

    with tempfile.TemporaryDirectory(prefix="bench-round-") as tmp:
        tmp_path = Path(tmp)
        model = build(tmp_path / f"model-{args.dims}", args.dims)
        answers = tmp_path / "answers"
        answers.mkdir()
        env = dict(
            os.environ, INTERVIEWER_HOME=str(tmp_path / "home"), INTERVIEWER_TTS_ENABLED="false"
        )
        count = json.loads(
            subprocess.run(
                [sys.executable, "-m", "interviewer", "bank", "list", "--rounds", "--json"],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            ).stdout
        )
        template = next((r for r in count if r["name"] == args.round), None)
        if template is None:
            print(f"bench_round: no round {args.round!r}", file=sys.stderr)
            return 1
        n_questions = sum(
            len(s.get("questions") or []) or s.get("count", 1) for s in template["sections"]
        )
        audio_s = sum(
            espeak_answer(answers / f"{i + 1:02d}.wav", seconds) for i in range(n_questions)
        )
        cmd = [
            sys.executable,
            "-m",
            "interviewer",
            "practice",
            "--no-tui",
            "--round",
            args.round,
            "--answers",
            str(answers),
            "--model",
            str(model),
        ]
        started = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            print(proc.stdout[-2000:], proc.stderr[-2000:], sep="\n", file=sys.stderr)
            return 1
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        sessions = json.loads(
            subprocess.run(
                [sys.executable, "-m", "interviewer", "sessions", "list", "--json"],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            ).stdout
        )
    result = {
        "peak_rss_mb": round(peak_mb, 1),
        "round_wall_s": round(wall, 1),
        "answers": n_questions,
        "audio_s": round(audio_s, 1),
        "answers_scored": sessions[0]["scored"] if sessions else 0,
        "method": (
            f"`interviewer practice --no-tui --round {args.round}` in a child process, {n_questions} espeak-ng "
            f"answers of ~{seconds:.0f} s each, random-weight Whisper at {args.dims} dimensions; peak RSS from "
            "getrusage(RUSAGE_CHILDREN) (the largest child, here the round itself)"
        ),
    }
    for key, value in result.items():
        if key != "method":
            print(f"{key:>16}: {value}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
