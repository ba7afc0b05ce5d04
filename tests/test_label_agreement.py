"""The blind second labelling of the seventh split (``scripts/label_agreement.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from scoring_helpers import script_module

REPO = Path(__file__).resolve().parent.parent
AGREEMENT = REPO / "tests" / "data" / "labelled" / "agreement"


def agreement_module() -> ModuleType:
    return script_module("label_agreement")


def test_each_reader_judged_every_answer_of_the_seventh_split_with_known_codes() -> None:
    la = agreement_module()
    devh = sorted(p.stem for p in (REPO / "tests/data/labelled/dev").glob("devh-*.toml"))
    readers = sorted(AGREEMENT.glob("*.json"))
    assert len(readers) == 2
    for path in readers:
        judged = la.load_reader(path)
        assert sorted(judged) == devh
        assert set().union(*judged.values()) <= set(la.CONTENT_FLAGS)


def test_counts_are_false_alarms_and_misses_against_the_truth() -> None:
    la = agreement_module()
    truth = {"a": {"no_data"}, "b": set(), "c": {"no_data", "no_summary"}}
    other = {"a": {"no_data"}, "b": {"no_data"}, "c": {"no_summary"}}
    assert la.counts(truth, other, "no_data") == (1, 1, 1)
    assert la.counts(truth, other, "no_summary") == (1, 0, 0)
    assert la.cell(1, 1, 1) == "0.50 / 0.50 (1, 1)"


def test_readers_of_different_answers_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    la = agreement_module()
    (tmp_path / "agreement").mkdir()
    (tmp_path / "agreement" / "R1.json").write_text(json.dumps({"x": {"flags": []}}))
    (tmp_path / "agreement" / "R2.json").write_text(json.dumps({"y": {"flags": []}}))
    assert la.main(["--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "judged different answers" in err and err.count("\n") == 1


def test_the_table_shows_the_readers_agreement_with_the_labels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    la = agreement_module()
    assert la.main([]) == 0
    out = capsys.readouterr().out
    # The documented result (docs/scoring.md): each reader matches 556 or more of 560 decisions.
    for line in (ln for ln in out.splitlines() if "decisions as labelled" in ln):
        same, total = (int(x) for x in line.split(": ")[1].split(" decisions")[0].split(" of "))
        assert total == 560 and same >= 556
