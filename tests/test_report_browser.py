"""The HTML debrief rendered by a real headless browser (opt-in: runs when chromium is installed).

It catches what a parser cannot: a chart that draws nothing, CSS that hides the page. The
screenshot is decoded with ffmpeg (raw RGB) and checked for the chart's colours.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_report_sessions import build_sessions

from interviewer.report import build_debrief, render
from interviewer.store import Store

CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
FFMPEG = shutil.which("ffmpeg")
W, H = 1200, 2400

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM and FFMPEG), reason="needs chromium and ffmpeg"),
]


def _screenshot(html: Path, png: Path, profile: Path) -> None:
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={W},{H}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _pixels(png: Path) -> bytes:
    out = subprocess.run(
        [
            str(FFMPEG),
            "-loglevel",
            "error",
            "-i",
            str(png),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return out.stdout


def test_html_debrief_renders_with_visible_charts(tmp_path: Path) -> None:
    with Store() as st:
        sid = build_sessions(st)
        html = tmp_path / "debrief.html"
        html.write_text(render(build_debrief(st, sid), "html"), encoding="utf-8")
    png = tmp_path / "shot.png"
    _screenshot(html, png, tmp_path / "profile")
    raw = _pixels(png)
    assert len(raw) == W * H * 3
    r, g, b = raw[0::3], raw[1::3], raw[2::3]
    n = len(r)
    dark = sum(1 for x in r if x < 100) / n  # text and lines
    blue = (
        sum(1 for rr, gg, bb in zip(r, g, b, strict=True) if bb > rr + 60 and bb > gg + 25) / n
    )  # rate line, bars
    yellow = (
        sum(1 for rr, gg, bb in zip(r, g, b, strict=True) if rr > 230 and gg > 195 and bb < 180) / n
    )  # ramble
    assert dark > 0.005, "the page looks blank"
    assert blue > 0.0005, "no rate line or score bars drawn"
    assert yellow > 0.002, "the theory-ramble shading is missing"


def test_pacing_chart_alone_draws_its_marks(tmp_path: Path) -> None:
    from interviewer.report.render_html import CSS
    from interviewer.report.svg import timeline_svg

    with Store() as st:
        sid = build_sessions(st)
        timeline = build_debrief(st, sid).answers[0].timeline
    assert timeline is not None
    page = tmp_path / "chart.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{CSS}</style></head>"
        f"<body style='margin:0;background:#fff'><div style='width:{W}px'>{timeline_svg(timeline)}</div></body></html>",
        encoding="utf-8",
    )
    png = tmp_path / "chart.png"
    _screenshot(page, png, tmp_path / "profile")
    raw = _pixels(png)
    r, g, b = raw[0::3], raw[1::3], raw[2::3]
    n = len(r)
    blue = sum(1 for rr, gg, bb in zip(r, g, b, strict=True) if bb > rr + 60 and bb > gg + 25) / n
    yellow = (
        sum(1 for rr, gg, bb in zip(r, g, b, strict=True) if rr > 230 and gg > 195 and bb < 180) / n
    )
    red = (
        sum(1 for rr, gg, bb in zip(r, g, b, strict=True) if rr > 150 and gg < 90 and bb < 110) / n
    )
    assert blue > 0.0002, "the words-per-minute line is not drawn"
    assert yellow > 0.01, "the theory-ramble span is not shaded"
    assert red > 0.00005, "neither filler ticks nor the budget line are drawn"
