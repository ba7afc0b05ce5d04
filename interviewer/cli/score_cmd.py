"""``interviewer score``: score one answer from a transcript, an audio file or plain text.

The answer comes from ``--transcript`` (an ``interviewer.transcript/1`` file), ``--audio`` (through
the local Whisper engine) or ``--text`` (timing estimated from a typical speaking rate; ``-`` reads
stdin). The question is a bank id or inline text with its kind. The result is ``interviewer.score/1``
JSON or a Markdown summary. The scorer and the transcriber are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.cli.common import add_command

if TYPE_CHECKING:
    from interviewer.models import Question, QuestionRef, Transcript


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub,
        "score",
        help="score one answer (transcript, audio or text) against a question",
        description=(
            "Score one answer for structure, pacing and content, with the flags a hiring manager\n"
            "would raise, each with a time span, a quote and advice.\n\n"
            "examples:\n"
            "  interviewer score --transcript answer.json --question-text 'How would you ...' --kind metrics\n"
            "  interviewer score --text answer.txt --question metrics.fraud-alerts --format md\n"
            "  echo 'So, I would ...' | interviewer score --text - --question-text '...' --kind behavioral\n"
            "  interviewer score --audio answer.wav --question ai.hallucination --transcript-out t.json\n\n"
            "--text uses estimated timing (a typical rate, or --wpm); markers [pause 4] and [wpm 190]\n"
            "describe how it was spoken. Thresholds come from [scoring.thresholds] in the settings\n"
            "(see --show-thresholds)."
        ),
    )
    src = p.add_argument_group("the answer (one of)")
    src.add_argument(
        "--transcript", type=Path, metavar="F", help="interviewer.transcript/1 JSON file"
    )
    src.add_argument(
        "--audio", type=Path, metavar="F", help="audio file, transcribed on this machine"
    )
    src.add_argument(
        "--text", metavar="F", help="plain-text answer ('-' for stdin); timing is estimated"
    )
    q = p.add_argument_group("the question (one of)")
    q.add_argument(
        "--question", metavar="ID", help="question id from the bank (see: interviewer bank list)"
    )
    q.add_argument("--question-text", metavar="T", help="the question, inline (needs --kind)")
    q.add_argument(
        "--kind",
        metavar="K",
        help="kind of an inline question: metrics, ai_technical, product_vision, data_analysis, behavioral",
    )
    p.add_argument(
        "--budget",
        type=float,
        metavar="SECONDS",
        help="time budget (default: the question's or the kind's)",
    )
    p.add_argument("--wpm", type=float, metavar="N", help="speaking rate for --text (default 150)")
    p.add_argument(
        "--model", metavar="M", help="Whisper model for --audio (default: transcribe.model)"
    )
    p.add_argument(
        "--transcript-out", type=Path, metavar="F", help="also save the transcript used (JSON)"
    )
    p.add_argument(
        "--format", choices=("json", "md"), default="json", help="output format (default json)"
    )
    p.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write to a file instead of stdout"
    )
    p.add_argument(
        "--show-thresholds",
        action="store_true",
        help="print the scorer's thresholds (effective values) and exit",
    )
    from interviewer.llm.command import add_llm_options

    add_llm_options(p)
    p.set_defaults(func=_score, _parser=p)


def _score(args: argparse.Namespace) -> int:
    from interviewer.cli.common import settings

    parser: argparse.ArgumentParser = args._parser
    if args.show_thresholds:
        return _show_thresholds(settings(args).scoring.thresholds)
    sources = [name for name in ("transcript", "audio", "text") if getattr(args, name) is not None]
    if len(sources) != 1:
        parser.error("give exactly one of --transcript, --audio or --text")
    if (args.question is None) == (args.question_text is None):
        parser.error("give either --question ID or --question-text T with --kind K")
    if args.question_text is not None and args.kind is None:
        parser.error("--question-text needs --kind")
    if args.question is not None and args.kind is not None:
        parser.error("--kind goes with --question-text; a bank question has its own kind")
    if args.wpm is not None and args.text is None:
        parser.error("--wpm applies to --text only")
    if args.model is not None and args.audio is None:
        parser.error("--model applies to --audio only")

    from interviewer.errors import UserError
    from interviewer.scoring import Thresholds, score_answer

    if args.budget is not None and not args.budget > 0:
        raise UserError(f"--budget must be a positive number of seconds, got {args.budget:g}")
    question = _question(args)
    thresholds = Thresholds.with_overrides(settings(args).scoring.thresholds or None)
    transcript = _transcript(args)
    if args.transcript_out is not None:
        _write(args.transcript_out, transcript.to_json(indent=2) + "\n")
    score = score_answer(transcript, question, budget_s=args.budget, thresholds=thresholds)
    from interviewer.llm.command import apply_llm

    score = apply_llm(args, settings(args), score, question, transcript)
    if args.format == "md":
        from interviewer.scoring.markdown import render

        out = render(score)
        if score.llm:
            from interviewer.llm import markdown_section

            out = out.rstrip("\n") + "\n\n" + markdown_section(score.llm)
    else:
        out = score.to_json(indent=2) + "\n"
    if args.output is not None:
        _write(args.output, out)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0


def _question(args: argparse.Namespace) -> Question | QuestionRef:
    from interviewer.errors import UserError
    from interviewer.models import KINDS, QuestionRef

    if args.question is not None:
        from interviewer.cli.common import bank

        return bank(args).question(args.question)
    if args.kind not in KINDS:
        raise UserError(f"unknown kind {args.kind!r}; choose one of {', '.join(KINDS)}")
    text = " ".join(args.question_text.split())
    if not text:
        raise UserError("--question-text is empty")
    return QuestionRef(kind=args.kind, text=text)


def _transcript(args: argparse.Namespace) -> Transcript:
    from interviewer.errors import UserError
    from interviewer.models import Transcript

    if args.transcript is not None:
        return Transcript.load(args.transcript)
    if args.text is not None:
        from interviewer.timing import TYPICAL_WPM, estimate

        text = _read_text(args.text)
        if not text.strip():
            raise UserError(
                f"{'stdin' if args.text == '-' else args.text}: the text has no words to score"
            )
        wpm = args.wpm if args.wpm is not None else TYPICAL_WPM
        if not wpm > 0:
            raise UserError(f"--wpm must be a positive rate, got {wpm:g}")
        return estimate(text, wpm=wpm)
    from interviewer.cli.common import settings

    if not args.audio.exists():
        raise UserError(f"{args.audio}: no such file")
    try:
        from interviewer.transcribe import transcribe_path
    except ImportError as exc:  # the speech extras are missing from this install
        raise UserError(
            f"audio transcription is unavailable ({exc.name} is not installed)"
        ) from None

    def progress(fraction: float) -> None:
        print(
            f"\rtranscribing {args.audio.name}: {fraction:4.0%}",
            end="",
            file=sys.stderr,
            flush=True,
        )

    # A live meter on a terminal; in a pipe or a log it would only be noise.
    live = sys.stderr.isatty()
    transcript = transcribe_path(
        args.audio, settings(args).transcribe, model=args.model, progress=progress if live else None
    )
    if live:
        print(file=sys.stderr)
    return transcript


def _read_text(source: str) -> str:
    from interviewer.models import read_text_file

    return sys.stdin.read() if source == "-" else read_text_file(source, expected="a text file")


def _write(path: Path, text: str) -> None:
    from interviewer.errors import UserError

    try:
        path.write_text(text, encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: its folder does not exist") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror})") from None


def _show_thresholds(overrides: dict[str, float]) -> int:
    from interviewer.scoring import SCORER_VERSION, Thresholds

    effective = Thresholds.with_overrides(overrides or None)
    print(f"scorer {SCORER_VERSION}; override in the settings file under [scoring.thresholds]")
    for name, default, doc in Thresholds.describe():
        value = getattr(effective, name)
        mark = f"  (default {default:g})" if value != default else ""
        print(f"{name:<30} {value:>8g}{mark}  {doc}")
    return 0
