"""``interviewer doctor``: is this machine ready for a spoken round, and how to fix what is not."""

from __future__ import annotations

import argparse

from interviewer.cli.common import add_command

_MARK = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub,
        "doctor",
        help="check the voice, audio devices, Whisper model and storage, and say how to fix each",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    from interviewer.cli.common import print_json, settings
    from interviewer.doctor import run_all

    results = run_all(settings(args))
    if args.json:
        print_json([r.to_dict() for r in results])
    else:
        for r in results:
            print(f"[{_MARK[r.status]}] {r.name}: {r.detail}")
            if r.fix and r.status != "ok":
                print(f"       fix: {r.fix}")
        if any(r.status == "warn" for r in results) and not any(
            r.status == "fail" for r in results
        ):
            print(
                "\nA round still runs: missing parts fall back to typed answers or questions shown as text."
            )
    return 1 if any(r.status == "fail" for r in results) else 0
