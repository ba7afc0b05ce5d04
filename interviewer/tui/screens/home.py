"""Home: pick a round, see recent sessions and progress at a glance, recover an interrupted round."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from interviewer.models import KINDS, kind_label
from interviewer.tui.messages import Problem, Resume

KIND_ROUND_COUNT = 3


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("h", "history", "History"),
        Binding("d", "debrief", "Debrief"),
        Binding("p", "replay", "Replay"),
        Binding("ctrl+r", "recover", "Recover", show=False),
        Binding("ctrl+e", "resume", "Resume", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="recover-banner")
        with Horizontal(id="home"):
            with Vertical(id="home-left"):
                yield Static("Start a round", classes="section-title")
                yield OptionList(id="rounds")
            with Vertical(id="home-right"):
                yield Static("", id="glance")
                yield Static(
                    "Recent sessions  (enter: debrief, p: replay)", classes="section-title"
                )
                yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
        yield Footer()

    @property
    def services(self) -> Any:
        return self.app.services  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.title = "interviewer"
        self.sub_title = "AI PM interview practice"
        options = self.query_one("#rounds", OptionList)
        bank = self.app.bank  # type: ignore[attr-defined]
        for name, template in sorted(bank.rounds.items()):
            options.add_option(
                Option(
                    f"{template.title}  ({template.question_count} questions)", id=f"round:{name}"
                )
            )
        for kind in KINDS:
            n = len(bank.by_kind(kind))
            if n:
                label = kind_label(kind)
                options.add_option(
                    Option(
                        f"{label} drill  ({min(n, KIND_ROUND_COUNT)} questions)", id=f"kind:{kind}"
                    )
                )
        table = self.query_one("#recent", DataTable)
        table.add_columns("id", "date", "round", "answers", "overall", "status")
        self.refresh_sessions()
        options.focus()
        if options.option_count:
            options.highlighted = 0

    def on_screen_resume(self) -> None:
        self.refresh_sessions()

    def refresh_sessions(self) -> None:
        store = self.services.store
        table = self.query_one("#recent", DataTable)
        table.clear()
        rows = store.list_sessions(limit=12)
        for r in rows:
            overall = f"{r.overall:.1f}" if r.overall is not None else "-"
            table.add_row(
                str(r.id),
                r.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                r.title or r.round_name,
                f"{r.scored}/{r.answers}",
                overall,
                r.status,
                key=str(r.id),
            )
        self.query_one("#glance", Static).update(self._glance())
        banner = self.query_one("#recover-banner", Static)
        interrupted = [r for r in rows if r.status == "active"]
        banner.display = bool(interrupted)
        if interrupted:
            r = interrupted[0]
            banner.update(
                Text.assemble(
                    ("⚠ ", "bold yellow"),
                    f"Session {r.id} ({r.title or r.round_name}) was interrupted with {r.answers} answer(s) saved. ",
                    ("ctrl+e", "bold"),
                    " resumes it with the questions left; ",
                    ("ctrl+r", "bold"),
                    " finishes it. Either way saved audio is transcribed and scored first.",
                )
            )

    def _glance(self) -> Text:
        from interviewer.report.history import history_summary, sparkline

        history = history_summary(self.services.store)
        out = Text("Progress at a glance\n", style="bold")
        if not history.answers:
            out.append(
                "No scored answers yet: pick a round on the left and press enter.", style="dim"
            )
            return out
        overall = [s.means["overall"] for s in history.sessions]
        sessions, answers = len(history.sessions), history.answers
        out.append(f"{counted(sessions, 'session')} · {counted(answers, 'answer')} · overall ")
        out.append(sparkline(overall[-12:]), style="cyan")
        out.append(f" last {overall[-1]:.1f}\n")
        for k in history.kinds:
            out.append(
                f"  {k.title:<15} {sparkline([o for _, o in k.points][-8:]):<8} {k.last:.1f}\n"
            )
        if history.flags:
            top = max(history.flags, key=lambda f: f.recent_rate)
            from interviewer.report.labels import flag_title

            out.append(
                f"Most frequent lately: {flag_title(top.code)} ({top.recent_rate:.0%} of answers)",
                style="yellow",
            )
        return out

    @on(OptionList.OptionSelected, "#rounds")
    def _start(self, event: OptionList.OptionSelected) -> None:
        from interviewer.errors import UserError
        from interviewer.round import plan_round

        kind_or_round, _, name = (event.option.id or "").partition(":")
        try:
            plan = plan_round(
                self.app.bank,  # type: ignore[attr-defined]
                self.services.store,
                round_name=name if kind_or_round == "round" else None,
                kind=name if kind_or_round == "kind" else None,
                count=KIND_ROUND_COUNT,
            )
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.preflight(plan)  # type: ignore[attr-defined]

    def _selected_session(self) -> int | None:
        table = self.query_one("#recent", DataTable)
        if not table.row_count:
            self.notify("No sessions yet")
            return None
        row = table.get_row_at(table.cursor_row)
        return int(row[0])

    @on(DataTable.RowSelected, "#recent")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.action_debrief()

    def action_debrief(self) -> None:
        sid = self._selected_session()
        if sid is not None:
            from interviewer.tui.screens.debrief import DebriefScreen

            self.app.push_screen(DebriefScreen(sid))

    def action_replay(self) -> None:
        sid = self._selected_session()
        if sid is not None:
            from interviewer.tui.screens.replay import ReplayScreen

            self.app.push_screen(ReplayScreen(sid))

    def action_history(self) -> None:
        from interviewer.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_recover(self) -> None:
        ids = [r.id for r in self.services.store.unfinished_sessions()]
        if not ids:
            self.notify("Nothing to recover")
            return
        self.notify("Recovering the interrupted session…")
        self._recover(ids)

    @work(thread=True, exclusive=True, exit_on_error=False, group="recover")
    def _recover(self, ids: list[int]) -> None:
        from interviewer.recovery import real_parts, recover_all
        from interviewer.store import Store

        app: Any = self.app
        scorer, transcribe, why = real_parts(app.settings)
        # A connection of its own for this thread (WAL lets the UI keep reading meanwhile).
        with Store(self.services.store.path) as store:
            reports = recover_all(store, ids, scorer=scorer, transcribe=transcribe, bank=app.bank)
        text = " ".join(" ".join(r.lines()) for r in reports)
        if why and any(r.pending for r in reports):
            text += f" ({why})"
        self.post_message(Problem(text))

    def action_resume(self) -> None:
        interrupted = self.services.store.unfinished_sessions()
        if not interrupted:
            self.notify("Nothing to resume")
            return
        self.notify("Recovering the saved answers before resuming…")
        self._resume(interrupted[0].id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="recover")
    def _resume(self, session_id: int) -> None:
        from interviewer.recovery import real_parts, recover_session
        from interviewer.store import Store

        app: Any = self.app
        scorer, transcribe, _ = real_parts(app.settings)
        with Store(self.services.store.path) as store:
            report = recover_session(
                store, session_id, scorer=scorer, transcribe=transcribe, bank=app.bank, finish=False
            )
        self.post_message(Resume(report))

    def on_resume(self, message: Resume) -> None:
        from interviewer.recovery import remaining_questions

        report = message.report
        app: Any = self.app
        questions = remaining_questions(report, app.bank)
        store = self.services.store
        if not questions:
            store.finish_session(report.session_id, "completed")
            self.notify(
                " ".join(report.lines()) + " No questions were left: the session is closed."
            )
            self.refresh_sessions()
            return
        app.resume_round(store.get_session(report.session_id), questions)

    def on_problem(self, message: Problem) -> None:
        self.notify(message.text, timeout=10)
        self.refresh_sessions()


def counted(n: int, noun: str) -> str:
    """ "1 session", "2 sessions"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
