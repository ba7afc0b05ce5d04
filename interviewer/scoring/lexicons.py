"""The word lists behind the rules, written for spoken AI product-manager answers.

Each list is a set of normalised phrases (lower case, no punctuation; see ``text.normalise``)
matched as whole words; a trailing ``*`` matches any ending ("optimi*"). They are kept apart from
the rules so a reader can see exactly which words move a score, and so the rules stay short.
"""

# fmt: off
# (the lists are kept dense on purpose: one phrase per line would make them unreadable)

from __future__ import annotations

import re

from interviewer.scoring.text import phrase_pattern

# ---------------------------------------------------------------------------- fillers

# Always fillers when spoken (sounds, and words that carry nothing in an answer).
FILLER_SOUNDS = {"um", "umm", "uh", "uhh", "uhm", "erm", "er", "hmm", "hm", "mm", "mhm"}
FILLER_WORDS = {"basically", "actually"}
# Multi-word fillers, counted once each. Each has contexts where it is not a filler (see pacing).
FILLER_PHRASES = ("you know", "i mean", "kind of", "sort of")
# Words that are fillers only when set apart by punctuation or a pause ("so, um", "it was, like, big").
SET_APART_FILLERS = {"like", "so", "well", "right", "okay", "ok"}
# "Well", "right" and "okay" open answers legitimately; only "like" and "so" are counted by default.
COUNTED_SET_APART = {"like", "so"}
# Before "kind of"/"sort of" these make it a noun phrase ("this kind of model"), not a filler.
KIND_OF_DETERMINERS = {
    "a", "an", "the", "this", "that", "these", "those", "what", "which", "any", "some", "every",
    "each", "one", "same", "other", "another", "different", "new", "no", "whatever", "all",
}
# "You know" after these is a real verb ("do you know", "if you know the base rate").
YOU_KNOW_VERBAL = {
    "do", "did", "don't", "dont", "if", "when", "once", "whether", "what", "how", "so", "until",
}
# "I mean" after these is a real verb ("what I mean is").
I_MEAN_VERBAL = {"what", "which", "that", "whatever"}

# ---------------------------------------------------------------------------- structure

# A plan phrase; it is a roadmap when the same sentence lists a sequence (see structure.is_roadmap).
ROADMAP = phrase_pattern(
    [
        "i'll cover", "i will cover", "i'd cover", "i'll structure", "i'd structure",
        "i will structure", "let me structure", "structure my answer", "structure this",
        "structure it", "my structure", "i'll break", "i'd break", "let me break",
        "break this down", "break it down", "break it into", "i'll walk through",
        "let me walk through", "i'll walk you through", "walk you through", "i'll go through",
        "let me go through", "i'll approach", "i'd approach", "my approach", "i'll organize",
        "i'll organise", "i'd organize", "i'd organise", "the plan is", "my plan is",
        "here's how i", "here is how i", "here's my plan", "framework", "i'll use", "i'd use the",
        "i'll start with", "i'd start with", "i will start with", "i'd start by", "i'll start by",
        "let me start by", "let me start with", "i want to start", "start by clarifying",
        "i'll first", "i'd first", "first i'll", "first i'd", "first i will", "first i would",
        "i'll go", "i'd go", "let me go", "i'm going to", "i'll talk about", "i'll look at",
        "i'd look at", "i'll do", "i'll answer", "i'll take", "i'll focus", "i'll end with",
        "i'll finish with", "i'll close with", "i'll wrap up with", "in this order", "go in order",
        "the outline", "outline", "agenda", "star format", "star method", "star", "circles",
        "let me explain", "i'll explain", "let me first", "first clarify", "let me lay out", "lay out", "i'll lay out", "let me cover",
    ]
)
# Answer first, then the reasons: a structure of its own.
ANSWER_FIRST = phrase_pattern(
    ["my answer is", "short answer", "the short answer", "here's why", "here is why", "my pick is",
     "my recommendation is", "i'd pick", "i would pick", "bottom line first", "let me explain why"]
)
# "Three parts", "two things": the answer counts its parts aloud.
ROADMAP_COUNT = phrase_pattern(
    [
        f"{n} {noun}"
        for n in ("two", "three", "four", "five", "a few", "a couple of", "2", "3", "4", "5")
        for noun in (
            "parts", "things", "areas", "steps", "buckets", "pillars", "layers", "levels",
            "phases", "questions", "dimensions", "sections", "stages", "angles", "lenses",
            "components", "groups of metrics", "kinds of metrics", "types of metrics",
            "categories", "blocks", "halves", "sides", "pieces", "groups", "checks", "bars",
        )
    ]
)
# Words that put items of a plan in order.
SEQUENCE = phrase_pattern(
    [
        "then", "after that", "next", "and finally", "finally", "and last", "lastly",
        "followed by", "before", "and end with", "and finish with", "and close with",
        "and wrap up with",
    ]
)
# Sentence-opening markers of a new part (matched on the first few words of a sentence).
SIGNPOSTS = phrase_pattern(
    [
        "first", "firstly", "first of all", "first off", "to start", "to begin", "starting with",
        "start with", "second", "secondly", "third", "thirdly", "fourth", "fifth", "next",
        "after that", "moving on", "move on", "moving to", "turning to", "now let's", "now let me",
        "now for", "now on", "finally", "lastly", "last", "the last", "one more", "step one",
        "step two", "step three", "number one", "number two", "number three", "part one",
        "part two", "the first", "the second", "the third", "the next", "as for", "coming to",
        "let's talk about", "let me talk about", "let's move", "let me move", "that brings me",
        "which brings me", "the situation was", "the situation", "the context was", "the context",
        "the background", "the task was", "my task", "my role", "what i did", "so what i did",
        "the action", "the result", "the results", "the outcome", "as a result", "in the end",
        "to wrap up", "to summarize", "to summarise", "to sum up", "in summary", "so overall",
        "overall", "to recap", "to conclude", "in conclusion", "my recommendation", "the goal",
        "goal first", "goals first", "the north star", "north star", "guardrails",
        "for guardrails", "on guardrails", "trade-offs", "the trade-off", "then on", "then for",
        "then the",
    ]
)
# Discourse openers skipped before looking for a signpost ("And then, the test").
OPENERS = {"and", "so", "but", "okay", "ok", "well", "right", "alright", "now", "oh", "yeah", "yes",
           "also", "plus", "um", "uh", "like"}
# A short fragment starting with these is talk, not a heading ("That's it.", "I agree.").
NOT_HEADER_START = {
    "i", "i'm", "i'd", "i'll", "i've", "we", "we're", "we'd", "we'll", "you", "it", "it's", "that",
    "that's", "this", "they", "there", "there's", "yeah", "yes", "no", "sure", "great", "thanks",
    "thank", "good", "hmm", "hm", "basically", "anyway", "whatever", "he", "she", "which", "what",
    "who", "not", "just", "exactly", "right", "okay", "ok", "cool", "fine", "done",
}
COMMON_VERBS = {
    "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "have", "has", "had", "go",
    "goes", "went", "get", "gets", "got", "make", "makes", "made", "think", "know", "want", "need",
    "can", "could", "would", "should", "will", "may", "might", "must", "say", "said", "see", "saw",
    "use", "used", "look", "looked", "try", "tried", "work", "worked", "means", "mean",
}
# "Offline, ...", "Operationally, ...": an aspect named as the start of a part.
ASPECT_WORDS = {
    "offline", "online", "operationally", "technically", "commercially", "qualitatively",
    "quantitatively", "strategically", "financially", "legally", "ethically", "internally",
    "externally", "short-term", "long-term", "upstream", "downstream", "measuring", "reducing",
    "guardrails", "targets", "metrics", "users", "risks", "costs", "pros", "cons", "segments",
}
# Going back to a topic already left: the mark of associative order.
REVISIT = phrase_pattern(
    ["going back to", "coming back to", "oh and", "oh also", "oh wait",
     "i forgot", "i should have said", "i should also mention", "one thing i forgot", "before i forget",
     "by the way", "where was i", "anyway", "i almost forgot", "actually going back", "also going back"]
)
# Adding one more thing without saying where it fits: the other mark of associative order.
# ADDITIVE_LEAD is matched on a sentence's first words, ADDITIVE anywhere in it.
ADDITIVE_LEAD = phrase_pattern(["also", "and also", "plus", "oh", "and another", "another thing", "and stuff"])
ADDITIVE = phrase_pattern(
    ["again", "could also be", "might also be", "may also be", "would also help", "could also help",
     "help too", "matters too", "as well as that", "and stuff", "or something", "stuff like that",
     "things like that", "and so on"]
)
# Product answers: who the users are...
CLARIFY_USERS = phrase_pattern(
    [
        "who are the users", "who is the user", "who are our users", "who the users", "who uses",
        "who would use", "user segment", "user segments", "segments", "segment", "persona",
        "personas", "target users", "target user", "target audience", "customer segments",
        "the users are", "our users are", "users here", "the main users", "primary users",
        "core users", "two groups", "three groups", "user groups", "types of users",
        "kinds of users", "for people who", "people who", "audience",
        "the users", "our users", "the customers", "our customers", "users who", "customers who", "users i'd", "users i would", "i'd focus on", "focus on", "for whom", "the people",
    ]
)
# ...and what goal or pain the product serves.
CLARIFY_GOAL = phrase_pattern(
    [
        "the goal", "our goal", "goal is", "goal here", "goals", "objective", "mission",
        "why are we", "pain point", "pain points", "pains", "pain", "their needs", "user needs",
        "needs are", "what problem", "the problem", "problem we're", "problem we are",
        "problem is", "problems", "jobs to be done", "struggle", "struggles", "frustrat*",
        "hard for", "hard to", "difficult for", "difficult to", "business goal", "company goal",
        "strategy", "what we want", "we want to", "trying to achieve", "trying to solve",
        "success looks like",
    ]
)
SUMMARY = phrase_pattern(
    [
        "to summarize", "to summarise", "summarizing", "summarising", "in summary", "to sum up",
        "sum it up", "summing up", "so in summary", "so overall", "overall", "all in all",
        "to wrap up", "wrap up", "wrapping up", "to wrap", "to recap", "recap", "in short",
        "in conclusion", "to conclude", "conclusion", "bottom line", "the bottom line", "net net",
        "net-net", "my recommendation", "i'd recommend", "i would recommend", "i recommend",
        "recommendation is", "so my call", "my call is", "my answer is", "so i would launch",
        "i'd launch", "i would launch", "i'd ship", "i would ship", "i would not launch",
        "i wouldn't launch", "so i'd go with", "so i would go with", "i'd go with",
        "i would go with", "i'd prioritize", "i'd prioritise", "i would prioritize",
        "i would prioritise", "so the key", "the key takeaway", "key takeaways", "takeaway",
        "the takeaway", "what i learned", "what i learnt", "the lesson", "i learned", "i learnt",
        "so the answer", "coming back to", "to close", "to finish", "in the end", "so in the end",
        "ultimately", "so the plan", "long story short", "that's the plan", "putting it together",
        "putting it all together", "pulling it together", "tying it together", "tie it together",
        "so net",
        "bring it together", "bring it all together", "bringing it together", "to bring it", "so to answer",
        "that's my pitch", "my pitch", "so my pitch", "so my answer", "so my decision", "my decision is", "so the decision",
    ]
)

# Frameworks by kind: element -> cues. Coverage is shown in the structure reasons.
FRAMEWORKS: dict[str, dict[str, list[str]]] = {
    "behavioral": {
        "situation": [
            "situation", "context", "at the time", "back in", "last year", "when i was",
            "at my previous", "at my last", "i was working", "we were", "the team was", "project",
        ],
        "task": [
            "task", "my role", "i was responsible", "i owned", "my job", "goal was", "i needed to",
            "i had to", "challenge was", "the problem was",
        ],
        "action": [
            "i decided", "i led", "i set up", "i wrote", "i talked", "i met", "i proposed",
            "i built", "i ran", "i pushed", "i organized", "i organised", "i worked", "i started",
            "i asked", "i created", "i went", "i sat down", "i called", "i brought",
        ],
        "result": [
            "result", "as a result", "outcome", "in the end", "we shipped", "we launched",
            "it worked", "improved", "increased", "reduced", "dropped", "grew", "went from",
            "percent", "%", "learned", "learnt", "lesson",
        ],
    },
    "metrics": {
        "goal": [
            "goal", "objective", "mission", "purpose", "why it exists", "what success looks like",
            "success means", "the point of",
        ],
        "user actions": [
            "user journey", "users do", "funnel", "user actions", "behavior", "behaviour",
            "engagement", "adoption", "activation",
        ],
        "north star": [
            "north star", "primary metric", "key metric", "main metric", "success metric",
            "one metric",
        ],
        "input metrics": [
            "input metric", "driver", "leading indicator", "secondary metric", "supporting metric",
            "sub-metric", "diagnostic",
        ],
        "guardrails": [
            "guardrail", "counter metric", "counter-metric", "countermetric", "health metric",
            "watch out", "make sure we don't", "don't want to hurt", "cannibali*",
        ],
        "trade-offs": [
            "trade-off", "tradeoff", "trade off", "at the expense", "balance", "tension", "versus",
            "vs",
        ],
    },
    "product_vision": {
        "comprehend": [
            "clarify", "clarifying", "assume", "assumption", "the goal", "goal is", "objective",
            "mission", "why are we", "constraint", "scope",
        ],
        "customers": [
            "user segment", "segments", "segment", "persona", "target user", "customers",
            "who are the users", "who the users", "user groups", "audience",
        ],
        "needs": [
            "pain point", "pain points", "pain", "needs", "need", "problem", "frustrat*",
            "struggle", "jobs to be done", "use case",
        ],
        "prioritise": [
            "prioriti*", "focus on", "most important", "biggest", "pick", "choose", "narrow",
        ],
        "solutions": ["solution", "idea", "feature", "build", "we could", "option"],
        "trade-offs": [
            "trade-off", "tradeoff", "trade off", "risk", "downside", "cost", "evaluate",
        ],
        "summary": ["summar*", "recommend*", "to wrap up", "in short", "overall"],
    },
    "data_analysis": {
        "clarify metric": [
            "definition", "defined", "how is it measured", "which metric", "clarify",
            "time window", "time frame", "timeframe", "since when", "when did",
        ],
        "data quality": [
            "logging", "instrumentation", "tracking", "data quality", "bug", "pipeline", "broken",
            "data issue",
        ],
        "segment": [
            "segment", "break down", "breakdown", "by platform", "by region", "cohort", "slice",
            "country", "ios", "android", "new users", "device",
        ],
        "hypotheses": [
            "hypothes*", "could be", "might be", "possible cause", "cause", "internal", "external",
            "seasonal*", "competitor",
        ],
        "validate": [
            "validate", "check", "confirm", "query", "look at the data", "data shows", "test",
            "compare",
        ],
        "recommend": ["recommend*", "next step", "action", "fix", "so i would", "so i'd"],
    },
    "ai_technical": {
        "why AI": [
            "why ai", "why machine learning", "why ml", "rules", "heuristic", "baseline",
            "need a model", "rule-based",
        ],
        "model metric": [
            "precision", "recall", "f1", "auc", "accuracy", "error rate", "ndcg", "bleu",
            "word error rate", "latency",
        ],
        "error costs": [
            "false positive", "false positives", "false negative", "false negatives", "cost of",
            "costs more", "worse to", "miss", "missed",
        ],
        "threshold": ["threshold", "operating point", "cutoff", "cut-off", "confidence score"],
        "offline vs online": [
            "offline", "online", "a/b test", "ab test", "experiment", "holdout", "shadow mode",
            "canary",
        ],
        "guardrails": [
            "guardrail", "latency", "cost per", "safety", "bias", "fairness", "privacy",
            "hallucinat*",
        ],
        "human evaluation": [
            "human eval*", "human review", "raters", "labelers", "annotators", "labeling",
            "labelling", "side-by-side", "user research",
        ],
        "launch and rollback": [
            "launch", "rollback", "roll back", "ramp", "rollout", "roll out", "kill switch",
            "go/no-go", "ship",
        ],
    },
}

# A concrete solution: a feature, a model, a product idea.
SOLUTION = phrase_pattern(
    [
        "i would build", "i'd build", "we should build", "we could build", "let's build",
        "i will build", "build a", "build an", "i would add", "i'd add", "we should add",
        "we could add", "add a", "i would create", "i'd create", "create a", "i'd launch a",
        "launch a", "i would launch a", "my idea", "the idea is", "one idea", "first idea",
        "solution is", "the solution", "my solution", "one solution", "feature would",
        "the feature", "a feature", "new feature", "i would design", "i'd design", "design a",
        "we could make", "i would make", "i'd make", "i'd introduce", "introduce a",
        "i would introduce", "what i'd do is", "what i would do is", "imagine a", "an app that",
        "a tool that", "a button", "a chatbot", "an assistant that", "i would implement",
        "i'd implement", "implement a", "we could use", "i'd use an", "i would use an", "i'd put",
        "i would put", "i'd just", "i would just", "straight away",
        "right away i'd", "feature", "features", "i'd do", "i would do", "the first thing would be",
        "an ai that", "an assistant that", "a bot", "a bot that", "i'm imagining", "picture this",
        "imagine", "the product is", "that's the product", "the product:", "my pitch", "the pitch is",
        "what if", "we could offer", "i'd offer", "i would offer", "i'd add", "i'd go with",
    ]
)
# A sentence about not yet proposing ("before I jump into features") is not a solution.
NOT_SOLUTION = phrase_pattern(
    ["before i", "before we", "before jumping", "before diving", "before going", "won't jump",
     "not jump", "don't want to jump", "rather than jumping", "instead of jumping"]
)

# ---------------------------------------------------------------------------- content

# Data elements besides quantities: an experiment or measurement design...
EXPERIMENTS = phrase_pattern(
    [
        "a/b test", "a/b tests", "a/b testing", "ab test", "ab tests", "a b test", "a/b",
        "split test", "experiment", "experiments", "holdout", "hold-out", "hold out",
        "control group", "treatment group", "randomized", "randomised", "pilot", "shadow mode",
        "in shadow", "shadow launch", "backtest", "back-test", "backtesting", "interleaving",
        "interleaved", "canary", "power analysis", "sample size", "minimum detectable effect",
        "statistically significant", "diff-in-diff", "difference in differences", "offline replay",
        "replay", "side-by-side", "blind review",
    ]
)
# ...or a named data source used to decide.
DATA_SOURCES = phrase_pattern(
    [
        "event logs", "the logs", "log data", "logging data", "clickstream", "audit set",
        "labelled set", "labeled set", "golden set",         "audit sample", "labelled sample", "labeled sample", "labelled examples",
        "labeled examples", "survey results", "nps survey",
        "support tickets", "ticket data", "chargeback data", "chargebacks",         "queried", "sql", "data warehouse", "user interviews",
        "interviewed", "diary study", "usability study", "session recordings", "funnel data",
        "cohort analysis", "cohort data", "app store reviews", "crash reports", "telemetry",
        "mixpanel", "amplitude", "looker", "tableau", "bigquery", "historical data",
                "survey results", "our survey", "the survey", "a survey of", "user survey", "ran a survey", "exit survey", "queried the", "query the", "ran a query", "our dashboard", "the dashboard shows", "in the logs", "our logs", "from the logs", "server logs", "app logs", "the data shows", "our data shows", "the data showed",
    ]
)
NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "hundred", "thousand", "million", "billion", "half", "quarter", "dozen", "double",
    "triple",
}
# Units and nouns that make a number a quantity rather than a list position ("three parts").
QUANTITY_UNITS = {
    "percent", "%", "per", "x", "times", "ms", "milliseconds", "seconds", "minutes", "hours",
    "days", "weeks", "months", "years", "users", "customers", "people", "sessions", "orders",
    "transactions", "dollars", "bucks", "k", "m", "million", "thousand", "billion", "hundred",
    "points", "basis", "cents", "requests", "queries", "clicks", "downloads", "installs",
    "signups", "sign-ups", "tickets", "calls", "messages", "items", "videos", "rides", "drivers",
    "riders", "merchants", "sellers", "buyers", "accounts", "alerts", "cases", "labels",
    "examples", "samples", "reviews", "stars", "dau", "mau", "engineers", "pms", "countries",
    "markets", "languages", "ratings", "errors", "incidents",
}
LIST_NOUNS = {
    "parts", "things", "areas", "steps", "buckets", "pillars", "layers", "levels", "phases",
    "questions", "points", "ways", "options", "ideas", "metrics", "dimensions", "categories",
    "segments", "reasons", "groups", "personas", "sections", "stages", "goals", "components",
    "key", "main", "of", "angles", "lenses", "kinds", "types", "sides", "big", "more", "other",
    "hypotheses", "causes",
}
# Before a number these make it a position, not a quantity ("step 2", "option 3").
LIST_PREFIXES = {
    "step", "option", "part", "phase", "number", "point", "version", "v", "level", "tier", "stage",
}


# A single correctness number.
ACCURACY = phrase_pattern(
    [
        "accuracy", "percent correct", "% correct", "how often it's right",
        "how often it is right", "how often it gets it right", "gets it right",
        "correct predictions", "right answers", "correct answers", "correctly classified",
        "correct rate", "correctness",         "answers correctly", "answered correctly", "classifies right", "classified right", "gets right",
    ]
)
PRECISION_OR_RECALL = phrase_pattern(["precision", "recall"])
# With a correctness number, these make it the yardstick ("accuracy above 95%", "measure accuracy"),
# not a passing worry ("riskier on privacy and accuracy").
EVALUATIVE = phrase_pattern(
    ["metric", "metrics", "measure", "measured", "measuring", "evaluate", "evaluated", "judge", "judged",
     "success", "target", "bar", "above", "below", "at least", "over", "under", "threshold", "%",
     "percent", "score", "track", "look at", "want", "care about", "main", "key", "goal", "kpi",
     "report", "compare", "improved", "improve", "dropped", "rose", "stays", "hold", "holds"]
)
# Before "precision"/"recall" these make it a different metric ("citation precision", "recall at five").
PR_COMPOUND_BEFORE = {"citation", "retrieval", "context", "answer", "average", "mean", "top", "label"}
PR_COMPOUND_AFTER = {"at", "@", "@k", "@5", "@10", "oriented"}
# A model that decides with two kinds of error (where metric balance is judged at all).
TWO_ERROR_MODEL = phrase_pattern(
    [
        "classifier", "classifiers", "classify", "classifies", "classification", "detect*", "detector",
        "flag", "flags", "flagged", "flagging", "block", "blocks", "blocked", "blocking", "fraud",
        "spam", "scam", "scams", "moderation", "moderate", "moderator*", "abuse", "abusive", "toxic*",
        "triage", "filter", "filters", "filtering", "routing", "route", "routes", "intent", "refuse",
        "refuses", "refusal*", "alert", "alerts", "wake word", "wake-word", "approve", "decline",
        "reject", "escalat*", "diagnos*", "screening", "false positive*", "false negative*",
        "remove", "removes", "removal", "takedown",
    ]
)
# The two kinds of error, by any of their names.
FALSE_POSITIVE = phrase_pattern(
    [
        "false positive", "false positives", "false alarm", "false alarms", "false flag*",
        "wrongly flag*", "wrongly block*", "wrongly remov*", "wrongly reject*", "wrongly declin*",
        "wrongly deny", "wrongly denied", "incorrectly flag*", "incorrectly block*",
        "incorrectly remov*", "over-block*", "overblock*", "over-flag*", "false block*",
        "false decline*", "false accusation*", "false reject*", "blocking a good", "block a good",
        "blocking good", "blocking legitimate", "legitimate transactions", "legitimate users",
        "good customers", "innocent", "type one", "type i", "false escalation*",
        "unnecessary escalation*", "over-escalat*", "overtriage", "over-triage", "wrong refusal*",
        "over-refus*", "refuses a good", "refusing good",
        "unnecessary", "wasted", "needless*", "annoying alert*", "spurious",
    ]
)
FALSE_NEGATIVE = phrase_pattern(
    [
        "false negative", "false negatives", "miss", "misses", "missed", "missing a",
        "missing real", "slip through", "slips through", "gets through", "get through",
        "let through", "lets through", "undetected", "uncaught", "not caught", "fail to catch",
        "fails to catch", "failing to catch", "under-flag*", "under-block*", "under-triage",
        "undertriage", "type two", "type ii", "missed fraud", "missed abuse", "missed cases",
    ]
)
# Words that weigh one error or metric against the other.
WEIGHING = phrase_pattern(
    [
        "trade-off", "tradeoff", "trade off", "trading off", "versus", "vs", "at the expense",
        "costs more", "cost more", "more costly", "more expensive", "worse than", "more important",
        "prioritize", "prioritise", "favor", "favour", "optimize for", "optimise for", "threshold",
        "operating point", "cost of", "balance", "tune", "rather than", "over precision",
        "over recall",
        "floor", "at least", "at most", "symmetric", "asymmetr*", "catastroph*", "worse", "cheaper", "expensive", "costly", "hurts more", "matters more", "care more",
    ]
)
# Talk about a model's quality (where metric balance matters).
MODEL_QUALITY = phrase_pattern(
    [
        "model", "models", "classifier", "classifiers", "accuracy", "precision", "recall",
        "prediction", "predictions", "predict", "detector", "detection", "ranking model",
        "algorithm", "ml", "ai", "machine learning",
    ]
)
METRIC_NAMES = phrase_pattern(
    [
        "north star", "accuracy", "precision", "recall", "f1",
        "auc", "ndcg", "click-through", "click through", "ctr", "conversion", "conversion rate",
        "retention", "churn", "engagement", "dau", "mau", "wau", "daily active", "monthly active",
        "latency", "nps", "csat", "satisfaction", "time spent", "session length", "revenue",
        "arpu", "ltv", "error rate", "false positive rate", "false negative rate",
        "completion rate", "adoption", "activation", "bleu", "rouge", "perplexity", "hit rate",
        "mrr", "resolution rate", "deflection", "acceptance rate", "win rate", "thumbs up",
        "cost per",
        "chargebacks", "chargeback rate", "complaints", "complaint rate", "escalation rate", "refund rate", "return rate", "abandonment", "time to first token", "p95", "p99",
    ]
)
# In a sentence with a metric, a number or an error, these tie it to a decision, a user outcome
# or the goal. Generic remarks ("important for the business") are deliberately absent.
PRODUCT_LINK = phrase_pattern(
    [
        # a decision
        "launch", "launches", "launched", "ship", "ships", "shipped", "roll out", "rollout",
        "rolled out", "roll back", "rollback", "go/no-go", "go no go", "decide", "decides", "decided",
        "decision", "decisions", "kill", "fund", "invest", "expand", "scale it", "scale up",
        "turn it off", "switch it off", "only if", "as long as", "unless", "the bar", "as the bar",
        "bar for", "gate", "pick the threshold", "set the threshold", "threshold where",
        "threshold at", "threshold so", "threshold to", "tune the threshold", "the trigger",
        # what it means for a user
        "feel", "feels", "lied", "stuck", "frustrat*", "annoy*", "angry", "trust", "come back",
        "comes back", "coming back", "churn", "churns", "give up", "gives up", "complain*",
        "call support", "calling support", "hurts", "hurt", "harm", "harmed", "catastroph*",
        "wasted", "waste", "lose", "loses", "losing", "lost", "safety", "unsafe", "happy", "unhappy",
        "bad experience", "good experience", "embarrass*", "blocked at", "declined at", "at the till",
        # the goal
        "our goal", "the goal", "goal is", "north star", "business reason", "input to", "inputs to",
        "drives", "drive it", "drive the", "ladders up", "the reason we", "so that", "which is why",
        "retention goes", "revenue goes",
        "hurting", "goal", "recommend*", "my recommendation", "keep the", "conclusion", "worth it", "not worth",
        "costing", "cost us", "costs us", "costing us", "drop off", "drops off", "leave", "leaves", "walk away",
    ]
)
# A launch or rollback bar: a tie on its own.
LAUNCH_BAR = phrase_pattern(
    [
        "launch only if", "ship only if", "launch if", "ship if", "roll back if", "rollback if",
        "we'd launch", "we would launch", "i'd launch", "i would launch", "we'd ship", "i'd ship",
        "i would ship", "we'd roll back", "we would roll back", "go/no-go", "launch criterion",
        "launch criteria", "launch bar", "the bar for", "rollback criteria", "kill criteria",
        "i'd pick the threshold", "i would pick the threshold", "set the threshold",
        "i'd set the threshold", "rollout only if", "roll out only if", "expand only if",
    ]
)
# Launch mentioned only as a point in time is not a decision ("a dashboard before and after launch").
LAUNCH_AS_TIME = phrase_pattern(
    ["after launch", "before launch", "post launch", "post-launch", "pre-launch", "at launch",
     "since launch", "after we launch", "before we launch", "once we launch", "after it launches"]
)
# Behavioural answers: hypothetical or habitual rather than a specific past story.
GENERIC_BEHAVIOR = phrase_pattern(
    [
        "i would", "i'd", "i will", "i'll", "i usually", "i always", "i generally", "i typically",
        "i tend to", "i try to", "i like to", "i believe", "i think it's important", "we always",
        "we usually", "we typically", "we would", "you should", "you need to", "you have to",
        "you want to", "you would", "you'd", "one should", "the best way", "in general",
        "generally", "typically", "usually", "my approach is", "my philosophy", "whenever",
        "every time", "in these situations", "in those situations", "in that kind of situation",
        "what i do is", "what i would do", "i make sure", "i always make sure",
    ]
)
PAST_SUBJECT = {"i", "we", "my", "our"}
IRREGULAR_PAST = {
    "was", "were", "had", "did", "made", "took", "told", "went", "built", "ran", "led", "wrote",
    "sat", "saw", "got", "found", "brought", "spoke", "met", "chose", "set", "put", "felt", "knew",
    "thought", "began", "came", "gave", "kept", "left", "lost", "paid", "sent", "spent",
    "understood", "won", "caught", "drew", "drove", "held", "taught", "became", "sold", "shut",
    "split", "cut", "heard", "hired", "fought", "bought", "stood", "meant", "read", "let",
    "overrode", "rewrote", "undertook", "withdrew", "forgot", "broke", "grew", "flew", "hid",
    "shook", "swore", "threw", "woke",
}
# Past tense that reports a state or thought, not an action.
NON_ACTION_PAST = {
    "was", "were", "had", "felt", "thought", "knew", "believed", "wanted", "liked", "hoped",
    "wished", "needed", "seemed", "remembered", "noticed", "realized", "realised",
}
# Words ending in "ed" that are not past tenses.
NOT_PAST = {
    "need", "indeed", "speed", "proceed", "succeed", "exceed", "feed", "seed", "bed", "red",
    "shed", "embed", "breed",
}
PAST_ADVERBS = {
    "then", "also", "finally", "eventually", "quickly", "immediately", "personally", "actually",
    "just", "first", "initially", "later", "still", "really", "basically",
}
STORY_MARKERS = phrase_pattern(
    [
        "last year", "last quarter", "a year ago", "two years ago", "years ago", "months ago",
        "at my previous", "at my last", "at my current", "in my previous", "in my last",
        "when i was at", "when i was working", "back in", "at the time", "one time",
        "there was a time", "i remember", "in 2018", "in 2019", "in 2020", "in 2021", "in 2022",
        "in 2023", "in 2024", "in 2025", "that quarter", "that year", "that week", "that day",
        "the situation was", "the context was",
    ]
)
RESULT_CUES = phrase_pattern(
    [
        "as a result", "the result", "result was", "results were", "in the end", "outcome",
        "we shipped", "we launched", "it shipped", "it launched", "went from", "dropped",
        "dropped by", "increased", "reduced", "cut", "improved", "grew", "saved", "percent", "%",
        "learned", "learnt", "lesson", "which led to", "that led to", "ended up", "afterwards",
        "since then",
    ]
)
HEDGES = phrase_pattern(
    [
        "i think", "i guess", "i suppose", "maybe", "perhaps", "probably", "possibly", "might",
        "not sure", "i'm not sure", "kind of", "sort of", "somewhat", "i feel like",
        "more or less", "i don't know", "dunno", "it depends", "hopefully",
    ]
)

# ---------------------------------------------------------------------------- theory vs application

# Lecture tone: definitions, history, formulas, the general case.
THEORY = phrase_pattern(
    [
        "is defined as", "defined as", "definition", "by definition", "the definition", "formally",
        "in general", "generally speaking", "in theory", "theoretically", "theory", "in principle",
        "historically", "history", "originally", "was introduced", "were introduced",
        "introduced by", "invented", "coined", "came from", "comes from", "dates back", "decades",
        "century", "1950s", "1960s", "1970s", "1980s", "1990s", "in the literature", "literature",
        "textbook", "academic", "academia", "researchers", "paper", "papers", "the formula",
        "formula", "formulas", "equation", "mathematically", "mathematical", "math", "the math",
        "in statistics", "statistics", "statistician*", "statistical theory",
        "in machine learning", "in ml", "in information retrieval", "information retrieval",
        "the concept", "concept of", "conceptually", "is a measure of", "measures how",
        "refers to", "stands for", "is the ratio", "the ratio of", "ratio of", "divided by",
        "divide", "numerator", "denominator", "harmonic mean", "arithmetic mean", "geometric mean",
        "weighted average", "true positives", "true negatives", "true positive", "true negative",
        "area under", "under the curve", "roc curve", "the curve", "curve", "plotted", "plot",
        "x axis", "y axis", "axis", "diagonal", "random classifier", "any classifier",
        "a classifier", "the classifier", "classifiers", "binary classification", "binary",
        "multiclass", "macro", "micro", "averaged", "probability that", "conditional probability",
        "bayes", "bayesian", "prior", "posterior", "likelihood", "variance", "bias-variance",
        "distribution", "distributions", "gaussian", "normal distribution", "hypothesis testing",
        "null hypothesis", "type one error", "type two error", "in other words", "that is to say",
        "the idea is", "the idea behind", "the intuition", "intuitively", "the reason it's called",
        "it's called", "is called", "are called", "known as", "also known", "people use",
        "people often", "practitioners", "in the field", "in practice people", "the term",
        "terminology", "let me explain", "to explain", "explanation", "fundamentally",
        "essentially", "in essence", "so to speak", "trade-off between precision",
        "in information theory", "entropy", "log loss", "cross entropy", "cross-entropy",
        "loss function", "gradient", "derivative", "optimi*", "converge*", "asymptot*", "sum of",
        "product of", "square root", "squared", "logarithm", "the number of", "fraction of",
        "proportion of", "ranges from", "between zero and one", "zero to one", "from zero",
        "perfect classifier", "trivial", "degenerate", "edge case", "symmetric",
        "threshold-independent", "threshold independent", "across all thresholds",
        "every threshold", "each threshold", "is used to", "are used to", "is useful when",
        "is useful for", "widely used", "commonly used", "standard", "classic", "classical",
        "canonical", "famous", "well known", "well-known", "for example in medicine",
        "in medicine", "in medical", "in biology", "in radar", "radar", "world war",
        "signal detection", "psychology", "wikipedia",
        "fifties", "sixties", "seventies", "eighties", "nineties", "nineteen", "two thousand and", "in two thousand", "goes back to", "go back to", "going back to", "traced back", "popularised", "popularized", "the classic", "the famous", "famous example", "for those who don't remember", "state of the art", "research", "and colleagues", "colleagues at", "et al", "professor", "university", "a clever trick", "the trick", "key insight", "the insight", "the problem with", "the advantage", "the disadvantage", "weakness", "in the limit", "parameter", "parameters", "neural network", "the network", "transformer", "transformers", "attention", "token", "tokens", "embedding", "embeddings", "vector", "vectors", "algorithm", "algorithms", "trained on", "trained to", "training data", "quadratic", "linear", "logarithmic", "exponential", "probability", "probabilities", "hypothesis", "hypotheses", "p-value", "significance level", "correction", "procedure", "paradox", "the explanation was", "the lesson in general", "that's when", "refined", "revolutionary", "the standard", "leaderboard", "leaderboards", "benchmarks", "subsequence", "n-gram", "n-grams", "perplexity", "cousin", "the field", "as a field", "metric was", "the measure", "a measure", "score is", "is computed", "computed as", "compute the", "computes", "matrix", "cells", "four kinds", "of outcomes", "proposed", "framework", "frameworks", "model is", "models are", "estimator", "statistic", "regression", "correlation", "causation", "confound*", "sampling", "population", "the mean", "the average", "standard deviation",
        "works by", "is based on", "based on the idea", "consists of", "there are two kinds", "there are two types", "types of", "kinds of", "is a technique", "is a method", "a technique", "the technique", "the approach", "learns", "in the paper", "was published", "published", "prize", "competition", "collaborative filtering", "matrix factorization", "matrix factorisation", "gradient boosting", "decision tree", "decision trees", "random forest", "deep learning", "backpropagation", "reinforcement learning", "supervised", "unsupervised", "dataset", "datasets", "imagenet", "researchers at", "the original", "evolved", "evolution of", "over the years", "nowadays", "what happens is", "the way it works", "how it works", "under the hood", "invented", "inventor", "pioneered", "the concept of", "in academia", "the theory of", "law of", "theorem", "lemma", "proof", "axiom", "equivalently", "formally speaking", "the general idea", "the basic idea", "in a nutshell", "a famous", "the classic example", "classically", "the canonical", "coefficient", "weights", "the loss", "objective function", "the objective", "convex", "sigmoid", "softmax", "logistic", "bayes'", "frequentist", "prior distribution", "posterior distribution", "confidence interval", "central limit", "law of large numbers", "standard error", "degrees of freedom", "chi-squared", "t-test", "anova", "regression to the mean", "simpson's paradox", "paradox",
    ]
)
# "You" as a lecturer uses it: the general case, not the product's user.
LECTURE_YOU = phrase_pattern(
    [
        "if you", "you can't", "you can", "you have", "you get", "you take", "you compute", "you divide",
        "you multiply", "you plot", "you look at", "you looked", "you select", "you test", "you run",
        "you show", "you encode", "you need to understand", "you retrieve", "you search", "you'd expect",
        "you'd type", "you combine", "you count", "you sum", "you average", "you measure", "you train",
        "you quantise", "you quantize", "you sort", "you rank", "you pick", "you'd get", "you would get",
    ]
)
# First-person past tense: a story of what happened, never a lecture.
FIRST_PERSON_PAST = re.compile(
    r"(?<= )(?:i|we) (?:[a-z]+ed|was|were|had|did|made|took|told|went|built|ran|led|wrote|met|sat|got"
    r"|found|set|put|spent|sent|brought|chose|saw|gave|kept|left|lost|paid|sold|won|began|came)(?= )"
)
# Application: our plan, our users, a decision. Bare "we" and "users" are left out: lectures use
# them too ("we divide by the total", "users of a classifier").
APPLICATION = phrase_pattern(
    [
        "we'd", "we'll", "we would", "we will",         "our", "for us", "let's", "i would", "i'd", "i will", "i'll", "i want",
        "my recommendation", "i recommend", "i'd recommend", "for this product", "our product",
        "for this feature", "our users", "our customers", "our team", "launch", "ship", "rollout",
        "roll out", "rollback", "roll back", "decide", "decision", "go/no-go", "threshold for",
        "set the threshold", "a/b test", "experiment", "dashboard", "north star", "guardrail",
        "guardrails", "priorit*", "roadmap", "revenue", "stakeholder*", "pilot", "this quarter",
        "next quarter", "in our case", "here",
    ]
)
# The examples every course uses; talking about them is theory unless they are the asked product.
TEXTBOOK_EXAMPLES = phrase_pattern(
    [
        "cancer", "disease", "diseases", "medical test", "a test for", "pregnancy test",
        "covid test", "spam filter", "spam filters", "email spam", "coin flip", "coin", "dice",
        "the classic example", "a classic example", "textbook example", "toy example",
        "imagine a classifier", "imagine a model", "suppose you have", "suppose we have",
        "say you have", "let's say you have", "if you have a model", "if you have a classifier",
        "haystack", "needle", "the boy who cried wolf", "cried wolf",
        "healthy", "sick", "says healthy", "the patient has", "a test that",
    ]
)
# Interview vocabulary that appears in theory and application alike: never a product keyword.
GENERIC_QUESTION_WORDS = {
    "test", "tests", "testing", "tested", "value", "values", "show", "shows", "showed", "plus",
    "ship", "shipping", "shipped", "result", "results", "significant", "significance", "experiment",
    "experiments", "variant", "variants", "control", "treatment", "lift", "rate", "rates",
    "bring", "feel", "feels", "slow", "fast", "faster", "slower", "take", "takes", "look", "keep",
    "reduce", "lower", "raise", "cut", "cuts", "add", "adding", "pick", "single", "minute", "minutes",
    "seconds", "second", "pitch", "today", "enough", "low", "high", "safe", "can", "stay", "help",
    "helps", "people", "person", "retrieval", "augmented", "retrieval-augmented", "rag", "llm", "llms",
    "language", "generative", "ranking", "ranker", "embedding", "embeddings", "transformer", "neural",
    "network", "recommendation", "recommendations", "recommender", "classification", "detection",
    "prediction", "predictions", "predict", "predicts", "forecast", "answer", "answers", "answering",
    "question", "questions", "latency", "response", "responses", "version", "couple", "change",
    "changes", "find", "finding", "imagine", "inside", "behind", "track", "tracking", "weekly",
    "daily", "monthly", "entire", "whole", "north", "star", "ninety", "sixty", "thirty", "twenty",
    "how", "would", "you", "your", "what", "which", "why", "when", "where", "who", "whom", "whose",
    "measure", "measuring", "success", "successful", "evaluate", "evaluating", "metric", "metrics",
    "model", "models", "design", "improve", "improving", "think", "tell", "about", "time",
    "describe", "explain", "walk", "through", "decide", "approach", "define", "defining", "know",
    "good", "bad", "launch", "launching", "build", "building", "feature", "features", "product",
    "products", "new", "quality", "performance", "precision", "recall", "accuracy", "classifier",
    "system", "work", "working", "make", "making", "sure", "should", "could", "might", "will",
    "want", "give", "example", "situation", "team", "teams", "user", "users", "customer",
    "customers", "our", "their", "they", "them", "this", "that", "these", "those", "there", "here",
    "have", "has", "had", "does", "did", "doing", "done", "do", "get", "set", "use", "using",
    "used", "ai", "ml", "machine", "learning", "is", "are", "was", "were", "be", "been", "being",
    "the", "and", "for", "with", "from", "into", "over", "under", "a", "an", "of", "to", "in",
    "on", "at", "by", "or", "if", "it", "its", "it's", "we", "us", "i", "me", "my", "one", "most",
    "more", "less", "than", "then", "some", "any", "all", "each", "every", "after", "before",
    "week", "weeks", "day", "days", "month", "months", "year", "years", "last", "first", "next",
    "drop", "dropped", "went", "down", "up", "increase", "decrease", "investigate", "diagnose",
    "root", "cause", "just", "also", "right", "wrong", "whether", "goal", "goals", "strategy",
    "vision", "future", "company", "companies", "app", "apps", "platform", "service", "tool",
    "tools", "threshold", "score", "scores", "trade-off", "trade-offs", "tradeoff",
    "tradeoffs", "between", "versus", "vs", "very", "really", "way", "ways", "thing", "things",
    "lot", "data", "analysis", "analyze", "analyse", "someone", "something", "disagree",
    "disagreed", "handled", "handle", "stakeholder", "stakeholders", "project", "projects",
    "managed", "manage", "led", "lead", "failure", "failed", "mistake", "conflict", "difficult",
    "hard", "pm", "manager", "managers", "interview", "five", "three", "two",
    "ten", "like", "yes", "no", "biggest", "important", "key", "main", "top", "best",
}
STOPWORDS = GENERIC_QUESTION_WORDS
