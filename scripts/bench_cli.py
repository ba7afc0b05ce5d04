"""Time how fast the ``interviewer`` command starts: the median of N runs of ``interviewer --help``.

Start-up time is what a user feels on every command, and it is the first thing a careless
top-level import of textual, numpy or faster-whisper ruins. Run it as::

    .venv/bin/python scripts/bench_cli.py [--runs 10] [ARGS ...]

With no ARGS it times ``--help``; pass e.g. ``bank list --json`` to time another headless command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def console_script() -> list[str]:
    """The installed ``interviewer`` next to this interpreter, else ``python -m interviewer``."""
    beside = Path(sys.executable).with_name("interviewer")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("interviewer")
    return [found] if found else [sys.executable, "-m", "interviewer"]


def time_runs(command: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(
                f"{' '.join(command)} failed ({result.returncode}): {result.stderr.decode()[-300:]}"
            )
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10, help="timed runs (default 10)")
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, help="command arguments (default: --help)"
    )
    options = parser.parse_args()
    args = options.args or ["--help"]
    command = [*console_script(), *args]
    with tempfile.TemporaryDirectory() as home:
        # A throwaway home: the benchmark never touches the user's data or settings.
        env = {**os.environ, "INTERVIEWER_HOME": home}
        env.pop("INTERVIEWER_CONFIG", None)
        time_runs(command, 1, env)  # warm the OS file cache and bytecode
        times = time_runs(command, options.runs, env)
    python = time_runs([sys.executable, "-c", "pass"], options.runs, os.environ.copy())
    print(f"command:  {' '.join(command)}")
    print(f"runs:     {options.runs}")
    print(f"median:   {statistics.median(times) * 1000:.0f} ms")
    print(f"min/max:  {min(times) * 1000:.0f} / {max(times) * 1000:.0f} ms")
    print(f"python -c pass (baseline): {statistics.median(python) * 1000:.0f} ms median")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
