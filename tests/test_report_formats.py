"""Every export format from a stored session: golden files, and each format checked by a parser.

Regenerate the golden files after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_report_formats.py``
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from test_report_sessions import build_sessions

from interviewer import __version__
from interviewer.report import build_debrief, practice_plan, render, render_plan
from interviewer.report.render_json import load_schema
from interviewer.store import Store

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def store() -> Store:
    with Store() as st:
        yield st  # type: ignore[misc]


@pytest.fixture
def session_id(store: Store) -> int:
    return build_sessions(store)


def _normalise(text: str) -> str:
    # The version changes with every release; the exports must not need regenerating for it.
    return text.replace(f"interviewer {__version__}", "interviewer VERSION")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    text = _normalise(text)
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"{path} is missing; run with UPDATE_GOLDEN=1 to create it")
        path.write_text(text, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file; if intended, UPDATE_GOLDEN=1"


@pytest.mark.parametrize("fmt", ["md", "html", "json", "srt", "vtt"])
def test_every_format_matches_its_golden_file(store: Store, session_id: int, fmt: str) -> None:
    check_golden(f"debrief.{fmt}", render(build_debrief(store, session_id), fmt))  # type: ignore[arg-type]


def test_redacted_markdown_and_plan_golden(store: Store, session_id: int) -> None:
    check_golden("debrief-redacted.md", render(build_debrief(store, session_id), "md", redact=True))
    check_golden("plan-30.md", render_plan(practice_plan(store, 30), "md"))


# ------------------------------------------------------------------ JSON


def test_json_validates_against_the_published_schema(store: Store, session_id: int) -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for ref in (session_id, 1, 2):
        data = json.loads(render(build_debrief(store, ref), "json"))
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
            data
        )
        assert data["schema"] == "interviewer.debrief/1"


def test_json_schema_rejects_a_broken_export(store: Store, session_id: int) -> None:
    data = json.loads(render(build_debrief(store, session_id), "json"))
    data["answers"][0]["flags"][0]["code"] = "not_a_flag"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema())
    data = json.loads(render(build_debrief(store, session_id), "json"))
    del data["answers"][0]["timeline"]["wpm"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema())


def test_json_carries_the_debrief_content(store: Store, session_id: int) -> None:
    data = json.loads(render(build_debrief(store, session_id), "json"))
    assert data["session"]["id"] == session_id
    assert [a["status"] for a in data["answers"]] == ["scored", "scored", "scored", "skipped"]
    first = data["answers"][0]
    assert first["timeline"]["over_time"] is True
    assert first["timeline"]["ramble"] == [{"start": 7.0, "end": 52.0}]
    assert first["comparison"]["same_question"][0]["overall"] == 2.0
    assert first["comparison"]["delta_vs_last"] == 0.5
    assert data["answers"][2]["llm"]["model"] == "test-model"
    assert data["answers"][3]["scores"] is None
    assert len(data["focus"]) == 3
    assert data["plan"]["days"] == 30 and len(data["plan"]["schedule"]) == 30


# ------------------------------------------------------------------ HTML


VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}


class StrictHTML(HTMLParser):
    """Collects elements and fails on mis-nested or unclosed tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []  # (tag, attrs, ancestors)
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, list(self.stack)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, list(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> StrictHTML:
    p = StrictHTML()
    p.feed(text)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, f"unclosed: {p.stack}"
    return p


def test_html_parses_and_is_self_contained(store: Store, session_id: int) -> None:
    text = render(build_debrief(store, session_id), "html")
    assert text.startswith("<!DOCTYPE html>")
    page = parse_html(text)
    tags = [t for t, _, _ in page.elements]
    assert tags.count("style") == 1 and "script" not in tags
    for tag, attrs, _ in page.elements:
        assert "src" not in attrs, f"<{tag}> loads {attrs['src']}"
        if tag == "a":
            assert attrs["href"].startswith("#"), attrs["href"]
        assert not attrs.get("href", "").startswith(("http", "//"))
    assert "url(" not in text and "@import" not in text
    assert "@media print" in text


def _svgs(page: StrictHTML) -> list[list[tuple[str, dict[str, str]]]]:
    """Children of each <svg>, in document order."""
    charts: list[list[tuple[str, dict[str, str]]]] = []
    for tag, attrs, ancestors in page.elements:
        if tag == "svg":
            charts.append([])
        elif "svg" in ancestors:
            charts[-1].append((tag, attrs))
    return charts


def test_html_has_a_pacing_chart_per_answer_with_the_expected_marks(
    store: Store, session_id: int
) -> None:
    debrief = build_debrief(store, session_id)
    page = parse_html(render(debrief, "html"))
    charts = _svgs(page)
    assert len(charts) == 3  # the skipped answer has no transcript and no chart
    for chart in charts:
        wpm = [a for t, a in chart if t in {"path", "polyline"} and "wpm" in a.get("class", "")]
        assert len(wpm) == 1
        assert re.fullmatch(r"M[\d.]+,[\d.]+([HV][\d.]+)+", wpm[0]["d"])
    first = charts[0]
    classes = [a.get("class", "") for _, a in first]
    assert classes.count("ramble") == 1
    assert (
        sum(1 for c in classes if c.startswith("pause"))
        == len(debrief.answers[0].timeline.pauses)
        == 2
    )  # type: ignore[union-attr]
    assert "pause long" in classes
    assert classes.count("filler") == len(debrief.answers[0].timeline.fillers) >= 3  # type: ignore[union-attr]
    assert "budget" in classes and "overrun" in classes
    # The ramble spans 0:07-0:52 of a 0:58 answer: its rect covers that share of the plot.
    plot = next(a for t, a in first if a.get("class") == "plot")
    ramble = next(a for t, a in first if a.get("class") == "ramble")
    share = float(ramble["width"]) / float(plot["width"])
    duration = debrief.answers[0].timeline.duration_s  # type: ignore[union-attr]
    assert share == pytest.approx(45.0 / duration, abs=0.01)
    # Answers within budget get no overrun, and only answer 1 has a theory ramble.
    for chart in charts[1:]:
        names = [a.get("class", "") for _, a in chart]
        assert "overrun" not in names and "ramble" not in names


def test_html_marks_flagged_stretches_in_the_transcript(store: Store, session_id: int) -> None:
    page = parse_html(render(build_debrief(store, session_id), "html"))
    marks = [a for t, a, _ in page.elements if t == "mark"]
    assert any("f-theory_ramble" in a["class"] for a in marks)
    assert any("f-metric_imbalance" in a["class"] for a in marks)
    multi = [a for a in marks if "multi" in a["class"]]
    assert multi and all("linear-gradient" in a["style"] for a in multi)
    assert "Retention is, you know, a classic concept" in "".join(page.text)


# ------------------------------------------------------------------ subtitles

SRT_TIME = re.compile(
    r"^(\d{2}):([0-5]\d):([0-5]\d),(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d),(\d{3})$"
)
VTT_TIME = re.compile(
    r"^(\d{2}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d)\.(\d{3})$"
)


def _seconds(groups: tuple[str, ...]) -> tuple[float, float]:
    h, m, s, ms, h2, m2, s2, ms2 = (int(g) for g in groups)
    return h * 3600 + m * 60 + s + ms / 1000, h2 * 3600 + m2 * 60 + s2 + ms2 / 1000


def parse_srt(text: str) -> list[tuple[float, float, str]]:
    """A strict SRT reader: numbered blocks, valid times, text, blank line between blocks."""
    assert text.endswith("\n") and not text.endswith("\n\n\n")
    cues = []
    for n, block in enumerate(text.strip("\n").split("\n\n"), 1):
        lines = block.split("\n")
        assert lines[0] == str(n), f"block {n} numbered {lines[0]!r}"
        m = SRT_TIME.match(lines[1])
        assert m, f"bad timing line {lines[1]!r}"
        assert len(lines) >= 3 and all(line.strip() for line in lines[2:]), f"block {n} has no text"
        start, end = _seconds(m.groups())
        cues.append((start, end, " ".join(lines[2:])))
    return cues


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    """A strict WebVTT reader (header, NOTE blocks, optional cue ids, timings with '.')."""
    blocks = text.strip("\n").split("\n\n")
    assert blocks[0].startswith("WEBVTT") and "\n" not in blocks[0]
    cues = []
    for block in blocks[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            assert "-->" not in block
            continue
        if not VTT_TIME.match(lines[0]):
            assert "-->" not in lines[0], f"bad cue id {lines[0]!r}"
            lines = lines[1:]
        m = VTT_TIME.match(lines[0])
        assert m, f"bad timing line {lines[0]!r}"
        assert len(lines) >= 2 and all(line.strip() for line in lines[1:])
        assert not any("-->" in line for line in lines[1:])
        start, end = _seconds(m.groups())
        cues.append((start, end, " ".join(lines[1:])))
    return cues


def _check_cues(cues: list[tuple[float, float, str]], transcript_words: int) -> None:
    assert cues
    last_end = 0.0
    for start, end, text in cues:
        assert start < end, (start, end, text)
        assert start >= last_end, f"cue at {start} overlaps the previous one ending {last_end}"
        assert end - start <= 7.0 + 1e-6
        assert len(text) <= 42 or " " not in text
        last_end = end
    assert sum(len(t.split()) for _, _, t in cues) == transcript_words


def test_srt_and_vtt_parse_and_are_ordered(store: Store, session_id: int) -> None:
    debrief = build_debrief(store, session_id)
    words = sum(len(a.words) for a in debrief.answers)
    srt = parse_srt(render(debrief, "srt"))
    vtt = parse_vtt(render(debrief, "vtt"))
    _check_cues(srt, words)
    _check_cues(vtt, words)
    assert [(round(a, 3), round(b, 3)) for a, b, _ in srt] == [
        (round(a, 3), round(b, 3)) for a, b, _ in vtt
    ]
    # The second answer's cues start after the first answer ends (times offset per answer).
    first = debrief.answers[0]
    second_text = debrief.answers[1].words[0].text
    second_cue = next(c for c in srt if c[2].startswith(second_text) and c[0] > 1)
    assert second_cue[0] >= (first.duration_s or 0)


def test_vtt_escapes_markup_in_speech(store: Store) -> None:
    from interviewer.models import Answer, QuestionRef
    from interviewer.timing import estimate

    sid = store.create_session("screen").id
    assert sid is not None
    q = QuestionRef(id=None, kind="metrics", text="What is a good metric --> for search?")
    store.add_answer(
        sid,
        Answer(
            position=0,
            question=q,
            status="transcribed",
            transcript=estimate("Clicks <b>and</b> dwell & more --> later."),
        ),
    )
    vtt = render(build_debrief(store, sid), "vtt")
    assert "<b>" not in vtt and "&lt;b&gt;" in vtt and "&amp;" in vtt
    cues = parse_vtt(vtt)
    assert cues


# ------------------------------------------------------------------ Markdown


def test_markdown_has_the_sections(store: Store, session_id: int) -> None:
    md = render(build_debrief(store, session_id), "md")
    headings = re.findall(r"^(#{1,3}) (.+)$", md, flags=re.M)
    top = [h for level, h in headings if level == "##"]
    assert top[:2] == ["Summary", "Three things to work on next"]
    assert [h for h in top if h.startswith("Answer")] == [
        "Answer 1: Metrics",
        "Answer 2: Behavioral",
        "Answer 3: AI technical",
        "Answer 4: Product vision",
    ]
    assert top[-1] == "30-day practice plan"
    subs = [h for level, h in headings if level == "###"]
    for name in (
        "Flags",
        "Pacing",
        "Transcript",
        "Compared with earlier attempts",
        "LLM coach (test-model)",
    ):
        assert name in subs
    # Tables have a header separator and the same number of cells in every row.
    for table in re.findall(r"((?:^\|.*\|\n)+)", md, flags=re.M):
        rows = table.strip("\n").split("\n")
        assert set(rows[1]) <= set("|-: ") and "---" in rows[1], rows[1]
        widths = {len(re.findall(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, rows[:3]


def test_llm_feedback_is_shown_and_escaped(store: Store, session_id: int) -> None:
    d = build_debrief(store, session_id)
    md = render(d, "md")
    html = render(d, "html")
    assert "No \\<guardrails> named" in md
    assert "No &lt;guardrails&gt; named" in html and "<guardrails>" not in html
    for text in (md, html):
        assert "What precision would you require, and why?" in text
        assert "product sense" in text


def test_markdown_escapes_transcript_markup(store: Store) -> None:
    from interviewer.models import Answer, QuestionRef
    from interviewer.timing import estimate

    sid = store.create_session("screen").id
    assert sid is not None
    q = QuestionRef(id=None, kind="metrics", text="Which | metric?")
    store.add_answer(
        sid,
        Answer(
            position=0,
            question=q,
            status="transcribed",
            transcript=estimate("I would *never* use <script> or a | pipe."),
        ),
    )
    md = render(build_debrief(store, sid), "md")
    assert "\\*never\\*" in md and "\\<script>" in md and "Which \\| metric?" in md
