"""``interviewer models``: which Whisper models exist, which are installed, and getting one.

Also ``add_model_option(parser)``: the ``--model NAME|PATH`` option every transcribing command takes.
"""

from __future__ import annotations

import argparse
import sys

from interviewer.cli.common import add_command, print_json, settings


def add_model_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--model NAME|PATH`` (overrides the ``transcribe.model`` setting) to a command."""
    parser.add_argument(
        "--model",
        metavar="NAME|PATH",
        default=None,
        help="Whisper model: a known name (see `interviewer models list`) or a CTranslate2 model "
        "folder; default: the transcribe.model setting",
    )


def register(sub: argparse._SubParsersAction) -> None:
    models = add_command(
        sub,
        "models",
        help="list and download Whisper speech models",
        description="Whisper speech models, used to transcribe spoken answers on this machine.\n\n"
        "Models are CTranslate2 folders. `download` fetches one from the Hugging Face Hub; offline,\n"
        "copy a model folder into the models directory (`interviewer models path NAME`) or pass\n"
        "--model PATH to any command that transcribes.",
    )
    actions = models.add_subparsers(dest="models_command", metavar="ACTION", title="actions")
    models.set_defaults(func=_list, json=False)  # plain `interviewer models` lists them

    ls = add_command(actions, "list", help="known models, their sizes, and which are installed")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=_list)

    dl = add_command(
        actions,
        "download",
        help="download a model (shows progress; fails within seconds when offline)",
    )
    dl.add_argument("name", metavar="NAME", help="a known model name, e.g. base.en")
    dl.add_argument("--quiet", action="store_true", help="no progress bar")
    dl.set_defaults(func=_download)

    where = add_command(actions, "path", help="print where a model is (or would be) installed")
    where.add_argument(
        "name", metavar="NAME", nargs="?", default=None, help="default: the configured model"
    )
    where.set_defaults(func=_path)


def _list(args: argparse.Namespace) -> int:
    from interviewer import paths
    from interviewer.transcribe.catalog import list_models

    default = settings(args).transcribe.model
    rows = list_models()
    if args.json:
        print_json(
            {
                "default": default,
                "models_dir": str(paths.models_dir()),
                "models": [
                    {
                        "name": r.name,
                        "size_mb": r.size_mb,
                        "installed": r.installed,
                        "path": str(r.path) if r.path else None,
                        "default": r.name == default,
                        "note": r.note,
                    }
                    for r in rows
                ],
            }
        )
        return 0
    width = max(len(r.name) for r in rows) + 2
    print(f"{'NAME':<{width}}{'SIZE':>8}  {'INSTALLED':<10} NOTE")
    for r in rows:
        mark = "*" if r.name == default else " "
        size = f"{r.size_mb / 1000:.1f} GB" if r.size_mb >= 1000 else f"{r.size_mb} MB"
        state = "yes" if r.installed else "no"
        note = f"{r.note}; {r.path}" if r.path else r.note
        print(f"{mark}{r.name:<{width - 1}}{size:>8}  {state:<10} {note}")
    print(f"\n* default (transcribe.model). Models directory: {paths.models_dir()}")
    if not any(r.installed for r in rows):
        print(f"None installed: run `interviewer models download {default}`.")
    return 0


def _download(args: argparse.Namespace) -> int:
    from interviewer.transcribe.catalog import download, install_dir, is_model_dir

    name = args.name
    if is_model_dir(install_dir(name)):
        print(f"{name} is already installed at {install_dir(name)}")
        return 0
    print(f"Downloading {name}…", file=sys.stderr)
    path = download(name, progress=not args.quiet)
    print(f"{name} installed at {path}")
    return 0


def _path(args: argparse.Namespace) -> int:
    from interviewer.transcribe.catalog import KNOWN_MODELS, find_installed, install_dir

    name = args.name or settings(args).transcribe.model
    found = find_installed(name) if name in KNOWN_MODELS else None
    print(found or install_dir(name))
    return 0
