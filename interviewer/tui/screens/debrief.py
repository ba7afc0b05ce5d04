"""The debrief: scores, flags with their spans and quotes, the pacing chart, the marked transcript.

It renders ``interviewer.report.build_debrief`` (the same data every export uses), one answer at a
time; the list on the left moves between questions.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, ListItem, ListView, Markdown, Static

from interviewer.models import kind_label
from interviewer.tui.widgets import mmss, pacing_chart, transcript_text

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


class DebriefReady(Message):
    def __init__(self, debrief: Any) -> None:
        self.debrief = debrief
        super().__init__()


class DebriefScreen(Screen[None]):
    BINDINGS = [
        Binding("n,right", "move(1)", "Next question"),
        Binding("p,left", "move(-1)", "Previous"),
        Binding("r", "replay", "Replay"),
        Binding("h", "history", "History"),
        Binding("escape", "home", "Home"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.debrief: Any = None
        self.current = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="debrief-summary")
        with Horizontal(id="debrief-body"):
            yield ListView(id="answer-list")
            with VerticalScroll(id="answer-detail"):
                yield Static("", id="answer-head")
                yield Static("", id="answer-flags")
                yield Static("", id="answer-chart")
                yield Static("", id="answer-transcript")
                yield Markdown("", id="answer-llm")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Debrief · session {self.session_id}"
        self.query_one("#answer-head", Static).update("Preparing the debrief…")
        self._build()

    @work(thread=True, exclusive=True, exit_on_error=False, group="debrief")
    def _build(self) -> None:
        # Reading the session and comparing with history takes a moment: off the UI thread.
        from interviewer.report.debrief import build_debrief

        store = self.app.services.store  # type: ignore[attr-defined]
        self.post_message(DebriefReady(build_debrief(store, self.session_id, plan_days=None)))

    def on_debrief_ready(self, message: DebriefReady) -> None:
        self.debrief = message.debrief
        d = self.debrief
        self.title = f"Debrief · session {d.session_id}"
        self.sub_title = d.title or d.round_name
        self.query_one("#debrief-summary", Static).update(_summary(d))
        items = self.query_one("#answer-list", ListView)
        for a in d.answers:
            score = f"{a.scores['overall']:.1f}" if a.scores else a.status
            items.append(ListItem(Static(f"Q{a.number} {kind_label(a.kind):<14} {score}")))
        if d.answers:
            items.index = 0
            self.show_answer(0)
        else:
            self.query_one("#answer-head", Static).update(
                "No answers were recorded in this session."
            )

    @on(ListView.Highlighted, "#answer-list")
    def _picked(self, event: ListView.Highlighted) -> None:
        index = event.list_view.index
        if self.debrief is not None and index is not None and index != self.current:
            self.show_answer(index)

    def action_move(self, step: int) -> None:
        if not self.debrief or not self.debrief.answers:
            return
        index = max(0, min(len(self.debrief.answers) - 1, self.current + step))
        self.query_one("#answer-list", ListView).index = index
        self.show_answer(index)

    def show_answer(self, index: int) -> None:
        self.current = index
        a = self.debrief.answers[index]
        head = Text()
        head.append(f"Q{a.number} · {kind_label(a.kind)}\n", style="bold")
        head.append(a.question + "\n\n")
        if a.scores:
            for dim in ("overall", "structure", "pacing", "content"):
                head.append(f"{dim} ", style="dim")
                head.append(f"{a.scores[dim]:.1f}  ", style="bold")
            head.append(f"\n{mmss(a.duration_s)} of {mmss(a.budget_s)}", style="dim")
            m = a.metrics
            if m.get("wpm") is not None:
                head.append(f" · {float(m['wpm']):.0f} wpm", style="dim")
            if m.get("fillers_per_min") is not None:
                head.append(f" · {float(m['fillers_per_min']):.1f} fillers/min", style="dim")
            if a.timing_estimated:
                head.append(" · typed (timing estimated)", style="dim")
        else:
            head.append(
                f"not scored: {a.status}{' (' + a.error + ')' if a.error else ''}", style="yellow"
            )
        self.query_one("#answer-head", Static).update(head)
        self.query_one("#answer-flags", Static).update(_flags(a))
        chart = (
            pacing_chart(a.timeline, width=max(40, self.size.width - 36))
            if a.timeline
            else Text("")
        )
        self.query_one("#answer-chart", Static).update(chart)
        spans = [(f.start_s, f.end_s, f.code) for f in a.flags if f.start_s is not None]
        body = Text("Transcript", style="bold underline")
        body.append("  (flagged stretches highlighted)\n", style="dim")
        body.append_text(
            transcript_text(a.words, spans, line_s=15.0) if a.words else Text("(none)")
        )
        self.query_one("#answer-transcript", Static).update(body)
        coach = self.query_one("#answer-llm", Markdown)
        coach.display = bool(a.llm)
        coach.update(_llm(a.llm))

    def on_worker_state_changed(self, event: Any) -> None:
        if event.worker.group == "debrief" and event.worker.error is not None:
            self.query_one("#answer-head", Static).update(
                f"Cannot build the debrief: {event.worker.error}"
            )

    def action_replay(self) -> None:
        from interviewer.tui.screens.replay import ReplayScreen

        self.app.push_screen(ReplayScreen(self.session_id, answer=self.current))

    def action_history(self) -> None:
        from interviewer.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_home(self) -> None:
        self.app.pop_screen() if len(self.app.screen_stack) > 2 else self.app.action_home()  # type: ignore[attr-defined]


def _summary(d: Any) -> Text:
    t = d.totals
    out = Text()
    out.append(f"{d.title or d.round_name}  ", style="bold")
    out.append(f"{t.scored}/{t.answers} answers scored · {mmss(t.duration_s)} spoken")
    if t.means:
        out.append("  ·  ")
        for dim in ("overall", "structure", "pacing", "content"):
            if dim in t.means:
                out.append(f"{dim} {t.means[dim]:.1f}  ")
    for item in d.focus:
        out.append("\n→ ", style="bold")
        out.append(f"{item.title}: ", style="bold")
        out.append(item.advice)
    return out


def _flags(a: Any) -> Text:
    out = Text()
    if not a.flags:
        out.append("No flags." if a.scores else "", style="green")
        return out
    out.append("Flags\n", style="bold underline")
    for f in a.flags:
        out.append("⚑ ", style=SEVERITY_STYLE.get(f.severity, ""))
        out.append(f"{f.title}", style="bold")
        out.append(f" ({f.severity})", style=SEVERITY_STYLE.get(f.severity, ""))
        if f.start_s is not None:
            out.append(
                f"  {mmss(f.start_s)}–{mmss(f.end_s if f.end_s is not None else f.start_s)}",
                style="dim",
            )
        out.append("\n")
        if f.quote:
            out.append(f'   "{f.quote}"\n', style="italic")
        if f.advice:
            out.append(f"   → {f.advice}\n")
    return out


def _llm(llm: dict[str, Any] | None) -> str:
    """The LLM coach's section, worded as in the exports."""
    if not llm:
        return ""
    from interviewer.llm.render import markdown_section

    return markdown_section(llm, level=3)
