#!/usr/bin/env python
"""How long does the TUI's event loop stall while an answer is transcribed?

Runs the real app headless (Textual's test driver) on the interview screen in voice mode, with the
real recorder and incremental transcriber; the "microphone" is a speech file read at speaking pace.
A probe timer asks to run every 10 ms and records how late each run is; the worst lateness is the
longest stall the candidate would feel. Chunks are transcribed in a child process, as in
``interviewer practice`` (``--in-process`` runs the model in the app's own process instead), while the
probe runs; then the answer is finished (the last chunk, scoring, saving) as the user would finish it.

    .venv/bin/python scripts/bench_ui_stall.py [--model PATH|NAME] [--dims base] [--seconds 40] [--load N]

``--load N`` keeps N other programs busy on the CPU for the whole run, each in its own session, as a
build or a video call in another terminal or window would be.

``BENCH_DEBUG=1`` prints each stall over ``BENCH_DEBUG_MS`` (default 100) with the round's events.

Without --model it builds a random-weight Whisper of the given dims (scripts/build_fixture_model.py),
which costs what a real model of that size costs. Target: longest stall < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SENTENCES = [
    "Let me structure this in three parts: the goal, the metrics, and the guardrails.",
    "The goal is to help people reply faster without making the conversation feel robotic.",
    "I would track the median time to reply, which is about forty seconds today.",
    "Then the share of suggested replies that are sent unchanged, and the share that are edited.",
    "As guardrails, I would watch the report rate and the rate at which people turn the feature off.",
    "We would test it in an experiment with five percent of users for two weeks.",
    "To summarize, I would launch if reply time drops by twenty percent and the guardrails hold.",
]


def speech_file(folder: Path, seconds: float) -> Path:
    """espeak-ng sentences with pauses between them, repeated up to ``seconds``."""
    import numpy as np
    import soundfile as sf

    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None:
        sys.exit("espeak-ng is needed to make the speech (apt-get install espeak-ng)")
    clips = []
    for i, sentence in enumerate(SENTENCES):
        raw = folder / f"s{i}.wav"
        subprocess.run(
            [exe, "-s", "160", "-w", str(raw), sentence], check=True, capture_output=True
        )
        data, rate = sf.read(str(raw), dtype="float32")
        from interviewer.audio import resample

        clips.append(resample(data, rate, 16000))
    parts, total, i = [], 0.0, 0
    while total < seconds:
        clip = clips[i % len(clips)]
        pause = np.zeros(int(16000 * (0.9 if i % 3 else 1.8)), np.float32)
        parts += [clip, pause]
        total += (clip.size + pause.size) / 16000
        i += 1
    path = folder / "answer.wav"
    sf.write(str(path), np.concatenate(parts), 16000, subtype="PCM_16")
    return path


def fixture_model(dims: str) -> Path:
    spec = importlib.util.spec_from_file_location(
        "build_fixture_model", REPO / "scripts" / "build_fixture_model.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return Path(module.build(REPO / ".pytest_cache" / "d" / f"interviewer-whisper-{dims}", dims))


PROBE_S = 0.01


class Probe:
    """A timer callback that records how late it runs, per phase of the round."""

    def __init__(self) -> None:
        self.phase = "idle"
        self.samples: dict[str, list[float]] = {}
        self._last: float | None = None

    def __call__(self) -> None:
        now = time.monotonic()
        if self._last is not None:
            late = max(0.0, now - self._last - PROBE_S)
            self.samples.setdefault(self.phase, []).append(late)
            if late > float(os.environ.get("BENCH_DEBUG_MS", "100")) / 1000 and os.environ.get(
                "BENCH_DEBUG"
            ):
                print(f"{now:.2f} stall {late * 1000:.0f} ms in {self.phase}", file=sys.stderr)
        self._last = now


def start_load(n: int) -> list[subprocess.Popen[bytes]]:
    """``n`` busy loops, each in its own session (so in its own scheduling group where the kernel
    groups by session), standing for other programs the candidate has open."""
    return [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range(n)
    ]


def summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "max_ms": 0.0, "p99_ms": 0.0, "median_ms": 0.0}
    p99 = (
        statistics.quantiles(values, n=100, method="inclusive")[98]
        if len(values) >= 2
        else values[0]
    )
    return {
        "n": len(values),
        "max_ms": max(values) * 1000,
        "p99_ms": p99 * 1000,
        "median_ms": statistics.median(values) * 1000,
    }


async def measure(
    model: str, audio: Path, threads: int = 0, in_process: bool = False
) -> dict[str, Any]:
    from interviewer import audio as audio_mod
    from interviewer import transcribe
    from interviewer.models import Question
    from interviewer.round import Phase
    from interviewer.scoring import score_answer
    from interviewer.services import Services
    from interviewer.settings import Settings
    from interviewer.store import Store
    from interviewer.tui.app import InterviewerApp

    settings = Settings()
    settings.transcribe.threads = threads
    engine: Any
    if in_process:
        engine = transcribe.Engine.from_settings(settings.transcribe, model=model)
        t0 = time.monotonic()
        engine.load()
    else:  # what `interviewer practice` does: the model in a child process
        from interviewer.transcribe.worker import ModelProcess

        engine = ModelProcess.from_settings(settings.transcribe, model=model)
        t0 = time.monotonic()
        if not engine.wait_loaded(120):
            sys.exit(f"the model did not load: {engine.error}")
    load_s = time.monotonic() - t0

    def make_transcriber(on_update):
        if in_process:
            return transcribe.IncrementalTranscriber(engine, on_update=on_update)
        return engine.transcriber(on_update)

    services = Services(
        store=Store(),
        scorer=lambda tr, q, b: score_answer(tr, q, budget_s=b),
        microphone=lambda: audio_mod.FileSource(audio, realtime=True),
        recorder_factory=lambda src, wav, on_level, listeners: audio_mod.AnswerRecorder(
            src, wav, on_level=on_level, listeners=listeners
        ),
        transcriber_factory=make_transcriber,
        model=engine,
    )
    question = Question(
        id="bench",
        kind="metrics",
        text="How would you measure the success of smart replies?",
        budget_s=600,
        elements=["goal", "metric"],
    )
    # What the app does during pre-flight: load the VAD and the decoders before the round.
    from interviewer.services import warm_up_audio_stack

    warm_up_audio_stack(vad=in_process)
    app = InterviewerApp(services, settings, bank=None, skip_preflight=True)
    probe = Probe()
    partials: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.set_interval(PROBE_S, probe)
        probe.phase = "idle"
        await pilot.pause(3.0)  # the noise floor: the same machine with the app idle
        probe.phase = "starting"
        engine_ = app.start_round(("bench", "Bench", [question]))
        engine_.subscribe(
            lambda e: partials.append(time.monotonic()) if e.kind == "partial" else None
        )

        def on_finished(e: Any) -> None:
            # The answer is saved: from here on the UI builds the debrief, nothing is transcribed.
            if e.kind == "finished":
                probe.phase = "debrief"

        engine_.subscribe(on_finished)
        if os.environ.get("BENCH_DEBUG"):
            engine_.subscribe(
                lambda e: (
                    print(f"{time.monotonic():.2f} {e.kind}", file=sys.stderr)
                    if e.kind not in ("level",)
                    else None
                )
            )
        while engine_.phase is not Phase.ANSWERING:
            await pilot.pause(0.05)
        probe.phase = "speaking"  # audio arriving, chunks transcribed in the background
        recorder = engine_._recorder
        while recorder is not None and recorder.running:
            await pilot.pause(0.1)
        probe.phase = "finishing"  # the last chunk, scoring and saving, in a worker
        stopped = time.monotonic()
        await pilot.press("space")
        while engine_.phase is not Phase.FINISHED:
            await pilot.pause(0.05)
        finish_s = time.monotonic() - stopped
        from interviewer.tui.screens.debrief import DebriefScreen

        probe.phase = "debrief"
        while not isinstance(app.screen, DebriefScreen):
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
    if not in_process:
        engine.close()
    answer = services.store.get_session(engine_.session_id).answers[0]
    timing = (answer.transcript.meta.get("timing", {}) if answer.transcript else {}) or {}
    samples = probe.samples
    return {
        "model_load_s": load_s,
        "audio_s": answer.transcript.duration_s if answer.transcript else 0.0,
        "words": len(answer.transcript.words) if answer.transcript else 0,
        "phases": {k: summary(v) for k, v in samples.items()},
        "while_transcribing": summary(samples.get("speaking", []) + samples.get("finishing", [])),
        "finish_after_stop_s": finish_s,
        "transcriber_max_lag_s": float(timing.get("max_lag_s", float("nan"))),
        "partial_updates": len(partials),
        "status": answer.status,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--model", help="a Whisper model name or folder (default: a random-weight fixture)"
    )
    parser.add_argument(
        "--dims", default="base", choices=["mini", "tiny", "base"], help="fixture size"
    )
    parser.add_argument("--seconds", type=float, default=40.0, help="length of the spoken answer")
    parser.add_argument(
        "--quick", action="store_true", help="a 14-second answer at tiny dimensions"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="CTranslate2 threads (0: the app's default, all cores but one)",
    )
    parser.add_argument(
        "--load",
        type=int,
        default=0,
        metavar="N",
        help="keep N other busy programs running during the run (default 0: whatever else runs)",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run the model in the app's own process (the old way) instead of a child process",
    )
    args = parser.parse_args()
    if args.load < 0:
        parser.error("--load needs 0 or more busy programs")
    if args.quick:
        args.seconds, args.dims = min(args.seconds, 14.0), "tiny"
    home = Path(tempfile.mkdtemp(prefix="itv-bench-"))
    os.environ["INTERVIEWER_HOME"] = str(home)
    try:
        model = args.model or str(fixture_model(args.dims))
        audio = speech_file(home, args.seconds)
        load = os.getloadavg()
        burners = start_load(args.load)
        try:
            r = asyncio.run(measure(model, audio, args.threads, args.in_process))
        finally:
            for proc in burners:
                proc.kill()
                proc.wait()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    label = args.model or f"random-weight fixture, {args.dims} dims"
    threads = args.threads or "default"
    where = "in the app's process" if args.in_process else "in a child process"
    print(
        f"UI event-loop stall while transcribing ({label}, {where}; {os.cpu_count()} CPUs; "
        f"{threads} model threads)"
    )
    print(
        f"  answer audio        {r['audio_s']:.1f} s fed at speaking pace; {r['words']} words; {r['status']}"
    )
    print(f"  model load          {r['model_load_s']:.2f} s")
    print(
        f"  load average        {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after (other work on the machine)"
    )
    if args.load:
        print(f"  added load          {args.load} busy programs, each in its own session")
    print(f"  live updates        {r['partial_updates']} chunks transcribed while speaking")
    print(f"  finish after stop   {r['finish_after_stop_s']:.2f} s (last chunk, scoring, saving)")
    print(f"  transcriber lag     {r['transcriber_max_lag_s']:.2f} s behind live audio at worst")
    print("  lateness of a 10 ms UI timer:     max ms   p99 ms  median ms  samples")
    for phase, v in r["phases"].items():
        print(
            f"    {phase:<12} {v['max_ms']:>21.1f} {v['p99_ms']:>8.1f} {v['median_ms']:>10.1f} {v['n']:>8}"
        )
    w = r["while_transcribing"]
    print(
        f"  longest stall while transcribing: {w['max_ms']:.1f} ms (p99 {w['p99_ms']:.1f} ms); target < 100 ms"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "ui_max_stall_ms": round(w["max_ms"], 1),
                    "ui_p99_stall_ms": round(w["p99_ms"], 1),
                    "added_load": args.load,
                    "phases": r["phases"],
                    "method": (
                        f"scripts/bench_ui_stall.py: the Textual app runs a {args.seconds:.0f} s spoken answer "
                        f"({label}) through the real recorder and incremental transcriber, {where}; "
                        "a 10 ms timer "
                        "records its lateness; the figure is the worst lateness while chunks are transcribed"
                    ),
                },
                indent=2,
            )
            + "\n"
        )
    return 0 if w["max_ms"] < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
