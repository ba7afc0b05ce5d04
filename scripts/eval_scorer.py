#!/usr/bin/env python3
"""Measure the scorer like a classifier on the labelled answers in tests/data/labelled.

For each split (dev: tuned on; test: never tuned on) this builds every answer's transcript with
``interviewer.timing.estimate``, scores it, and prints per-flag precision, recall, F1 and support,
next to two trivial baselines: always raising the flag, and raising it for answers longer than
the split's median length. It exits 1 when a labelled file is malformed, and 0 otherwise.

    python scripts/eval_scorer.py --split dev -v      # with each disagreement, for tuning
    python scripts/eval_scorer.py --split both --json eval.json
    python scripts/eval_scorer.py --split dev --half a -v   # tune on one half of dev...
    python scripts/eval_scorer.py --split dev --half b      # ...and see whether it holds on the other

``--half`` splits a folder in two by a hash of each file name (stable, and blind to the content),
for cross-validation inside the development split: change the rules while reading half a's
disagreements only, then check that half b moves the same way.

``--group`` keeps the files whose name starts with ``<group>-`` (repeatable). The development
folder holds answers by nineteen labellers: ``dev-`` and ``devb-`` were written by the first,
``devc-`` by the second, ``devd-`` by the third, ``deve-`` by two more (4A: NN 01-07, 4B: NN 08-14)
``devf-`` by two more again (5C: NN 01-07, 5D: NN 08-14), ``devg-`` by two more (6E: NN 01-07,
6F: NN 08-14), ``devh-`` by two more (7G: NN 01-07, 7H: NN 08-14) , ``devi-`` by four more (8I: NN
01-07, 8J: 08-14, 8K: 15-21, 8L: 22-28) and ``devj-`` by four more (9M, 9N, 9O, 9P, by the same
numbers), so tuning on some labellers' files
and reading the others' figures is the honest check that a rule follows the guide rather than one
writer's style:

    python scripts/eval_scorer.py --group dev --group devb   # labeller 1
    python scripts/eval_scorer.py --group devc               # labeller 2
    python scripts/eval_scorer.py --group devd               # labeller 3
    python scripts/eval_scorer.py --group deve               # labeller 4 (A: NN 01-07, B: 08-14)
    python scripts/eval_scorer.py --group devf               # labeller 5 (C: NN 01-07, D: 08-14)
    python scripts/eval_scorer.py --group devg               # labeller 6 (E: NN 01-07, F: 08-14)
    python scripts/eval_scorer.py --group devh               # labeller 7 (G: NN 01-07, H: 08-14)
    python scripts/eval_scorer.py --group devi               # labeller 8 (I: 01-07, J: 08-14, K: 15-21, L: 22-28)
    python scripts/eval_scorer.py --group devj               # labeller 9 (M: 01-07, N: 08-14, O: 15-21, P: 22-28)
    python scripts/eval_scorer.py --labellers                # the content flags, side by side

``--lolo`` chooses ``no_product_link``'s operating point (the weight of a conditional bar against
the metric mentions, and the threshold) leave-one-labeller-out, and prints each held-out
labeller's precision and recall.

``--quarters`` (with ``--split test``) adds the same per-writer table for the tenth test split's
four labellers (10Q: NN 01-07, 10R: 08-14, 10S: 15-21, 10T: 22-28).

``--labellers`` scores the development split once and prints each content flag's precision and
recall per labeller (with its false alarms and misses), the view a leave-one-labeller-out check
needs: a change is good when it helps the held-out labeller without hurting the others.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from interviewer.errors import UserError  # noqa: E402
from interviewer.models import (  # noqa: E402
    CONTENT_FLAG_CODES,
    FLAG_CODES,
    KINDS,
    TIMING_FLAG_CODES,
    QuestionRef,
    Transcript,
)
from interviewer.scoring import SCORER_VERSION, score_answer  # noqa: E402
from interviewer.timing import estimate  # noqa: E402

if TYPE_CHECKING:
    from interviewer.scoring.context import QuestionContext
    from interviewer.scoring.text import Answer

LABELLED = REPO / "tests" / "data" / "labelled"
TIMING_FLAGS = TIMING_FLAG_CODES
CONTENT_FLAGS = CONTENT_FLAG_CODES
REQUIRED: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "kind": str,
    "question": str,
    "wpm": (int, float),
    "seed": int,
    "flags": list,
    "text": str,
}


class Malformed(Exception):
    pass


@dataclass
class Case:
    id: str
    kind: str
    expected: set[str]
    predicted: set[str]
    duration_s: float
    evidence: dict[str, str]


def load_case(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise Malformed(f"{path}: invalid TOML: {exc}") from None
    for key, typ in REQUIRED.items():
        if key not in data:
            raise Malformed(f"{path}: missing key {key!r}")
        if not isinstance(data[key], typ) or isinstance(data[key], bool):
            raise Malformed(f"{path}: {key!r} has the wrong type")
    if data["id"] != path.stem:
        raise Malformed(f"{path}: id {data['id']!r} differs from the file name")
    if data["kind"] not in KINDS:
        raise Malformed(f"{path}: unknown kind {data['kind']!r}")
    unknown = [f for f in data["flags"] if f not in FLAG_CODES]
    if unknown:
        raise Malformed(f"{path}: unknown flag {unknown[0]!r}")
    return data


def case_input(path: Path, data: dict) -> tuple[Transcript, QuestionRef]:
    """The transcript (timing estimated as the guide says) and the question of a labelled file."""
    try:
        transcript = estimate(data["text"], wpm=float(data["wpm"]), seed=int(data["seed"]))
    except UserError as exc:
        raise Malformed(f"{path}: {exc}") from None
    return transcript, QuestionRef(
        id=data.get("question_id"), kind=data["kind"], text=data["question"]
    )


def case_answer(path: Path, data: dict) -> tuple[Answer, QuestionContext]:
    """A labelled file as the scorer's rules see it: its ``Answer`` and ``QuestionContext``."""
    from interviewer.scoring import context as context_mod
    from interviewer.scoring.text import Answer

    transcript, question = case_input(path, data)
    return Answer(transcript), context_mod.build(question, data.get("budget_s"))


def half_of(stem: str) -> str:
    """ "a" or "b": a stable split of the files by a hash of their name."""
    return "ab"[int(hashlib.sha1(stem.encode("utf-8")).hexdigest(), 16) % 2]


GROUPS = ("dev", "devb", "devc", "devd", "deve", "devf", "devg", "devh", "devi", "devj")
# Who wrote which files: a rule tuned on some labellers is checked on the others. The fourth
# split had two writers, told apart by the answer's number (01-07 and 08-14 of each kind).
LABELLERS: dict[str, tuple[str, ...]] = {
    "labeller 1": ("dev", "devb"),
    "labeller 2": ("devc",),
    "labeller 3": ("devd",),
    "labeller 4A": ("deve",),
    "labeller 4B": ("deve",),
    "labeller 5C": ("devf",),
    "labeller 5D": ("devf",),
    "labeller 6E": ("devg",),
    "labeller 6F": ("devg",),
    "labeller 7G": ("devh",),
    "labeller 7H": ("devh",),
    "labeller 8I": ("devi",),
    "labeller 8J": ("devi",),
    "labeller 8K": ("devi",),
    "labeller 8L": ("devi",),
    "labeller 9M": ("devj",),
    "labeller 9N": ("devj",),
    "labeller 9O": ("devj",),
    "labeller 9P": ("devj",),
}
SPLIT_BY_NUMBER = {
    "labeller 4A": range(1, 8),
    "labeller 4B": range(8, 15),
    "labeller 5C": range(1, 8),
    "labeller 5D": range(8, 15),
    "labeller 6E": range(1, 8),
    "labeller 6F": range(8, 15),
    "labeller 7G": range(1, 8),
    "labeller 7H": range(8, 15),
    "labeller 8I": range(1, 8),
    "labeller 8J": range(8, 15),
    "labeller 8K": range(15, 22),
    "labeller 8L": range(22, 29),
    "labeller 9M": range(1, 8),
    "labeller 9N": range(8, 15),
    "labeller 9O": range(15, 22),
    "labeller 9P": range(22, 29),
}


def in_groups(stem: str, groups: tuple[str, ...] | list[str] | None) -> bool:
    """Whether a file belongs to one of the groups (its name's prefix before the first "-")."""
    return not groups or stem.split("-", 1)[0] in groups


def run_split(
    split: str,
    root: Path = LABELLED,
    half: str | None = None,
    groups: tuple[str, ...] | list[str] | None = None,
) -> tuple[list[Case], float]:
    folder = root / split
    files = sorted(folder.glob("*.toml"))
    if half is not None:
        files = [f for f in files if half_of(f.stem) == half]
    files = [f for f in files if in_groups(f.stem, groups)]
    if not files:
        where = "".join(
            [f" in half {half}" if half else "", f" in group {'/'.join(groups)}" if groups else ""]
        )
        raise Malformed(f"{folder}: no labelled files{where}")
    cases: list[Case] = []
    elapsed = 0.0
    for path in files:
        data = load_case(path)
        transcript, question = case_input(path, data)
        t0 = time.perf_counter()
        score = score_answer(transcript, question, budget_s=data.get("budget_s"))
        elapsed += time.perf_counter() - t0
        cases.append(
            Case(
                id=data["id"],
                kind=data["kind"],
                expected=set(data["flags"]),
                predicted={f.code for f in score.flags},
                duration_s=transcript.duration_s,
                evidence={f.code: f.evidence for f in score.flags},
            )
        )
    return cases, elapsed


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def table(cases: list[Case]) -> dict[str, dict[str, float]]:
    median = statistics.median(c.duration_s for c in cases)
    rows: dict[str, dict[str, float]] = {}
    for code in FLAG_CODES:
        tp = sum(code in c.expected and code in c.predicted for c in cases)
        fp = sum(code not in c.expected and code in c.predicted for c in cases)
        fn = sum(code in c.expected and code not in c.predicted for c in cases)
        support = tp + fn
        p, r, f = prf(tp, fp, fn)
        # Baselines: always raise it; raise it for answers longer than the median.
        _, _, f_always = prf(support, len(cases) - support, 0)
        long_tp = sum(code in c.expected and c.duration_s > median for c in cases)
        long_fp = sum(code not in c.expected and c.duration_s > median for c in cases)
        _, _, f_long = prf(long_tp, long_fp, support - long_tp)
        rows[code] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "support": support,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "f1_always": round(f_always, 3),
            "f1_length": round(f_long, 3),
        }
    return rows


def print_table(
    split: str, cases: list[Case], rows: dict[str, dict[str, float]], elapsed: float
) -> None:
    exact = sum(c.expected == c.predicted for c in cases)
    print(
        f"\n{split}: {len(cases)} answers, {exact} with every flag right; "
        f"scored in {elapsed * 1000 / len(cases):.1f} ms per answer (scorer {SCORER_VERSION})"
    )
    print(
        f"{'flag':<20}{'prec':>7}{'recall':>8}{'F1':>7}{'support':>9}{'fp':>5}{'fn':>5}"
        f"{'F1 always':>11}{'F1 length':>11}"
    )
    for code, r in rows.items():
        print(
            f"{code:<20}{r['precision']:>7.2f}{r['recall']:>8.2f}{r['f1']:>7.2f}{r['support']:>9}"
            f"{r['fp']:>5}{r['fn']:>5}{r['f1_always']:>11.2f}{r['f1_length']:>11.2f}"
        )
    content_ok = all(
        rows[c]["precision"] >= 0.85 and rows[c]["recall"] >= 0.8 for c in CONTENT_FLAGS
    )
    timing_ok = all(rows[c]["fp"] == 0 and rows[c]["fn"] == 0 for c in TIMING_FLAGS)
    print(
        f"content flags precision >= 0.85 and recall >= 0.80: {'yes' if content_ok else 'NO'}; "
        f"timing flags exact: {'yes' if timing_ok else 'NO'}"
    )


def print_disagreements(cases: list[Case]) -> None:
    for c in cases:
        missed = sorted(c.expected - c.predicted)
        extra = sorted(c.predicted - c.expected)
        if missed or extra:
            print(f"  {c.id:<26} missed {missed}  extra {extra}")
            for code in extra:
                print(f"      {code}: {c.evidence[code][:160]}")


def labeller_of(stem: str) -> str | None:
    group, _, rest = stem.partition("-")
    number = rest.rsplit("-", 1)[-1]
    for name, groups in LABELLERS.items():
        if group not in groups:
            continue
        numbers = SPLIT_BY_NUMBER.get(name)
        if numbers is None or (number.isdigit() and int(number) in numbers):
            return name
    return None


# The tenth test split's four writers, by the answer's number (GUIDE.md).
TEST_LABELLERS = {
    "labeller 10Q": range(1, 8),
    "labeller 10R": range(8, 15),
    "labeller 10S": range(15, 22),
    "labeller 10T": range(22, 29),
}


def test_labeller_of(stem: str) -> str | None:
    number = stem.rsplit("-", 1)[-1]
    if not number.isdigit():
        return None
    return next((n for n, r in TEST_LABELLERS.items() if int(number) in r), None)


def labeller_tables(
    cases: list[Case], split: str = "dev"
) -> dict[str, dict[str, dict[str, float]]]:
    """Per-flag figures for each labeller's files (files of no known labeller are left out)."""
    who = labeller_of if split == "dev" else test_labeller_of
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name in LABELLERS if split == "dev" else TEST_LABELLERS:
        mine = [c for c in cases if who(c.id) == name]
        if mine:
            out[name] = table(mine)
    return out


def print_labellers(
    cases: list[Case], per: dict[str, dict[str, dict[str, float]]], split: str = "dev"
) -> None:
    who = labeller_of if split == "dev" else test_labeller_of
    names = list(per)
    print(f"\ncontent flags per labeller (scorer {SCORER_VERSION}): precision / recall (fp, fn)")
    print(f"{'flag':<20}" + "".join(f"{n:>22}" for n in names))
    for code in (*CONTENT_FLAGS, "timing (5 flags)"):
        cells = []
        for n in names:
            if code in CONTENT_FLAGS:
                r = per[n][code]
                cell = f"{r['precision']:.2f} / {r['recall']:.2f} ({r['fp']}, {r['fn']})"
            else:
                wrong = sum(per[n][t]["fp"] + per[n][t]["fn"] for t in TIMING_FLAGS)
                cell = "exact" if not wrong else f"{wrong} wrong"
            cells.append(f"{cell:>22}")
        print(f"{code:<20}" + "".join(cells))
    exact = []
    for n in names:
        mine = [c for c in cases if who(c.id) == n]
        exact.append(f"{sum(c.expected == c.predicted for c in mine)} / {len(mine)}")
    print(f"{'every flag right':<20}" + "".join(f"{e:>22}" for e in exact))


@dataclass
class LinkEvidence:
    """What ``no_product_link`` weighs for one answer, for choosing its operating point."""

    id: str
    labeller: str
    expected: bool
    judged: bool  # a non-behavioural answer naming metrics at least twice
    tied: bool  # one of the tie rules found a link
    mentions: int
    bars: int  # conditional bars beside a metric


def link_evidence(split: str, root: Path = LABELLED) -> list[LinkEvidence]:
    from interviewer.scoring import content as content_mod
    from interviewer.scoring import ramble as ramble_mod
    from interviewer.scoring.thresholds import Thresholds

    th = Thresholds()
    out = []
    for path in sorted((root / split).glob("*.toml")):
        data = load_case(path)
        name = labeller_of(path.stem)
        if name is None:
            continue
        answer, ctx = case_answer(path, data)
        c = content_mod.analyse(answer, ctx, ramble_mod.detect(answer, ctx, th), th)
        out.append(
            LinkEvidence(
                id=path.stem,
                labeller=name,
                expected="no_product_link" in data["flags"],
                judged=data["kind"] != "behavioral" and c.metric_mentions >= th.metric_mentions_min,
                tied=len(c.product_links) >= th.product_links_min,
                mentions=c.metric_mentions,
                bars=c.conditional_bars,
            )
        )
    return out


def _pr(rows: list[LinkEvidence], w: float, t: float) -> tuple[float, float, int, int]:
    tp = fp = fn = 0
    for r in rows:
        flagged = r.judged and not r.tied and r.mentions - w * r.bars >= t
        tp += flagged and r.expected
        fp += flagged and not r.expected
        fn += r.expected and not flagged
    p = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return p, rec, fp, fn


def _bar_score(p: float, r: float) -> float:
    """How close to the bar (precision 0.85, recall 0.80): 1.0 when met."""
    return min(p / 0.85, r / 0.8, 1.0)


LOLO_WEIGHTS = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 100.0)


def choose_operating_point(
    rows: list[LinkEvidence], weights: tuple[float, ...] = LOLO_WEIGHTS
) -> tuple[float, float]:
    """The (weight, threshold) whose worst labeller is closest to the bar, then the best pooled
    F1, then the smallest weight and threshold."""
    names = sorted({r.labeller for r in rows})
    best: tuple[tuple[float, ...], float, float] | None = None
    for w in weights:
        for t in sorted({r.mentions - w * r.bars for r in rows}):
            worst = min(
                _bar_score(*_pr([r for r in rows if r.labeller == n], w, t)[:2]) for n in names
            )
            p, rec, _, _ = _pr(rows, w, t)
            f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
            key = (worst, f1, -w, -t)
            if best is None or key > best[0]:
                best = (key, w, t)
    assert best is not None
    return best[1], best[2]


def print_lolo(rows: list[LinkEvidence]) -> None:
    """Leave-one-labeller-out for ``no_product_link``'s strength of evidence: for each labeller,
    the weight and threshold are chosen on the others and measured on it."""
    names = sorted({r.labeller for r in rows})
    print(
        "\nno_product_link, leave-one-labeller-out: flag when no tie and "
        "metric mentions - w x conditional bars >= t; (w, t) chosen on the other labellers"
    )
    for label, weights in (("w = 0 (1.6.0's rule)", (0.0,)), ("w chosen", LOLO_WEIGHTS)):
        worst = 1.0
        cells = []
        for n in names:
            w, t = choose_operating_point([r for r in rows if r.labeller != n], weights)
            p, rec, fp, fn = _pr([r for r in rows if r.labeller == n], w, t)
            worst = min(worst, _bar_score(p, rec))
            cells.append(f"  {n:<12} w={w:g} t={t:g}: {p:.2f} / {rec:.2f} (fp {fp}, fn {fn})")
        print(f"{label}: worst held-out labeller at {worst:.2f} of the bar")
        print("\n".join(cells))
    w, t = choose_operating_point(rows)
    print(f"chosen on every labeller: w={w:g}, t={t:g}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Per-flag precision/recall of the scorer on the labelled set."
    )
    parser.add_argument("--split", choices=("dev", "test", "both"), default="dev")
    parser.add_argument("--json", metavar="OUT", type=Path, help="also write the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    parser.add_argument("--data", type=Path, default=LABELLED, help="folder holding dev/ and test/")
    parser.add_argument(
        "--half",
        choices=("a", "b"),
        help="only one half of each split, chosen by a hash of the file name (cross-validation)",
    )
    parser.add_argument(
        "--group",
        action="append",
        choices=GROUPS,
        help=(
            "only files named <group>-*: dev/devb (labeller 1), devc (labeller 2), devd "
            "(labeller 3), deve (labeller 4: NN 01-07 are 4A, 08-14 4B), devf (labeller 5: "
            "NN 01-07 are 5C, 08-14 5D), devg (labeller 6: NN 01-07 are 6E, 08-14 6F), devh "
            "(labeller 7: NN 01-07 are 7G, 08-14 7H), devi (labeller 8: NN 01-07 are 8I, "
            "08-14 8J, 15-21 8K, 22-28 8L) or devj (labeller 9: 9M, 9N, 9O, 9P by "
            "the same numbers); "
            "repeatable"
        ),
    )
    parser.add_argument(
        "--labellers",
        action="store_true",
        help="score the development split and print the content flags per labeller, side by side",
    )
    parser.add_argument(
        "--quarters",
        action="store_true",
        help="with --split test: also the content flags per writer of the tenth split (10Q-10T)",
    )
    parser.add_argument(
        "--lolo",
        action="store_true",
        help="leave-one-labeller-out choice of no_product_link's evidence weight and threshold",
    )
    args = parser.parse_args(argv)
    if args.lolo:
        try:
            print_lolo(link_evidence("dev", args.data))
        except Malformed as exc:
            print(f"eval_scorer: malformed labelled file: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.labellers:
        try:
            cases, _ = run_split("dev", args.data)
        except Malformed as exc:
            print(f"eval_scorer: malformed labelled file: {exc}", file=sys.stderr)
            return 1
        per = labeller_tables(cases)
        print_labellers(cases, per)
        if args.verbose:
            print_disagreements(cases)
        if args.json:
            by_labeller = {"scorer_version": SCORER_VERSION, "labellers": per}
            args.json.write_text(json.dumps(by_labeller, indent=2) + "\n", encoding="utf-8")
        return 0
    groups = tuple(args.group) if args.group else None
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    report: dict[str, object] = {
        "scorer_version": SCORER_VERSION,
        "half": args.half,
        "groups": list(groups) if groups else None,
    }
    for split in splits:
        try:
            cases, elapsed = run_split(split, args.data, args.half, groups)
        except Malformed as exc:
            print(f"eval_scorer: malformed labelled file: {exc}", file=sys.stderr)
            return 1
        rows = table(cases)
        label = split + (f" (half {args.half})" if args.half else "")
        label += f" [{'+'.join(groups)}]" if groups else ""
        print_table(label, cases, rows, elapsed)
        per_writer = labeller_tables(cases, "test") if split == "test" and args.quarters else {}
        if per_writer:
            print_labellers(cases, per_writer, "test")
        if args.verbose:
            print_disagreements(cases)
        report[split] = {
            "labellers": per_writer or None,
            "answers": len(cases),
            "exact": sum(c.expected == c.predicted for c in cases),
            "flags": rows,
            "disagreements": [
                {
                    "id": c.id,
                    "missed": sorted(c.expected - c.predicted),
                    "extra": sorted(c.predicted - c.expected),
                }
                for c in cases
                if c.expected != c.predicted
            ],
        }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into head
        sys.exit(0)
