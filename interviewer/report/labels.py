"""Words the debrief shows people: names of kinds, flags and dimensions, default advice, drills.

Every export (Markdown, HTML, the CLI summaries) uses the same wording, so it lives in one place.
The scorer writes its own advice for each flag it raises; the defaults here fill in where a flag
carries none and where a plan needs a drill rather than a correction.
"""

from __future__ import annotations

from typing import Any

from interviewer.models import KIND_LABELS, kind_label

KIND_TITLES: dict[str, str] = KIND_LABELS

DIMENSIONS: tuple[str, ...] = ("structure", "pacing", "content", "overall")

SEVERITY_WEIGHT: dict[str, int] = {"high": 3, "medium": 2, "low": 1}

FLAG_TITLES: dict[str, str] = {
    "theory_ramble": "Theory ramble",
    "no_structure": "No clear structure",
    "no_data": "No data-driven argument",
    "generic_behavioral": "Generic behavioural story",
    "metric_imbalance": "Accuracy-only model metrics",
    "no_product_link": "Metrics not tied to the product",
    "solution_jumping": "Jumped to solutions",
    "no_summary": "No wrap-up",
    "over_time": "Over time",
    "too_fast": "Speaking too fast",
    "too_slow": "Speaking too slowly",
    "filler_heavy": "Many fillers",
    "long_pauses": "Long pauses",
}

DEFAULT_ADVICE: dict[str, str] = {
    "theory_ramble": "Give a definition in one sentence, then say what it means for this product and decision.",
    "no_structure": 'Open with a roadmap ("I\'ll cover X, then Y, then Z") and signpost each part.',
    "no_data": "Back each claim with a number: a baseline, a target, an experiment or a data source.",
    "generic_behavioral": 'Tell one real story: the situation, what you did ("I"), and a measured result.',
    "metric_imbalance": "Weigh precision against recall through the cost of each kind of error.",
    "no_product_link": "Tie every metric to a decision, a user outcome, a goal or a launch bar.",
    "solution_jumping": "Clarify the goal, the users and their pains before proposing solutions.",
    "no_summary": "End with a short recommendation or summary of what you would do.",
    "over_time": "Plan the answer to fit the time budget; cut detail, keep the recommendation.",
    "too_fast": "Slow down to 140-160 words per minute; pause after each main point.",
    "too_slow": "Keep momentum: shorter sentences and fewer restarts raise the pace naturally.",
    "filler_heavy": 'Replace "um" and "you know" with a silent pause; silence reads as thought.',
    "long_pauses": "When you need time, say so and outline aloud instead of going silent.",
}

# One drill per flag, for the practice plan: something to do, not just something to avoid.
DRILLS: dict[str, str] = {
    "theory_ramble": 'Answer with a 90-second cap on theory: after each concept, say "for this product, that means...".',
    "no_structure": "Before speaking, write a three-part roadmap; say it in the first 20 seconds, then follow it.",
    "no_data": "Put at least three numbers in the answer: a baseline, a target and how you would measure it.",
    "generic_behavioral": "Write one STAR story in five lines with a quantified result, then tell it aloud in 2 minutes.",
    "metric_imbalance": "For one AI feature, name the cost of a false positive and a false negative, then pick a threshold.",
    "no_product_link": 'For each metric you name, finish the sentence "...so we would decide to ...".',
    "solution_jumping": "Spend the first two minutes only on goal, users and pains; no solutions allowed.",
    "no_summary": "Practise a 20-second close: recommendation, the main risk, and the next step.",
    "over_time": "Answer with a visible timer and stop at the budget; note what you had to cut.",
    "too_fast": "Record a 3-minute answer at a deliberate pace and check it stays under 170 wpm.",
    "too_slow": "Record a 3-minute answer and aim for 130-150 wpm with short sentences.",
    "filler_heavy": "Answer one question replacing every filler with a one-second silent pause.",
    "long_pauses": "Practise thinking aloud: narrate your outline instead of pausing silently.",
}

KIND_DRILLS: dict[str, str] = {
    "metrics": "Define success for one feature: goal, north star, inputs, guardrails, trade-offs.",
    "ai_technical": "Walk an AI feature from why AI to model metric, threshold, guardrails and launch criteria.",
    "product_vision": "Run CIRCLES on a product you use daily, ending with a clear recommendation.",
    "data_analysis": "Diagnose a metric drop: clarify, segment, hypothesise, validate, recommend.",
    "behavioral": "Tell a STAR story about a conflict or a failure, with your own actions and the result.",
}


def kind_title(kind: str | None) -> str:
    return kind_label(kind)


def flag_title(code: str) -> str:
    return FLAG_TITLES.get(code, code.replace("_", " ").capitalize())


def clock(seconds: float | None) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a time in an answer."""
    if seconds is None:
        return "-"
    total = max(0, round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def fmt_score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def metric_facts(metrics: dict[str, Any]) -> list[str]:
    """The measured pace, fillers, longest pause and theory share, as short phrases."""
    facts = []
    if isinstance(metrics.get("wpm"), int | float):
        facts.append(f"{metrics['wpm']:.0f} words/min")
    if isinstance(metrics.get("fillers_per_min"), int | float):
        facts.append(f"{metrics['fillers_per_min']:.1f} fillers/min")
    if isinstance(metrics.get("longest_pause_s"), int | float):
        facts.append(f"longest pause {metrics['longest_pause_s']:.1f} s")
    if isinstance(metrics.get("theory_share"), int | float):
        facts.append(f"{metrics['theory_share']:.0%} theory")
    return facts
