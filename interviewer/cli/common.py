"""Helpers shared by the commands: common options, settings, the store, output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interviewer.bank import Bank
    from interviewer.settings import Settings
    from interviewer.store import Store


def common_options(*, top_level: bool = False) -> argparse.ArgumentParser:
    """Options accepted before or after the command (``--debug``, ``--bank``)."""
    parent = argparse.ArgumentParser(add_help=False)
    default = None if top_level else argparse.SUPPRESS
    parent.add_argument(
        "--debug",
        action="store_true",
        default=False if top_level else argparse.SUPPRESS,
        help="show tracebacks instead of one-line errors",
    )
    parent.add_argument(
        "--bank",
        action="append",
        metavar="PATH",
        default=default,
        help="extra question file or folder (repeatable; adds to the bundled bank)",
    )
    return parent


def add_command(
    sub: argparse._SubParsersAction, name: str, *, help: str, description: str | None = None
) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help,
        description=description or help,
        parents=[common_options()],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def settings(args: argparse.Namespace) -> Settings:
    from interviewer import settings as settings_mod

    cached = getattr(args, "_settings", None)
    if cached is None:
        cached = settings_mod.load()
        args._settings = cached
    return cached


def bank(args: argparse.Namespace) -> Bank:
    from interviewer import bank as bank_mod

    extra = [*settings(args).bank.paths, *(getattr(args, "bank", None) or [])]
    return bank_mod.load(extra)


def store() -> Store:
    from interviewer.store import Store

    return Store()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
