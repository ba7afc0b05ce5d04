"""``interviewer sessions list|delete|purge``."""

from __future__ import annotations

import argparse

from interviewer.cli.common import add_command


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "sessions", help="list or delete past practice sessions")
    actions = parser.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)
    ls = add_command(actions, "list", help="past sessions, newest first")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--limit", type=int, default=None, help="at most this many")
    ls.set_defaults(func=_list)
    hist = add_command(actions, "history", help="progress: scores and flag rates over time, by kind")
    hist.add_argument("--json", action="store_true", help="print JSON")
    hist.set_defaults(func=_history)


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
        print(f"{r.id:>4}  {started:<16}  {r.round_name:<14} {r.status:<10} {r.scored:>3}/{r.answers:<3}  {overall}")
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
