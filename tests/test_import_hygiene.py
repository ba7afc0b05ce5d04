"""The headless core stays light: importing it (or asking for help) never loads the TUI, numpy or
the speech stack. Each check runs in a fresh interpreter, so nothing imported by other tests hides a
regression.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap

import pytest

HEAVY = ("textual", "numpy", "faster_whisper", "ctranslate2", "sounddevice")

# Modules that must import without any of HEAVY. Optional ones are skipped until they exist.
CORE = ["interviewer.models", "interviewer.store", "interviewer.bank", "interviewer.settings"]
OPTIONAL = ["interviewer.scoring", "interviewer.report"]


def loaded_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the heavy top-level modules it left loaded."""
    probe = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json as _json, sys as _sys
        _heavy = {HEAVY!r}
        print("\\nLOADED=" + _json.dumps(sorted(m for m in _sys.modules if m.split(".")[0] in _heavy)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    marker = result.stdout.rsplit("LOADED=", 1)[1]
    return sorted({m.split(".")[0] for m in json.loads(marker)})


@pytest.mark.parametrize("module", CORE + OPTIONAL)
def test_core_module_imports_without_heavy_libraries(module: str) -> None:
    if module in OPTIONAL and importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} does not exist yet")
    assert loaded_after(f"import {module}") == []


def test_cli_import_and_help_stay_light() -> None:
    code = """
        import contextlib, io
        import interviewer.cli
        from interviewer.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                main(["--help"])
            except SystemExit as exc:
                assert exc.code == 0, exc.code
        assert "usage: interviewer" in out.getvalue()
    """
    assert loaded_after(code) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["bank", "list", "--json"],
        ["bank", "validate"],
        ["sessions", "list", "--json"],
        ["sessions", "purge", "--yes"],
        ["score", "--help"],
    ],
)
def test_headless_commands_stay_light(argv: list[str]) -> None:
    code = f"""
        import contextlib, io
        from interviewer.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main({argv!r})
            except SystemExit as exc:
                code = exc.code
        assert code == 0, code
    """
    assert loaded_after(code) == []


def test_the_probe_can_fail() -> None:
    """The check itself sees a heavy import when there is one."""
    if importlib.util.find_spec("numpy") is None:
        pytest.skip("numpy not installed")
    assert loaded_after("import interviewer.models, numpy") == ["numpy"]
