#!/usr/bin/env python
"""How closely do independent readers reproduce the labelled set's content flags?

Two readers who never saw the scorer labelled the seventh split (``dev/devh-*``) a second time,
blind: the guide and the answers only, without flags or notes. Their judgements are in
``tests/data/labelled/agreement/devh-<reader>.json``. This prints, per content flag, each
reader's precision / recall against the original labels (and each pair of readers against each
other): if careful readers reproduce the labels, the labels are not what keeps the scorer from
the bar.

    .venv/bin/python scripts/label_agreement.py
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from interviewer.models import CONTENT_FLAG_CODES as CONTENT_FLAGS  # noqa: E402

LABELLED = REPO / "tests" / "data" / "labelled"


def load_labels(ids: list[str], root: Path = LABELLED) -> dict[str, set[str]]:
    """The original content flags of the answers ``ids`` (in ``dev/``)."""
    labels = {}
    for answer_id in ids:
        data = tomllib.loads((root / "dev" / f"{answer_id}.toml").read_text(encoding="utf-8"))
        labels[answer_id] = set(data["flags"]) & set(CONTENT_FLAGS)
    return labels


def load_reader(path: Path) -> dict[str, set[str]]:
    """One reader's judgements: answer id -> the content flags the reader found."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {answer_id: set(entry["flags"]) for answer_id, entry in data.items()}


def counts(
    truth: dict[str, set[str]], other: dict[str, set[str]], flag: str
) -> tuple[int, int, int]:
    """True positives, false alarms and misses of ``other`` against ``truth`` for one flag."""
    tp = sum(1 for a in truth if flag in truth[a] and flag in other[a])
    fp = sum(1 for a in truth if flag not in truth[a] and flag in other[a])
    fn = sum(1 for a in truth if flag in truth[a] and flag not in other[a])
    return tp, fp, fn


def cell(tp: int, fp: int, fn: int) -> str:
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    return f"{precision:.2f} / {recall:.2f} ({fp}, {fn})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=LABELLED, help="the labelled set's folder")
    args = parser.parse_args(argv)
    files = sorted((args.data / "agreement").glob("*.json"))
    if not files:
        print(f"no reader judgements in {args.data / 'agreement'}", file=sys.stderr)
        return 1
    readers = {path.stem: load_reader(path) for path in files}
    ids = sorted(next(iter(readers.values())))
    for name, judged in readers.items():
        if sorted(judged) != ids:
            print(f"{name} judged different answers from the other readers", file=sys.stderr)
            return 1
    labels = load_labels(ids, args.data)
    columns = [(f"{name} vs labels", labels, judged) for name, judged in readers.items()]
    for (a, ja), (b, jb) in itertools.combinations(readers.items(), 2):
        columns.append((f"{b} vs {a}", ja, jb))
    print(f"{len(ids)} answers; precision / recall (false alarms, misses)")
    print(f"{'flag':<20}" + "".join(f"{title:<26}" for title, _, _ in columns))
    for flag in CONTENT_FLAGS:
        row = "".join(f"{cell(*counts(t, o, flag)):<26}" for _, t, o in columns)
        print(f"{flag:<20}{row}")
    for name, judged in readers.items():
        same = sum(
            (flag in labels[a]) == (flag in judged[a]) for a in ids for flag in CONTENT_FLAGS
        )
        print(f"{name}: {same} of {len(ids) * len(CONTENT_FLAGS)} decisions as labelled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
