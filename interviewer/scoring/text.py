"""The answer as the rules see it: timed tokens, sentences, gaps and quotable evidence.

Every rule works on the same view of the transcript, built once: each word normalised (lower
case, punctuation split off but remembered, since "like," and "like" mean different things), the
words grouped into sentences with their times, and the silences between words. Phrase matching is
done on a padded, space-joined string of normalised words so multi-word cues ("you know", "is
defined as") match as units and never inside another word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TypeVar, cast

from interviewer.models import Transcript

T = TypeVar("T")

_STRIP = "\"'“”‘’()[]{}«»*_"
_TRAIL_PUNCT = ".,;:!?…—–-"
_SENTENCE_END = (".", "?", "!", "…")
_CLAUSE_END = (",", ";", ":", "—", "–", "-")
_WORDCHARS = re.compile(r"[^a-z0-9%$'./+-]+")
MAX_SENTENCE_WORDS = 45  # unpunctuated speech is cut into pieces of about this size
QUOTE_WORDS = 25


@dataclass(frozen=True, slots=True)
class Token:
    """One spoken word, normalised, with its time and the punctuation around it."""

    index: int
    raw: str
    norm: str
    start: float
    end: float
    trail: str  # punctuation right after the word ("," "." "?" ...), "" if none

    @property
    def ends_sentence(self) -> bool:
        return self.trail.endswith(_SENTENCE_END)

    @property
    def ends_clause(self) -> bool:
        return bool(self.trail) and not self.ends_sentence


@dataclass(frozen=True, slots=True)
class Sentence:
    """A run of tokens ending at a full stop, question mark, a long silence or a length cap."""

    index: int
    first: int  # token index, inclusive
    last: int  # token index, inclusive
    start: float
    end: float
    padded: str  # " w1 w2 ... wn ": for phrase matching

    @property
    def words(self) -> int:
        return self.last - self.first + 1

    @property
    def duration(self) -> float:
        return max(0.0, self.end - self.start)


@lru_cache(maxsize=8192)
def normalise(word: str) -> tuple[str, str]:
    """(normalised word, trailing punctuation) for one transcript word."""
    raw = word.strip().strip(_STRIP)
    core = raw.rstrip(_TRAIL_PUNCT)
    trail = raw[len(core) :]
    norm = core.lower().replace("’", "'").strip(_STRIP)
    norm = _WORDCHARS.sub("", norm)
    return norm, trail


class Answer:
    """The normalised, timed view of one transcript that all rules share."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript
        self._cache: dict[object, object] = {}  # results several rules share (see memo)
        tokens: list[Token] = []
        for w in transcript.words:
            # Whisper sometimes glues words ("well,so"); a word with inner spaces is split evenly.
            parts = w.text.split()
            if not parts:
                continue
            step = (w.end - w.start) / len(parts)
            for k, part in enumerate(parts):
                norm, trail = normalise(part)
                if not norm:
                    continue
                start = w.start + k * step
                tokens.append(Token(len(tokens), part, norm, start, start + step, trail))
        self.tokens: list[Token] = tokens
        self.sentences: list[Sentence] = _sentences(tokens)

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()`` once per answer and key: a result several rules or stages share (the
        fillers, a sentence's n-grams and cues)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return cast(T, self._cache[key])

    # ------------------------------------------------------------------ basic measures

    @property
    def empty(self) -> bool:
        return not self.tokens

    @property
    def first_start(self) -> float:
        return self.tokens[0].start if self.tokens else 0.0

    @property
    def last_end(self) -> float:
        return self.tokens[-1].end if self.tokens else 0.0

    @property
    def speaking_s(self) -> float:
        """First word to last word: the opening think time and trailing silence excluded."""
        return max(0.0, self.last_end - self.first_start)

    @property
    def duration_s(self) -> float:
        return max(self.transcript.duration_s, self.last_end)

    @cached_property
    def padded(self) -> str:
        return " " + " ".join(t.norm for t in self.tokens) + " "

    def gap_after(self, i: int) -> float:
        """Silence between token ``i`` and the next one (0 for the last token)."""
        if i + 1 >= len(self.tokens):
            return 0.0
        return max(0.0, self.tokens[i + 1].start - self.tokens[i].end)

    def gap_before(self, i: int) -> float:
        return self.gap_after(i - 1) if i > 0 else 0.0

    def token_at(self, t: float) -> int:
        """Index of the last token starting at or before ``t`` (0 if none)."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].start <= t:
                lo = mid + 1
            else:
                hi = mid
        return max(0, lo - 1)

    # ------------------------------------------------------------------ evidence

    def quote(self, first: int, last: int, *, limit: int = QUOTE_WORDS) -> str:
        """The transcript's own words from token ``first`` to ``last``, trimmed with "…"."""
        if not self.tokens:
            return ""
        first = max(0, first)
        last = min(len(self.tokens) - 1, last)
        if last < first:
            return ""
        raws = [t.raw for t in self.tokens[first : last + 1]]
        if len(raws) <= limit:
            text = " ".join(raws)
        else:
            head = limit * 3 // 5
            tail = limit - head
            text = " ".join(raws[:head]) + " … " + " ".join(raws[-tail:])
        prefix = "…" if first > 0 and not self.tokens[first - 1].ends_sentence else ""
        suffix = "…" if last < len(self.tokens) - 1 and not self.tokens[last].ends_sentence else ""
        return f"{prefix}{text}{suffix}"

    def quote_sentence(self, s: Sentence, *, limit: int = QUOTE_WORDS) -> str:
        return self.quote(s.first, s.last, limit=limit)

    def quote_around(self, i: int, *, radius: int = 8) -> str:
        return self.quote(i - radius, i + radius, limit=2 * radius + 1)

    def sentence_of(self, token_index: int) -> Sentence:
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].first <= token_index:
                lo = mid
            else:
                hi = mid - 1
        return self.sentences[lo]

    def head_sentences(self, share: float, min_words: float) -> list[Sentence]:
        """Sentences that start within the first ``share`` of the words (at least ``min_words``)."""
        limit = max(share * len(self.tokens), min_words)
        return [s for s in self.sentences if s.first < limit]

    def tail_sentences(self, share: float, min_words: float) -> list[Sentence]:
        """Sentences that end within the last ``share`` of the words (at least ``min_words``)."""
        limit = len(self.tokens) - max(share * len(self.tokens), min_words)
        return [s for s in self.sentences if s.last >= limit]


def _sentences(tokens: Sequence[Token]) -> list[Sentence]:
    out: list[Sentence] = []
    begin = 0
    for i, tok in enumerate(tokens):
        nxt_gap = tokens[i + 1].start - tok.end if i + 1 < len(tokens) else 0.0
        length = i - begin + 1
        cut = (
            tok.ends_sentence
            or i == len(tokens) - 1
            or nxt_gap >= 1.5
            or (length >= MAX_SENTENCE_WORDS and tok.ends_clause)
            or length >= 2 * MAX_SENTENCE_WORDS
        )
        if cut:
            padded = " " + " ".join(t.norm for t in tokens[begin : i + 1]) + " "
            out.append(Sentence(len(out), begin, i, tokens[begin].start, tok.end, padded))
            begin = i + 1
    return out


class _LazyPattern:
    """A regex compiled on first use.

    The lexicons build about a hundred large alternations at import; compiling them all then cost
    a few hundred milliseconds on every start of the CLI and the TUI, scoring or not.
    """

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> object:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._source)
        return getattr(compiled, name)


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any phrase as whole words in a padded string; longest phrases first.

    A phrase ending in ``*`` matches any word that starts with it ("optimi*"). Compiled on first use.
    """
    parts = []
    for p in sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True):
        if p.endswith("*"):
            parts.append(re.escape(p[:-1]) + r"[a-z0-9'%-]*")
        else:
            parts.append(re.escape(p))
    return _LazyPattern(r"(?<= )(?:" + "|".join(parts) + r")(?= )")  # type: ignore[return-value]


def count(pattern: re.Pattern[str], padded: str) -> int:
    return len(pattern.findall(padded))


def hits(pattern: re.Pattern[str], padded: str) -> list[str]:
    return pattern.findall(padded)


def word_index_of_char(padded: str, pos: int) -> int:
    """Token index (within the padded string) of the character at ``pos``."""
    return padded.count(" ", 0, pos) - 1
