"""Pacing: speaking rate, fillers, pauses and length against the budget.

These are the observable, mechanical measures (scoring-norms.md, "Pacing"), so the rules here
follow the labelling guide's definitions to the letter: the rate runs from the first word to the
last (the opening think time lies before the first word), rolling windows start every step from
the first word, fillers count multi-word phrases once and "like"/"so" only when set apart, and
pauses come from the transcript's voice-activity silences when it has them, word gaps otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.models import Flag, Span, Transcript
from interviewer.scoring import lexicons as lx
from interviewer.scoring.text import Answer, Token
from interviewer.scoring.thresholds import Thresholds


@dataclass
class Pause:
    start: float
    end: float
    after_token: int  # the token the silence follows (-1: none)

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass
class Pacing:
    """What was measured, and the flags it raises."""

    words: int = 0
    speaking_s: float = 0.0
    wpm: float = 0.0
    articulation_wpm: float = 0.0
    fast_window_share: float = 0.0
    window_wpm_max: float = 0.0
    window_wpm_min: float = 0.0
    fastest_window: tuple[float, float] | None = None
    filler_count: int = 0
    filler_tokens: list[int] = field(default_factory=list)
    fillers_by_word: dict[str, int] = field(default_factory=dict)
    filled_pauses: int | None = None
    fillers_per_min: float = 0.0
    pauses: list[Pause] = field(default_factory=list)
    counted_pauses: list[Pause] = field(default_factory=list)
    longest_pause_s: float = 0.0
    long_pauses: list[Pause] = field(default_factory=list)
    pause_source: str = "word gaps"
    duration_s: float = 0.0
    budget_s: float = 0.0
    flags: list[Flag] = field(default_factory=list)


def measure(answer: Answer, budget_s: float, th: Thresholds) -> Pacing:
    p = Pacing(words=len(answer.tokens), duration_s=answer.duration_s, budget_s=budget_s)
    if answer.empty:
        return p
    p.speaking_s = answer.speaking_s
    _rates(answer, p, th)
    _fillers(answer, p, th)
    _pauses(answer, p, th)
    _articulation(answer, p, th)
    p.flags = _flags(answer, p, th)
    return p


# ------------------------------------------------------------------------------ rate


def _rates(answer: Answer, p: Pacing, th: Thresholds) -> None:
    span = p.speaking_s
    p.wpm = p.words / span * 60.0 if span > 0 else 0.0
    window = th.rate_window_s
    if span < window or p.words < 2:
        # Too short for rolling windows: the overall rate stands for every window.
        p.window_wpm_max = p.window_wpm_min = p.wpm
        p.fast_window_share = 1.0 if p.wpm > th.too_fast_window_wpm else 0.0
        if p.fast_window_share:
            p.fastest_window = (answer.first_start, answer.last_end)
        return
    starts = [t.start for t in answer.tokens]
    step = max(0.1, th.rate_window_step_s)
    first, last_start = answer.first_start, answer.last_end - window
    fast: list[tuple[float, float]] = []
    best = (-1.0, first)
    lowest = float("inf")
    lo = hi = 0
    t = first
    n = len(starts)
    while t <= last_start + 1e-9:
        # Two pointers: words starting in [t, t + window).
        while lo < n and starts[lo] < t:
            lo += 1
        while hi < n and starts[hi] < t + window:
            hi += 1
        rate = (hi - lo) * 60.0 / window
        if rate > best[0]:
            best = (rate, t)
        lowest = min(lowest, rate)
        if rate > th.too_fast_window_wpm:
            if fast and fast[-1][1] >= t:
                fast[-1] = (fast[-1][0], t + window)
            else:
                fast.append((t, t + window))
        t += step
    p.window_wpm_max = max(best[0], 0.0)
    p.window_wpm_min = 0.0 if lowest == float("inf") else lowest
    covered = sum(b - a for a, b in fast)
    p.fast_window_share = min(1.0, covered / span) if span > 0 else 0.0
    p.fastest_window = (best[1], best[1] + window)


def _articulation(answer: Answer, p: Pacing, th: Thresholds) -> None:
    silent = sum(
        g
        for g in (answer.gap_after(i) for i in range(len(answer.tokens) - 1))
        if g >= th.pause_min_s
    )
    speech = p.speaking_s - silent
    p.articulation_wpm = p.words / speech * 60.0 if speech > 0 else p.wpm


# ------------------------------------------------------------------------------ fillers


def filler_tokens(answer: Answer, th: Thresholds) -> list[tuple[int, str]]:
    """(token index, filler) for each filler heard; a multi-word filler is one entry."""
    return answer.memo(("fillers", th.set_apart_pause_s), lambda: _find_fillers(answer, th))


def _find_fillers(answer: Answer, th: Thresholds) -> list[tuple[int, str]]:
    toks = answer.tokens
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        w = tok.norm
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        pair = f"{w} {nxt.norm}" if nxt else ""
        if pair in lx.FILLER_PHRASES and not _phrase_is_literal(pair, prev, nxt, toks, i):
            out.append((i, pair))
            i += 2
            continue
        if _is_sound(w) or w in lx.FILLER_WORDS:
            out.append((i, _canonical_sound(w)))
        elif w in lx.COUNTED_SET_APART and _set_apart(answer, i, th):
            out.append((i, w))
        i += 1
    return out


def _is_sound(w: str) -> bool:
    if w in lx.FILLER_SOUNDS:
        return True
    if w[:1] not in ("u", "h", "e", "m"):
        return False
    # "ummm", "uhhh", "hmmm", "errr": any spelling with repeated letters.
    for base in ("um", "uh", "hm", "er", "mm"):
        if len(w) > len(base) and w.startswith(base[0]) and set(w) <= set(base):
            return True
    return False


def _canonical_sound(w: str) -> str:
    for base in ("um", "uh", "hmm", "erm", "er", "mm"):
        if w.startswith(base[:2]) and set(w) <= set(base):
            return base
    return w


def _set_apart(answer: Answer, i: int, th: Thresholds) -> bool:
    tok = answer.tokens[i]
    if "," in tok.trail or tok.trail in ("…", "...", "—", "–", "-"):
        return True
    # Spoken, not written: a real pause after the word sets it apart as a comma would.
    return (
        not answer.transcript.timing_estimated
        and answer.gap_after(i) >= th.set_apart_pause_s
        and (
            i == 0
            or answer.gap_before(i) >= th.set_apart_pause_s
            or answer.tokens[i - 1].trail != ""
        )
    )


def _phrase_is_literal(
    pair: str, prev: Token | None, nxt: Token | None, toks: list[Token], i: int
) -> bool:
    """True when "kind of"/"you know"/"I mean" is used in its literal sense, not as a filler."""
    before = prev.norm if prev is not None and not prev.trail else ""
    if pair in ("kind of", "sort of"):
        # "kind of slow" hedges (counted as hedging); "it was, kind of, slow" fills.
        return before in lx.KIND_OF_DETERMINERS or "," not in toks[i + 1].trail
    if pair == "you know":
        return before in lx.YOU_KNOW_VERBAL
    if pair == "i mean":
        return before in lx.I_MEAN_VERBAL
    return False


def _fillers(answer: Answer, p: Pacing, th: Thresholds) -> None:
    found = filler_tokens(answer, th)
    p.filler_count = len(found)
    p.filler_tokens = [i for i, _ in found]
    by_word: dict[str, int] = {}
    for _, w in found:
        by_word[w] = by_word.get(w, 0) + 1
    p.fillers_by_word = dict(sorted(by_word.items(), key=lambda kv: (-kv[1], kv[0])))
    fp = answer.transcript.filled_pauses
    if fp is not None:
        lo, hi = answer.first_start, answer.last_end
        p.filled_pauses = sum(1 for s in fp if s.end > lo and s.start < hi)
    minutes = p.speaking_s / 60.0
    missed = (p.filled_pauses or 0) * th.missed_filler_weight
    p.fillers_per_min = (p.filler_count + missed) / minutes if minutes > 0 else 0.0


# ------------------------------------------------------------------------------ pauses


def _pauses(answer: Answer, p: Pacing, th: Thresholds) -> None:
    toks = answer.tokens
    spans: list[Pause] = []
    measured: list[Span] | None = answer.transcript.pauses
    if measured is not None:
        p.pause_source = "voice activity"
        for s in measured:
            # Only silences between the first and last word: not think time, not trailing silence.
            start = max(s.start, answer.first_start)
            end = min(s.end, answer.last_end)
            if end - start >= th.pause_min_s:
                spans.append(Pause(start, end, answer.token_at(start)))
    else:
        for i in range(len(toks) - 1):
            gap = toks[i + 1].start - toks[i].end
            if gap >= th.pause_min_s:
                spans.append(Pause(toks[i].end, toks[i + 1].start, i))
    spans.sort(key=lambda s: s.start)
    p.pauses = spans
    p.counted_pauses = [s for s in spans if s.start >= th.pause_grace_s]
    p.longest_pause_s = max((s.duration for s in p.counted_pauses), default=0.0)
    p.long_pauses = [s for s in p.counted_pauses if s.duration >= th.long_pause_s]


# ------------------------------------------------------------------------------ flags


def _flags(answer: Answer, p: Pacing, th: Thresholds) -> list[Flag]:
    flags: list[Flag] = []
    end = answer.last_end
    if p.duration_s > p.budget_s > 0:
        over = p.duration_s - p.budget_s
        i = answer.token_at(p.budget_s)
        flags.append(
            Flag(
                code="over_time",
                severity="high" if over >= 0.25 * p.budget_s else "medium",
                start_s=round(min(p.budget_s, end), 2),
                end_s=round(p.duration_s, 2),
                evidence=f"at the {_mmss(p.budget_s)} budget you were saying: {answer.quote_around(i, radius=6)}",
                advice=(
                    f"The answer ran {_mmss(p.duration_s)} against a {_mmss(p.budget_s)} budget. "
                    "Instead, state your plan in one sentence, give each part a time box, and land your "
                    "recommendation before the budget; offer detail as a follow-up."
                ),
            )
        )
    enough = p.words >= th.min_words_for_rate
    if enough and (
        p.wpm > th.too_fast_overall_wpm or p.fast_window_share > th.too_fast_window_share
    ):
        a, b = p.fastest_window or (answer.first_start, end)
        i, j = answer.token_at(a), answer.token_at(b)
        flags.append(
            Flag(
                code="too_fast",
                severity="high"
                if max(p.wpm, p.window_wpm_max) >= th.too_fast_window_wpm + 25
                else "medium",
                start_s=round(a, 2),
                end_s=round(min(b, end), 2),
                evidence=(
                    f"{p.wpm:.0f} wpm overall, up to {p.window_wpm_max:.0f} wpm in a minute: "
                    f"{answer.quote(i, min(j, i + 20))}"
                ),
                advice=(
                    "Instead, aim for 130-160 words per minute: pause for a breath after each point, "
                    "and slow down on numbers and conclusions so the interviewer can note them."
                ),
            )
        )
    if enough and 0 < p.wpm < th.too_slow_wpm:
        flags.append(
            Flag(
                code="too_slow",
                severity="high" if p.wpm < th.too_slow_wpm - 25 else "medium",
                start_s=round(answer.first_start, 2),
                end_s=round(end, 2),
                evidence=(
                    f"{p.wpm:.0f} wpm overall ({p.articulation_wpm:.0f} wpm while speaking): "
                    f"{answer.quote(0, 14)}"
                ),
                advice=(
                    "Instead, keep to 120-160 words per minute: prepare your structure before you "
                    "start, then speak in full sentences; if you need time, say what you are weighing."
                ),
            )
        )
    if p.fillers_per_min > th.filler_heavy_per_min and p.filler_count >= 3:
        i, j = _densest_fillers(p.filler_tokens, 25)
        common = ", ".join(f'"{w}" ×{n}' for w, n in list(p.fillers_by_word.items())[:3])
        missed = (
            f" (+{p.filled_pauses} likely dropped by the transcriber)" if p.filled_pauses else ""
        )
        flags.append(
            Flag(
                code="filler_heavy",
                severity="high" if p.fillers_per_min >= 2 * th.filler_heavy_per_min else "medium",
                start_s=round(answer.tokens[i].start, 2),
                end_s=round(answer.tokens[j].end, 2),
                evidence=f"{p.fillers_per_min:.1f} fillers/min, {common}{missed}: {answer.quote(i, j)}",
                advice=(
                    'Instead, let a short silent pause do the work of "um" and "so,": finish the '
                    "sentence, breathe, then start the next point."
                ),
            )
        )
    very_long = [s for s in p.long_pauses if s.duration >= th.very_long_pause_s]
    if len(p.long_pauses) >= th.long_pause_count or very_long:
        longest = max(p.long_pauses, key=lambda s: s.duration)
        k = longest.after_token
        before = answer.quote(max(0, k - 7), k)
        after = answer.quote(k + 1, k + 7)
        flags.append(
            Flag(
                code="long_pauses",
                severity="high"
                if very_long or len(p.long_pauses) >= 2 * th.long_pause_count
                else "medium",
                start_s=round(p.long_pauses[0].start, 2),
                end_s=round(p.long_pauses[-1].end, 2),
                evidence=(
                    f"{len(p.long_pauses)} silences of {th.long_pause_s:.0f} s or more, the longest "
                    f"{longest.duration:.1f} s: {before} [{longest.duration:.1f} s silence] {after}"
                ),
                advice=(
                    'Instead, when you need to think mid-answer, say so ("let me take a second on '
                    'the trade-off"), or fall back on your stated structure and name the next part.'
                ),
            )
        )
    return flags


def _densest_fillers(indices: list[int], width: int) -> tuple[int, int]:
    """The token range of about ``width`` words holding the most fillers."""
    best = (0, indices[0], indices[0])
    lo = 0
    for hi, idx in enumerate(indices):
        while idx - indices[lo] > width:
            lo += 1
        if hi - lo + 1 > best[0]:
            best = (hi - lo + 1, indices[lo], idx)
    return best[1], best[2]


def _mmss(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"


def filler_marks(
    transcript: Transcript, thresholds: Thresholds | None = None
) -> list[tuple[float, str]]:
    """(start time, filler) for every filler the scorer counts, for charts and reports to reuse."""
    answer = Answer(transcript)
    return [
        (answer.tokens[i].start, word)
        for i, word in filler_tokens(answer, thresholds or Thresholds())
    ]
