"""``interviewer sessions list|delete|purge``."""

from __future__ import annotations

import argparse
from pathlib import Path

from interviewer.cli.common import add_command


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "sessions", help="list or delete past practice sessions")
    actions = parser.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)
    ls = add_command(actions, "list", help="past sessions, newest first")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--limit", type=int, default=None, help="at most this many")
    ls.set_defaults(func=_list)
    hist = add_command(
        actions, "history", help="progress: scores and flag rates over time, by kind"
    )
    hist.add_argument("--json", action="store_true", help="print JSON")
    hist.set_defaults(func=_history)
    rm = add_command(
        actions,
        "delete",
        help="delete one session: its answers, transcripts, scores and recordings",
    )
    rm.add_argument(
        "id", metavar="ID", help="session id (see: interviewer sessions list) or 'latest'"
    )
    rm.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    rm.set_defaults(func=_delete)
    purge = add_command(
        actions,
        "purge",
        help="delete all practice data: database, recordings, caches (models kept unless --models)",
        description=(
            "Delete everything interviewer stored in its data directory: the database with every "
            "session, the recorded audio and the caches. Downloaded Whisper models are kept unless "
            "--models is given; the settings file is always kept."
        ),
    )
    purge.add_argument(
        "--models", action="store_true", help="also delete downloaded Whisper models"
    )
    purge.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    purge.set_defaults(func=_purge)
    from interviewer.cli.practice_cmd import register_recover

    register_recover(actions)


def _list(args: argparse.Namespace) -> int:
    from interviewer.cli.common import print_json, store

    with store() as st:
        rows = st.list_sessions(limit=args.limit)
    if args.json:
        print_json([r.to_dict() for r in rows])
        return 0
    if not rows:
        print("No sessions yet. Start one with: interviewer practice")
        return 0
    print(f"{'id':>4}  {'started':<16}  {'round':<14} {'status':<10} {'answers':>7}  overall")
    for r in rows:
        overall = f"{r.overall:.1f}" if r.overall is not None else "-"
        started = r.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(
            f"{r.id:>4}  {started:<16}  {r.round_name:<14} {r.status:<10} {r.scored:>3}/{r.answers:<3}  {overall}"
        )
    return 0


def _history(args: argparse.Namespace) -> int:
    from interviewer.cli.common import print_json, store
    from interviewer.report import history_summary, render_history_text

    with store() as st:
        summary = history_summary(st)
    if args.json:
        print_json(summary.to_dict())
    else:
        print(render_history_text(summary), end="")
    return 0


# ---------------------------------------------------------------------- privacy: delete and purge


def _confirm(question: str, yes: bool) -> bool:
    """Ask on a terminal; without one, deleting needs --yes (a script must say so explicitly)."""
    import sys

    from interviewer.errors import UserError

    if yes:
        return True
    if not sys.stdin.isatty():
        raise UserError("not deleting without confirmation: stdin is not a terminal; add --yes")
    try:
        reply = input(f"{question} [y/N] ")
    except EOFError:
        reply = ""
    return reply.strip().lower() in {"y", "yes"}


def _cancelled() -> int:
    import sys

    print("interviewer: cancelled; nothing was deleted", file=sys.stderr)
    return 1


def _delete(args: argparse.Namespace) -> int:
    from interviewer.cli.common import store

    with store() as st:
        session = st.get_session(args.id)
        recordings = sum(1 for a in session.answers if a.audio_path and Path(a.audio_path).exists())
        started = session.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        what = (
            f"session {session.id} ({session.round_name}, started {started}, "
            f"{_count(len(session.answers), 'answer')}, {_count(recordings, 'recording')})"
        )
        if not _confirm(f"Delete {what}? This cannot be undone.", args.yes):
            return _cancelled()
        st.delete_session(session.id)  # type: ignore[arg-type]
    print(f"Deleted {what}.")
    return 0


def _purge(args: argparse.Namespace) -> int:
    import shutil
    import sqlite3

    from interviewer import paths
    from interviewer.errors import UserError

    home = paths.home()
    cache = paths.cache_dir()
    db_file = paths.database_file()
    if home.resolve() in {Path.home().resolve(), Path(home.anchor).resolve()}:
        raise UserError(f"refusing to purge {home}: it is not a dedicated data directory")
    kept = {paths.config_file().resolve()}
    if not args.models:
        kept.add(paths.models_dir().resolve())
    targets = (
        [p for p in sorted(home.iterdir()) if p.resolve() not in kept] if home.is_dir() else []
    )
    if cache.exists() and not cache.resolve().is_relative_to(home.resolve()):
        targets.append(cache)
    ours = {db_file.name + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    ours |= {"audio", "cache", "models"}
    strangers = [p.name for p in targets if p.parent == home and p.name not in ours]
    if strangers and not db_file.exists():
        # Without a database this may be a folder the user pointed INTERVIEWER_HOME at by mistake.
        raise UserError(
            f"refusing to purge {home}: it holds files interviewer did not create "
            f"({', '.join(strangers[:3])}) and no interviewer.db"
        )
    if not targets:
        print(f"Nothing to delete in {home}.")
        return 0

    sidecars = {db_file.name + suffix for suffix in ("-wal", "-shm", "-journal")}
    lines = [f"  {_describe(p, db_file)}" for p in targets if p.name not in sidecars]
    print(f"This deletes, from {home}:\n" + "\n".join(lines))
    if not args.models and paths.models_dir().exists():
        print(f"  (keeping downloaded models in {paths.models_dir()}; add --models to delete them)")
    if not _confirm("Delete all of this? This cannot be undone.", args.yes):
        return _cancelled()

    lock = None
    if db_file.exists():
        # Hold the write lock while deleting so a running practice session cannot write mid-purge.
        try:
            lock = sqlite3.connect(db_file, timeout=2.0, isolation_level=None)
            lock.execute("BEGIN EXCLUSIVE")
        except sqlite3.DatabaseError as exc:
            if lock is not None:
                lock.close()
                lock = None
            if "locked" in str(exc) or "busy" in str(exc):
                raise UserError(
                    f"{db_file} is in use by another interviewer; close it and retry (nothing deleted)"
                ) from None
            # A damaged database is still deleted: that is what a purge is for.
    # The database goes last, after the lock is released: closing a connection whose files are
    # already gone would leave fresh -wal/-shm files behind.
    database = [db_file.with_name(name) for name in sorted(ours) if name.startswith(db_file.name)]
    others = [t for t in targets if t not in database]
    deleted: list[str] = []
    try:
        try:
            for target in others:
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                else:
                    target.unlink(missing_ok=True)
                deleted.append(target.name)
        finally:
            if lock is not None:
                lock.close()
        for target in database:
            if target.exists():
                target.unlink()
                deleted.append(target.name)
    except OSError as exc:
        done = f"deleted {', '.join(deleted)}; " if deleted else "nothing deleted; "
        raise UserError(f"cannot delete {exc.filename}: {exc.strerror} ({done}retry)") from None
    print(f"Deleted {_count(len(deleted), 'item')} from {home}.")
    return 0


def _describe(path: Path, db_file: Path) -> str:
    """One line per thing a purge deletes: what it is and how big."""
    import sqlite3

    size = _size(path)
    label = f"{path}  ({_human(size)})"
    if path == db_file:
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                (count,) = db.execute("SELECT COUNT(*) FROM sessions").fetchone()
            finally:
                db.close()
            label += f"  the database: {_count(count, 'session')}"
        except sqlite3.DatabaseError:
            label += "  the database"
    elif path.name == "audio":
        label += "  recorded answers"
    elif path.name == "models":
        label += "  downloaded Whisper models"
    elif path.name == "cache" or "cache" in path.parts[-2:]:
        label += "  caches (spoken questions)"
    return label


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _size(path: Path) -> int:
    if path.is_symlink() or not path.is_dir():
        return path.lstat().st_size if path.exists() or path.is_symlink() else 0
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir() or p.is_symlink())


def _human(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
