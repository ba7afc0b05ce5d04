"""``interviewer bank list|validate``."""

from __future__ import annotations

import argparse
from pathlib import Path

from interviewer.cli.common import add_command


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "bank", help="list or validate the question bank")
    actions = parser.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    ls = add_command(actions, "list", help="list questions (and round templates)")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument(
        "--kind",
        help="only this kind (metrics, ai_technical, product_vision, data_analysis, behavioral)",
    )
    ls.add_argument(
        "--rounds", action="store_true", help="list round templates instead of questions"
    )
    ls.set_defaults(func=_list)
    val = add_command(
        actions, "validate", help="check a question file or folder (default: the bundled bank)"
    )
    val.add_argument("path", nargs="?", type=Path, help="file or folder to check")
    val.set_defaults(func=_validate)


def _list(args: argparse.Namespace) -> int:
    from interviewer.cli.common import bank, print_json
    from interviewer.errors import UserError
    from interviewer.models import KINDS

    b = bank(args)
    if args.kind and args.kind not in KINDS:
        raise UserError(f"unknown kind {args.kind!r}; choose one of {', '.join(KINDS)}")
    if args.rounds:
        if args.json:
            print_json([t.model_dump() for t in b.rounds.values()])
        else:
            for t in b.rounds.values():
                print(f"{t.name:<18} {t.question_count:>2} questions  {t.title}")
        return 0
    questions = [q for q in b.questions.values() if not args.kind or q.kind == args.kind]
    if args.json:
        print_json([q.model_dump(exclude={"source"}) for q in questions])
        return 0
    for q in questions:
        text = q.text if len(q.text) <= 90 else q.text[:87] + "..."
        print(f"{q.id:<40} {q.kind:<15} {q.budget_s / 60:>4.0f} min  {text}")
    counts = {k: sum(q.kind == k for q in questions) for k in KINDS}
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    print(f"\n{len(questions)} questions ({summary}); {len(b.rounds)} round templates")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from interviewer import bank as bank_mod

    b = bank_mod.validate(args.path)
    where = args.path or bank_mod.bundled_dir()
    print(
        f"ok: {where}: {len(b.questions)} questions, {len(b.rounds)} round templates in {len(b.files)} files"
    )
    return 0
