"""The Textual app: it receives its services (speaker, microphone, model, store, clock) from outside.

``InterviewerApp(services, settings)`` never builds a real part itself, so tests run it with fakes
and a frozen clock. It routes between screens: home -> pre-flight -> interview -> debrief, with
history and replay reachable from home and the debrief.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding

from interviewer.round import RoundEngine
from interviewer.services import Services
from interviewer.settings import Settings

Plan = tuple[str, str, list[Any]]


class InterviewerApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "interviewer"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        services: Services,
        settings: Settings,
        *,
        bank: Any = None,
        plan: Plan | None = None,
        llm: bool = False,
        replay_id: int | None = None,
        skip_preflight: bool = False,
        tick_s: float | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.settings = settings
        if bank is None:
            from interviewer import bank as bank_mod

            bank = bank_mod.load(settings.bank.paths)
        self.bank = bank
        self.plan = plan
        self.llm = llm
        self.replay_id = replay_id
        self.skip_preflight = skip_preflight
        self.tick_s = tick_s
        self.engine: RoundEngine | None = None
        self.finished_sessions: list[int] = []

    def on_mount(self) -> None:
        try:
            self.theme = self.settings.ui.theme
        except Exception:  # an unknown theme name: keep the default rather than fail
            self.notify(
                f"unknown theme {self.settings.ui.theme!r}; using the default", severity="warning"
            )
        if self.replay_id is not None:
            from interviewer.tui.screens.replay import ReplayScreen

            self.push_screen(ReplayScreen(self.replay_id), callback=lambda _: self.exit(0))
            return
        from interviewer.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.plan is not None:
            self.preflight(self.plan)
        self.run_worker(_preload_screens, thread=True, name="preload", exit_on_error=False)

    # ------------------------------------------------------------------ routing

    def preflight(self, plan: Plan) -> None:
        if self.skip_preflight:
            self.start_round(plan)
            return
        from interviewer.tui.screens.preflight import PreflightScreen

        def chosen(start: bool | None) -> None:
            if start:
                self.start_round(plan)

        self.push_screen(PreflightScreen(plan), callback=chosen)

    def start_round(self, plan: Plan) -> RoundEngine:
        from interviewer.tui.screens.interview import InterviewScreen

        round_name, title, questions = plan
        self.engine = RoundEngine(
            self.services, questions, round_name=round_name, title=title, llm=self.llm
        )
        kwargs = {"tick_s": self.tick_s} if self.tick_s else {}
        self.push_screen(InterviewScreen(self.engine, **kwargs), callback=self._round_over)
        return self.engine

    def resume_round(self, session: Any, questions: list[Any]) -> RoundEngine:
        """Continue an interrupted session with the questions it never reached."""
        from interviewer.tui.screens.interview import InterviewScreen

        self.engine = RoundEngine(
            self.services,
            questions,
            round_name=session.round_name,
            title=session.title,
            llm=self.llm,
            resume=session,
        )
        kwargs = {"tick_s": self.tick_s} if self.tick_s else {}
        self.push_screen(InterviewScreen(self.engine, **kwargs), callback=self._round_over)
        return self.engine

    def _round_over(self, session_id: int | None) -> None:
        self.engine = None
        if session_id is None:
            return
        self.finished_sessions.append(session_id)
        from interviewer.tui.screens.debrief import DebriefScreen

        self.push_screen(DebriefScreen(session_id))

    def action_home(self) -> None:
        from interviewer.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.push_screen(HomeScreen())

    def on_unmount(self) -> None:
        if self.engine is not None:
            self.engine.close()


def _preload_screens() -> None:
    """Import the later screens in a thread, at the candidate's pace rather than the screen's.

    Importing the debrief (Textual's Markdown widget pulls in markdown-it and compiles its regular
    expressions) on the UI thread froze the screen for about 80 ms at the end of every round; in a
    thread the import yields the interpreter every few milliseconds instead.
    """
    import importlib

    for name in ("interview", "debrief", "history", "replay"):
        importlib.import_module(f"interviewer.tui.screens.{name}")
    settle_heap(full=True)


def settle_heap(*, full: bool = False) -> None:
    """Move the objects alive now out of the garbage collector's reach, before a stretch that must
    stay smooth.

    A full collection walks every object the process holds (Textual, Rich and pydantic make that
    hundreds of thousands) with the interpreter lock held: 60-70 ms here, long enough to be the
    longest stall of a whole answer. Objects alive before an answer (modules, screens, widgets) live
    as long as the app, so freezing them costs nothing; ``full`` first collects the garbage of
    start-up (once, while the home screen waits for a key).
    """
    import gc

    gc.collect(2 if full else 1)
    gc.freeze()
