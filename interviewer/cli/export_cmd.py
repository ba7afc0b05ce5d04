"""``interviewer export`` (debrief notes in five formats) and ``interviewer plan`` (the practice plan).

Exports are files people keep, so writing one never clobbers an existing file unless asked
(``--force``), lands atomically (a temporary file renamed into place), and gets a descriptive,
filesystem-safe default name such as ``interviewer-session-0003-2026-11-26.html``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from interviewer.cli.common import add_command
from interviewer.errors import UserError

FORMATS = ("md", "html", "json", "srt", "vtt")
_EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".srt": "srt",
    ".vtt": "vtt",
}

EXPORT_HELP = """\
formats:
  md    Markdown notes: scores, flags with quotes and advice, pacing, transcript, 30-day plan
  html  one self-contained page with an SVG pacing chart per answer (prints well)
  json  machine-readable, schema "interviewer.debrief/1" (docs/exports.md)
  srt   subtitles of the answers, one track for the session
  vtt   WebVTT subtitles, the same cues with the questions as NOTE blocks

examples:
  interviewer export latest --format html
  interviewer export 3 --format md -o notes/        # default name inside notes/
  interviewer export 3 --format json -o - | jq .totals
  interviewer export 3 --format html --redact       # [PERSON]/[COMPANY] instead of names
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub,
        "export",
        help="export a session's debrief (md, html, json, srt, vtt)",
        description="Export the debrief of a stored session.\n\n" + EXPORT_HELP,
    )
    parser.add_argument("session", metavar="ID", help="session id, or 'latest'")
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: from the -o file's extension, else md)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        default=None,
        help="file to write, a folder for the default name, or '-' for stdout "
        "(default: interviewer-session-NNNN-DATE.EXT in the current folder)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument(
        "--redact",
        action="store_true",
        help="replace people's and companies' names in transcripts and quotes with [PERSON]/[COMPANY]",
    )
    parser.set_defaults(func=_export)

    plan = add_command(
        sub,
        "plan",
        help="a practice plan drawn from your weak spots",
        description="A day-by-day practice plan from the kinds of question and the flags that recur "
        "in your scored answers, with a full mock round every seventh day.",
    )
    plan.add_argument(
        "--days", type=int, default=30, help="length of the plan in days (default 30)"
    )
    plan.add_argument("-f", "--format", choices=("md", "json"), default="md", help="output format")
    plan.add_argument(
        "-o", "--output", metavar="PATH", default="-", help="file to write (default: stdout)"
    )
    plan.add_argument("--force", action="store_true", help="overwrite an existing file")
    plan.set_defaults(func=_plan)


def _export(args: argparse.Namespace) -> int:
    from interviewer.cli.common import store
    from interviewer.report import build_debrief, render

    fmt = args.format or _format_from_path(args.output) or "md"
    with store() as st:
        debrief = build_debrief(st, args.session)
    if fmt in ("srt", "vtt") and not any(a.words for a in debrief.answers):
        raise UserError(
            f"session {debrief.session_id} has no transcribed answers to make subtitles from"
        )
    text = render(debrief, fmt, redact=args.redact)  # type: ignore[arg-type]
    default = default_name(
        debrief.session_id, debrief.started_at.strftime("%Y-%m-%d"), fmt, redacted=args.redact
    )
    target = resolve_output(args.output, default)
    write_output(text, target, force=args.force)
    return 0


def _plan(args: argparse.Namespace) -> int:
    from interviewer.cli.common import store
    from interviewer.report import practice_plan, render_plan

    with store() as st:
        plan = practice_plan(st, days=args.days)
    ext = "md" if args.format == "md" else "json"
    target = resolve_output(args.output, f"interviewer-plan-{plan.days}-days.{ext}")
    write_output(render_plan(plan, args.format), target, force=args.force)
    return 0


def _format_from_path(output: str | None) -> str | None:
    if not output or output == "-":
        return None
    return _EXTENSIONS.get(Path(output).suffix.lower())


def default_name(session_id: int, date: str, fmt: str, *, redacted: bool = False) -> str:
    """``interviewer-session-0003-2026-11-26.html``: sortable, descriptive, safe on every filesystem."""
    suffix = "-redacted" if redacted else ""
    return f"interviewer-session-{session_id:04d}-{date}{suffix}.{fmt}"


def resolve_output(output: str | None, default: str) -> Path | None:
    """Where to write: ``None`` for stdout; a folder gets the default name inside it."""
    if output == "-":
        return None
    if output is None:
        return Path.cwd() / default
    path = Path(output).expanduser()
    if path.is_dir() or output.endswith(("/", os.sep)):
        if not path.is_dir():
            raise UserError(f"{path}: no such folder")
        return path / default
    return path


def write_output(text: str, target: Path | None, *, force: bool) -> None:
    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if target.exists() and not force:
        raise UserError(f"{target} already exists; use --force to overwrite it")
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder")
    tmp_name = None
    try:
        # Write beside the target and rename, so a crash or a full disk never leaves half a file.
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp_name, 0o644 & ~_umask())
        os.replace(tmp_name, target)
        tmp_name = None
    except PermissionError:
        raise UserError(f"cannot write {target}: permission denied") from None
    except IsADirectoryError:
        raise UserError(f"{target} is a folder") from None
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
    size = target.stat().st_size
    print(f"Wrote {target} ({_size(size)})", file=sys.stderr)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _size(n: int) -> str:
    return (
        f"{n} bytes"
        if n < 1024
        else f"{n / 1024:.1f} KB"
        if n < 1024 * 1024
        else f"{n / 1048576:.1f} MB"
    )
