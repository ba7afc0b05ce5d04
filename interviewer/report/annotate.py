"""The transcript cut into paragraphs and runs of words, each run knowing which flags cover it.

Markdown and HTML both show the transcript with its flagged stretches marked; they share this
cutting so the two read the same. A flag spanning nearly the whole answer (a pace that stayed too
fast, say) is listed with the flags but not marked, or the whole transcript would be highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.models import Word
from interviewer.report.debrief import FlagNote

PARAGRAPH_PAUSE_S = 2.5  # a silence this long starts a new paragraph
PARAGRAPH_MAX_S = 40.0  # otherwise break at the first sentence end after this long
WHOLE_ANSWER_SHARE = 0.9
_SENTENCE_END = (".", "?", "!")


@dataclass(frozen=True)
class Run:
    """Consecutive words under the same flags."""

    codes: tuple[str, ...]
    text: str
    start: float
    fillers: tuple[int, ...] = ()  # indexes of filler words within ``text.split()``


@dataclass(frozen=True)
class Paragraph:
    start: float
    runs: list[Run]


def markable_flags(flags: list[FlagNote], duration: float | None) -> list[FlagNote]:
    """The flags with a span short enough to mark in the transcript."""
    out = []
    for f in flags:
        if f.start_s is None:
            continue
        end = f.end_s if f.end_s is not None else f.start_s
        if duration and (end - f.start_s) >= WHOLE_ANSWER_SHARE * duration:
            continue
        out.append(f)
    return out


def paragraphs(
    words: list[Word],
    flags: list[FlagNote],
    duration: float | None = None,
    filler_times: set[float] | None = None,
) -> list[Paragraph]:
    marks = markable_flags(flags, duration)
    fillers = filler_times or set()
    out: list[Paragraph] = []
    current: list[tuple[Word, tuple[str, ...]]] = []
    para_start = 0.0

    def flush() -> None:
        if current:
            out.append(Paragraph(para_start, _runs(current, fillers)))
            current.clear()

    prev: Word | None = None
    for w in words:
        if prev is not None and (
            w.start - prev.end >= PARAGRAPH_PAUSE_S
            or (
                w.start - para_start >= PARAGRAPH_MAX_S
                and prev.text.rstrip("\"')").endswith(_SENTENCE_END)
            )
        ):
            flush()
        if not current:
            para_start = w.start
        mid = (w.start + w.end) / 2
        codes = tuple(
            sorted(
                {
                    f.code
                    for f in marks
                    if f.start_s is not None
                    and (
                        f.start_s <= mid <= (f.end_s if f.end_s is not None else f.start_s)
                        or (f.end_s is None and w.start <= f.start_s <= w.end)
                    )
                }
            )
        )
        current.append((w, codes))
        prev = w
    flush()
    return out


def _runs(items: list[tuple[Word, tuple[str, ...]]], fillers: set[float]) -> list[Run]:
    runs: list[Run] = []
    group: list[Word] = []
    codes: tuple[str, ...] = ()
    for w, c in items:
        if group and c != codes:
            runs.append(_run(codes, group, fillers))
            group = []
        codes = c
        group.append(w)
    if group:
        runs.append(_run(codes, group, fillers))
    return runs


def _run(codes: tuple[str, ...], words: list[Word], fillers: set[float]) -> Run:
    return Run(
        codes=codes,
        text=" ".join(w.text.strip() for w in words),
        start=words[0].start,
        fillers=tuple(i for i, w in enumerate(words) if w.start in fillers),
    )
