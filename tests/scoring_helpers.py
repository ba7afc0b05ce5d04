"""What the scorer's tests share: scoring a text against an inline question, the raised flag codes,
the first sentence as the rules read it, the evaluation script as a module, and a labelled file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from interviewer.models import QuestionRef, Score
from interviewer.scoring import score_answer
from interviewer.scoring.text import Answer
from interviewer.timing import estimate

REPO = Path(__file__).resolve().parent.parent


def score_text(
    text: str, question: str, kind: str = "metrics", wpm: float = 150, *, seed: int
) -> Score:
    """Score ``text`` spoken at ``wpm`` (timings from ``seed``) as an answer to ``question``."""
    return score_answer(estimate(text, wpm=wpm, seed=seed), QuestionRef(kind=kind, text=question))


def codes(s: Score) -> set[str]:
    return {f.code for f in s.flags}


def answer_of(text: str, seed: int = 1) -> Answer:
    return Answer(estimate(text, wpm=150, seed=seed))


def first_sentence(text: str, seed: int = 1) -> object:
    return answer_of(text, seed).sentences[0]


def rule_stages(text: str, question: str, kind: str, seed: int) -> tuple[Any, ...]:
    """The rule stages the learned stage reads: answer, context, ramble, structure, content, thresholds."""
    from interviewer.scoring import Thresholds
    from interviewer.scoring import content as content_mod
    from interviewer.scoring import context as context_mod
    from interviewer.scoring import ramble as ramble_mod
    from interviewer.scoring import structure as structure_mod

    th = Thresholds()
    ctx = context_mod.build(QuestionRef(kind=kind, text=question))
    answer = Answer(estimate(text, wpm=150, seed=seed))
    ramble = ramble_mod.detect(answer, ctx, th)
    st = structure_mod.analyse(answer, ctx, th, ramble)
    c = content_mod.analyse(answer, ctx, ramble, th)
    return answer, ctx, ramble, st, c, th


def eval_module() -> ModuleType:
    """``scripts/eval_scorer.py`` as a module, loaded once."""
    return script_module("eval_scorer")


def script_module(name: str) -> ModuleType:
    """``scripts/<name>.py`` as a module (scripts/ is not a package), loaded once."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


LABELLED_FILE = '''id = "{id}"
kind = "metrics"
question = "How would you measure the success of our fraud alerts?"
wpm = 150
seed = 1
speaker = "test"
flags = {flags}
notes = "n"
text = """I'd launch only if fraud losses fall by ten percent in a four-week holdout."""
'''


def labelled_file(stem: str, flags: str = "[]") -> str:
    """A minimal labelled answer in the set's TOML format."""
    return LABELLED_FILE.format(id=stem, flags=flags)
