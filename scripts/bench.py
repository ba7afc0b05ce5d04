#!/usr/bin/env python3
"""The benchmark suite: every figure that says how fast and lean interviewer is, in one run.

    python scripts/bench.py [--quick] [--json OUT] [--no-docs]

Runs each measurement (most in a fresh subprocess, so imports and caches are cold where that matters),
prints a table, writes ``docs/benchmarks.md`` (the figures, the date, the machine, and each method) and,
with ``--json``, one key per figure. Component benchmarks live beside this file (bench_transcribe.py,
bench_tts.py, bench_scorer.py, bench_ui_stall.py, ...); this script runs them and gathers their figures.
``--quick`` uses shorter audio and fewer repetitions (under two minutes on a 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "scripts"
PY = sys.executable
BIN = Path(PY).parent / "interviewer"


@dataclass
class Figure:
    key: str
    label: str
    value: float | None
    unit: str
    method: str
    note: str = ""


@dataclass
class Suite:
    quick: bool
    workdir: Path
    figures: list[Figure] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(
        self, key: str, label: str, value: float | None, unit: str, method: str, note: str = ""
    ) -> None:
        self.figures.append(Figure(key, label, value, unit, method, note))
        shown = "n/a" if value is None else f"{value:,.3f}".rstrip("0").rstrip(".")
        print(f"  {label:<58} {shown:>10} {unit}", flush=True)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("INTERVIEWER_HOME", tempfile.mkdtemp(prefix="bench-home-"))
    env["INTERVIEWER_TTS_ENABLED"] = env.get("INTERVIEWER_TTS_ENABLED", "true")
    return env


def run_json_script(
    suite: Suite,
    script: str,
    *args: str,
    quick_args: tuple[str, ...] = ("--quick",),
    timeout: float = 900,
) -> dict:
    """Run a component benchmark with ``--json OUT`` and return what it wrote."""
    out = suite.workdir / f"{Path(script).stem}.json"
    cmd = [PY, str(SCRIPTS / script), *args, "--json", str(out)]
    if suite.quick:
        cmd.extend(quick_args)
    started = time.perf_counter()
    env = _env()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO)
    elapsed = time.perf_counter() - started
    if not out.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        suite.failures.append(f"{script}: exit {proc.returncode}: {' | '.join(tail)}")
        print(f"  ! {script} failed (exit {proc.returncode}) after {elapsed:.0f} s", flush=True)
        return {}
    print(f"  ({script} took {elapsed:.0f} s)", flush=True)
    return json.loads(out.read_text())


# --------------------------------------------------------------------------- measurements


def bench_cold_start(suite: Suite) -> None:
    runs = 5 if suite.quick else 15
    times = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        subprocess.run([str(BIN), "--help"], capture_output=True, check=True, env=_env())
        times.append(time.perf_counter() - t0)
    times = times[1:]  # the first run warms the OS file cache
    suite.add(
        "help_s",
        "cold start: `interviewer --help`",
        statistics.median(times),
        "s",
        f"median wall time of {runs} runs of the console script in a fresh process (after one warm-up run)",
    )


FIRST_FRAME_CHILD = r"""
import json, sys, time
t0 = float(sys.argv[1])
from textual.app import App
seen = {}
async def auto_pilot(pilot):
    seen["t"] = time.time() - t0  # the first screen is mounted and rendered
    pilot.app.exit()
original_run = App.run
def run(self, *args, **kwargs):
    kwargs.update(headless=True, size=(120, 40), auto_pilot=auto_pilot)
    return original_run(self, *args, **kwargs)
App.run = run
from interviewer.cli import main
main(["practice"])
print(json.dumps(seen))
"""


def bench_first_frame(suite: Suite) -> None:
    runs = 3 if suite.quick else 7
    times = []
    for _ in range(runs):
        t0 = time.time()
        proc = subprocess.run(
            [PY, "-c", FIRST_FRAME_CHILD, repr(t0)],
            capture_output=True,
            text=True,
            env=_env(),
            cwd=REPO,
        )
        if proc.returncode != 0:
            suite.failures.append(f"first frame: {proc.stderr.strip().splitlines()[-1:]}")
            suite.add("first_frame_s", "time to the first TUI frame", None, "s", "failed")
            return
        times.append(json.loads(proc.stdout.strip().splitlines()[-1])["t"])
    suite.add(
        "first_frame_s",
        "time to the first TUI frame (home screen)",
        statistics.median(times),
        "s",
        f"median of {runs}: `interviewer practice` from process spawn to Textual's auto-pilot hook, which runs "
        "once the home screen is mounted and rendered (headless, 120x40; settings, bank, devices and store opened "
        "as in a real start)",
    )


def bench_scoring(suite: Suite) -> None:
    data = run_json_script(suite, "bench_scorer.py")
    if "scoring_import_ms" in data:
        suite.add(
            "scoring_import_ms",
            "import interviewer.scoring (fresh interpreter)",
            data["scoring_import_ms"],
            "ms",
            "scripts/bench_scorer.py: median of 5 fresh interpreters",
        )
    suite.add(
        "score_10min_ms",
        "scoring a 10-minute transcript",
        data.get("score_10min_ms"),
        "ms",
        data.get("method", "scripts/bench_scorer.py: median over repeated runs, in-process"),
    )


def bench_transcription(suite: Suite) -> None:
    data = run_json_script(
        suite,
        "bench_transcribe.py",
        "--repeat",
        "1",
        quick_args=("--dims", "tiny", "--minutes", "1"),
        timeout=3000,
    )
    rows = data.get("rows", [])
    method = (
        "scripts/bench_transcribe.py: random-weight Whisper at the real dimensions, speech from "
        f"{data.get('speech', '?')}; post-hoc = transcribe the whole answer after it ends; incremental = the live "
        "transcriber fed in 0.1 s blocks, the last 30 s at real-time pace, latency = stop to final transcript; "
        f"decoding capped at {data.get('tokens_per_s_cap', '?')} tokens per second of audio; each run in its own process"
    )
    for dims in ("tiny", "base"):
        mine = [r for r in rows if r["dims"] == dims]
        if not mine:
            continue
        longest = max(mine, key=lambda r: r["minutes"])
        suffix = "" if dims == "tiny" else "_base"
        m = f"{longest['minutes']:g} min"
        suite.add(
            f"eoa_incremental{suffix}_s",
            f"end-of-answer latency, incremental ({m}, {dims})",
            longest["incremental_latency_s"],
            "s",
            method,
        )
        suite.add(
            f"eoa_posthoc{suffix}_s",
            f"end-of-answer latency, whole answer afterwards ({m}, {dims})",
            longest["posthoc_latency_s"],
            "s",
            method,
        )
        suite.add(
            f"eoa_ratio{suffix}",
            f"incremental / post-hoc ({m}, {dims})",
            longest["ratio"],
            "ratio",
            method,
        )
        suite.add(
            f"rtf_{dims}",
            f"real-time factor of the live worker ({m}, {dims})",
            longest["rtf"],
            "x",
            method,
        )
    if rows:
        table = [
            "| dims | answer | chunks | RTF | post-hoc | incremental | ratio | peak RSS (post-hoc / live) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in rows:
            table.append(
                f"| {r['dims']} | {r['minutes']:g} min | {r['chunks']} | {r['rtf']:.3f} | {r['posthoc_latency_s']:.2f} s "
                f"| {r['incremental_latency_s']:.2f} s | {r['ratio'] * 100:.1f}% "
                f"| {r['peak_rss_mb_posthoc']:.0f} / {r['peak_rss_mb_incremental']:.0f} MB |"
            )
        suite.figures.append(Figure("_transcribe_table", "", None, "", "\n".join(table)))


def bench_tts(suite: Suite) -> None:
    data = run_json_script(suite, "bench_tts.py", "--runs", "8", quick_args=("--runs", "2"))
    methods = data.get("methods", {})
    method = (
        "scripts/bench_tts.py: a private PulseAudio null sink; time from the call that starts the question to the "
        "first audible sample captured at the sink's monitor; median over the runs"
    )
    for key, label, name in (
        (
            "tts_first_sound_cached_ms",
            "TTS: next question to first sound, synthesised ahead",
            "prefetched",
        ),
        ("tts_first_sound_uncached_ms", "TTS: next question to first sound, not cached", "cold"),
        (
            "tts_run_and_wait_ms",
            "TTS: pyttsx3's own blocking say + runAndWait, first sound",
            "pyttsx3",
        ),
    ):
        median = methods.get(name, {}).get("first_sound", {}).get("median_s")
        suite.add(key, label, None if median is None else median * 1000, "ms", method)


def bench_round_rss(suite: Suite) -> None:
    data = run_json_script(suite, "bench_round.py", timeout=1800)
    suite.add(
        "peak_rss_mb",
        "peak RSS over a whole headless round",
        data.get("peak_rss_mb"),
        "MB",
        data.get("method", "scripts/bench_round.py"),
    )


def bench_ui_stall(suite: Suite) -> None:
    data = run_json_script(suite, "bench_ui_stall.py", timeout=900)
    suite.add(
        "ui_max_stall_ms",
        "UI: longest event-loop stall while transcribing",
        data.get("ui_max_stall_ms"),
        "ms",
        data.get("method", "scripts/bench_ui_stall.py"),
    )


SECTIONS: list[tuple[str, Callable[[Suite], None]]] = [
    ("cold start", bench_cold_start),
    ("first TUI frame", bench_first_frame),
    ("scoring", bench_scoring),
    ("text to speech", bench_tts),
    ("transcription", bench_transcription),
    ("whole round memory", bench_round_rss),
    ("UI responsiveness", bench_ui_stall),
]


# --------------------------------------------------------------------------- output


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, no GPU, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def write_docs(suite: Suite, path: Path) -> None:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        f"Measured {now} on {machine()}, with `python scripts/bench.py{' --quick' if suite.quick else ''}`.",
        "Regenerate with the same command; the file is rewritten from the run. Whisper figures use random-weight",
        "models with the real tiny/base dimensions (weights cannot be downloaded here): the encoder's cost is",
        "realistic, the decoded text is not, and decoding is capped at a realistic number of tokens per chunk.",
        "",
        "| figure | value | method |",
        "| --- | ---: | --- |",
    ]
    table_note = ""
    for f in suite.figures:
        if f.key == "_transcribe_table":
            table_note = f.method
            continue
        shown = (
            "n/a" if f.value is None else f"{f.value:,.3f}".rstrip("0").rstrip(".") + f" {f.unit}"
        )
        lines.append(
            f"| {f.label} (`{f.key}`) | {shown} | {f.method}{' ' + f.note if f.note else ''} |"
        )
    if table_note:
        lines += ["", "## Transcription in detail", "", table_note]
    if suite.failures:
        lines += ["", "## Not measured in this run", ""] + [f"- {x}" for x in suite.failures]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="shorter inputs, fewer repetitions (< 2 min)"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="write one key per figure to OUT")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument(
        "--only", action="append", help="run only sections whose name contains this"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="interviewer-bench-") as tmp:
        suite = Suite(quick=args.quick, workdir=Path(tmp))
        for name, section in SECTIONS:
            if args.only and not any(o in name for o in args.only):
                continue
            print(f"{name}:", flush=True)
            try:
                section(suite)
            except Exception as exc:  # one broken section must not hide the others' figures
                suite.failures.append(f"{name}: {type(exc).__name__}: {exc}")
                print(f"  ! {name} failed: {exc}", flush=True)
    total = time.perf_counter() - started
    print(f"\ntotal {total:.0f} s; {len(suite.failures)} section(s) not measured")
    for failure in suite.failures:
        print(f"  - {failure}")
    figures = {f.key: f.value for f in suite.figures if not f.key.startswith("_")}
    figures["bench_total_s"] = round(total, 1)
    figures["quick"] = args.quick
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if not args.no_docs:
        write_docs(suite, REPO / "docs" / "benchmarks.md")
    return 1 if suite.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
