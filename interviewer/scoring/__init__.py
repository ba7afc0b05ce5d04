"""Scoring one answer: structure, pacing and content, with flags a hiring manager would raise.

Plain Python with hand-written lexicons: offline, deterministic and explainable, and quick to
import (no numpy, no speech libraries). ``score_answer`` is the one entry point; ``Thresholds``
holds every number the rules use, overridable by name from the ``[scoring.thresholds]`` settings.
"""

from __future__ import annotations

from interviewer.scoring.pacing import filler_marks
from interviewer.scoring.scorer import SCORER_VERSION, score_answer
from interviewer.scoring.thresholds import Thresholds

__all__ = ["SCORER_VERSION", "Thresholds", "filler_marks", "score_answer"]
