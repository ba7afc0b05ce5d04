"""The scorer against the labelled development split, and the evaluation script's own behaviour.

The test split is deliberately not asserted on here: it is measured once with
``scripts/eval_scorer.py --split test`` and reported (docs/scoring.md), never tuned against.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring_helpers import eval_module

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "tests" / "data" / "labelled" / "dev"


@pytest.mark.skipif(not any(DEV.glob("*.toml")), reason="no labelled development split")
def test_dev_split_meets_the_bar() -> None:
    ev = eval_module()
    cases, _ = ev.run_split("dev")
    rows = ev.table(cases)
    for code in ev.CONTENT_FLAGS:
        if rows[code]["support"]:
            assert rows[code]["precision"] >= 0.85, (code, rows[code])
            assert rows[code]["recall"] >= 0.8, (code, rows[code])
    for code in ev.TIMING_FLAGS:
        assert rows[code]["fp"] == 0 and rows[code]["fn"] == 0, (code, rows[code])


GOOD = '''id = "dev-metrics-01"
kind = "metrics"
question = "How would you measure the success of our fraud alerts?"
wpm = 150
seed = 1
speaker = "test"
flags = ["no_data"]
notes = "no numbers"
text = """I'd look at whether customers like the alerts, then whether fraud goes down. To wrap up, I'd launch if it works."""
'''


def test_eval_script_prints_the_table_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "dev-metrics-01.toml").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "eval.json"
    ev = eval_module()
    assert ev.main(["--split", "dev", "--data", str(tmp_path), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "no_data" in printed and "F1 always" in printed
    import json

    report = json.loads(out.read_text())
    assert report["dev"]["flags"]["no_data"]["support"] == 1
    assert report["dev"]["flags"]["no_data"]["recall"] == 1.0


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("id = 'dev-metrics-01'\nkind = [", "invalid TOML"),
        (GOOD.replace('id = "dev-metrics-01"', 'id = "other"'), "differs from the file name"),
        (GOOD.replace('flags = ["no_data"]', 'flags = ["rambling"]'), "unknown flag"),
        (GOOD.replace('kind = "metrics"', 'kind = "poetry"'), "unknown kind"),
        (GOOD.replace("wpm = 150\n", ""), "missing key 'wpm'"),
    ],
)
def test_eval_script_exits_1_on_a_malformed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, problem: str
) -> None:
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "dev-metrics-01.toml").write_text(content, encoding="utf-8")
    assert eval_module().main(["--split", "dev", "--data", str(tmp_path)]) == 1
    assert problem in capsys.readouterr().err
