"""The scorer's labelled evaluation set is well formed, covers every flag, and its timing labels are exact.

The set (``tests/data/labelled``) is what the scorer's precision and recall are measured on, so its own
mistakes would show up as scorer errors. These tests check the files, the coverage the issue asks for, the
independence of the dev and test splits, and recompute every timing flag from the built transcript with a
small checker of their own (GUIDE.md, "Timing flags"), including the margins that keep those labels
unambiguous. They do not touch the scorer.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from interviewer.models import (
    CONTENT_FLAG_CODES,
    DEFAULT_BUDGET_S,
    FLAG_CODES,
    KINDS,
    TIMING_FLAG_CODES,
    Transcript,
)
from interviewer.timing import estimate

LABELLED = Path(__file__).resolve().parent / "data" / "labelled"
SPLITS = ("dev", "test")
REQUIRED = {"id", "kind", "question", "wpm", "seed", "speaker", "flags", "notes", "text"}
OPTIONAL = {"question_id", "budget_s"}
CONTENT_FLAGS = CONTENT_FLAG_CODES
TIMING_FLAGS = TIMING_FLAG_CODES
MIN_FILES = 57
MIN_CONTENT_POSITIVES = 7
MIN_TIMING_POSITIVES = 5
MIN_CLEAN = 10
MIN_MULTI_FLAG = 12
# dev holds its own answers (dev-) and the retired test splits (devb- to devj-);
# test holds only test-.
ID_PREFIXES = {
    "dev": ("dev", "devb", "devc", "devd", "deve", "devf", "devg", "devh", "devi", "devj"),
    "test": ("test",),
}

_FILLER_WORD = re.compile(r"^(u+m+|u+h+|e+r+m*|h+m+|m{2,}|basically|actually)$")


@dataclass(frozen=True)
class Example:
    path: Path
    split: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def flags(self) -> set[str]:
        return set(self.data["flags"])

    @property
    def budget_s(self) -> float:
        return float(self.data.get("budget_s", DEFAULT_BUDGET_S[self.data["kind"]]))


@cache
def load_split(split: str) -> tuple[Example, ...]:
    out = []
    for path in sorted((LABELLED / split).glob("*.toml")):
        with path.open("rb") as fh:
            out.append(Example(path, split, tomllib.load(fh)))
    return tuple(out)


def all_examples() -> list[Example]:
    return [ex for split in SPLITS for ex in load_split(split)]


@cache
def _transcript(split: str, stem: str) -> Transcript:
    ex = next(e for e in load_split(split) if e.path.stem == stem)
    return estimate(ex.data["text"], wpm=float(ex.data["wpm"]), seed=int(ex.data["seed"]))


def transcript(ex: Example) -> Transcript:
    return _transcript(ex.split, ex.path.stem)


# --- the independent timing checker (GUIDE.md, "Timing flags") -------------------------------------


@dataclass(frozen=True)
class Timing:
    duration_s: float
    span_s: float
    words: int
    wpm: float
    fast_coverage: float | None  # share of the span covered by 60 s windows above 185 wpm
    fillers: int
    fillers_per_min: float
    gaps: tuple[tuple[float, float], ...]  # (start time, length) of every silence between words
    first_start: float


def count_fillers(tokens: list[str]) -> int:
    bare = [re.sub(r"[^\w']", "", t.lower()) for t in tokens]
    n = 0
    i = 0
    while i < len(tokens):
        pair = " ".join(bare[i : i + 2])
        if pair in ("you know", "i mean"):
            n += 1
            i += 2
            continue
        if _FILLER_WORD.match(bare[i]) or tokens[i].lower() in ("like,", "so,"):
            n += 1
        i += 1
    return n


def measure(tr: Transcript) -> Timing:
    words = tr.words
    first, last = words[0].start, words[-1].end
    span = last - first
    starts = [w.start for w in words]
    coverage: float | None = None
    if span >= 60:
        covered: list[tuple[float, float]] = []
        for s in range(int(span - 60) + 1):
            lo = first + s
            if sum(1 for t in starts if lo <= t < lo + 60) > 185:
                if covered and covered[-1][1] >= lo:
                    covered[-1] = (covered[-1][0], lo + 60)
                else:
                    covered.append((lo, lo + 60))
        coverage = sum(min(b, last) - a for a, b in covered) / span
    tokens = [w.text for w in words]
    fillers = count_fillers(tokens)
    gaps = tuple((a.end, b.start - a.end) for a, b in itertools.pairwise(words))
    return Timing(
        duration_s=tr.duration_s,
        span_s=span,
        words=len(words),
        wpm=len(words) / span * 60,
        fast_coverage=coverage,
        fillers=fillers,
        fillers_per_min=fillers / span * 60,
        gaps=gaps,
        first_start=first,
    )


def counted_pauses(m: Timing) -> list[float]:
    return [length for start, length in m.gaps if start >= 15.0 and length >= 3.0]


def timing_flags(m: Timing, budget_s: float) -> set[str]:
    """The timing flags by the rules of GUIDE.md, with no margins."""
    flags = set()
    if m.duration_s > budget_s:
        flags.add("over_time")
    if m.wpm > 180 or (m.fast_coverage is not None and m.fast_coverage > 0.5):
        flags.add("too_fast")
    if m.wpm < 100:
        flags.add("too_slow")
    if m.fillers_per_min > 6:
        flags.add("filler_heavy")
    pauses = counted_pauses(m)
    if len(pauses) >= 3 or any(p >= 8.0 for p in pauses):
        flags.add("long_pauses")
    return flags


def margin_problems(m: Timing, budget_s: float, flags: set[str]) -> list[str]:
    """Where a timing label sits too close to its threshold to be unambiguous (GUIDE.md margins)."""
    out = []
    ratio = m.duration_s / budget_s
    if ("over_time" in flags and ratio < 1.08) or ("over_time" not in flags and ratio > 0.92):
        out.append(f"duration {m.duration_s:.0f}s against budget {budget_s:.0f}s")
    cov = m.fast_coverage or 0.0
    if "too_fast" in flags and not (m.wpm >= 190 or cov >= 0.70):
        out.append(f"too_fast but {m.wpm:.0f} wpm, fast coverage {cov:.0%}")
    if "too_fast" not in flags and not (m.wpm <= 172 and cov <= 0.35):
        out.append(f"not too_fast but {m.wpm:.0f} wpm, fast coverage {cov:.0%}")
    if ("too_slow" in flags and m.wpm > 92) or ("too_slow" not in flags and m.wpm < 112):
        out.append(f"too_slow label against {m.wpm:.0f} wpm")
    fpm = m.fillers_per_min
    if ("filler_heavy" in flags and fpm < 9) or ("filler_heavy" not in flags and fpm > 4):
        out.append(f"filler_heavy label against {fpm:.1f} fillers/min")
    for start, length in m.gaps:
        counted = start >= 15.0 and start >= m.first_start + 15.0
        clear = length < 2.5 or (counted and (4.0 <= length <= 6.0 or length >= 10.0))
        if not clear:
            out.append(f"ambiguous silence of {length:.1f}s at {start:.1f}s")
    return out


# --- the files ---------------------------------------------------------------------------------------


def test_both_splits_hold_enough_files() -> None:
    for split in SPLITS:
        assert len(load_split(split)) >= MIN_FILES, split


@pytest.mark.parametrize("ex", all_examples(), ids=lambda e: e.id)
def test_file_is_well_formed(ex: Example) -> None:
    keys = set(ex.data)
    assert keys >= REQUIRED, f"missing {sorted(REQUIRED - keys)}"
    assert keys <= REQUIRED | OPTIONAL, f"unknown keys {sorted(keys - REQUIRED - OPTIONAL)}"
    assert ex.id == ex.path.stem
    assert any(
        ex.id.startswith(f"{prefix}-{ex.data['kind']}-") for prefix in ID_PREFIXES[ex.split]
    ), f"{ex.id}: the id prefix does not match the split and kind"
    assert ex.data["kind"] in KINDS
    flags = ex.data["flags"]
    assert len(flags) == len(set(flags)), "a flag is listed twice"
    assert set(flags) <= set(FLAG_CODES), f"unknown flags {sorted(set(flags) - set(FLAG_CODES))}"
    for key in ("question", "speaker", "notes", "text"):
        assert str(ex.data[key]).strip(), f"{key} is empty"
    assert not re.search(r"(^|\s)[^\w\s\[\]]+(\s|$)", ex.data["text"]), (
        "a token of punctuation only"
    )
    if "generic_behavioral" in flags:
        assert ex.data["kind"] == "behavioral"
    if "solution_jumping" in flags:
        assert ex.data["kind"] == "product_vision"
    if "question_id" in ex.data:
        from interviewer import bank

        assert ex.data["question_id"] in bank.load().questions


@pytest.mark.parametrize("ex", all_examples(), ids=lambda e: e.id)
def test_timing_labels_are_exact_and_clear(ex: Example) -> None:
    m = measure(transcript(ex))
    labelled = ex.flags & set(TIMING_FLAGS)
    assert timing_flags(m, ex.budget_s) == labelled, f"{ex.id}: computed from {m}"
    assert margin_problems(m, ex.budget_s, labelled) == []


@pytest.mark.parametrize("ex", all_examples(), ids=lambda e: e.id)
def test_short_answers_are_never_no_summary(ex: Example) -> None:
    span = measure(transcript(ex)).span_s
    if "no_summary" in ex.flags:
        assert span >= 150, f"no_summary on a {span:.0f}s answer"


# --- coverage ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("split", SPLITS)
def test_every_flag_is_covered(split: str) -> None:
    examples = load_split(split)
    for code in CONTENT_FLAGS:
        n = sum(code in ex.flags for ex in examples)
        assert n >= MIN_CONTENT_POSITIVES, f"{split}: {code} positive in {n} files"
        assert len(examples) - n >= 2 * MIN_CONTENT_POSITIVES, (
            f"{split}: too few negatives for {code}"
        )
    for code in TIMING_FLAGS:
        n = sum(code in ex.flags for ex in examples)
        assert n >= MIN_TIMING_POSITIVES, f"{split}: {code} positive in {n} files"


@pytest.mark.parametrize("split", SPLITS)
def test_every_kind_has_clean_answers_and_there_are_multi_defect_ones(split: str) -> None:
    examples = load_split(split)
    for kind in KINDS:
        assert any(ex.data["kind"] == kind for ex in examples), f"{split}: no {kind}"
        assert any(ex.data["kind"] == kind and not ex.flags for ex in examples), (
            f"{split}: no clean {kind}"
        )
    assert sum(not ex.flags for ex in examples) >= MIN_CLEAN
    assert sum(len(ex.flags) >= 3 for ex in examples) >= MIN_MULTI_FLAG


@pytest.mark.parametrize("split", SPLITS)
def test_lengths_vary_and_long_rambles_exist(split: str) -> None:
    examples = load_split(split)
    spans = {ex.id: measure(transcript(ex)).span_s for ex in examples}
    assert min(spans.values()) <= 75
    assert max(spans.values()) >= 600
    long_rambles = [ex for ex in examples if "theory_ramble" in ex.flags and spans[ex.id] >= 300]
    assert len(long_rambles) >= 2, f"{split}: {len(long_rambles)} rambles of 5+ minutes"
    # Near-misses: long answers that are not rambles.
    assert sum("theory_ramble" not in ex.flags and spans[ex.id] >= 300 for ex in examples) >= 3


def test_the_test_split_holds_the_textbook_ten_minute_ramble() -> None:
    found = []
    for ex in load_split("test"):
        m = measure(transcript(ex))
        if "theory_ramble" in ex.flags and 1400 <= m.words <= 1600 and m.span_s >= 540:
            found.append(ex.id)
    assert found, "no ~10-minute theory ramble of 1,400-1,600 words in the test split"


# --- independence of the splits -----------------------------------------------------------------------


def _paragraphs(ex: Example) -> set[str]:
    text = re.sub(r"\[(pause|wpm)[^\]]*\]", " ", ex.data["text"])
    paras = [" ".join(p.lower().split()) for p in re.split(r"\n\s*\n", text)]
    return {p for p in paras if len(p.split()) >= 8}


def _long_sentences(ex: Example) -> set[str]:
    text = re.sub(r"\[(pause|wpm)[^\]]*\]", " ", ex.data["text"])
    sentences = [
        " ".join(re.sub(r"[^\w\s']", " ", s.lower()).split()) for s in re.split(r"[.?!]", text)
    ]
    return {s for s in sentences if len(s.split()) >= 14}


def test_splits_share_no_id_paragraph_or_long_sentence() -> None:
    dev, test = load_split("dev"), load_split("test")
    assert not {e.id for e in dev} & {e.id for e in test}
    dev_paras = set().union(*(_paragraphs(e) for e in dev))
    dev_sentences = set().union(*(_long_sentences(e) for e in dev))
    for ex in test:
        assert not _paragraphs(ex) & dev_paras, f"{ex.id} repeats a dev paragraph"
        shared = _long_sentences(ex) & dev_sentences
        assert not shared, f"{ex.id} repeats a dev sentence: {sorted(shared)[0]!r}"


def test_the_guide_names_only_files_that_exist() -> None:
    # GUIDE.md points readers at near-misses by id; a renamed or retired file must not leave a dangling name.
    guide = (LABELLED / "GUIDE.md").read_text(encoding="utf-8")
    kinds = "|".join(KINDS)
    named = set(
        re.findall(
            rf"\b(?:dev|devb|devc|devd|deve|devf|devg|devh|devi|devj|test)-(?:{kinds})-\d\d\b",
            guide,
        )
    )
    known = {ex.id for ex in all_examples()}
    assert named, "GUIDE.md names no example"
    assert named <= known, f"GUIDE.md names missing files: {sorted(named - known)}"


def test_no_answer_is_repeated_within_a_split() -> None:
    for split in SPLITS:
        texts = [" ".join(ex.data["text"].split()) for ex in load_split(split)]
        assert len(texts) == len(set(texts)), split


# --- the checker itself ---------------------------------------------------------------------------------


def test_filler_counting_follows_the_guide() -> None:
    spoken = "So, um, you know, I mean, it was, like, basically so that we like the ones uhh"
    tokens = spoken.split()
    # So, / um / you know / I mean / like, / basically / uhh ; not "so that", not "like the"
    assert count_fillers(tokens) == 7


def test_checker_catches_each_timing_flag() -> None:
    fast = measure(estimate("word " * 400, wpm=220))
    assert "too_fast" in timing_flags(fast, 480)
    slow = measure(estimate("word " * 100, wpm=80))
    assert timing_flags(slow, 480) == {"too_slow"}
    assert "over_time" in timing_flags(slow, 60)
    paused = measure(estimate("word " * 60 + "[pause 4] word " * 3 + "word " * 10, wpm=150))
    assert timing_flags(paused, 480) == {"long_pauses"}
    # An opening think time is not a pause, and one 5 s silence is not "repeated".
    opening = measure(estimate("[pause 12] " + "word " * 60 + "[pause 5] " + "word " * 60, wpm=150))
    assert timing_flags(opening, 480) == set()
    ums = measure(estimate("um, word word word word " * 40, wpm=150))
    assert timing_flags(ums, 480) == {"filler_heavy"}
