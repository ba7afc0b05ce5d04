"""The ``interviewer`` command.

Each command group lives in its own module with a ``register(subparsers)`` function; its handler
imports what it needs when it runs, so ``interviewer --help`` and the scorer start fast.
Exit codes: 0 success, 1 a user-facing error (one line on stderr), 2 bad usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from interviewer import __version__
from interviewer.cli import (
    audio_cmd,
    bank_cmd,
    config_cmd,
    doctor_cmd,
    export_cmd,
    models_cmd,
    practice_cmd,
    score_cmd,
    sessions_cmd,
)
from interviewer.cli.common import common_options

GROUPS = (
    practice_cmd,
    score_cmd,
    sessions_cmd,
    export_cmd,
    bank_cmd,
    audio_cmd,
    models_cmd,
    doctor_cmd,
    config_cmd,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description=(
            "Practise AI product-manager interviews out loud. The interviewer speaks each question, "
            "listens, transcribes on this machine with Whisper, and scores structure, pacing and content. "
            "Run with no command to start a practice round."
        ),
        epilog="Data lives in the user data directory (INTERVIEWER_HOME overrides it). "
        "Docs: README.md. Exit codes: 0 ok, 1 error, 2 bad usage.",
        parents=[common_options(top_level=True)],
    )
    parser.add_argument("--version", action="version", version=f"interviewer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        # Plain `interviewer`: the practice round in the TUI.
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "practice"])
    debug = bool(getattr(args, "debug", False))
    from interviewer.errors import UserError

    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        if debug:
            raise
        print(f"interviewer: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interviewer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
