"""Offline redaction of people's and companies' names in transcripts and quoted evidence.

A heuristic, not a named-entity model (nothing here may download one): a capitalised word that
does not start a sentence and is not a common capitalised word (``I``, weekdays, months, product
terms like ``North Star``) is taken for a name. A name seen mid-sentence is also redacted where it
starts a sentence. Runs of such words are one name. A name becomes ``[COMPANY]`` when it is a
well-known company, carries a company suffix (``Inc``, ``Labs``...) or follows ``at``/``joined``;
otherwise ``[PERSON]``. Words of the question itself (its product, say) are kept.

Known limits (docs/exports.md): lower-case names ("uber") and names only ever said at the start
of a sentence slip through; capitalised ordinary words mid-sentence (a product feature named in
capitals) are redacted needlessly; a person named after a company becomes ``[COMPANY]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from interviewer.models import Word

PERSON = "[PERSON]"
COMPANY = "[COMPANY]"

_COMMON_CAPITALISED = """
    i i'm i've i'd i'll im ive id ok okay yes no so and but or then also first second third
    finally monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december q1 q2 q3 q4 h1 h2 english
    american european british chinese indian german french spanish japanese internet web mr mrs
    ms dr ceo cto cfo coo vp pm pms tpm em eng ux ui qa hr api apis sdk sql ai ml llm llms nlp
    gpt kpi kpis okr okrs nps dau mau wau arr mrr roi ltv cac ctr cvr aov gmv sla slo a b ab mvp
    poc faq p0 p1 p2 ios android mac windows linux excel sheets slack jira figma north star
    heart aarm game circles star carl rice kano moscow precision recall accuracy f1 auc roc yeah
    um umm uh uhm er erm hmm ah well like right sure thanks hello hi
"""
COMMON_CAPITALISED = frozenset(_COMMON_CAPITALISED.split())

# Well-known companies candidates name (lower case, one word each). Names that are also common
# words (Target, Square, Zoom, Notion...) are left out: they would be redacted at sentence starts.
_COMPANIES = """
    google alphabet meta facebook instagram whatsapp amazon aws apple microsoft netflix spotify
    uber lyft airbnb stripe openai anthropic deepmind nvidia intel amd ibm oracle salesforce
    adobe linkedin twitter tiktok bytedance snapchat pinterest reddit shopify paypal doordash
    instacart expedia dropbox atlassian canva duolingo coinbase robinhood tesla samsung sony
    alibaba tencent baidu yahoo ebay etsy walmart costco mckinsey bcg deloitte accenture pwc
    kpmg goldman jpmorgan mastercard amex hubspot zendesk twilio databricks snowflake palantir
    cohere mistral huggingface grammarly quora yelp wayfair zillow peloton
"""
COMPANIES = frozenset(_COMPANIES.split())
_SUFFIXES = "inc inc. corp corp. ltd ltd. llc labs technologies systems group gmbh co co."
COMPANY_SUFFIXES = frozenset(_SUFFIXES.split())
COMPANY_CUES = frozenset({"at", "joined", "left", "via", "company", "startup", "competitor"})

_SENTENCE_END = (".", "?", "!", "…")
_EDGE = re.compile(r"^([\"'(\[]*)(.*?)([\"')\].,;:!?…]*)$", re.DOTALL)
_POSSESSIVE = re.compile(r"^(.*?)('s|’s|s'|’)$")


def _split(token: str) -> tuple[str, str, str]:
    """Leading punctuation, the word, trailing punctuation (a possessive stays with the trail)."""
    m = _EDGE.match(token)
    assert m is not None
    lead, core, trail = m.groups()
    p = _POSSESSIVE.match(core)
    if p and len(p.group(1)) > 1:
        core, trail = p.group(1), p.group(2) + trail
    return lead, core, trail


def _is_capitalised(core: str) -> bool:
    return (len(core) > 1 and core[0].isupper() and any(c.islower() for c in core[1:])) or (
        core.lower() in COMPANIES and core[:1].isupper()
    )


def _candidate(core: str, question_words: frozenset[str]) -> bool:
    low = core.lower()
    return _is_capitalised(core) and low not in COMMON_CAPITALISED and low not in question_words


class Redactor:
    """Learns the names in a set of texts, then redacts them in those texts and in others."""

    def __init__(self, question: str = "") -> None:
        self.question_words = frozenset(_split(t)[1].lower() for t in question.split())
        self.names: set[str] = set()

    def learn(self, tokens: Iterable[str]) -> None:
        """Remember the capitalised words that appear mid-sentence (names, not sentence starts)."""
        prev = None
        for tok in tokens:
            lead, core, _ = _split(tok)
            # Quotes are fragments ("... errors never weighed: Um, accuracy"): a colon or an
            # ellipsis starts a sentence there as much as a full stop does.
            sentence_start = prev is None or prev.rstrip("\"')]").endswith(
                (*_SENTENCE_END, ":", "...")
            )
            if (
                not sentence_start
                and not lead.startswith(('"', "“"))
                and _candidate(core, self.question_words)
            ) or (core.lower() in COMPANIES and core.lower() not in self.question_words):
                self.names.add(core.lower())
            prev = tok

    def _is_name(self, core: str) -> bool:
        low = core.lower()
        if low in self.question_words or not core[:1].isupper():
            return False
        return (low in self.names and _candidate(core, self.question_words)) or low in COMPANIES

    def redact_tokens(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        """Runs ``(first, last, replacement)`` over ``tokens``: each run is one name."""
        runs: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            lead, core, trail = _split(tokens[i])
            if not self._is_name(core):
                i += 1
                continue
            j = i
            # A name runs on over further capitalised words until punctuation ends it.
            while not trail and j + 1 < len(tokens):
                _, ncore, ntrail = _split(tokens[j + 1])
                if not (
                    self._is_name(ncore)
                    or (ncore.lower() in COMPANY_SUFFIXES and ncore[:1].isupper())
                ):
                    break
                j += 1
                trail = ntrail
            words = [_split(t)[1].lower() for t in tokens[i : j + 1]]
            before = _split(tokens[i - 1])[1].lower() if i > 0 else ""
            company = (
                any(w in COMPANIES for w in words)
                or any(w in COMPANY_SUFFIXES for w in words)
                or before in COMPANY_CUES
            )
            runs.append((i, j, lead + (COMPANY if company else PERSON) + trail))
            i = j + 1
        return runs

    def text(self, text: str) -> str:
        """Redact free text (a quote, a note); whitespace is normalised to single spaces."""
        tokens = text.split()
        self.learn(tokens)
        out = list(tokens)
        for first, last, repl in reversed(self.redact_tokens(tokens)):
            out[first : last + 1] = [repl]
        return " ".join(out)

    def words(self, words: list[Word]) -> list[Word]:
        """Redact timed words; a multi-word name becomes one word spanning its time."""
        tokens = [w.text for w in words]
        out = list(words)
        for first, last, repl in reversed(self.redact_tokens(tokens)):
            out[first : last + 1] = [
                Word(text=repl, start=words[first].start, end=words[last].end, probability=None)
            ]
        return out
