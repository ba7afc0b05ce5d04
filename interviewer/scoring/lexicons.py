"""The word lists behind the filler and structure rules, written for spoken AI PM answers.

Each list is a set of normalised phrases (lower case, no punctuation; see ``text.normalise``)
matched as whole words; a trailing ``*`` matches any ending ("optimi*"). They are kept apart from
the rules so a reader can see exactly which words move a score, and so the rules stay short.
"""

# fmt: off
# (the lists are kept dense on purpose: one phrase per line would make them unreadable)

from __future__ import annotations

# Re-exported: the question bank's tests check keywords against the theory and generic lists.
from interviewer.scoring.content_lexicon import GENERIC_QUESTION_WORDS, THEORY  # noqa: F401
from interviewer.scoring.text import phrase_pattern

# ---------------------------------------------------------------------------- fillers

# Always fillers when spoken (sounds, and words that carry nothing in an answer).
FILLER_SOUNDS = {"um", "umm", "uh", "uhh", "uhm", "erm", "er", "hmm", "hm", "mm", "mhm"}
FILLER_WORDS = {"basically", "actually"}
# Multi-word fillers, counted once each. Each has contexts where it is not a filler (see pacing).
FILLER_PHRASES = ("you know", "i mean", "kind of", "sort of")
# Words that are fillers only when set apart by a comma or a pause ("so, um", "it was, like, big").
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
        # GUIDE: "Then there is X" opening a new part counts as a signpost
        "then there is", "then there's", "then there are",
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
# A story's first words that give away its ending.
RESULT_OPENING = phrase_pattern(
    ["in the end", "the result", "the outcome", "as a result", "ultimately", "eventually",
     "we ended up", "i ended up", "long story short", "spoiler"]
)
# Idioms that repeat for emphasis, not to return to a topic ("again and again").
NOT_REVISIT = phrase_pattern(
    ["again and again", "time and again", "over and over", "over and over again", "once again",
     "yet again", "never again", "again next", "do it again", "try again", "again later"]
)
# Adding one more thing without saying where it fits: the other mark of associative order.
# ADDITIVE_LEAD is matched on a sentence's first words, ADDITIVE anywhere in it.
ADDITIVE_LEAD = phrase_pattern(
    ["also", "and also", "plus", "oh", "and another", "another thing", "and stuff", "there's also",
     "then there's also", "what else", "but also", "and then also", "but then also", "i guess also",
     "anyway", "and oh", "oh and", "actually also", "back to", "and back to", "so back to",
     "speaking of", "that reminds me", "which reminds me"]
)
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
        "what else", "i guess also", "there's also the", "forgot to say", "should have said",
        "split into", "splits into", "fall into", "falls into", "divide into", "divided into",
        "users are", "customers are", "who is this for", "who it's for", "who we're building for", "who we are building for", "power users", "new users", "first-time", "drivers who", "riders who", "shoppers who", "patients who", "parents who", "students who", "people like", "our riders", "our drivers", "our shoppers", "our listeners", "our readers", "our sellers", "our buyers", "our members", "our patients", "our learners",
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
        "wants to", "trying to", "struggle with", "hard", "difficult", "annoy*", "takes too long", "too long", "can't", "cannot", "don't know", "hate", "waste", "wastes", "drop off", "drops off", "churn", "why they", "the job", "outcome", "success for", "we're optimising for", "we're optimizing for", "optimise for", "optimize for",
    ]
)
SUMMARY = phrase_pattern(
    [
        "to summarize", "to summarise", "summarizing", "summarising", "in summary", "to sum up",
        "summing up", "so in summary", "so overall", "overall", "all in all",
        # Not "to finish", "to close", "to wrap": "hurrying to finish" closes nothing, and
        # dropping them cost nothing on any labeller.
        "to wrap up", "wrap up", "wrapping up", "to recap", "recap", "in short",
        "in conclusion", "to conclude", "conclusion", "bottom line", "the bottom line", "net net",
        "net-net", "my recommendation", "i'd recommend", "i would recommend", "i recommend",
        "recommendation is", "so my call", "my call is", "my answer is", "so i would launch",
        "i'd launch", "i would launch", "i'd ship", "i would ship", "i would not launch",
        "i wouldn't launch", "so i'd go with", "so i would go with", "i'd go with",
        "i would go with", "i'd prioritize", "i'd prioritise", "i would prioritize",
        "i would prioritise", "so the key", "the key takeaway", "key takeaways", "takeaway",
        "the takeaway", "what i learned", "what i learnt", "the lesson", "i learned", "i learnt",
        "so the answer", "coming back to the question", "coming back to your question",
        "coming back to my recommendation", "in the end", "so in the end",
        "ultimately", "so the plan", "long story short", "that's the plan", "so net",
        "to bring it", "so to answer",
        # "putting it all together", "to pull it together", "sum it up": see structure._GATHER
        "that's my pitch", "my pitch", "so my pitch", "so my answer", "so my decision", "my decision is", "so the decision",
        # the lesson a story closes on
        "taught me", "showed me that", "told me more", "since then i", "now i always", "from then on",
        "i now always", "what it taught", "i took away", "my takeaway",
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
