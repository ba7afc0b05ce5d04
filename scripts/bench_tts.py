"""Time from "next question" to the first sound of the interviewer's voice.

Three ways to speak a question are compared, each measured at the speaker itself: a private
PulseAudio server (tests/pulse.py) plays into a null sink, and its monitor is recorded, so "first
sound" is the moment the voice really reaches the output, not when a function returned.

- ``prefetched``: the question was synthesised in the background beforehand (what a round does
  while the candidate answers the previous question), then ``Speaker.speak``.
- ``cold``: ``Speaker.speak`` with an empty cache (synthesis, then playback).
- ``pyttsx3``: pyttsx3's own ``say`` + ``runAndWait`` (espeak synthesises, then shells out to aplay
  and blocks until the end: no interruption, no device choice).

For the first two, the time of PortAudio's first callback is reported as well (what the app
controls, before the sound server's own buffering). Needs pulseaudio, pulseaudio-utils,
libasound2-plugins, espeak-ng; the pyttsx3 case needs aplay (alsa-utils).

    python scripts/bench_tts.py [--runs 5] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTIONS = [
    "How would you measure the success of an AI writing assistant inside a document editor?",
    "Tell me about a time you had to ship a model whose precision was high but recall was low.",
    "Our churn prediction model is ninety percent accurate. Should we launch it? Why or why not?",
    "Design a product that helps small restaurants forecast demand. Where would you start?",
    "What metrics would you track for a voice assistant in the first month after launch?",
    "How would you decide between fine-tuning a model and improving the retrieval step?",
    "Walk me through how you would prioritise feedback from enterprise customers.",
    "A new ranking model lifts clicks but lowers retention. What do you do?",
]
THRESHOLD = 0.01  # a sample louder than this at the monitor counts as sound


def first_sound(capture: Any, since_index: int, timeout: float = 15.0) -> float | None:
    """``time.monotonic()`` of the first loud sample after ``since_index``."""
    import numpy as np

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        audio = capture.samples()[since_index:]
        loud = np.flatnonzero(np.abs(audio) > THRESHOLD)
        if loud.size:
            return capture.time_of(since_index + int(loud[0]))
        time.sleep(0.01)
    return None


def quiet(capture: Any, seconds: float = 0.4) -> int:
    """Wait until the monitor has been silent for ``seconds``; return the current sample index."""
    import numpy as np

    while True:
        time.sleep(seconds)
        audio = capture.samples()
        tail = audio[-int(seconds * 16000) :]
        if tail.size and not np.any(np.abs(tail) > THRESHOLD):
            return len(audio)


def measure_speaker(
    capture: Any, speaker: Any, text: str, *, prefetch: bool
) -> dict[str, float | None]:
    if prefetch:
        speaker.prefetch(text)
        speaker.synthesize(text)  # wait for the background job: the candidate is still answering
    start_index = quiet(capture)
    t0 = time.monotonic()
    speaker.speak(text)
    heard = first_sound(capture, start_index)
    speaker.stop()  # only the first sound is measured; the rest of the question would just cost time
    speaker.wait(5)
    playback = speaker.last_playback
    return {
        "first_sound_s": None if heard is None else heard - t0,
        "first_callback_s": None
        if playback is None or playback.started_at is None
        else playback.started_at - t0,
    }


def measure_pyttsx3(capture: Any, text: str) -> dict[str, float | None]:
    from interviewer.tts import _EngineThread

    engine_thread = _EngineThread.get()
    start_index = quiet(capture)

    def job(engine: Any) -> float:
        driver = engine.proxy._driver
        if hasattr(driver, "_save_file"):
            driver._save_file = None  # the espeak driver remembers the last save_to_file target
        t0 = time.monotonic()
        engine.say(text)
        engine.runAndWait()
        engine_thread.utterance_done.wait(
            60
        )  # espeak finishes (and plays) after runAndWait returns
        return t0

    t0 = engine_thread.submit(job).result(timeout=120)
    heard = first_sound(capture, start_index)
    return {"first_sound_s": None if heard is None else heard - t0, "first_callback_s": None}


def summary(values: list[float | None]) -> dict[str, float | int | None]:
    got = [v for v in values if v is not None]
    if not got:
        return {"n": 0, "median_s": None, "min_s": None, "max_s": None}
    return {
        "n": len(got),
        "median_s": round(statistics.median(got), 4),
        "min_s": round(min(got), 4),
        "max_s": round(max(got), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="questions per method (default 5)")
    parser.add_argument("--json", metavar="OUT", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--skip-pyttsx3", action="store_true", help="skip pyttsx3's blocking playback"
    )
    args = parser.parse_args()

    from tests.pulse import PulseServer, PulseUnavailable, _use_server

    try:
        server = PulseServer().start()
    except PulseUnavailable as exc:
        print(f"bench_tts: {exc}", file=sys.stderr)
        return 1
    _use_server(server)
    from interviewer.audio.devices import refresh_devices
    from interviewer.settings import TTSSettings
    from interviewer.tts import Speaker

    refresh_devices()
    results: dict[str, list[dict[str, float | None]]] = {
        "prefetched": [],
        "cold": [],
        "pyttsx3": [],
    }
    capture = server.capture_monitor()
    try:
        time.sleep(0.5)
        with tempfile.TemporaryDirectory() as tmp:
            settings = TTSSettings()
            for i in range(args.runs):
                text = QUESTIONS[i % len(QUESTIONS)] + f" ({i})"
                warm = Speaker(settings, output_device="pulse", cache_dir=Path(tmp) / "warm")
                results["prefetched"].append(measure_speaker(capture, warm, text, prefetch=True))
                cold = Speaker(settings, output_device="pulse", cache_dir=Path(tmp) / f"cold{i}")
                results["cold"].append(
                    measure_speaker(capture, cold, text + " again", prefetch=False)
                )
                if not args.skip_pyttsx3 and shutil.which("aplay"):
                    results["pyttsx3"].append(measure_pyttsx3(capture, text + " once more"))
                print(f"run {i + 1}/{args.runs} done", file=sys.stderr)
    finally:
        capture.stop()
        server.stop()

    report: dict[str, Any] = {
        "what": "seconds from speak() (or pyttsx3 say+runAndWait) to the first sound at the output",
        "runs": args.runs,
        "machine": {"cpus": os.cpu_count(), "platform": sys.platform},
        "methods": {},
    }
    print(
        f"{'method':<12} {'first sound (median, min-max)':<34} {'first PortAudio callback (median)'}"
    )
    for method, rows in results.items():
        if not rows:
            print(
                f"{method:<12} skipped (aplay not installed)"
                if method == "pyttsx3"
                else f"{method:<12} no data"
            )
            continue
        sound = summary([r["first_sound_s"] for r in rows])
        callback = summary([r["first_callback_s"] for r in rows])
        report["methods"][method] = {"first_sound": sound, "first_callback": callback}
        s = (
            f"{sound['median_s'] * 1000:7.0f} ms ({sound['min_s'] * 1000:.0f}-{sound['max_s'] * 1000:.0f})"
            if sound["n"]
            else "    n/a"
        )
        c = f"{callback['median_s'] * 1000:7.0f} ms" if callback["n"] else "    n/a"
        print(f"{method:<12} {s:<34} {c}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
