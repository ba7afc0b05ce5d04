"""Metric balance: is a model that decides with two kinds of error judged by one number?

GUIDE.md (``metric_imbalance``): a classifier, detector, filter, lock or triage is judged by a
single correctness number (accuracy, "% correct", or one side only: precision, recall, "catches
99% of fakes") while the two errors are never weighed. Two questions are asked of the answer:

- does the model decide between two outcomes? Read from the question as well as the answer: a
  kind of model that does (a classifier, a detector, a filter, fraud, triage, moderation ...),
  or the model as the subject of a verb that sorts things into kinds ("the model that spots
  damaged parcels", "the AI that decides which applications ...", "it recognises the face").
  A model that outputs a quantity (a waiting time, a forecast, a transcript) has one kind of
  error, its size, so when the answer measures it that way (mean absolute error, word error
  rate, "point accuracy") it is not judged, whatever triage or emergency words surround it;
- are the errors weighed? Both named, a pair named as such, precision set against recall, or
  one error compared by what it costs.

Only applied sentences count: a lecture weighs precision and recall in the abstract but judges no
model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.scoring import content_lexicon as lx
from interviewer.scoring.text import Answer, Sentence, normalise, phrase_pattern

# The model as the subject of a verb that sorts things into kinds: "the model that spots damaged
# parcels", "the AI that decides which applications ...", "it recognises the face". A model that
# sorts makes two kinds of error, whatever the things are.
MODEL_SORTS = re.compile(
    r"(?<= )(?:model|models|classifier|system|algorithm|ai|camera|it)(?: [a-z']+){0,2}"
    r" (?:decides|predicts whether|predicts if|predicts which|judges whether|determines whether"
    r"|checks whether|spots|recogni[sz]es|identifies|catches|screens|sorts|tags|labels|marks"
    r"|picks out|tells apart|detects|classifies|flags|blocks|filters|routes|escalates|approves"
    r"|rejects|denies|unlocks|verifies|authenticates|misses|missed|missing"
    # holding a transfer or a payment back is a decision to let it through or not
    r"|holds|held|freezes|froze)(?= )"
)
# A model whose output is a quantity, measured by the size of its error: one kind of error.
QUANTITY_ERROR = phrase_pattern(
    ["absolute error", "squared error", "rmse", "mae", "mape", "point accuracy",
     "forecast accuracy", "forecast error", "prediction interval*", "interval coverage",
     "pinball loss", "word error rate", "wer", "character error rate", "in minutes"]
)  # fmt: skip
_NUMBER = r"(?:[0-9][0-9.,]*|(?:[a-z]+-)?(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)(?: point [a-z]+)*)"
# One side of the two errors stated by its shape: a share of the bad things caught ("catches at
# least 99.5% of fakes") is recall, a share of the flags that are right is precision.
RECALL_SHAPE = re.compile(
    r"(?<= )(?:catch|catches|caught|detect|detects|detected)"
    r"(?: [a-z'-]+){0,3} " + _NUMBER + r" (?:percent|%)(?= )"
)
PRECISION_SHAPE = re.compile(
    r"(?<= )" + _NUMBER + r" (?:percent|%) of (?:the |our |its |all )?(?:alerts|flags|flagged"
    r"|blocks|blocked|rejections|rejected|detections) (?:[a-z'-]+ ){0,2}(?:are|were|is|was)"
    r" (?:real|right|correct|true|genuine|confirmed)(?= )"
)


# A correctness number said of a yes/no call: "it was right about which chargers were broken",
# "how often it gets the side of eighteen right", "the answer is either right or it isn't". The
# model that is right or wrong about a side decides between two kinds, whatever it is called.
YES_NO_CORRECTNESS = re.compile(
    r"(?<= )(?:right|correct|wrong|accurate) about (?:which|whether)(?= )"
    r"|(?<= )the side of(?= )|(?<= )either right or(?= )"
)

# A correctness number by its shape, a measure in itself (1.7.0): agreement with the people who
# decide today ("how often the model agrees with the nurse") or a share of the cases it gets right
# ("it gets ninety two percent of photos right").
CORRECTNESS_SHAPE = re.compile(
    r"(?<= )how often(?: [a-z']+){0,4} (?:agrees|agree|matches|match)(?= )"
    r"|(?<= )" + _NUMBER + r"(?: [a-z]+)? (?:percent|%) of (?:the |our |its |all )?[a-z]+"
    r" (?:right|correct)(?= )"
)

# A ranking's measures: a cutoff after the metric, or a ranking metric named (GUIDE, 4th split).
RANKING = re.compile(
    r"(?<= )(?:precision|recall|hit rate|hits)(?: at| @) [a-z0-9]+(?= )"
    r"|(?<= )(?:ndcg|mrr|map|mean reciprocal rank|discounted cumulative gain)(?= )"
)

# A model that outputs a quantity, named by what it predicts ("the model that predicts parcel
# arrival times", "estimates a shopper's age"): a regression, which GUIDE never judges.
QUANTITY_MODEL = re.compile(
    r"(?<= )(?:predicts|predict|predicting|estimates|estimate|estimating|forecasts|forecast"
    r"|forecasting)(?: [a-z']+){0,3} (?:time|times|age|ages|arrival|arrivals|price|prices|demand"
    r"|duration|durations|sales|revenue|volume|volumes|eta|etas|wait|waits|how long|how many"
    r"|how much)(?= )"
)

# Any word that names a model or what one does, read generously (the whole answer and the
# question): an answer without one is about a product's metrics, which GUIDE never judges for
# metric_imbalance. On dev/ (1.10.0) 71 answers name none, and no labeller flagged any of them.
ANY_MODEL = re.compile(
    r"(?<= )(?:model|models|classifier|classifiers|detector|detection|filter|filters|algorithm"
    r"|algorithms|ai|ml|machine learning|predicts?|prediction|predictions|system|bot|assistant"
    r"|engine|tool|fraud|triage|moderation|scanner|recogni[sz][a-z]*|spots?|flags?|catch|catches)"
    r"(?= )"
)

# A correctness number as the heading of a part ("First, accuracy.") is the yardstick named.
HEADING_WORDS = 4


@dataclass(frozen=True)
class Balance:
    judges_model: bool  # a two-error model judged by a correctness number or one side
    errors_weighed: bool
    # GUIDE's "not judged" cases, with no two-error model judged: a ranking ("recall at five",
    # NDCG), a quantity measured by its error's size or named by what it predicts (a waiting time,
    # a forecast), or an answer that names no model at all. The learned stage (1.10.0) leaves
    # these answers to the rule.
    not_judged: bool = False

    @property
    def one_number(self) -> bool:
        return self.judges_model and not self.errors_weighed


def assess(answer: Answer, applied: list[Sentence], question: str) -> Balance:
    text = " ".join(s.padded for s in applied)
    sides = bare_pr(answer, applied)
    # A correctness number is the yardstick when it is said to be one in its sentence or the next
    # ("First, accuracy. How often it gets it right. That's the main one"), not in a passing worry.
    accuracy = any(
        lx.ACCURACY.search(s.padded)
        and (
            s.words <= HEADING_WORDS
            or any(
                lx.EVALUATIVE.search(lx.ACCURACY.sub(" ", t.padded)) for t in _with_next(answer, s)
            )
        )
        for s in applied
    ) or any(CORRECTNESS_SHAPE.search(s.padded) for s in applied)
    question_padded = " " + " ".join(normalise(w)[0] for w in question.split()) + " "
    both_named = bool(lx.FALSE_POSITIVE.search(text)) and bool(lx.FALSE_NEGATIVE.search(text))
    two_errors = bool(
        lx.TWO_ERROR_MODEL.search(text) or lx.TWO_ERROR_MODEL.search(question_padded)
    ) or bool(MODEL_SORTS.search(text) or MODEL_SORTS.search(question_padded))
    # Precision and recall, both named as such, are the two errors' metrics: the answer itself
    # treats the model as one that decides yes or no ("precision, recall and F1" of a code
    # suggester), whatever the model is called.
    two_errors = (
        two_errors or sides == {"precision", "recall"} or bool(YES_NO_CORRECTNESS.search(text))
    )
    # One side alone, precision or recall named as the yardstick, is itself the measure of a model
    # that says yes or no (1.7.0: "precision, when it names a pill, is it the right pill"), unless
    # the answer measures a ranking ("recall at five", "hit rate at ten", NDCG), which GUIDE does
    # not judge.
    two_errors = two_errors or (bool(sides) and not RANKING.search(text))
    # A waiting-time or demand model measured by the size of its error decides nothing yes/no,
    # unless the answer itself names the two errors.
    if QUANTITY_ERROR.search(text) and not both_named:
        two_errors = False
    judges = (accuracy or bool(sides)) and two_errors
    weighed = both_named or bool(lx.BOTH_ERRORS.search(text))
    if not weighed and sides == {"precision", "recall"}:
        weighed = any(
            lx.WEIGHING.search(s.padded) and lx.PRECISION_OR_RECALL.search(s.padded)
            for s in applied
        )
    # "Which costs more", said of an error: the comparison is the weighing, whatever the
    # other error is called ("an extra detail is only an annoyance").
    if not weighed:
        weighed = any(
            lx.ERROR_WORDS.search(s.padded) and lx.COSTS_MORE.search(s.padded) for s in applied
        )
    # An operating point chosen against a budget for one error ("I'd set the threshold so that we
    # flag no more than one honest claim in a thousand"): where to set the threshold (GUIDE).
    if not weighed:
        weighed = any(_THRESHOLD_SET.search(s.padded) and _BUDGET.search(s.padded) for s in applied)
    # Read on the whole answer and the question: a regression's yardstick said in a sentence the
    # rules skip ("How far off the estimate is in years") still makes it a regression.
    whole = answer.padded + question_padded
    other_measure = bool(RANKING.search(text)) or bool(
        (QUANTITY_ERROR.search(whole) or QUANTITY_MODEL.search(whole)) and not both_named
    )
    # A product answer that names no model at all (retention and conversion of a playlist
    # feature) judges no model's correctness.
    other_measure = other_measure or not (
        ANY_MODEL.search(answer.padded)
        or ANY_MODEL.search(question_padded)
        or MODEL_SORTS.search(answer.padded)
        or lx.TWO_ERROR_MODEL.search(answer.padded)
        or lx.TWO_ERROR_MODEL.search(question_padded)
    )
    return Balance(
        judges_model=judges, errors_weighed=weighed, not_judged=other_measure and not judges
    )


_THRESHOLD_SET = re.compile(
    r"(?<= )(?:pick|set|choose|put|tune|move)(?: [a-z'-]+){0,3} (?:threshold|operating point|cutoff)"
    r" (?:so that|so|such that|where|at which)(?= )"
)
# The budget itself: a bound on how many of one error the point allows.
_BUDGET = re.compile(
    r"(?<= )(?:no more than|at most|fewer than|less than|at least|under|below)(?= )"
)


def _with_next(answer: Answer, s: Sentence) -> list[Sentence]:
    return answer.sentences[s.index : s.index + 2]


def bare_pr(answer: Answer, sentences: list[Sentence]) -> set[str]:
    """ "precision"/"recall" named as the classification metrics, not as part of another metric,
    or stated by their shape ("catches 99% of fakes")."""
    found: set[str] = set()
    toks = answer.tokens
    for s in sentences:
        for i in range(s.first, s.last + 1):
            w = toks[i].norm
            if w not in ("precision", "recall"):
                continue
            before = toks[i - 1].norm if i > s.first else ""
            after = toks[i + 1].norm if i < s.last else ""
            if before in lx.PR_COMPOUND_BEFORE or after in lx.PR_COMPOUND_AFTER:
                continue
            if w == "precision" and after.endswith("ing") and len(after) > 5:
                continue  # a modifier, not the metric: "precision spraying", "precision farming"
            found.add(w)
        # The same numbers under other names ("hit rate", "catch rate", "sensitivity").
        if lx.PRECISION_SYNONYMS.search(s.padded) or PRECISION_SHAPE.search(s.padded):
            found.add("precision")
        if lx.RECALL_SYNONYMS.search(s.padded) or RECALL_SHAPE.search(s.padded):
            found.add("recall")
    return found
