"""History: scores and flag rates over time, overall and by kind of question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static


class HistoryScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="history"):
            yield Static("", id="history-head")
            yield DataTable(id="history-sessions", cursor_type="row", zebra_stripes=True)
            yield Static("By kind", classes="section-title")
            yield DataTable(id="history-kinds", cursor_type="row")
            yield Static("Flag rates (share of scored answers)", classes="section-title")
            yield DataTable(id="history-flags", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        from interviewer.report.history import history_summary, sparkline
        from interviewer.report.labels import flag_title

        self.title = "History"
        history = history_summary(self.app.services.store)  # type: ignore[attr-defined]
        head = self.query_one("#history-head", Static)
        if not history.answers:
            head.update("No scored answers yet. Practise a round and come back.")
        else:
            head.update(f"{len(history.sessions)} sessions, {history.answers} scored answers")
        sessions = self.query_one("#history-sessions", DataTable)
        sessions.add_columns(
            "session",
            "date",
            "answers",
            "overall",
            "structure",
            "pacing",
            "content",
            "flags/answer",
        )
        for s in history.sessions:
            m = s.means
            sessions.add_row(
                str(s.session_id),
                s.started_at[:10],
                str(s.answers),
                f"{m['overall']:.1f}",
                f"{m['structure']:.1f}",
                f"{m['pacing']:.1f}",
                f"{m['content']:.1f}",
                f"{s.flags_per_answer:.1f}",
            )
        kinds = self.query_one("#history-kinds", DataTable)
        kinds.add_columns("kind", "answers", "trend", "first", "last", "change")
        for k in history.kinds:
            kinds.add_row(
                k.title,
                str(k.answers),
                sparkline([o for _, o in k.points]),
                f"{k.first:.1f}",
                f"{k.last:.1f}",
                f"{k.change:+.1f}",
            )
        flags = self.query_one("#history-flags", DataTable)
        flags.add_columns("flag", "answers", "rate", "earlier", "recent")
        for f in history.flags:
            flags.add_row(
                flag_title(f.code),
                str(f.answers),
                f"{f.rate:.0%}",
                "-" if f.earlier_rate is None else f"{f.earlier_rate:.0%}",
                f"{f.recent_rate:.0%}",
            )
