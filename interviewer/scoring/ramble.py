"""Theory ramble: the longest stretch of lecture that never touches the asked product.

The seed observation behind this product: a candidate spent ten minutes on a metric's theory and
never applied it. Each sentence is labelled *theory* (definitions, history, formulas, textbook
examples, lecture tone), *application* (a plan, our users, a decision, a launch, "I would"; the
asked product's words count only beside one of these) or *neutral*. An application sentence ends a stretch; inside one, theory
sentences add their time and neutral ones cost a little of theirs, and the best-scoring contiguous
run (maximum subarray over the sentence sequence) is the stretch. It is flagged when it lasts long
enough, in seconds and as a share of the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from interviewer.models import Flag
from interviewer.scoring import content_lexicon as lx
from interviewer.scoring.context import QuestionContext
from interviewer.scoring.text import Answer, Sentence, count
from interviewer.scoring.thresholds import Thresholds

Label = Literal["theory", "application", "neutral"]

PERSONAL = frozenset(
    [
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "me",
        "my",
        "mine",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "us",
        "our",
        "ours",
        "let's",
    ]
)
# An irregular past tense names an event ("came", "led", "found"); "was" and "-ed" forms are too
# often states and participles ("was slow", "labelled") to date a sentence.
EVENT_PAST = frozenset(lx.IRREGULAR_PAST - {"was", "were", "had"} | {"said", "showed", "shown"})


# A proposal is made with a modal ("an AI could plan the grooming", "you'd just walk in"); a
# lecture states ("the syrinx sits deep in the chest", "that led to condition monitoring").
MODALS = frozenset(
    ["could", "would", "will", "might", "can", "should", "may", "you'd", "it'd", "they'd",
     "it'll", "you'll", "they'll", "there'd"]
)  # fmt: skip


def _past(answer: Answer, s: Sentence) -> bool:
    return any(t.norm in EVENT_PAST for t in answer.tokens[s.first : s.last + 1])


@dataclass
class SentenceLabel:
    label: Label
    theory: int
    application: int
    product: int
    personal: bool = True
    history: bool = False
    # Neutral talk with no speaker and no proposal in it: inside a stretch of theory it is more of
    # the lecture (GUIDE: only a sentence applying the idea to the product interrupts one).
    statement: bool = False


@dataclass
class Ramble:
    labels: list[SentenceLabel] = field(default_factory=list)
    theory_s: float = 0.0
    theory_share: float = 0.0
    longest: tuple[int, int] | None = None  # sentence indices, inclusive
    longest_s: float = 0.0
    longest_share: float = 0.0
    flag: Flag | None = None
    lecture_min_s: float = 45.0
    # Every stretch long enough to be a lecture, not only the longest: a lecture broken in two by
    # one remark ("there's a subtle point here") is two lectures, and both lend no evidence.
    lectures: list[tuple[int, int]] = field(default_factory=list)

    def is_theory(self, sentence_index: int) -> bool:
        """Theory about nothing in the product, or inside a lecture stretch long enough that its
        numbers are textbook ones."""
        lab = self.labels[sentence_index] if self.labels else None
        if lab is not None and lab.label == "theory" and lab.product == 0:
            return True
        return self.in_lecture(sentence_index)

    def in_lecture(self, sentence_index: int) -> bool:
        """Inside the longest theory stretch, when that stretch is long enough to be a lecture."""
        return any(a <= sentence_index <= b for a, b in self.lectures)


def label_sentence(answer: Answer, s: Sentence, ctx: QuestionContext) -> SentenceLabel:
    product = sum(1 for t in answer.tokens[s.first : s.last + 1] if ctx.is_product_word(t.norm))
    theory = (
        count(lx.THEORY, s.padded)
        + count(lx.TEXTBOOK_EXAMPLES, s.padded)
        + count(lx.YEAR, s.padded)
    )
    if ctx.kind != "behavioral":
        theory += count(lx.LECTURE_YOU, s.padded)
    lecturing = count(lx.LECTURE_FIRST_PERSON, s.padded)
    application = max(
        0,
        count(lx.APPLICATION, s.padded)
        + 2 * count(lx.FIRST_PERSON_PAST, s.padded)
        + count(lx.FIRST_PERSON_PLAN, s.padded)
        - lecturing,
    )
    theory += lecturing
    # The product's own words apply an idea only alongside a plan, a decision or "our"; a lecture
    # about the product's technology or its domain science ("telematics simply adds new rating
    # factors", "irrigation advice is built on evapotranspiration") names them too. Naming the
    # domain is not applying the idea to the asked product (GUIDE.md): such a sentence is neutral.
    personal = any(t.norm in PERSONAL for t in answer.tokens[s.first : s.last + 1])
    # Planning words with nobody planning and nothing of the product ("you're supposed to compute
    # it before the experiment") are the lecture's vocabulary, not an application.
    applies = application >= 1 and (personal or product > 0)
    if applies and application + product > theory:
        label: Label = "application"
    elif theory >= 1:
        label = "theory"
    else:
        label = "neutral"
    # History told as history: a past-tense sentence with no speaker in it and none of the
    # product's words, outside a story ("engineers then discovered", "the hard cut came later").
    # Its numbers are history's (GUIDE: not data elements), though alone it makes no lecture.
    history = not personal and product == 0 and ctx.kind != "behavioral" and _past(answer, s)
    words = answer.tokens[s.first : s.last + 1]
    statement = label == "neutral" and not personal and not any(t.norm in MODALS for t in words)
    return SentenceLabel(label, theory, application, product, personal, history, statement)


def detect(answer: Answer, ctx: QuestionContext, th: Thresholds) -> Ramble:
    r = Ramble()
    if answer.empty:
        return r
    r.labels = [label_sentence(answer, s, ctx) for s in answer.sentences]
    span = answer.speaking_s or 1.0
    r.theory_s = sum(
        s.duration
        for s, lab in zip(answer.sentences, r.labels, strict=True)
        if lab.label == "theory"
    )
    r.theory_share = min(1.0, r.theory_s / span)
    stretches = _stretches(answer, r.labels, th)
    r.lectures = [
        (a, b)
        for _, a, b in stretches
        if answer.sentences[b].end - answer.sentences[a].start >= r.lecture_min_s
    ]
    if not stretches:
        return r
    r.longest = max(stretches)[1:]
    a, b = r.longest
    first, last = answer.sentences[a], answer.sentences[b]
    r.longest_s = last.end - first.start
    r.longest_share = min(1.0, r.longest_s / span)
    if r.longest_s >= th.ramble_min_s and r.longest_share >= th.ramble_min_share:
        r.flag = _flag(answer, ctx, r, th)
    return r


def _stretches(
    answer: Answer, labels: list[SentenceLabel], th: Thresholds
) -> list[tuple[float, int, int]]:
    """The best run of sentences between two breaks, for every such run, as (score, first, last):
    theory earns its time, neutral costs a share, and an application sentence (or neutral talk
    outweighing the theory so far) breaks the run. The highest score is the maximum-sum run."""
    runs: list[tuple[float, int, int]] = []
    best: tuple[float, int, int] | None = None  # of the current run
    run_sum = 0.0
    run_start = 0
    for k, (s, lab) in enumerate(zip(answer.sentences, labels, strict=True)):
        # Time up to the next sentence, so the silences inside a stretch belong to it.
        nxt = answer.sentences[k + 1].start if k + 1 < len(answer.sentences) else s.end
        dur = max(s.duration, nxt - s.start)
        if lab.label == "theory":
            gain = dur
        elif lab.statement:
            gain = 0.0  # a plain statement with nobody in it goes on with the lecture
        else:
            gain = -th.ramble_neutral_cost * dur
        if lab.label == "application" or run_sum + gain <= 0:
            if best is not None:
                runs.append(best)
            best, run_sum, run_start = None, 0.0, k + 1
            continue
        run_sum += gain
        if best is None or run_sum > best[0]:
            best = (run_sum, run_start, k)
    if best is not None:
        runs.append(best)
    return runs


def _flag(answer: Answer, ctx: QuestionContext, r: Ramble, th: Thresholds) -> Flag:
    assert r.longest is not None
    a, b = r.longest
    first, last = answer.sentences[a], answer.sentences[b]
    minutes = r.longest_s / 60.0
    product = _product_phrase(ctx)
    return Flag(
        code="theory_ramble",
        severity="high" if r.longest_share >= th.ramble_high_share or minutes >= 5 else "medium",
        start_s=round(first.start, 2),
        end_s=round(last.end, 2),
        evidence=(
            f"{minutes:.1f} min ({r.longest_share:.0%} of the answer) of theory with no link to "
            f"{product}: {answer.quote(first.first, last.last)}"
        ),
        advice=(
            "Instead, define the idea in one sentence, then apply it straight away: say what it means "
            f"for {product}, which error costs more there, and the decision or threshold you would set."
        ),
    )


def _product_phrase(ctx: QuestionContext) -> str:
    return "the asked product" if not ctx.product_stems else "the product in the question"
