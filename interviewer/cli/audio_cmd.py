"""Audio commands: ``mic-check`` (is the microphone usable?), ``devices`` (what is there?), and
``say`` (does the interviewer's voice work?). Audio libraries load inside the handlers only."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.cli.common import add_command, print_json, settings

if TYPE_CHECKING:
    from interviewer.audio.check import MicCheckReport
    from interviewer.audio.levels import Level

BAR_WIDTH = 30


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "mic-check",
        help="record a few seconds, show a live level meter, report levels and what to fix",
        description=(
            "Record from the microphone for a few seconds while you speak as you would in an answer.\n"
            "Reports loudness (RMS, peak in dBFS), clipping, silence and dropped blocks, and says what\n"
            "to do about a dead microphone (muted, or no OS permission), a quiet voice, or clipping.\n"
            "Exit 0 when the check ran (see `ok` in --json), 1 when no microphone could be opened."
        ),
    )
    p.add_argument(
        "--seconds",
        type=_positive_float,
        default=5.0,
        metavar="N",
        help="how long to record (default 5)",
    )
    p.add_argument(
        "--device",
        metavar="D",
        help="input device: name (substring) or index; default from settings",
    )
    p.add_argument("--save", metavar="F", type=Path, help="keep the recording as a WAV file here")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the report as JSON (the meter still goes to stderr on a terminal)",
    )
    p.set_defaults(func=_mic_check)

    p = add_command(sub, "devices", help="list audio input and output devices")
    p.add_argument("--json", action="store_true", help="print the devices as JSON")
    p.set_defaults(func=_devices)

    p = add_command(
        sub,
        "say",
        help="speak a text with the interviewer's voice (a voice and speaker test)",
        description="Synthesise TEXT with the configured voice and rate and play it (Ctrl-C stops it).",
    )
    p.add_argument(
        "text", nargs="?", default="Tell me about a product you love, and how you would improve it."
    )
    p.add_argument("--voice", help="voice id or part of its name (default from settings)")
    p.add_argument("--rate", type=int, help="words per minute (80-400; default from settings)")
    p.add_argument("--device", metavar="D", help="output device: name (substring) or index")
    p.add_argument("--save", metavar="F", type=Path, help="also write the speech to this WAV file")
    p.add_argument("--no-play", action="store_true", help="only synthesise (with --save)")
    p.add_argument("--voices", action="store_true", help="list the available voices and exit")
    p.set_defaults(func=_say)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError("must be between 0 and 600 seconds")
    return value


# ----------------------------------------------------------------------------- mic-check
def _meter_line(level: Level, elapsed: float, total: float) -> str:
    filled = round(level.meter() * BAR_WIDTH)
    hot = level.peak_dbfs > -1.0
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    colour = "\x1b[31m" if hot else "\x1b[32m"
    return (
        f"\r{colour}[{bar}]\x1b[0m RMS {level.rms_dbfs:6.1f} dBFS  peak {level.peak_dbfs:6.1f} dBFS"
        f"  {elapsed:4.1f}/{total:.0f} s\x1b[K"
    )


def _mic_check(args: argparse.Namespace) -> int:
    from interviewer.audio.check import run_mic_check
    from interviewer.audio.mic import MicrophoneSource
    from interviewer.errors import UserError

    cfg = settings(args).audio
    device = args.device if args.device is not None else cfg.input_device
    source = MicrophoneSource(device, samplerate=cfg.samplerate)
    save: Path | None = args.save
    if save is not None:
        if save.is_dir():
            raise UserError(f"--save {save}: is a folder; give a file name like {save / 'mic.wav'}")
        if not save.parent.exists():
            raise UserError(f"--save {save}: folder {save.parent} does not exist")
    live = sys.stderr.isatty()
    if not args.json or live:
        print(
            f"Recording {args.seconds:g} s from {source.device.name!r}: speak as you would in an answer...",
            file=sys.stderr,
        )

    def show(level: Level, elapsed: float) -> None:
        sys.stderr.write(_meter_line(level, elapsed, args.seconds))
        sys.stderr.flush()

    with tempfile.TemporaryDirectory(prefix="interviewer-mic-") as tmp:
        wav = save if save is not None else Path(tmp) / "mic-check.wav"
        try:
            report = run_mic_check(
                source,
                wav,
                seconds=args.seconds,
                on_level=show if live else None,
                device_name=source.device.name,
                saved=save is not None,
            )
        finally:
            if live:
                sys.stderr.write("\n")
    if args.json:
        print_json(report.to_json())
    else:
        _print_report(report)
    return 0


def _print_report(r: MicCheckReport) -> None:
    rate = f"{r.samplerate} Hz" + (
        f" (device at {r.device_samplerate} Hz, resampled)"
        if r.device_samplerate != r.samplerate
        else ""
    )
    print(f"Microphone   {r.device}  {rate}")
    print(f"Recorded     {r.duration_s:.1f} s")
    print(
        f"Level        RMS {r.rms_dbfs:.1f} dBFS, voice {r.speech_rms_dbfs:.1f} dBFS, peak {r.peak_dbfs:.1f} dBFS"
    )
    print(f"Clipping     {r.clipping_share:.2%} of samples")
    print(f"Silence      {r.silence_share:.0%} of the time")
    print(f"Overflows    {r.overflows}")
    if r.saved:
        print(f"Saved        {r.saved}")
    if r.ok:
        print("Verdict      OK: the microphone is ready.")
    else:
        print("Verdict      needs attention:")
        for line in r.advice:
            print(f"  - {line}")


# ----------------------------------------------------------------------------- devices
def _devices(args: argparse.Namespace) -> int:
    from interviewer.audio.devices import list_devices

    devices = list_devices()
    if args.json:
        print_json([d.to_json() for d in devices])
        return 0
    if not devices:
        print(
            "No audio devices found. Check that a microphone/speaker is connected and the sound server runs."
        )
        return 0
    print(f"{'':2}{'#':>3}  {'in':>3} {'out':>3}  {'rate':>6}  {'host API':<10} name")
    for d in devices:
        mark = ("<" if d.default_input else " ") + (">" if d.default_output else " ")
        print(
            f"{mark}{d.index:>3}  {d.inputs:>3} {d.outputs:>3}  {d.default_samplerate:>6.0f}  {d.hostapi:<10} {d.name}"
        )
    print(
        "\n< default input   > default output.  Choose with --device NAME|INDEX or the audio settings."
    )
    return 0


# ----------------------------------------------------------------------------- say
def _say(args: argparse.Namespace) -> int:
    import shutil

    from interviewer.errors import UserError
    from interviewer.tts import Speaker

    cfg = settings(args)
    tts = cfg.tts.model_copy()
    tts.enabled = True
    if args.voice is not None:
        tts.voice = args.voice
    if args.rate is not None:
        if not 80 <= args.rate <= 400:
            raise UserError(f"--rate {args.rate}: must be between 80 and 400 words per minute")
        tts.rate = args.rate
    device = args.device if args.device is not None else cfg.audio.output_device
    speaker = Speaker(tts, output_device=device)
    if args.voices:
        voices: list[Any] = speaker.voices()
        if not voices:
            raise UserError(speaker.problem or "no voices available")
        for vid, name in voices:
            print(f"{vid:<24} {name}")
        return 0
    if speaker.warning:
        print(f"interviewer: warning: {speaker.warning}", file=sys.stderr)
    if not speaker.engine_ok:
        raise UserError(speaker.problem or "text-to-speech unavailable")
    path = speaker.synthesize(args.text)
    if args.save is not None:
        try:
            shutil.copyfile(path, args.save)
        except OSError as exc:
            raise UserError(f"--save {args.save}: {exc.strerror or exc}") from None
    if args.no_play:
        return 0
    if not speaker.available:
        raise UserError(speaker.output_error or speaker.problem or "no output device")
    speaker.speak(args.text)
    try:
        speaker.wait()
    except KeyboardInterrupt:
        speaker.stop()
        raise
    if speaker.problem:
        raise UserError(speaker.problem)
    return 0
