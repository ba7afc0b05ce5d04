"""The question bank: the bundled content, round picking, broken user files, and the wheel.

The bundled bank is what candidates practise on, so its size and shape are checked here; broken
files must fail with one line that tells the user which file, question and field to fix.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer import bank as bank_mod
from interviewer.errors import UserError
from interviewer.models import KINDS

REPO = Path(__file__).resolve().parent.parent
INTERVIEWER = Path(sys.executable).with_name("interviewer")

SPOKEN_ACRONYMS = {"AI", "PM", "LLM", "CRM", "OCR"}

MINIMUMS = {
    "metrics": 22,
    "ai_technical": 14,
    "product_vision": 17,
    "data_analysis": 14,
    "behavioral": 17,
}


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(INTERVIEWER), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def bundled() -> bank_mod.Bank:
    return bank_mod.load()


# ------------------------------------------------------------------ the bundled content


def test_bundled_bank_has_every_kind_with_enough_questions(bundled: bank_mod.Bank) -> None:
    counts = Counter(q.kind for q in bundled.questions.values())
    assert set(counts) == set(KINDS)
    for kind, minimum in MINIMUMS.items():
        assert counts[kind] >= minimum, f"{kind}: {counts[kind]} < {minimum}"


def test_each_kind_lives_in_its_own_file(bundled: bank_mod.Bank) -> None:
    for q in bundled.questions.values():
        assert Path(q.source or "").name == f"{q.kind}.toml", q.id
        assert q.id.startswith(f"{q.kind}."), q.id


def test_questions_are_complete_and_spoken_friendly(bundled: bank_mod.Bank) -> None:
    texts = set()
    for q in bundled.questions.values():
        assert 5 <= len(q.keywords) <= 12, q.id
        assert 4 <= len(q.elements) <= 8, q.id
        assert 2 <= len(q.follow_ups) <= 4, q.id
        assert len(set(k.lower() for k in q.keywords)) == len(q.keywords), q.id
        # Read aloud by TTS: full sentences ending in a question mark or full stop, no markup.
        assert q.text[-1] in "?.", q.id
        assert not any(mark in q.text for mark in ("*", "#", "`", "e.g.", "i.e.", "(", "/")), q.id
        # Acronyms espeak spells letter by letter are fine; others ("ETA") it reads as a word.
        assert set(re.findall(r"\b[A-Z]{2,}\b", q.text)) <= SPOKEN_ACRONYMS, q.id
        assert not re.search(r"\d", q.text), f"{q.id}: write numbers as words for speech"
        assert q.text not in texts, f"duplicate text: {q.id}"
        texts.add(q.text)
        if q.kind != "behavioral":
            assert q.product, q.id


def test_keywords_are_about_the_product_not_theory(bundled: bank_mod.Bank) -> None:
    """Keywords tell application from lecture, so none may be lecture vocabulary or generic
    interview words (the scorer ignores those, so such a keyword would be dead weight)."""
    lexicons = pytest.importorskip("interviewer.scoring.lexicons")
    theory = getattr(lexicons, "THEORY", None)
    generic = getattr(lexicons, "GENERIC_QUESTION_WORDS", None)
    if theory is None or generic is None:
        pytest.skip("the scorer's lexicons changed shape")
    problems = []
    for q in bundled.questions.values():
        for keyword in q.keywords:
            words = keyword.lower().replace("-", " ").replace("/", " ").split()
            if theory.search(f" {keyword.lower()} ") or all(w in generic for w in words):
                problems.append(f"{q.id}: {keyword!r}")
    assert problems == []


def test_budgets_default_by_kind(bundled: bank_mod.Bank) -> None:
    from interviewer.models import DEFAULT_BUDGET_S

    for q in bundled.questions.values():
        assert q.budget_s == DEFAULT_BUDGET_S[q.kind], q.id


def test_metrics_questions_make_error_costs_the_crux(bundled: bank_mod.Bank) -> None:
    """Many metrics questions must be about precision/recall, thresholds or error costs."""
    words = ("precision", "recall", "threshold", "false", "error", "miss", "wrong")
    metrics = bundled.by_kind("metrics")
    about_errors = [
        q for q in metrics if any(w in " ".join([q.text, *q.elements]).lower() for w in words)
    ]
    assert len(about_errors) >= len(metrics) // 2
    # ... and every one ties the metric to a decision.
    decision = ("decision", "decide", "launch", "ship", "drive", "trigger", "action", "threshold")
    for q in metrics:
        body = " ".join([q.text, *q.elements]).lower()
        assert any(w in body for w in decision), q.id


def test_bundled_rounds_exist_and_have_the_required_shape(bundled: bank_mod.Bank) -> None:
    for name in ("screen", "metrics-deep-dive", "behavioral", "full-loop", "ai-technical"):
        assert name in bundled.rounds
    screen = bundled.rounds["screen"]
    assert [s.kind for s in screen.sections] == ["metrics", "product_vision", "behavioral"]
    assert screen.question_count == 3
    full = bundled.rounds["full-loop"]
    assert [s.kind for s in full.sections] == [
        "metrics",
        "data_analysis",
        "product_vision",
        "ai_technical",
        "behavioral",
    ]
    assert all(1 <= s.count <= 2 for s in full.sections)
    deep = bundled.rounds["metrics-deep-dive"]
    assert 3 <= deep.question_count <= 4
    assert {s.kind for s in deep.sections} <= {"metrics", "ai_technical"}
    assert [s.kind for s in bundled.rounds["behavioral"].sections] == ["behavioral"]
    assert bundled.rounds["behavioral"].question_count == 3


def test_default_round_setting_is_a_bundled_round(bundled: bank_mod.Bank) -> None:
    from interviewer.settings import Settings

    assert Settings().ui.default_round == "screen"
    assert "screen" in bundled.rounds


# ------------------------------------------------------------------ picking questions


@pytest.mark.parametrize("seed", range(5))
def test_every_round_resolves_to_the_right_kinds(bundled: bank_mod.Bank, seed: int) -> None:
    for template in bundled.rounds.values():
        picked = bundled.pick(template, rng=random.Random(seed))
        assert len(picked) == template.question_count
        assert len({q.id for q in picked}) == len(picked), template.name
        expected: list[str] = []
        for section in template.sections:
            if section.questions:
                expected.extend(bundled.question(qid).kind for qid in section.questions)
            else:
                expected.extend([section.kind or ""] * section.count)
        assert [q.kind for q in picked] == expected, template.name


def test_pick_avoids_recent_questions(bundled: bank_mod.Bank) -> None:
    template = bundled.rounds["behavioral"]
    pool = [q.id for q in bundled.by_kind("behavioral")]
    recent = pool[:-3]  # every behavioural question but three was asked recently
    for seed in range(10):
        picked = bundled.pick(template, avoid=recent, rng=random.Random(seed))
        assert {q.id for q in picked} == set(pool[-3:])


def test_pick_prefers_the_least_recently_asked(bundled: bank_mod.Bank) -> None:
    template = bundled.rounds["screen"]
    # All metrics questions asked; the oldest (last in the most-recent-first list) wins.
    metrics = [q.id for q in bundled.by_kind("metrics")]
    picked = bundled.pick(template, avoid=metrics, rng=random.Random(1))
    assert picked[0].id == metrics[-1]


def test_fixed_question_sections_keep_their_order(bundled: bank_mod.Bank) -> None:
    template = bundled.rounds["warm-up"]
    ids = [q.id for q in bundled.pick(template)]
    assert ids == template.sections[0].questions


def test_pick_explains_a_too_small_bank(tmp_path: Path) -> None:
    f = tmp_path / "tiny.toml"
    f.write_text(
        _question_toml("mine.one", kind="metrics")
        + '[[round]]\nname = "big"\ntitle = "Big"\n'
        + 'sections = [{ name = "m", kind = "metrics", count = 2 }]\n'
    )
    b = bank_mod.load([f], include_bundled=False)
    with pytest.raises(UserError, match="wants 2 metrics questions; the bank has 1"):
        b.pick(b.round("big"))


def test_unknown_question_and_round_lookups(bundled: bank_mod.Bank) -> None:
    with pytest.raises(UserError, match="no question 'nope'"):
        bundled.question("nope")
    with pytest.raises(UserError, match=r"known rounds: .*screen"):
        bundled.round("nope")


# ------------------------------------------------------------------ broken files


def _question_toml(
    qid: str = "mine.q1", *, kind: str = "metrics", drop: str = "", **extra: str
) -> str:
    fields = {
        "id": f'"{qid}"',
        "kind": f'"{kind}"',
        "text": '"How would you measure the success of a ride sharing app?"',
        "elements": '["a north star", "guardrails"]',
        **extra,
    }
    body = "".join(f"{k} = {v}\n" for k, v in fields.items() if k != drop)
    return f"[[question]]\n{body}\n"


BROKEN: dict[str, tuple[str, list[str]]] = {
    # name: (file content, words the one-line error must contain besides the file name)
    "bad-toml": ('[[question]]\nid = "mine.q1"\ntext = "unterminated\n', ["invalid TOML", "line"]),
    "missing-field": (_question_toml(drop="elements"), ["'mine.q1'", "elements", "required"]),
    "wrong-kind": (_question_toml(kind="marketing"), ["'mine.q1'", "kind", "behavioral"]),
    "duplicate-id": (_question_toml() + _question_toml(), ["'mine.q1'", "id already used"]),
    "duplicate-bundled-id": (
        _question_toml("metrics.fraud-alert-precision"),
        ["'metrics.fraud-alert-precision'", "id already used", "metrics.toml"],
    ),
    "unknown-question-in-round": (
        _question_toml()
        + '[[round]]\nname = "mine"\ntitle = "Mine"\n'
        + 'sections = [{ name = "first", questions = ["mine.q1", "mine.ghost"] }]\n',
        ["round 'mine'", "sections", "'mine.ghost'"],
    ),
    "question-not-a-table": ("question = [1, 2]\n", ["question #1", "table"]),
    "question-not-an-array": ('question = "what is a metric?"\n', ["[[question]]"]),
    "round-not-a-table": ('round = ["screen"]\n', ["round #1", "dictionary"]),
    "bad-field-type": (_question_toml(budget_s='"five minutes"'), ["'mine.q1'", "budget_s"]),
    "unknown-field": (_question_toml(follow_up='["typo"]'), ["'mine.q1'", "follow_up"]),
    "bad-id": (_question_toml("Mine Q1"), ["question 'Mine Q1'", "field 'id'", "pattern"]),
    "unknown-top-level": ('[questions]\nid = "x"\n', ["'questions'"]),
    "round-without-sections": (
        '[[round]]\nname = "empty"\ntitle = "E"\n',
        ["round 'empty'", "sections"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_gives_one_line_naming_file_question_and_field(
    tmp_path: Path, case: str
) -> None:
    content, words = BROKEN[case]
    f = tmp_path / f"{case}.toml"
    f.write_text(content, encoding="utf-8")
    result = run_cli("bank", "validate", str(f))
    assert result.returncode == 1, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("interviewer: error: ")
    assert str(f) in line
    assert "Traceback" not in line
    for word in words:
        assert word in line, (word, line)


def test_validate_reports_binary_and_missing_files(tmp_path: Path) -> None:
    f = tmp_path / "binary.toml"
    f.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(UserError, match="not a UTF-8 text file"):
        bank_mod.validate(f)
    with pytest.raises(UserError, match="no such file"):
        bank_mod.validate(tmp_path / "missing.toml")


def test_validate_accepts_a_good_file_and_the_bundled_bank(tmp_path: Path) -> None:
    f = tmp_path / "good.toml"
    f.write_text(_question_toml("mine.q1") + _question_toml("mine.q2", kind="behavioral"))
    result = run_cli("bank", "validate", str(f))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"ok: {f}")
    result = run_cli("bank", "validate")
    assert result.returncode == 0, result.stderr
    total = sum(MINIMUMS.values())
    count = int(result.stdout.split(": ")[2].split()[0])
    assert count >= total
    # A bundled file named explicitly is not a duplicate of itself.
    one = REPO / "question_bank" / "questions" / "metrics.toml"
    assert run_cli("bank", "validate", str(one)).returncode == 0


def test_user_round_may_use_bundled_questions(tmp_path: Path) -> None:
    f = tmp_path / "rounds.toml"
    f.write_text(
        '[[round]]\nname = "mine"\ntitle = "Mine"\n'
        'sections = [{ name = "fixed", questions = ["behavioral.launch-rollback"] },'
        ' { name = "drawn", kind = "metrics", count = 2 }]\n'
    )
    b = bank_mod.validate(f)
    picked = b.pick(b.round("mine"), rng=random.Random(0))
    assert picked[0].id == "behavioral.launch-rollback"
    assert [q.kind for q in picked[1:]] == ["metrics", "metrics"]


# ------------------------------------------------------------------ the CLI listing


def test_bank_list_json_lists_every_bundled_question(bundled: bank_mod.Bank) -> None:
    result = run_cli("bank", "list", "--json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert {q["id"] for q in listed} == set(bundled.questions)
    assert all("source" not in q for q in listed)
    assert {"keywords", "elements", "follow_ups", "budget_s"} <= set(listed[0])


def test_user_file_from_bank_option_shows_up(tmp_path: Path) -> None:
    f = tmp_path / "mine.toml"
    f.write_text(_question_toml("mine.rides", kind="product_vision"))
    for args in (
        ["--bank", str(f), "bank", "list", "--json"],
        ["bank", "list", "--json", "--bank", str(f)],
    ):
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
        ids = [q["id"] for q in json.loads(result.stdout)]
        assert "mine.rides" in ids
        assert "metrics.fraud-alert-precision" in ids
        mine = next(q for q in json.loads(result.stdout) if q["id"] == "mine.rides")
        assert mine["budget_s"] == 720.0


def test_user_folder_from_settings_shows_up(tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "questions"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.toml").write_text(_question_toml("mine.a", kind="behavioral"))
    (home / "config.toml").write_text(f'[bank]\npaths = ["{folder}"]\n')
    result = run_cli("bank", "list", "--json", "--kind", "behavioral")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert "mine.a" in {q["id"] for q in listed}
    assert {q["kind"] for q in listed} == {"behavioral"}


def test_bank_list_filters_by_kind(bundled: bank_mod.Bank) -> None:
    for kind in ("metrics", "data_analysis"):
        result = run_cli("bank", "list", "--json", "--kind", kind)
        assert result.returncode == 0, result.stderr
        listed = json.loads(result.stdout)
        assert {q["kind"] for q in listed} == {kind}
        assert len(listed) == len(bundled.by_kind(kind))
    text = run_cli("bank", "list", "--kind", "behavioral")
    assert f"{len(bundled.by_kind('behavioral'))} questions (" in text.stdout
    assert "metrics." not in text.stdout


def test_bank_list_unknown_kind_is_a_one_line_error() -> None:
    result = run_cli("bank", "list", "--kind", "marketing")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "unknown kind 'marketing'" in result.stderr


def test_bank_list_rounds_json() -> None:
    result = run_cli("bank", "list", "--rounds", "--json")
    assert result.returncode == 0, result.stderr
    names = [r["name"] for r in json.loads(result.stdout)]
    assert names[0] == "screen"
    assert {"metrics-deep-dive", "behavioral", "full-loop", "ai-technical"} <= set(names)


def test_missing_bank_path_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_cli("bank", "list", "--bank", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "nowhere: question bank path does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------ fuzzing

_scalars = (
    st.text(max_size=12)
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.booleans()
)
_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "kind", "name", "x"]), children, max_size=3)
    ),
    max_leaves=8,
)
_field_names = st.sampled_from(
    [
        "id",
        "kind",
        "text",
        "budget_s",
        "difficulty",
        "tags",
        "product",
        "keywords",
        "elements",
        "follow_ups",
        "source",
        "name",
        "title",
        "sections",
        "count",
        "questions",
        "bogus",
    ]
)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"


_VALID = {
    "id": "mine.fuzz",
    "kind": "metrics",
    "text": "How would you measure a fuzzed product?",
    "elements": ["one", "two"],
}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    table=st.sampled_from(["question", "round", "meta", "other"]),
    changes=st.dictionaries(_field_names, _values, max_size=4),
    drop=st.lists(st.sampled_from(sorted(_VALID)), max_size=2),
)
def test_fuzzed_tables_raise_only_user_errors(
    tmp_path: Path, table: str, changes: dict[str, object], drop: list[str]
) -> None:
    raw = {k: v for k, v in {**_VALID, **changes}.items() if k not in drop}
    body = "".join(f"{k} = {_toml_value(v)}\n" for k, v in raw.items())
    f = tmp_path / "fuzz.toml"
    f.write_text(f"[[{table}]]\n{body}", encoding="utf-8")
    _load_only_user_errors(f)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.binary(max_size=200) | st.text(alphabet=st.sampled_from('[]{}="\n.,=abq 1\\'), max_size=120)
)
def test_fuzzed_bytes_raise_only_user_errors(tmp_path: Path, data: bytes | str) -> None:
    f = tmp_path / "fuzz.toml"
    if isinstance(data, str):
        f.write_text(data, encoding="utf-8")
    else:
        f.write_bytes(data)
    _load_only_user_errors(f)


def _load_only_user_errors(f: Path) -> None:
    try:
        bank_mod.load([f], include_bundled=False)
    except UserError as exc:
        message = str(exc)
        assert "\n" not in message
        assert str(f) in message
    # Anything else propagates and fails the test.


# ------------------------------------------------------------------ the installed wheel


@pytest.mark.slow
def test_wheel_ships_the_bank_and_loads_it(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("interviewer-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "site")
    for kind in KINDS:
        assert f"interviewer/_bank/questions/{kind}.toml" in names
    assert "interviewer/_bank/rounds.toml" in names
    assert "interviewer/_bank/README.md" in names
    code = (
        "import json, interviewer.bank as b; bank = b.load(); "
        "print(json.dumps([str(b.bundled_dir()), len(bank.questions), sorted(bank.rounds)]))"
    )
    # The extracted wheel comes first on sys.path, ahead of the editable checkout.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tmp_path / "site")
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    where, count, rounds = json.loads(out.stdout)
    assert Path(where) == tmp_path / "site" / "interviewer" / "_bank"
    assert count == len(bank_mod.load().questions)
    assert "screen" in rounds
