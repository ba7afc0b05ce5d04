"""Structure: a roadmap up front, signposts through the answer, a wrap-up, the kind's framework.

Interviewers follow an answer far more easily when it announces its parts, marks each one as it
arrives and lands on a conclusion (scoring-norms.md, "Structure"). This module finds those three
markers, measures how much of the kind's framework (STAR, goal-metrics-guardrails, CIRCLES, the
AI PM elements) the answer touches, and checks that product answers clarify goal, users and pains
before proposing a solution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interviewer.models import Flag
from interviewer.scoring import lexicons as lx
from interviewer.scoring import links
from interviewer.scoring.context import QuestionContext, stem
from interviewer.scoring.ramble import Ramble
from interviewer.scoring.text import Answer, Sentence, phrase_pattern
from interviewer.scoring.thresholds import Thresholds

_SIDE = re.compile(
    r"^ (?:so |and |now |okay |ok |then )?(?:on|for) the [a-z'/-]+(?: [a-z'/-]+)? side "
)
_SIGNPOST_LEAD_WORDS = 4
_STRONG_PLAN_WORDS = (
    "structure",
    "break",
    "cover",
    "walk",
    "go through",
    "framework",
    "approach",
    "plan",
    "outline",
    "agenda",
    "lay out",
    "organi",
    "star",
    "circles",
    "explain",
)  # a signpost opens its sentence (within these many words)
# Whole words only: "star" must not match inside "i'd start with".
_STRONG_PLAN = re.compile(
    r"(?<= )(?:"
    + "|".join(w.replace("organi", "organi[sz]e") for w in _STRONG_PLAN_WORDS)
    + r")(?= )"
)
_PAIN_OWNER = phrase_pattern(
    [
        "their pain",
        "their pains",
        "their problem",
        "their need*",
        "their biggest",
        "their main",
        "they struggle",
        "they can't",
    ]
)
_OWN_FUTURE = phrase_pattern(["i'll", "i will", "let me", "we'll", "we will"])
_ORDERED_LIST = phrase_pattern(["and then", ", then", "and finally", "and last", "and lastly"])
_FRAMEWORK_PATTERNS = {
    kind: {element: phrase_pattern(cues) for element, cues in elements.items()}
    for kind, elements in lx.FRAMEWORKS.items()
}


@dataclass
class Structure:
    roadmap: Sentence | None = None
    signposts: list[tuple[Sentence, str]] = field(default_factory=list)
    summary: Sentence | None = None
    framework: dict[str, bool] = field(default_factory=dict)
    revisits: list[Sentence] = field(default_factory=list)
    first_solution: Sentence | None = None
    clarified_users_at: int | None = None
    clarified_goal_at: int | None = None
    flags: list[Flag] = field(default_factory=list)

    @property
    def framework_coverage(self) -> float:
        return sum(self.framework.values()) / len(self.framework) if self.framework else 0.0

    @property
    def distinct_signposts(self) -> int:
        return len({label for _, label in self.signposts})


def analyse(
    answer: Answer, ctx: QuestionContext, th: Thresholds, ramble: Ramble | None = None
) -> Structure:
    """The structure markers and flags. With the ramble detector's result, a lecture's people and
    problems ("people who agreed in the past", "the cold-start problem") do not count as the asked
    product's users and pains."""
    st = Structure()
    if answer.empty:
        return st
    head = answer.head_sentences(th.roadmap_head_share, th.roadmap_head_min_words)
    st.roadmap = next((s for s in head if is_roadmap(s, _clean_padded(answer, s))), None)
    st.signposts = _signposts(answer)
    st.revisits = revisits(answer)
    tail = answer.tail_sentences(th.summary_tail_share, th.summary_tail_min_words)
    st.summary = next((s for s in reversed(tail) if _is_summary(answer, s)), None)
    st.framework = {
        element: bool(pattern.search(answer.padded))
        for element, pattern in _FRAMEWORK_PATTERNS.get(ctx.kind, {}).items()
    }
    if ctx.kind == "product_vision":
        _solution_order(answer, st, ramble)
    st.flags = _flags(answer, ctx, st, th)
    return st


def is_roadmap(s: Sentence, clean: str | None = None) -> bool:
    """A stated plan of the parts: "three parts", a plan phrase with its items, or the answer first."""
    text = clean or s.padded
    if _counted_plan(text) or lx.ANSWER_FIRST.search(text):
        return True
    plan = lx.ROADMAP.search(text)
    if not plan:
        # "I'll measure each, add a quality bar, and then say how I'd make the call": the speaker's
        # own next steps, listed and put in order, are a plan whatever verb announces them.
        return bool(
            _OWN_FUTURE.search(text) and _ORDERED_LIST.search(text) and text.count(" , ") >= 2
        )
    # The plan names at least two items: in order ("then", "after that"), or, after a clear plan
    # phrase ("let me structure this"), as a list.
    if lx.SEQUENCE.search(text):
        return True
    strong = bool(_STRONG_PLAN.search(" " + plan.group(0) + " "))
    return strong and (text.count(" , ") >= 2 or (" : " in text and " , " in text))


# "The two sides", "its three parts": things already known, counted, not a plan of the answer.
_KNOWN_BEFORE = frozenset(["the", "its", "their", "his", "her", "these", "those", "both"])


def _counted_plan(text: str) -> bool:
    """ "Three parts", "two halves": a count of the answer's parts, not of things already named."""
    for m in lx.ROADMAP_COUNT.finditer(text):
        before = text[: m.start()].split()
        if not before or before[-1] not in _KNOWN_BEFORE:
            return True
    return False


def clean_words(answer: Answer, s: Sentence) -> list[str]:
    """The sentence's words without fillers, discourse openers ("and", "so", "okay") or repeats."""
    fillers = answer_fillers(answer)
    words: list[str] = []
    for i in range(s.first, s.last + 1):
        if i in fillers:
            continue
        w = answer.tokens[i].norm
        if not words and w in lx.OPENERS:
            continue
        if words and words[-1] == w:
            continue  # "the, the business"
        words.append(w)
    return words


def answer_fillers(answer: Answer) -> set[int]:
    """Token indices of every filler word (both words of "you know")."""
    return answer.memo("filler_set", lambda: _find_filler_set(answer))


def _find_filler_set(answer: Answer) -> set[int]:
    from interviewer.scoring.pacing import filler_tokens

    found: set[int] = set()
    for i, phrase in filler_tokens(answer, Thresholds()):
        found.update(range(i, i + len(phrase.split())))
    return found


def _signposts(answer: Answer) -> list[tuple[Sentence, str]]:
    """Sentences that open a new part: "Second,", "Moving on to", "On the X side", "Targets."."""
    found: list[tuple[Sentence, str]] = []
    for s in answer.sentences:
        words = clean_words(answer, s)
        if not words:
            continue
        lead = " " + " ".join(words[:_SIGNPOST_LEAD_WORDS]) + " "
        m = lx.SIGNPOSTS.search(lead)
        if m:
            found.append((s, m.group(0)))
            continue
        side = _SIDE.search(" " + " ".join(words[:7]) + " ")
        if side:
            found.append((s, side.group(0).strip()))
            continue
        # A heading-like fragment that ends the answer ("So, yeah, quality and completion.")
        # restates it; it opens no part.
        header = _header(answer, s, words) if s.index < len(answer.sentences) - 1 else None
        if header:
            found.append((s, "header: " + header))
    return found


def _header(answer: Answer, s: Sentence, words: list[str]) -> str | None:
    """A part announced as a heading: a short verbless fragment ("The evidence.") or "Offline, ..."."""
    if words[0] in lx.NOT_HEADER_START or "too" in words:
        return None  # "Latency too." adds a topic, it does not open a part
    if len(words) <= 5 and not any(w in lx.COMMON_VERBS for w in words):
        return " ".join(words)
    # "Measuring: the main metric...", "Offline, we'd get...": a label ending in a colon or comma.
    for i in range(s.first, min(s.last, s.first + 3) + 1):
        tok = answer.tokens[i]
        if tok.trail.startswith(":"):
            return " ".join(t.norm for t in answer.tokens[s.first : i + 1])
    first = answer.tokens[s.first]
    if first.trail.startswith(",") and first.norm in lx.ASPECT_WORDS:
        return first.norm
    return None


def revisits(answer: Answer) -> list[Sentence]:
    """Sentences that go back to a topic already left or tack one on ("going back to retention",
    "oh, and", "could also be", "... too."): the marks of an associative order."""
    out = []
    fillers = answer_fillers(answer)
    for s in answer.sentences:
        # The lead as spoken, fillers aside: "And, um, I mean, also, the questions ..." adds one.
        spoken = [answer.tokens[i].norm for i in range(s.first, s.last + 1) if i not in fillers]
        lead = " " + " ".join(spoken[:3]) + " "
        text = _revisit_text(s)
        if (
            lx.REVISIT.search(text)
            or lx.ADDITIVE.search(text)
            or lx.ADDITIVE_LEAD.match(lead, 1)
            or _tacked_on(answer, s)
        ):
            out.append(s)
    return out


def _tacked_on(answer: Answer, s: Sentence) -> bool:
    """A topic added with "too" closing its first clause or the sentence: "Latency too.", "AUC
    too, to see the ranking", "Data helps too, but ...": one more thing, placed nowhere."""
    for i in range(s.first, s.last + 1):
        tok = answer.tokens[i]
        if tok.norm == "too" and i > s.first and (tok.trail or i == s.last):
            return i - s.first <= 4 or i == s.last
    return False


def _clean_padded(answer: Answer, s: Sentence) -> str:
    # Keep the punctuation that marks a list (commas, colons) as separate tokens.
    fillers = answer_fillers(answer)
    parts = []
    for i in range(s.first, s.last + 1):
        if i in fillers:
            continue
        tok = answer.tokens[i]
        parts.append(tok.norm)
        if tok.trail[:1] in (",", ":", ";"):
            parts.append(tok.trail[:1])
    return " " + " ".join(parts) + " "


# The speaker's own decision ("I'd roll back for the long calls and keep it for short ones"):
# GUIDE.md counts a decision or recommendation at the end as a wrap-up.
_OWN_DECISION = phrase_pattern(
    ["i'd", "i would", "i will", "i'll", "we'd", "we would", "we will", "we'll", "we", "my", "our"]
)


# Gathering the answer up, in any of its verbs: "to pull it together", "putting it all together".
_GATHER = re.compile(
    r"(?<= )(?:pull|pulling|put|putting|bring|bringing|tie|tying|sum|summing)"
    r" (?:it|this|everything|things|them)(?: all)? (?:together|up)(?= )"
)


# A heading that names the verdict ("My call.", "The decision:"), the GUIDE's decision or
# recommendation, as a fragment of its own or opening its sentence.
_VERDICT_HEADING = re.compile(
    r"^ (?:so |and |ok |okay )?(?:, )?(?:my|the|our) (?:final )?(?:call|recommendation|decision"
    r"|verdict|conclusion|answer|pitch|bottom line)(?: (?:,|:|$)| is )"
)
# A decision in the speaker's voice on a condition: "If the model finds nearly every hot spot,
# we use it in all parks"; "If that's high, ... I'd look at that number before anything else".
_CONDITION_OPENING = re.compile(r"^ (?:so |and |but |then )?(?:, )?(?:if|unless|once|as long as) ")
_OWN_CLAUSE = re.compile(r" , (?:.* )?(?:i|we|i'd|we'd|i'll|we'll|i would|we would|we should) ")
# "we might only need a different threshold there" weighs an option; it decides nothing.
_HEDGED_CLAUSE = re.compile(r" (?:i|we) (?:might|could|may|can) ")


def _closing_decision(answer: Answer, s: Sentence) -> bool:
    text = _clean_padded(answer, s)
    if _VERDICT_HEADING.search(text):
        return True
    return bool(
        _CONDITION_OPENING.search(text)
        and _OWN_CLAUSE.search(text)
        and not _HEDGED_CLAUSE.search(text)
    )


def _is_summary(answer: Answer, s: Sentence) -> bool:
    if lx.SUMMARY.search(s.padded) or _GATHER.search(s.padded):
        return True
    if links.is_tie(s) in ("rule", "decision") and _OWN_DECISION.search(s.padded):
        return True
    if _closing_decision(answer, s):
        return True
    # "So: one north star, ..., measured weekly." restates the answer.
    first = answer.tokens[s.first]
    return first.norm in ("so", "overall", "together") and first.trail.startswith(":")


def _solution_order(answer: Answer, st: Structure, ramble: Ramble | None = None) -> None:
    for s in answer.sentences:
        if ramble is not None and ramble.in_lecture(s.index):
            continue
        # A roadmap names its parts ("who the members are, what bothers them, one idea"); it
        # proposes nothing yet.
        if s is st.roadmap:
            continue
        if lx.SOLUTION.search(s.padded) and not lx.NOT_SOLUTION.search(s.padded):
            st.first_solution = s
            break
        if st.clarified_users_at is None and lx.CLARIFY_USERS.search(s.padded):
            st.clarified_users_at = s.index
        if st.clarified_goal_at is None and lx.CLARIFY_GOAL.search(s.padded):
            st.clarified_goal_at = s.index
            # A pain said as someone's ("the swimmers, really, their pain is ...") says whose.
            if st.clarified_users_at is None and _PAIN_OWNER.search(s.padded):
                st.clarified_users_at = s.index


def _flags(answer: Answer, ctx: QuestionContext, st: Structure, th: Thresholds) -> list[Flag]:
    flags: list[Flag] = []
    # Unstructured: no plan, no parts marked in order, and topics tacked on or revisited. A short
    # single-topic answer with no markers is not "associative" and is left alone.
    marked = st.distinct_signposts >= th.signposts_for_structure
    associative = bool(st.revisits) and (not marked or _goes_back(answer, st))
    if not marked and not associative and topic_returns(answer, ctx):
        associative = True
    if st.roadmap is None and (associative or _story_told_backwards(answer, ctx, st, th)):
        flags.append(
            Flag(
                code="no_structure",
                severity="high" if not st.signposts else "medium",
                start_s=round(answer.first_start, 2),
                end_s=round(answer.last_end, 2),
                evidence=_structure_evidence(answer, st),
                advice=structure_advice(ctx.kind),
            )
        )
    if ctx.kind == "product_vision":
        clarified = st.clarified_users_at is not None and st.clarified_goal_at is not None
        if not clarified:
            s = st.first_solution or answer.sentences[0]
            missing = " and ".join(
                what
                for what, at in (
                    ("who the users are", st.clarified_users_at),
                    ("their goal or pain", st.clarified_goal_at),
                )
                if at is None
            )
            flags.append(
                Flag(
                    code="solution_jumping",
                    severity="high" if s.start - answer.first_start < 30 else "medium",
                    start_s=round(s.start, 2),
                    end_s=round(s.end, 2),
                    evidence=(
                        f"a solution at {_mmss(s.start)} before saying {missing}: {answer.quote_sentence(s)}"
                        if st.first_solution is not None
                        else f"{missing} never set out; it opens: {answer.quote_sentence(s)}"
                    ),
                    advice=ADVICE["solution_jumping"],
                )
            )
    if answer.speaking_s >= th.no_summary_min_s and st.summary is None:
        last = answer.sentences[-1]
        tail = answer.tail_sentences(th.summary_tail_share, th.summary_tail_min_words)
        first = tail[0] if tail else last
        flags.append(
            Flag(
                code="no_summary",
                severity="medium",
                start_s=round(first.start, 2),
                end_s=round(last.end, 2),
                evidence=f"the answer ends: {answer.quote(max(last.first, last.last - 20), last.last)}",
                advice=ADVICE["no_summary"],
            )
        )
    return flags


def _story_told_backwards(
    answer: Answer, ctx: QuestionContext, st: Structure, th: Thresholds
) -> bool:
    """A story that opens on its ending ("So in the end we launched late") and then, with no
    markers to guide the listener, jumps back into the events: the order of STAR undone."""
    if ctx.kind != "behavioral" or len(answer.sentences) < 4:
        return False
    first = answer.sentences[0]
    if not lx.RESULT_OPENING.search(" " + " ".join(clean_words(answer, first)[:6]) + " "):
        return False
    later = {label for s, label in st.signposts if s.index > 0}
    return len(later) < th.signposts_for_structure


_SUBJECTS = {"i", "we", "you", "they", "it", "he", "she", "i'd", "we'd", "i'll", "we'll"}


def topic_again(answer: Answer, s: Sentence) -> bool:
    """A sentence that opens by naming a topic already covered: "Riders again, ...", "The
    staging again, ...", "On cost again, ...": a noun phrase and "again" before any verb."""
    words = clean_words(answer, s)[:5]
    if "again" not in words[1:]:
        return False
    head = words[: words.index("again")]
    return not any(w in lx.COMMON_VERBS or w in _SUBJECTS for w in head)


# Words that open a sentence without naming its topic.
_NOT_TOPIC = {
    "the", "a", "an", "this", "that", "these", "those", "every", "each", "some", "any", "all",
    "our", "my", "your", "their", "its", "his", "her", "there", "there's", "here", "what",
    "think", "believe", "guess", "honestly", "really", "just", "maybe", "probably", "for", "me",
    "then", "also", "only", "very", "much", "more", "most", "which", "when", "where", "because",
    "thing", "things", "something", "someone", "people", "part",
}  # fmt: skip


def _topic(words: list[str], ctx: QuestionContext) -> str | None:
    for w in words[:6]:
        if w in _SUBJECTS or w in _NOT_TOPIC or w in lx.COMMON_VERBS or w.endswith("ly"):
            continue
        if len(w) < 4 or not w.isalpha() or ctx.is_product_word(w):
            return None  # the question's own subject is the answer's thread, not a detour
        return stem(w)
    return None


def topic_returns(answer: Answer, ctx: QuestionContext) -> list[Sentence]:
    """Sentences whose opening topic ("fear is also useful") was the opening topic of a sentence
    at least three sentences back, with other topics in between: picked up, dropped, revisited."""
    topics = [_topic(clean_words(answer, s), ctx) for s in answer.sentences]
    out = []
    for j, t in enumerate(topics):
        if t is None:
            continue
        earlier = [i for i in range(j) if topics[i] == t]
        if earlier and j - earlier[-1] >= 3:
            out.append(answer.sentences[j])
    return out


def _revisit_text(s: Sentence) -> str:
    # Idioms of emphasis, and "anyway" closing a sentence ("worth nothing if the field is lost
    # anyway"), which means "regardless", not "back to where I was".
    text = lx.NOT_REVISIT.sub(" ", s.padded)
    return text[: -len("anyway ")] if text.endswith(" anyway ") else text


def _goes_back(answer: Answer, st: Structure) -> bool:
    return any(lx.REVISIT.search(_revisit_text(s)) or topic_again(answer, s) for s in st.revisits)


def _structure_evidence(answer: Answer, st: Structure) -> str:
    if st.revisits:
        # A return to an earlier topic is the clearer evidence; a topic tacked on, the next best.
        back = [
            s for s in st.revisits if lx.REVISIT.search(_revisit_text(s)) or topic_again(answer, s)
        ]
        s = (back or st.revisits)[0]
        what = "goes back to an earlier topic" if back else "tacks on a topic without placing it"
        return f"no roadmap, and it {what} at {_mmss(s.start)}: {answer.quote_sentence(s)}"
    return f"no roadmap and {st.distinct_signposts} signpost(s); it opens: {answer.quote(0, 20)}"


# What to do instead, for the flags the learned stage can also raise (learned.py reuses it).
ADVICE = {
    "solution_jumping": (
        "Instead, spend the first minute on the goal, the users you are designing for and "
        "their biggest pain; pick one, then propose solutions and weigh them against it."
    ),
    "no_summary": (
        "Instead, close in two sentences: your recommendation or decision, and the one or "
        'two points that support it ("So, to wrap up: ...").'
    ),
}


def structure_advice(kind: str) -> str:
    """What to do instead of an unstructured answer, by the framework of the question's kind."""
    return _STRUCTURE_ADVICE.get(kind, _STRUCTURE_ADVICE["metrics"])


_STRUCTURE_ADVICE = {
    "behavioral": (
        'Instead, tell it as STAR: the situation in two sentences, your task, what you did ("I ..."), '
        "and the result with a number; mark each part out loud."
    ),
    "metrics": (
        'Instead, open with a one-sentence plan ("goal, then a north star, then inputs and '
        'guardrails, then the trade-off") and name each part as you reach it.'
    ),
    "ai_technical": (
        "Instead, open with a plan (why AI, the model metric and error costs, the threshold, online "
        "metrics and guardrails, launch criteria) and name each part as you reach it."
    ),
    "product_vision": (
        "Instead, walk a visible path: goal, users, their pains, prioritise one, solutions, trade-offs, "
        "summary; say which step you are on."
    ),
    "data_analysis": (
        "Instead, say your plan first (clarify the metric, check the data, segment, hypotheses, "
        "validate, recommend) and signpost each step."
    ),
}


def _mmss(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"
