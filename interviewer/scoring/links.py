"""Metrics and their ties to the product: what ``no_product_link`` judges.

A hiring manager asks of every metric "so what?": what would you decide with it, what does it mean
for a user, which goal does it serve (GUIDE.md, ``no_product_link``). A catalogue of well-chosen
metrics with numbers still fails that test. The rule here reads each applied sentence for one of
three ties, and counts it when a metric is named in the sentence or next to it:

- a decision with its condition: a decision verb (launch, roll back, expand, switch, block, ...)
  in a sentence that also holds a condition (if, unless, only when, ...) with a comparison (above,
  drops, beats, at least, a number), or a rule named as such ("launch bar", "decision rule"), or a
  threshold being chosen; a condition that is a criterion by its grammar ("only if", "unless")
  with a comparison, whatever the verb ("I'd accept the routing only if ..."); both branches of a
  decision on a measured bar ("if it is ready within eight seconds ...; otherwise ...");
- a user outcome: a user and what happens to them (stuck, gives up, stops using, waits, ...);
- the goal: "our goal", "the north star", "the input to", "ladders up to", ...

A rule that states its own bar ("my decision rule: if kappa against the teachers is above zero
point eight, the AI grades alone") ties what it compares, whether or not that is a known metric.
Since 1.6.0 the speaker's own decision on a condition ties the answer's metrics in any wording
("if both go up, roll it to all thirty", "below ninety seven, we switch the check off"), when the
condition compares something, sits next to a metric or is one of the answer's own findings; so
does a decision from a metric that held or moved ("the accuracy held, so I would not touch the
model") and a criterion with its own bar whose words stand apart ("we only let the model send
tickets alone when fewer than one in five hundred are wrong").

These are shapes of a sentence rather than lists of examples: the cues are small closed sets of
function words and verbs, so the rule does not grow with each answer it has seen.
"""

from __future__ import annotations

import re

from interviewer.scoring import content_lexicon as lx
from interviewer.scoring.text import Answer, Sentence, phrase_pattern

# ---------------------------------------------------------------------------- metrics

# A metric by its shape: "the hallucination rate", "share of sessions", "minutes per listener",
# "p95", "the ninety-ninth percentile", "how often it is right", "how many stories each family
# makes". Named metrics come from ``content_lexicon.METRIC_NAMES``.
METRIC_SHAPE = re.compile(
    r"(?<= )(?:[a-z][a-z'-]* (?:rate|score|rating)|rate of|share of|percentage of|proportion of"
    r"|the number of|per (?:thousand|hundred|million|[a-z]+)|percentile|p50|p90|p95|p99"
    r"|median [a-z]+|time to [a-z]+|treatment effect|effect size|lift|uplift"
    r"|(?:forecast|prediction|absolute|squared|average|mean|median|relative) error"
    # a correctness number said as the question it answers: "how often the model is right"
    r"|how often(?: [a-z']+){0,3} (?:right|correct|wrong)"
    # a count per unit said as a question: "how many stories each family makes"
    # ("how many loaves of each kind" is what a forecast outputs, not a measure of it)
    r"|how many [a-z]+(?: (?!of )[a-z]+)? (?:each|per|every|a) [a-z]+)(?= )"
)
# "A lift", "this lift": the thing (a lift in a building), not the measure ("the lift in sales").
_LIFT_THING = re.compile(r"(?<= )(?:a|one|this|that|every|each|no|only) lift(?= )")
# The word before "rate"/"score" must say what is measured: "the rate", "a score" name nothing.
_VAGUE = {
    "the", "a", "an", "this", "that", "its", "their", "our", "my", "your", "any", "same", "first",
    "high", "low", "higher", "lower", "good", "bad", "whole", "overall", "that's", "it's",
    # "rate" and "score" as verbs: "they might rate it", "to score each answer"
    "to", "might", "would", "could", "will", "can", "they", "we", "i", "you", "people", "users",
    "and", "or", "then", "also", "is", "are", "no",
    # ... after a modal, a negation or a subject pronoun ("AI must not score or rank applicants")
    "not", "never", "must", "should", "shall", "may", "cannot", "can't", "won't", "don't",
    "doesn't", "didn't", "shouldn't", "mustn't", "it", "he", "she", "who", "which",
}  # fmt: skip
# "A share of it", "the rate of that": a part of something already said, not a named measure.
_NOT_A_POPULATION = {"it", "them", "this", "that", "these", "those", "which", "what"}
# Rates that are settings or prices, not measures of the product.
NOT_METRIC = phrase_pattern(
    ["at any rate", "first rate", "first-rate", "per se", "as per", "learning rate",
     "sampling rate", "sample rate", "frame rate", "bit rate", "bitrate", "interest rate",
     "exchange rate", "tax rate", "base rate", "heart rate", "respiratory rate", "breathing rate",
     "word count", "head count", "headcount",
     # the error rates of a statistical test are its properties, not the product's measures
     "type one error rate", "type two error rate", "type i error rate", "type ii error rate",
     "type 1 error rate", "type 2 error rate"]
)  # fmt: skip


def metric_hits(s: Sentence) -> list[str]:
    """The metrics a sentence names, by name or by shape."""
    text = _LIFT_THING.sub(" ", NOT_METRIC.sub(" ", s.padded))
    shaped = []
    for m in METRIC_SHAPE.finditer(text):
        phrase = m.group(0)
        if phrase.endswith(" of"):
            after = text[m.end() :].split(" ", 2)
            if len(after) > 1 and after[1] in _NOT_A_POPULATION:
                continue
        elif phrase.split(" ", 1)[0] in _VAGUE:
            continue
        shaped.append(phrase)
    return lx.METRIC_NAMES.findall(text) + shaped


def names_metric(s: Sentence) -> bool:
    return bool(metric_hits(s))


_METRIC_WORD = phrase_pattern(["metric", "metrics", "kpi", "kpis"])


def measures(s: Sentence, hits: list[str] | None = None) -> bool:
    """A metric named, pointed at ("this metric") or a measured share ("twenty percent more")."""
    named = bool(hits) if hits is not None else names_metric(s)
    return named or bool(_METRIC_WORD.search(s.padded))


# ---------------------------------------------------------------------------- ties

CONDITIONAL = phrase_pattern(
    ["if", "only if", "unless", "as long as", "once", "until", "when", "whenever", "provided",
     "before we", "before it", "before i", "after it", "as soon as"]
)  # fmt: skip
# The condition compares something: a direction, a bar, or a number (digits are checked apart).
COMPARISON = phrase_pattern(
    ["above", "below", "under", "over", "at least", "at most", "more than", "less than",
     "fewer than", "higher", "lower", "better", "worse", "beats", "beat", "exceeds", "exceed",
     "drops", "drop", "dropped", "falls", "fall", "rises", "rise", "goes up", "go up",
     "goes down", "go down", "stays", "stay", "holds", "hold", "doubles", "double", "improves",
     "improve", "flat", "within", "reaches", "hits", "increase*", "decrease*", "up", "down",
     "the bar", "threshold", "percent", "%", "baseline", "target", "way up", "clearly", "moves"]
)  # fmt: skip
DECISION_VERB = phrase_pattern(
    ["launch", "launches", "launched", "ship", "ships", "shipped", "ship it", "roll out",
     "roll it out", "rollout", "roll back", "roll it back", "rollback", "expand*", "extend",
     "automate*", "approve", "stop", "stops", "pause", "kill", "switch", "switch it", "revert",
     "go back", "retrain", "cap", "turn it on", "turn it off", "turn on", "turn off",
     "turn captions on", "go live", "go ahead", "scale", "fund", "invest", "deploy",
     "release", "enable", "disable", "step the threshold", "step back", "move to", "block",
     "route", "escalate", "hold back", "mute", "remove", "replace", "continue", "keep it",
     "keep the", "drop it", "sunset", "open it", "let it", "we switch", "we decide", "decide",
     "we don't launch", "don't launch", "wouldn't launch", "not launch", "shouldn't launch",
     "put a cap", "invest in", "prioriti*", "raise the threshold", "lower the threshold",
     "tighten", "loosen", "hand off", "hand it", "fix", "pull", "pull it", "production",
     "goes live", "green-light", "greenlight", "green light", "sign off", "beta", "promote",
     "freeze", "by default", "general availability"]
)  # fmt: skip
# A rule or criterion named as such: a tie on its own.
RULE_NAMED = phrase_pattern(
    ["launch bar", "launch rule", "launch criterion", "launch criteria", "decision rule",
     "go/no-go", "go no-go", "go or no-go", "no-go", "as the bar", "the bar for", "a bar",
     "stop signal", "veto", "rollback rule", "rollback criteria", "kill criteria",
     "kill switch", "launch gate", "exit criteria", "success criteria", "decision it drives",
     "to decide whether", "decide whether", "decides whether", "decide if", "to decide",
     "whether to",
     "launch decision", "rollout decision", "the decision this", "informs the decision",
     "decision point", "gate on", "gated on", "gate the", "gates the", "threshold where",
     "threshold so that", "threshold such that", "operating point where"]
)  # fmt: skip
THRESHOLD_CHOICE = re.compile(
    r"(?<= )(?:pick|picks|set|sets|choose|chooses|tune|move|put|lower|raise)(?: [a-z'-]+){0,3} "
    r"(?:threshold|thresholds|operating point|cutoff|cut-off)(?= )"
)
# What happens to a user: consequences and behaviour, not moods.
USER_OUTCOME = phrase_pattern(
    ["stuck", "blocked", "declined", "wait", "waits", "waiting", "frustrat*", "lose", "loses",
     "lost", "losing", "give up", "gives up", "leave", "leaves", "abandon", "abandons",
     "abandoned", "harm", "harms", "harmed", "hurt", "hurts", "trust", "trusts", "call support",
     "calls support", "miss", "misses", "missed", "unsafe", "danger*", "cost them",
     "costs them", "come back", "comes back", "coming back", "save time", "saves time",
     "saving time", "waste*", "stop using", "stops using", "stopped using", "uninstall*",
     "cancel", "cancels", "ignore", "ignores", "rely", "relies", "never seen", "never came",
     "embarrass*", "churn", "churns", "reach for", "close it", "close the", "walk away",
     "bury", "burying", "can't", "won't", "doesn't work", "no longer", "stranded",
     "order again", "buy again", "come back", "lied to", "surprised", "calling", "drop off",
     "drops off", "go elsewhere", "goes elsewhere", "competitor", "repeat themselves", "retry",
     "rage*"]
)  # fmt: skip

# "If ..." and "unless ..." make a decision conditional on their own; "when" and "once" also
# describe time, so they need a comparison beside them.
STRICT_CONDITIONAL = phrase_pattern(["if", "only if", "unless", "as long as", "provided"])
# A condition that is a criterion by its grammar, and the other branch of a decision.
ONLY_IF = phrase_pattern(["only if", "only when", "only once", "unless", "as long as"])
OTHER_BRANCH = phrase_pattern(["otherwise", "if not", "else"])
# A recommendation is a decision with its reason given around it.
RECOMMENDATION = phrase_pattern(
    ["my recommendation", "i recommend", "i'd recommend", "i would recommend", "recommendation is",
     "so my call", "my call is", "my decision", "so the decision", "the decision is"]
)  # fmt: skip
# People whose outcome a metric can stand for. Pronouns are left out: "they" is as often a
# team or a model as a user.
PEOPLE = phrase_pattern(
    ["customer*", "user", "users", "driver", "drivers", "rider", "riders", "patient", "patients",
     "shopper*", "buyer*", "seller*", "merchant*", "listener*", "viewer*", "reader*", "learner*",
     "developer*", "advertiser*", "creator*", "people", "person", "member*", "player*",
     "student*", "employee*", "agent*", "cardholder*", "traveller*", "traveler*", "host", "hosts",
     "guest*", "someone", "nurse*", "doctor*", "clinician*", "writer*", "editor*", "parent*",
     "family", "families", "candidate*", "applicant*", "recruiter*", "owner*", "lawyer*",
     "investigator*", "moderator*", "reviewer*", "teacher*", "courier*", "client*", "subscriber*",
     "caller*", "borrower*", "tenant*", "partner*", "restaurant*", "clinic*", "store*", "shop",
     "shops", "teen*", "kid*", "child*", "children", "fan", "fans", "filer*", "worker*",
     "staff", "lender*", "traders", "farmer*", "physician*", "pharmacist*", "analyst*"]
)  # fmt: skip


# A bar: a launch word with a number to clear ("below five percent before launch").
LAUNCH_WORD = phrase_pattern(
    ["launch", "launching", "ship", "shipping", "roll out", "rollout", "go live", "expand*",
     "turn it on", "on by default", "automate*", "production", "general availability"]
)  # fmt: skip
BAR_COMPARISON = phrase_pattern(
    ["above", "below", "under", "over", "at least", "at most", "more than", "less than",
     "fewer than", "no more than", "within", "beats", "exceeds"]
)  # fmt: skip
NUMBER = re.compile(
    r"(?<= )(?:[0-9][0-9.,]*%?|percent|%|[a-z]+-?(?:five|ten|one|two|three|four|six|seven|eight|nine)|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|double)(?= )"
)
# Tying a metric in so many words ("I'd tie this metric to repeat ordering").
EXPLICIT_TIE = re.compile(
    r"(?<= )(?:tie|ties|tied|tying|link|links|linked|connect|connects|connected)"
    r"(?: [a-z'-]+){0,3} to(?= )"
)
# The company's own goal, by whatever name: "this protects our margin goal", "our main goal".
OWN_GOAL = re.compile(
    r"(?<= )our (?:[a-z'-]+ ){0,2}(?:goal|goals|objective|objectives|okr|okrs)(?= )"
)
# The business outcome a metric moves: the goal, in the company's terms.
BUSINESS_OUTCOME = phrase_pattern(
    ["renew*", "revenue", "retain", "retains", "retained", "retention", "buy more", "pay for",
     "upgrade*", "subscriptions", "sales", "margin", "margins", "profit*", "ridership",
     "bookings", "orders", "repeat"]
)  # fmt: skip


_CLASS_ADJECTIVE = re.compile(r" (a|an|the|every|each|of|what) unsafe (?=[a-z]+ )")
_GUESS = re.compile(r" (?:(?:so|and|but|or|um|uh) )*(?:maybe|perhaps) ")


# The model deciding is not the team deciding: "when it decides whether a login is suspicious",
# "it has to decide quickly" describe what the classifier does, not a product decision.
MACHINE_DECIDES = re.compile(
    r"(?<= )(?:it|model|system|classifier|algorithm|ai|which|that)(?: [a-z']+){0,2} decides?(?= )"
)


def is_tie(s: Sentence) -> str | None:
    """Which tie the sentence makes, if any: "rule", "decision", "user" or "goal"."""
    text = MACHINE_DECIDES.sub(" ", s.padded)
    if RULE_NAMED.search(text) or THRESHOLD_CHOICE.search(text):
        return "rule"
    raw = s.padded
    if LAUNCH_WORD.search(raw) and BAR_COMPARISON.search(raw) and NUMBER.search(raw):
        return "rule"
    if RECOMMENDATION.search(text):
        return "decision"
    if DECISION_VERB.search(text) and (
        STRICT_CONDITIONAL.search(text)
        or (
            CONDITIONAL.search(text)
            and (COMPARISON.search(text) or any(ch.isdigit() for ch in text))
        )
    ):
        return "decision"
    # "Only if", "unless": a criterion whatever the verb ("I'd accept the routing only if the
    # acceptance rate drops by less than two points"), when it compares something.
    if ONLY_IF.search(text) and (MEASURED_CONDITION.search(text) or NUMBER.search(text)):
        return "rule"
    # Both branches of a decision on a measured bar: "if it is ready within eight seconds, it runs
    # on the phone; otherwise the servers take it".
    if (
        STRICT_CONDITIONAL.search(text)
        and OTHER_BRANCH.search(text)
        and (MEASURED_CONDITION.search(text) or BAR_COMPARISON.search(text))
    ):
        return "decision"
    # A metric named for an outcome ("churn", "abandonment") in a list of metrics is the metric,
    # not what happens to someone ("members who get the wrong size churn" is).
    listed = len(lx.METRIC_NAMES.findall(text)) >= 2
    outcome_text = lx.METRIC_NAMES.sub(" ", text) if listed else text
    # "An unsafe lift", "an unsafe post": the class the model assigns, not what befalls a person.
    outcome_text = _CLASS_ADJECTIVE.sub(r" \1 ", outcome_text)
    # "Maybe people feel the list is not for them, and they stop coming back": a guess at a
    # cause, which ties no metric to anything.
    if PEOPLE.search(text) and USER_OUTCOME.search(outcome_text) and not _GUESS.match(text):
        return "user"
    if lx.GOAL_TIE.search(text) or EXPLICIT_TIE.search(text) or OWN_GOAL.search(text):
        return "goal"
    if CONDITIONAL.search(text) and COMPARISON.search(text) and BUSINESS_OUTCOME.search(text):
        return "goal"
    return None


# An error taken as a case: "if we're wrong, ...", "every false block is a customer stuck ...".
EACH_ERROR = phrase_pattern(["if", "when", "whenever", "every", "each"])
# A comparison with its other side stated: "more failures than today's schedule", "better than
# the old model".
COMPARED_TO = re.compile(r"(?<= )(?:more|fewer|less|better|worse)(?: [a-z'-]+){0,3} than(?= )")
# A condition that compares something measured: with a decision, a launch or rollback criterion
# even when the measure is only referred back to ("we continue only if completion improves").
MEASURED_CONDITION = phrase_pattern(
    ["above", "below", "at least", "at most", "more than", "less than", "fewer than", "higher",
     "lower", "better", "worse", "beats", "exceeds", "drops", "dropped", "falls", "rises",
     "goes up", "goes down", "improves", "improve", "improved", "doubles", "increase*",
     "decrease*", "no worse", "no better", "the bar", "threshold", "baseline", "target", "rise",
     "fall", "drop", "clears", "clear", "passes", "reaches", "hits", "stays", "holds"]
)  # fmt: skip


def _clause_text(answer: Answer, s: Sentence) -> str:
    """The sentence's words with its commas kept as tokens, hesitations left out."""
    parts = []
    for t in answer.tokens[s.first : s.last + 1]:
        if t.norm in _HESITATIONS:
            continue
        parts.append(t.norm)
        if t.trail[:1] in (",", ":", ";"):
            parts.append(",")
    return " " + " ".join(parts) + " "


_HESITATIONS = frozenset(["um", "uh", "er", "erm", "hmm", "umm", "uhh", "mm"])
# A condition opening the sentence: "if ...", "unless ...", or a bar said alone ("below ninety
# seven, ...", "above ninety percent, ...").
_CONDITION_LEAD = re.compile(
    r"^ (?:(?:so|and|but|then|okay|ok|now) (?:, )?)?(?:if|unless|once|as long as|only if"
    r"|below|above|under|over) [^,]+? , (?P<rest>.*)$"
)
# What the speaker does then, in their own voice: "we retrain", "I'd roll it back", "we switch
# the check off". Verbs of looking and knowing are analysis, not a decision ("I'd look at that
# number first", "we know it's the mix"), and a modal of possibility weighs an option.
_SPEAKER = r"(?:i|we|i'd|we'd|i'll|we'll|let's)"
_NOT_A_DECISION = (
    r"know|see|learn|think|guess|suspect|expect|understand|find|have|had|get|look|check|dig"
    r"|investigate|measure|compare|report|track|monitor|watch|ask|want|need|wonder|might|could"
    r"|may|can|probably|are|were|was|be|been|'d|also|still|would|will|should|then|just|not|never"
)
_SPEAKER_DECIDES = re.compile(
    r"(?:^| )" + _SPEAKER + r" (?:would |will |should |then |just )?(?:not |never )?"
    r"(?!(?:" + _NOT_A_DECISION + r") )[a-z'-]+ "
)
# An instruction with no subject: "If both go up, roll it to all thirty."
_IMPERATIVE = re.compile(
    r"^ (?:then |just )?(?:roll|ship|launch|keep|switch|stop|pause|retrain|fix|expand|open|move"
    r"|turn|go|pull|drop|kill|scale|use|send|cut|raise|lower|block|hold|widen|extend|replace"
    r"|rebalance|route|release|revert|automate|put) "
)
_HEDGE = re.compile(r" (?:maybe|perhaps|might|probably) ")


def voice_decision(answer: Answer, s: Sentence) -> str | None:
    """The condition of a decision in the speaker's voice ("if both go up, roll it to all
    thirty" gives " if both go up "), or None when the sentence is no such decision."""
    m = _CONDITION_LEAD.search(_clause_text(answer, s))
    if m is None or _HEDGE.search(m.group(0)):
        return None
    rest = " " + m.group("rest")
    if not (_SPEAKER_DECIDES.search(rest) or _IMPERATIVE.search(rest)):
        return None
    return m.group(0)[: m.start("rest")]


# A metric that held or moved, and the speaker's decision taken from it: "The accuracy held, so
# I would not touch the model" (GUIDE's own example of a decision taken from a metric).
_MOVED = phrase_pattern(
    ["held", "holds", "stayed", "stays", "dropped", "drops", "rose", "rises", "fell", "falls",
     "improved", "improves", "went up", "went down", "goes up", "goes down", "is flat",
     "was flat", "stayed flat", "moved", "didn't move", "doubled", "halved", "is stable",
     "was stable", "is fine", "looks fine", "above", "below"]
)  # fmt: skip
_SO = re.compile(r" , so (?P<rest>.*)$")


def decision_from_moved_metric(answer: Answer, s: Sentence) -> bool:
    text = _clause_text(answer, s)
    m = _SO.search(text)
    if m is None:
        return False
    before = text[: m.start() + 1]
    if not (
        _MOVED.search(before) and (lx.METRIC_NAMES.search(before) or METRIC_SHAPE.search(before))
    ):
        return False
    return bool(_SPEAKER_DECIDES.search(" " + m.group("rest")))


# A criterion by its grammar, its words apart: "we only let the model send tickets alone when
# fewer than one in five hundred of those tickets is wrong".
_ONLY_WHEN = re.compile(r" only (?:[a-z'-]+ ){1,8}(?:if|when|once|unless) ")


def criterion_with_own_bar(s: Sentence) -> bool:
    t = s.padded
    return bool(_ONLY_WHEN.search(t) and BAR_COMPARISON.search(t) and NUMBER.search(t))


def product_links(
    answer: Answer,
    applied: list[Sentence],
    hits: list[list[str]] | None = None,
    voiced: list[Sentence] | None = None,
) -> list[Sentence]:
    """Applied sentences that tie a metric named in them, or next to them, to the product.
    ``hits`` are the sentences' ``metric_hits``, when the caller already has them."""
    all_hits = hits if hits is not None else [metric_hits(s) for s in answer.sentences]
    named = [measures(s, all_hits[s.index]) for s in answer.sentences]
    heads = _metric_heads(all_hits)
    # What a measured condition concludes ("if conversion within each channel is flat, it's the
    # mix"): a later decision taken on that conclusion ("if it's the mix, rebalance the ad
    # spend") is a decision taken from the metric, one step removed.
    concluded: set[str] = set()
    links = []
    # The speaker's own decision on a condition, in any wording ("if both go up, roll it to all
    # thirty"; "below ninety seven, we switch the check off"; "if it's Portugal, we fix the
    # accent"), is a decision taken from what the answer measured (GUIDE) when its condition
    # compares something, sits next to a metric, or is one of the answer's own findings (its
    # words said before: Portugal, after "split the rate by the uploader's country"), not a
    # condition from nowhere ("if the weather is bad, stop the paid push"). Judged on every
    # sentence outside a lecture: the speaker's own decision applies the idea whatever theory
    # words it holds ("go back to the courier checking ID").
    said: set[str] = set()
    for s in voiced if voiced is not None else applied:
        cond = voice_decision(answer, s)
        if cond is not None and (
            COMPARISON.search(cond)
            or NUMBER.search(cond)
            or any(named[max(0, s.index - 1) : s.index + 2])
            or _content_words(cond.split()) & said
        ):
            links.append(s)
        said |= _content_words(s.padded.split())
    for s in applied:
        if s in links:
            continue
        near = named[max(0, s.index - 1) : s.index + 2]
        tie = is_tie(s)
        # "The accuracy held, so I would not touch the model"; "we only let the model send
        # tickets alone when fewer than one in five hundred are wrong": decisions from a metric.
        if decision_from_moved_metric(answer, s) or criterion_with_own_bar(s):
            links.append(s)
            continue
        clauses = _condition_and_conclusion(answer, s)
        if tie is None:
            if clauses and named[s.index]:
                concluded |= clauses[1]
            continue
        if tie == "decision" and clauses and clauses[0] & concluded:
            links.append(s)
            continue
        # A launch rule, or a decision on a measured condition, that refers back to a metric
        # ("we continue only if completion improves", "if the blind ratings show it is worse, I'd
        # roll back") ties it wherever it was named: the criterion is the link the guide asks for.
        refers_back = bool(MEASUREMENT_NOUN.search(s.padded)) or any(
            w in heads for w in s.padded.split()
        )
        measured = bool(STRICT_CONDITIONAL.search(s.padded)) and bool(
            MEASURED_CONDITION.search(s.padded) or NUMBER.search(s.padded)
        )
        # A rule that states its own bar ("my decision rule: if kappa against the teachers is
        # above zero point eight, the AI grades alone") measures what it compares, named or not.
        own_bar = (
            tie == "rule"
            and measured
            and bool(MEASURED_CONDITION.search(s.padded))
            and bool(NUMBER.search(s.padded))
        ) or (
            # A decision taken on a comparison it states ("use the model to order the visits if
            # it catches more failures than today's schedule"): the GUIDE's decision from a metric.
            tie in ("rule", "decision")
            and bool(STRICT_CONDITIONAL.search(s.padded))
            and bool(COMPARED_TO.search(s.padded))
        )
        criterion = own_bar or (refers_back and (tie == "rule" or (tie == "decision" and measured)))
        # What one error of the model does to a user ("if we're wrong, we close the account of a
        # real person") ties the metric that counts that error, wherever it was named (GUIDE).
        criterion = criterion or (
            tie == "user"
            and bool(lx.ERROR_WORDS.search(s.padded))
            and bool(EACH_ERROR.search(s.padded))
        )
        if criterion or any(near):
            links.append(s)
    return links


def conditional_bars(
    answer: Answer, sentences: list[Sentence], hits: list[list[str]]
) -> list[Sentence]:
    """Sentences with a condition and a bar ("if", "unless" with "under", "above", a number or a
    movement) beside a metric: the usual carrier of a tie, whatever words the decision takes ("if
    it's under ninety percent on lynx we don't use it for the survey count"). Not a tie by itself
    (a catalogue says "if the rate goes up, that's bad" too), so it is weighed as evidence against
    the flag rather than counted as a link (1.7.0, chosen by leave-one-labeller-out)."""
    named = [measures(s, hits[s.index]) for s in answer.sentences]
    return [
        s
        for s in sentences
        if STRICT_CONDITIONAL.search(s.padded)
        and (
            BAR_COMPARISON.search(s.padded)
            or NUMBER.search(s.padded)
            or MEASURED_CONDITION.search(s.padded)
        )
        and any(named[max(0, s.index - 1) : s.index + 2])
    ]


# Small words that say nothing of what a condition is about.
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "it's",
        "its",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "than",
        "and",
        "or",
        "but",
        "not",
        "no",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "so",
        "if",
        "we",
        "i",
        "you",
        "they",
        "he",
        "she",
        "our",
        "their",
        "them",
        "us",
        "my",
        "your",
        "his",
        "her",
        "what",
        "which",
        "who",
        "also",
        "just",
        "really",
        "still",
        "only",
        "very",
    ]
)


def _content_words(words: list[str]) -> set[str]:
    return {w for w in words if len(w) >= 3 and w not in _FUNCTION_WORDS}


def _condition_and_conclusion(answer: Answer, s: Sentence) -> tuple[set[str], set[str]] | None:
    """The content words of an opening "if ..." clause and of what follows its comma."""
    toks = answer.tokens[s.first : s.last + 1]
    lead = [t.norm for t in toks[:2]]
    if "if" not in lead or (lead[0] != "if" and lead[0] not in ("so", "and", "but")):
        return None
    start = lead.index("if") + 1
    cut = next((k for k in range(start, len(toks)) if toks[k].trail.startswith(",")), None)
    if cut is None:
        return None

    def keep(ts: list) -> set[str]:
        return {t.norm for t in ts if len(t.norm) >= 3 and t.norm not in _FUNCTION_WORDS}

    return keep(toks[start : cut + 1]), keep(toks[cut + 1 :])


# Words that say what a metric measures ("completion" in "completion rate"); the rest of a
# metric's name ("rate", "the share of") says only that it is one.
_NOT_A_HEAD = {
    "rate", "rates", "score", "scores", "share", "of", "the", "a", "number", "per", "time", "to",
    "average", "mean", "median", "percentage", "proportion", "error", "lift", "uplift", "effect",
    "size", "treatment", "percentile", "absolute", "squared", "relative", "forecast",
    "prediction", "cost", "rate of",
}  # fmt: skip
# A measurement referred to by what it is rather than by a metric's name.
MEASUREMENT_NOUN = phrase_pattern(
    ["ratings", "scores", "results", "numbers", "figures", "the metric", "the metrics", "audit",
     "the test", "the pilot", "the experiment", "the holdout", "the trial"]
)  # fmt: skip


def _metric_heads(hits: list[list[str]]) -> set[str]:
    return {
        w
        for sentence_hits in hits
        for hit in sentence_hits
        for w in hit.split()
        if w not in _NOT_A_HEAD and len(w) > 3
    }
