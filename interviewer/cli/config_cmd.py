"""``interviewer config``: the effective settings, where they come from, and a starter file."""

from __future__ import annotations

import argparse

from interviewer.cli.common import add_command


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub,
        "config",
        help="show the effective settings, or write a starter settings file",
        description=(
            "Settings come from defaults, then the TOML settings file, then INTERVIEWER_<SECTION>_<FIELD>\n"
            "environment variables (for example INTERVIEWER_TRANSCRIBE_MODEL=tiny.en)."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--path", action="store_true", help="print only the settings file's path")
    parser.add_argument(
        "--init",
        action="store_true",
        help="write a commented settings file (not over an existing one)",
    )
    parser.set_defaults(func=_config)


def _config(args: argparse.Namespace) -> int:
    from interviewer import paths
    from interviewer import settings as settings_mod
    from interviewer.cli.common import print_json
    from interviewer.errors import UserError

    path = paths.config_file()
    if args.path:
        print(path)
        return 0
    if args.init:
        if path.exists():
            raise UserError(f"{path} already exists; edit it, or remove it first")
        paths.ensure_private_dir(path.parent)
        path.write_text(starter_file(settings_mod.Settings()), encoding="utf-8")
        print(f"wrote {path}")
        return 0
    current = settings_mod.load()
    if args.json:
        print_json(current.model_dump())
        return 0
    print(f"# settings file: {path}{'' if path.exists() else ' (not present; defaults apply)'}")
    print(f"# data directory: {paths.home()}")
    for name, value, _doc in settings_mod.describe(current):
        print(f"{name} = {value!r}")
    return 0


def starter_file(defaults: object) -> str:
    """A TOML file listing every setting, commented out, with its documentation."""
    from interviewer import settings as settings_mod

    lines = ["# interviewer settings. Uncomment a line to change it.", ""]
    section = None
    for name, value, doc in settings_mod.describe(defaults):  # type: ignore[arg-type]
        sec, field = name.split(".", 1)
        if sec != section:
            if section is not None:
                lines.append("")
            lines.append(f"[{sec}]")
            section = sec
        if doc:
            lines.append(f"# {doc}")
        lines.append(f"# {field} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    import json

    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return (
            "{}"
            if not value
            else "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
        )
    return json.dumps(value)
