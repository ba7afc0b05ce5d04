"""Word timings for text that was typed or written rather than spoken.

``score --text``, typed answers in the TUI and the scorer's labelled set all need a transcript with
word times. This estimates them from a speaking rate: each word gets a share of the time in
proportion to its length, punctuation gets a short natural pause, and the whole span from the
first word's start to the last word's end matches the rate exactly. Inline markers let a written
answer describe how it was spoken:

- ``[pause 4.5]``: a silence of 4.5 seconds at that point;
- ``[wpm 210]``: speak at 210 words per minute from here on.

The result says so in ``meta.timing_estimated``.
"""

from __future__ import annotations

import random
import re

from interviewer.errors import UserError
from interviewer.models import TRANSCRIPT_SCHEMA, Transcript, Word

TYPICAL_WPM = 150.0
_MARKER = re.compile(r"\[(pause|wpm)\s+([0-9]+(?:\.[0-9]+)?)\s*\]", re.IGNORECASE)
_SENTENCE_END = (".", "?", "!")
_CLAUSE_END = (",", ";", ":", "—", "-")
SENTENCE_PAUSE_S = 0.35
CLAUSE_PAUSE_S = 0.12
SPEECH_SHARE = 0.88  # of a word's slot, the rest is the gap to the next word


def estimate(
    text: str,
    *,
    wpm: float = TYPICAL_WPM,
    start_s: float = 0.5,
    seed: int = 0,
    language: str = "en",
) -> Transcript:
    """A transcript of ``text`` with estimated word times."""
    if wpm <= 0:
        raise UserError("speaking rate must be positive")
    rng = random.Random(seed)
    segments = _segments(text, wpm)
    words: list[Word] = []
    t = start_s
    for segment in segments:
        if isinstance(segment, float):  # a pause
            t += segment
            continue
        tokens, rate = segment
        t = _place(tokens, rate, t, rng, words)
    if not words:
        raise UserError("the text has no words to score")
    duration = round(t + 0.5, 3)
    return Transcript.model_validate(
        {
            "schema": TRANSCRIPT_SCHEMA,
            "language": language,
            "duration_s": duration,
            "words": [w.model_dump() for w in words],
            "meta": {"timing_estimated": True, "source": "text", "wpm_assumed": wpm},
        }
    )


def _segments(text: str, wpm: float) -> list[tuple[list[str], float] | float]:
    """Split text into runs of words at one rate, ``(tokens, wpm)``, and pauses, in seconds."""
    out: list[tuple[list[str], float] | float] = []
    rate = wpm
    pos = 0
    for m in _MARKER.finditer(text):
        tokens = text[pos : m.start()].split()
        if tokens:
            out.append((tokens, rate))
        if m.group(1).lower() == "pause":
            out.append(float(m.group(2)))
        else:
            rate = float(m.group(2))
            if rate <= 0:
                raise UserError("[wpm N] needs a positive rate")
        pos = m.end()
    tail = text[pos:].split()
    if tail:
        out.append((tail, rate))
    return out


def _place(tokens: list[str], wpm: float, t: float, rng: random.Random, out: list[Word]) -> float:
    """Lay ``tokens`` out from time ``t`` so that they span exactly len(tokens) * 60 / wpm seconds."""
    n = len(tokens)
    total = n * 60.0 / wpm
    pauses = [
        SENTENCE_PAUSE_S
        if tok.endswith(_SENTENCE_END)
        else CLAUSE_PAUSE_S
        if tok.endswith(_CLAUSE_END)
        else 0.0
        for tok in tokens[:-1]
    ] + [0.0]
    pause_total = sum(pauses)
    if pause_total > 0.5 * total:  # very fast speech: keep the words audible
        scale = 0.5 * total / pause_total
        pauses = [p * scale for p in pauses]
        pause_total = sum(pauses)
    weights = [
        (0.55 + 0.09 * len(tok.strip(".,;:!?\"'()"))) * rng.uniform(0.9, 1.1) for tok in tokens
    ]
    wsum = sum(weights)
    speech_budget = total - pause_total
    slots = [speech_budget * w / wsum for w in weights]
    # The last word has no gap after it: give its gap back so the span is exact.
    for i, tok in enumerate(tokens):
        slot = slots[i]
        dur = slot if i == n - 1 else slot * SPEECH_SHARE
        start = t
        end = t + dur
        out.append(Word(text=tok, start=round(start, 3), end=round(end, 3)))
        t = t + slot + pauses[i] if i < n - 1 else end
    return t
