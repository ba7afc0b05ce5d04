"""The word lists behind the content rules and the theory/application split.

Quantities, experiments and data sources (``no_data``); correctness numbers and the two kinds of
error (``metric_imbalance``); metric names and the ties that link them to a product decision
(``no_product_link``); behavioural specificity; hedges; and the vocabulary of lectures versus
applied answers (``theory_ramble``). Same conventions as ``lexicons``: normalised phrases matched
as whole words, a trailing ``*`` matching any ending.
"""

# fmt: off
# (the lists are kept dense on purpose: one phrase per line would make them unreadable)

from __future__ import annotations

import re

from interviewer.scoring.text import phrase_pattern

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
        # replaying past traffic, not "a replay with comments" (a feature)
        "replay the", "replay last", "replay past", "replay old", "replayed", "replaying",
        "side-by-side", "blind review",
        "a sample of", "random sample", "sampled", "we sampled", "i sampled", "listen to a sample", "spot check", "spot-check", "audit of",
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
# Fractions and ratios spoken as words: quantities too ("one in five", "a third of").
FRACTION = re.compile(
    r"(?<= )(?:one in (?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred|a thousand)"
    r"|a third of|two thirds|a quarter of|three quarters|half of (?:our|the|all)|twice as|three times"
    r"|ten times|double the|halve|halved|doubled|tripled)(?= )"
)
# Numbers too large to be a count of points in a list.
BIG_NUMBER_WORDS = {
    "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "hundred", "thousand", "million", "billion", "dozen",
}
# Words after a number that do not make it a quantity ("twenty of them", "fifty and ...").
NOT_A_UNIT = {"of", "and", "or", "to", "the", "a", "is", "are", "was", "were", "it", "them", "that", "which"}
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
        "correctly", "accurate", "be right", "is right", "get right", "got right", "gets the right", "right prediction", "right predictions", "correct classification", "classification accuracy", "overall accuracy", "top-1 accuracy",
    ]
)
PRECISION_OR_RECALL = phrase_pattern(["precision", "recall"])
# One side of the two errors under another name: still a single correctness number.
PRECISION_SYNONYMS = phrase_pattern(
    ["hit rate", "positive predictive value", "ppv", "confirmation rate", "confirmed rate"]
)
RECALL_SYNONYMS = phrase_pattern(
    ["catch rate", "detection rate", "sensitivity", "true positive rate", "tpr"]
)
# With a correctness number, these make it the yardstick ("accuracy above 95%", "measure accuracy"),
# not a passing worry ("riskier on privacy and accuracy").
EVALUATIVE = phrase_pattern(
    ["metric", "metrics", "measure", "measured", "measuring", "evaluate", "evaluated", "judge", "judged",
     "success", "target", "bar", "above", "below", "at least", "over", "under", "threshold", "%",
     "percent", "score", "track", "look at", "want", "care about", "main", "key", "goal", "kpi",
     "report", "compare", "improved", "improve", "dropped", "rose", "stays", "hold", "holds",
     "matters", "what matters", "focus on", "has to be", "needs to be", "must be", "should be",
     # "it should be right as much as possible": the modal is left once "be right" is taken out
     "should", "must", "has to", "needs to", "north star"]
)
# An error, by any name, and a comparison of what it costs: "the worst failure is omission",
# "a wrong caption is worse than a late one", "missed fraud costs far more".
ERROR_WORDS = phrase_pattern(
    ["error", "errors", "mistake", "mistakes", "failure", "failures", "miss", "misses", "missed",
     "missing", "omission", "omissions", "wrong", "false positive*", "false negative*",
     "false alarm*", "false block*", "false accept*", "false reject*"]
)
COSTS_MORE = phrase_pattern(
    ["worse than", "worse", "worst", "costliest", "more costly", "costs more", "cost more", "more expensive",
     "more heavily", "cheaper", "less costly", "matters more", "hurts more", "more harmful",
     "more damaging", "only an annoyance", "just an annoyance", "outweigh*", "weigh*"]
)
# Before "precision"/"recall" these make it a different metric ("citation precision", "recall at five").
PR_COMPOUND_BEFORE = {"citation", "retrieval", "context", "answer", "average", "mean", "top", "label"}
PR_COMPOUND_AFTER = {"oriented"}
# A model that decides with two kinds of error (where metric balance is judged at all).
TWO_ERROR_MODEL = phrase_pattern(
    [
        "classifier", "classifiers", "classify", "classifies", "classification", "detect*", "detector",
        "flag", "flags", "flagged", "flagging", "block", "blocks", "blocked", "blocking", "fraud",
        "spam", "scam", "scams", "moderation", "moderate", "moderator*", "abuse", "abusive", "toxic*",
        "triage", "filter", "filters", "filtering", "routing", "route", "routes", "intent", "refuse",
        "refuses", "refusal*", "alert", "alerts", "wake word", "wake-word", "approve", "decline",
        "reject", "escalat*", "diagnos*", "screening",
        "false positive*", "false negative*",
        "remove", "removes", "removal", "takedown",
        # triage by urgency, and an assistant that answers or hands off to a human
        "urgency", "urgent", "emergency", "symptom checker", "symptom*", "containment",
        "hand-off*", "handoff*", "hand off", "hands off", "deflect*", "human agent",
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
        "unnecessary", "needless*", "annoying alert*", "spurious",
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
# Naming the two errors as a pair is weighing them.
BOTH_ERRORS = phrase_pattern(
    ["both errors", "both kinds of error", "both kinds of errors", "both types of error", "both types of errors",
     "two kinds of error", "two kinds of errors", "two types of error", "two types of errors", "two errors",
     "two kinds of mistakes", "two kinds of mistake", "both mistakes", "which error", "which mistake",
     "each error", "each kind of error", "each type of error", "cost of each error", "errors aren't equal",
     "errors are not equal", "errors don't cost the same", "mistakes don't cost the same", "not symmetric",
     "asymmetric", "asymmetry"]
)
# Words that weigh one error or metric against the other.
WEIGHING = phrase_pattern(
    [
        "trade-off", "tradeoff", "trade off", "trading off", "versus", "vs", "at the expense",
        "costs more", "cost more", "more costly", "more expensive", "worse than", "more important",
        "prioritize", "prioritise", "favor", "favour", "optimize for", "optimise for", "threshold",
        "operating point", "cost of", "balance", "tune", "rather than", "over precision",
        "over recall",
        # one of them as the bar, the other as its price: "recall is the gate, and precision is
        # what it costs us in reviewer hours"
        "the gate", "costs us", "what it costs",
        "floor", "at least", "at most", "symmetric", "asymmetr*", "catastroph*", "worse", "cheaper", "expensive", "costly", "hurts more", "matters more", "care more",
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
# A product link is a decision with its condition, a user with what happens to them, or the goal.
DECISION = phrase_pattern(
    [
        "launch", "launches", "launched", "ship", "ships", "shipped", "shipping", "roll out", "rollout",
        "rolled out", "roll back", "rollback", "go/no-go", "go no go", "decide", "decides", "decided",
        "decision", "decisions", "kill", "fund", "invest", "expand", "scale", "turn it off", "turn off",
        "switch", "keep", "pick", "choose", "set the threshold", "threshold", "priorit*", "retrain",
        "pause", "stop", "hold back", "revert", "extend", "go ahead", "green light", "greenlight",
        "move forward", "pull the plug", "escalate", "invest in", "double down", "recommend*",
        "roll it out", "roll it back", "rolled it out", "ship it", "launch it", "expand it", "turn it on", "switch it on", "scale it",
    ]
)
CONDITION = phrase_pattern(
    [
        "if", "only if", "unless", "as long as", "when", "once", "until", "the bar", "threshold",
        "above", "below", "at least", "at most", "drops", "drop", "falls", "rises", "goes up",
        "goes down", "stays", "holds", "beats", "to decide", "so we can", "so that we", "tells us",
        "whether", "based on", "depending on", "criterion", "criteria", "rule", "so i'd", "so we'd",
        "so i would", "so we would", "which means", "that means", "my recommendation",
    ]
)
USER_NOUNS = phrase_pattern(
    [
        "customer", "customers", "user", "users", "driver", "drivers", "rider", "riders", "patient",
        "patients", "shopper", "shoppers", "buyer", "buyers", "seller", "sellers", "merchant",
        "merchants", "listener", "listeners", "viewer", "viewers", "reader", "readers", "learner",
        "learners", "developer", "developers", "advertiser", "advertisers", "creator", "creators",
        "people", "member", "members", "player", "players", "student", "students", "employee",
        "employees", "agent", "agents", "cardholder", "cardholders", "traveller*", "traveler*", "host",
        "hosts", "guest", "guests", "someone", "a person", "nurse", "nurses", "doctor", "doctors",
        "clinician*", "writer", "writers", "editor", "editors", "parent", "parents", "family",
        "families", "they", "them", "their",     ]
)
USER_IMPACT = phrase_pattern(
    [
        "stuck", "blocked", "declined", "wait", "waits", "waiting", "frustrat*", "annoy*", "angry",
        "lose", "loses", "lost", "losing", "churn*", "give up", "gives up", "leave", "leaves",
        "abandon*", "harm*", "hurt*", "trust", "complain*", "call support", "calls support",
        "calling support", "miss", "misses", "missed", "embarrass*", "unsafe", "safe", "danger*",
        "cost them", "costs them", "pay", "pays", "charged", "happy", "unhappy", "come back",
        "comes back", "coming back", "return", "returns", "save time", "saves time", "waste*",
        "stop using", "stops using", "turn off", "turns off", "switch off", "switches off", "uninstall*",
        "cancel*", "refund*", "late", "lied", "confus*", "rely", "relies",
        "depend", "depends",         "feel cheated", "feel lied", "feels wrong", "feel safe", "feels safe",
    ]
)
GOAL_TIE = phrase_pattern(
    [
        "our goal", "the goal", "goal is", "north star", "input to", "inputs to",
        "drives our", "drives the", "drive our", "drive the", "moves our", "moves the", "business goal",
        "retention goal", "revenue goal", "company goal", "mission", "the reason we", "what we want",
        "what success looks like", "success means", "the point of", "which is what", "feeds",
        "leading indicator", "counter-metric", "business impact", "the business cares",
        "bottom line", "pays the bills",             ]
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
        # years as they are spoken
        "in twenty twenty*", "in twenty nineteen", "in twenty eighteen", "in twenty seventeen",
        "in two thousand and *",
    ]
)
# What happened, concretely (GUIDE.md: "a number, a launch, a decision, a changed process"). The
# words that announce a result ("the outcome:", "in the end", "as a result") are not in it: "The
# outcome: it went really well" announces one and gives none.
RESULT_CUES = phrase_pattern(
    [
        # a change, by its verb or a number
        "went from", "dropped", "dropped by", "increased", "reduced", "cut", "improved", "grew",
        "saved", "percent", "%", "doubled", "halved", "tripled", "fell", "rose", "went up",
        "went down", "came down", "climbed", "declined", "shrank",
        # a launch or a decision taken
        "we shipped", "we launched", "it shipped", "it launched", "shipped", "launched",
        "went live", "rolled out", "rolled it out", "adopted", "approved", "signed off",
        "we decided", "they decided", "was decided", "became the default", "made it the default",
        "we killed", "was killed", "we stopped", "we dropped", "cancelled", "canceled",
        # a changed process, or the lesson taken from it
        "from then on", "since then", "now we", "we now", "is now", "are now", "learned",
        "learnt", "lesson",
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
# A year ("in 1998", "2017") places a sentence in history.
YEAR = re.compile(r"(?<= )(?:in |since |by )?(?:1[89][0-9]{2}|20[0-2][0-9])s?(?= )")
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
# First person as a lecturer uses it: "I'd say", "let's say you have". Not a plan for the product.
LECTURE_FIRST_PERSON = phrase_pattern(
    ["i'd say", "i would say", "i'd argue", "i would argue", "i'll explain", "let me explain", "let's say",
     "let's take", "let's look at", "let's consider", "let's imagine", "let's assume", "i'd like to explain",
     "i want to explain", "i'll give", "i'll walk through the", "i'll define", "let me define", "i'd define",
     "i'll start with the history", "let me start with the history", "we'll see", "we'll come back",
     # naming a term, as a textbook does: "what we call the sensitive period"
     "what we call", "we call it", "we call this", "we call them", "we call that"]
)
# First-person present tense of a plan ("I check the logs", "I split by region").
FIRST_PERSON_PLAN = re.compile(
    r"(?<= )(?:i|we) (?:check|look|compare|split|listen|measure|run|test|pull|query|segment|ask|talk|use"
    r"|build|set|pick|track|launch|ship|start|review|sample|label|call|watch|monitor|verify|confirm)(?= )"
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
    # ML concepts a question may ask about, and a lecture may define: not the product itself
    "drift", "shift", "detect", "detecting", "respond", "responding", "hallucination",
    "hallucinations", "fairness", "robustness", "calibration", "overfitting",
}
