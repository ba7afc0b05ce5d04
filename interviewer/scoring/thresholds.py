"""Every number the scoring rules use, named, in one place.

The defaults come from ``research/scoring-norms.md`` (pacing, pauses, fillers, budgets) or, where
the norms leave a rule to us, from calibration on the development half of the labelled set. Users
override any of them by name in the ``[scoring.thresholds]`` settings table; a misspelt name is an
error rather than a silent no-op, because a threshold that quietly does nothing is worse than none.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace

from interviewer.errors import UserError


@dataclass(frozen=True)
class Thresholds:
    """The scorer's tunable numbers. Times in seconds, rates per minute, shares in 0..1."""

    # --- pacing (scoring-norms.md, "Pacing")
    too_fast_window_wpm: float = 185.0
    """A rolling 60 s window faster than this counts towards ``too_fast``."""
    too_fast_window_share: float = 0.5
    """``too_fast`` when fast windows cover more than this share of the speaking time..."""
    too_fast_overall_wpm: float = 180.0
    """...or when the whole answer runs faster than this."""
    too_slow_wpm: float = 100.0
    """``too_slow`` when the overall rate (first word to last) is below this."""
    rate_window_s: float = 60.0
    """Length of the rolling rate windows."""
    rate_window_step_s: float = 1.0
    """Step between rolling windows."""
    min_words_for_rate: float = 20.0
    """Fewer words than this: too little speech to judge the rate."""
    filler_heavy_per_min: float = 6.0
    """``filler_heavy`` above this many fillers per minute of speaking time."""
    missed_filler_weight: float = 0.5
    """Weight of a probable filled pause (voice with no word) in the filler rate; Whisper drops most um/uh."""
    set_apart_pause_s: float = 0.5
    """A silence this long sets "like"/"so" apart, as a comma does."""
    long_pause_s: float = 3.0
    """A silence at least this long is a long pause..."""
    long_pause_count: float = 3.0
    """...and this many of them raise ``long_pauses``..."""
    very_long_pause_s: float = 8.0
    """...as does any single silence at least this long."""
    pause_grace_s: float = 15.0
    """Silences that start before this time (the opening think time) are not counted."""
    pause_min_s: float = 0.25
    """Gaps shorter than this are part of articulation, not pauses."""

    # --- length
    no_summary_min_s: float = 120.0
    """``no_summary`` only for answers at least this long (a short answer needs no wrap-up)."""
    summary_tail_share: float = 0.15
    """The closing summary is looked for in this last share of the words..."""
    summary_tail_min_words: float = 40.0
    """...but at least this many words."""

    # --- structure
    roadmap_head_share: float = 0.15
    """The roadmap is looked for in this first share of the words..."""
    roadmap_head_min_words: float = 60.0
    """...but at least this many words."""
    signposts_for_structure: float = 2.0
    """Distinct signposts that, with no roadmap, still show a structure."""

    # --- content
    data_points_min: float = 1.0
    """``no_data`` when fewer than this many data elements (quantities, experiments, named sources)."""
    metric_mentions_min: float = 2.0
    """``no_product_link`` applies only to answers naming metrics at least this often."""
    product_links_min: float = 1.0
    """``no_product_link`` when fewer than this many links to a decision, user outcome, goal or launch bar."""
    product_link_evidence_min: float = 2.0
    """...and only when its evidence (metric mentions, less the weight below per conditional bar) reaches this."""
    conditional_bar_weight: float = 4.0
    """Metric mentions one "if ... under/above N" sentence beside a metric offsets: a likely tie in unseen words."""
    behavioral_past_actions_min: float = 1.0
    """``generic_behavioral`` when fewer first-person past-tense actions ("I set up ...") than this."""
    hedges_per_100_words: float = 2.5
    """Hedging above this rate lowers the content score."""
    repeated_ngram: float = 5.0
    """Word n-grams of this length..."""
    repeated_ngram_times: float = 3.0
    """...said this many times count as repetition."""

    # --- theory ramble
    ramble_min_s: float = 90.0
    """A contiguous theory stretch must last at least this long..."""
    ramble_min_share: float = 0.3
    """...and cover at least this share of the speaking time."""
    ramble_high_share: float = 0.6
    """A ramble covering this share or more is high severity."""
    ramble_neutral_cost: float = 0.25
    """A neutral sentence inside a theory stretch costs this share of its time (theory gains all of it)."""

    # --- learned second stage (scorer 1.8.0)
    learned_stage: float = 1.0
    """1 (true): the learned stage re-decides the flags it has weights for; 0 (false): the rules alone, as in 1.7.0."""

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, float] | None) -> Thresholds:
        """The defaults with some values replaced (``settings.scoring.thresholds``).

        Unknown names, non-numbers and negative values are a UserError.
        """
        known = {f.name for f in fields(cls)}
        changes: dict[str, float] = {}
        for name, value in (overrides or {}).items():
            if name not in known:
                close = sorted(k for k in known if k.split("_")[0] == name.split("_")[0])
                hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
                raise UserError(
                    f"unknown scoring threshold {name!r}{hint} (see: interviewer score --show-thresholds)"
                )
            if name == "learned_stage" and isinstance(value, bool):
                value = float(value)  # an on/off switch: "learned_stage = false" reads naturally
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise UserError(
                    f"scoring threshold {name!r} must be a finite number, got {value!r}"
                )
            if value < 0:
                raise UserError(f"scoring threshold {name!r} must not be negative, got {value!r}")
            changes[name] = float(value)
        return replace(cls(), **changes)

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @staticmethod
    def describe() -> list[tuple[str, float, str]]:
        """(name, default, doc) for every threshold, read from the attribute docstrings."""
        import inspect

        docs: dict[str, str] = {}
        try:
            lines = inspect.getsource(Thresholds).splitlines()
        except OSError:
            lines = []
        for i, line in enumerate(lines[:-1]):
            head = line.strip().split(":")[0]
            nxt = lines[i + 1].strip()
            if nxt.startswith('"""') and head.isidentifier():
                docs[head] = nxt.strip('"')
        defaults = Thresholds()
        return [
            (f.name, getattr(defaults, f.name), docs.get(f.name, "")) for f in fields(Thresholds)
        ]
