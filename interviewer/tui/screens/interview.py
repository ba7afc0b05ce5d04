"""The interview: the question, who is talking, the clocks, the live transcript and counters.

The screen drives a :class:`~interviewer.round.RoundEngine`: a 4 Hz timer calls ``tick()`` (which
moves from asking to answering and gives the time cues) and refreshes the clocks; finishing an
answer (stop, transcribe the last chunk, score, save) runs in a thread worker. Engine events arrive
as :class:`RoundUpdate` messages, so widgets are only touched on the UI thread.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static, TextArea

from interviewer.errors import UserError
from interviewer.models import Transcript, kind_label
from interviewer.round import LiveCounter, Phase, RoundEngine
from interviewer.tui.messages import AnswerFinished, Problem, RoundEnded, RoundUpdate
from interviewer.tui.widgets import LevelMeter, level_value, mmss

TICK_S = 0.25
# The live transcript shows its tail: re-wrapping all 3,000 words of a 10-minute answer on every
# chunk cost the UI thread tens of milliseconds; the full transcript is in the debrief.
LIVE_WORDS = 400

PHASE_LABELS = {
    Phase.READY: ("…", "Getting ready"),
    Phase.ASKING: ("🔊", "Interviewer speaking"),
    Phase.ANSWERING: ("●", "Your answer"),
    Phase.TRANSCRIBING: ("⋯", "Transcribing and scoring"),
    Phase.SCORED: ("✓", "Scored"),
    Phase.PAUSED: ("‖", "Paused"),
    Phase.FINISHED: ("■", "Round over"),
}


class InterviewScreen(Screen[int | None]):
    """One round, question by question. Dismissed with the session id when the round ends."""

    BINDINGS = [
        Binding("ctrl+s", "done", "Done", priority=True),
        Binding("space", "space_done", "Done", show=False),
        Binding("f2", "pause", "Pause/Resume", priority=True),
        Binding("f3", "repeat", "Repeat", priority=True),
        Binding("f4", "skip", "Skip", priority=True),
        Binding("f10", "end_round", "End round", priority=True),
    ]

    def __init__(self, engine: RoundEngine, *, tick_s: float = TICK_S) -> None:
        super().__init__()
        self.engine = engine
        self.tick_s = tick_s
        self.events: list[str] = []
        self.last_result = ""
        self._finishing = False
        self._beginning = False
        self._shown: dict[str, str] = {}
        self._live_stats = LiveCounter()
        engine.subscribe(self._from_engine)

    def _from_engine(self, event: Any) -> None:
        # Any thread: hand the event to the UI thread.
        self.post_message(RoundUpdate(event))

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="interview"):
            with Horizontal(id="topline"):
                yield Static("", id="progress")
                yield Static("", id="round-clock")
            yield Static("", id="question")
            with Horizontal(id="status-line"):
                yield Static("", id="phase")
                yield Static("", id="countdown")
            yield LevelMeter(id="level")
            with Horizontal(id="live"):
                with VerticalScroll(id="transcript-box"):
                    yield Static("", id="live-transcript")
                yield TextArea(id="typed", soft_wrap=True, show_line_numbers=False)
                yield Static("", id="counters")
            yield Static("", id="result")
            with Horizontal(id="controls"):
                yield Button("Done", id="btn-done", variant="primary")
                yield Button("Pause", id="btn-pause")
                yield Button("Repeat", id="btn-repeat")
                yield Button("Skip", id="btn-skip")
                yield Button("End round", id="btn-end", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.engine.title
        self.sub_title = "typed answers" if self.engine.services.typed else "voice"
        typed = self.query_one("#typed", TextArea)
        typed.display = self.engine.typed
        if self.engine.typed:
            typed.focus()
        self.query_one(LevelMeter).display = not self.engine.typed
        if self.engine.phase is Phase.READY:
            try:
                self.engine.start()
            except UserError as exc:
                self.notify(str(exc), severity="error")
                self.dismiss(None)
                return
        self.set_interval(self.tick_s, self._tick)
        self._refresh()

    # ------------------------------------------------------------------ the clock

    def _tick(self) -> None:
        e = self.engine
        if e.phase not in (Phase.FINISHED, Phase.TRANSCRIBING):
            e.tick(begin=False)
            if e.phase is Phase.ASKING and e.question_spoken:
                self._start_answer()
        self._refresh()

    def _start_answer(self) -> None:
        if not self._beginning:
            self._beginning = True
            self._begin()

    @work(thread=True, exclusive=True, exit_on_error=False, group="begin")
    def _begin(self) -> None:
        # Opening the microphone and the transcriber takes a moment: never on the UI thread.
        from interviewer.tui.app import settle_heap

        settle_heap()  # no full garbage collection while the candidate speaks
        try:
            self.engine.begin_answer()
        except UserError as exc:
            self.post_message(Problem(str(exc)))
        finally:
            self._beginning = False

    def _refresh(self) -> None:
        e = self.engine
        q = e.question
        self._show(
            "#progress",
            Text.assemble(
                (f"Question {e.index + 1} of {len(e.questions)}", "bold"), f"  ·  {_kind(q.kind)}"
            ),
        )
        self._show("#round-clock", f"round {mmss(e.round_elapsed())} / {mmss(e.round_budget())}")
        self._show("#question", q.text)
        icon, label = PHASE_LABELS[e.phase]
        if e.phase is Phase.ANSWERING and e.typed:
            icon, label = "⌨", "Type your answer (ctrl+s when done)"
        elif e.phase is Phase.ANSWERING:
            label = "Recording your answer (space or ctrl+s when done)"
        self._show("#phase", f"{icon} {label}")
        remaining = q.budget_s - e.question_elapsed()
        style = "bold red" if remaining <= 0 else "bold yellow" if remaining <= 60 else "bold"
        self._show(
            "#countdown",
            Text.assemble("time left ", (mmss(remaining), style), f" of {mmss(q.budget_s)}"),
        )
        typed = self.query_one("#typed", TextArea)
        show_typed = e.typed and e.phase in (Phase.ANSWERING, Phase.ASKING, Phase.PAUSED)
        if typed.display != show_typed:
            typed.display = show_typed
            if show_typed:
                typed.focus()
        self.query_one("#transcript-box").display = not show_typed
        self.query_one(LevelMeter).display = not e.typed
        self.query_one("#btn-pause", Button).label = (
            "Resume" if e.phase is Phase.PAUSED else "Pause"
        )
        self._update_counters()

    def _show(self, selector: str, content: Any) -> None:
        """Update a Static only when its content changed: an update costs a layout pass."""
        key = content.plain + str(content.spans) if isinstance(content, Text) else str(content)
        if self._shown.get(selector) != key:
            self._shown[selector] = key
            self.query_one(selector, Static).update(content)

    def _update_counters(self) -> None:
        e = self.engine
        elapsed = e.question_elapsed()
        source = self.query_one("#typed", TextArea).text if e.typed else e.partial
        stats = self._live_stats(source, elapsed)
        pace = f"{stats.wpm:.0f}" if stats.wpm is not None and not e.typed else "–"
        self._show(
            "#counters",
            f"pace   {pace} wpm\nfillers {stats.fillers}\nwords  {stats.words}\n"
            f"answer {mmss(elapsed)}",
        )

    # ------------------------------------------------------------------ engine events

    def on_round_update(self, message: RoundUpdate) -> None:
        event = message.event
        self.events.append(event.kind)
        if event.kind == "level":
            value, clipped = level_value(event.data)
            self.query_one(LevelMeter).set_level(value, clipped)
        elif event.kind == "partial":
            self._show_partial(event.data)
        elif event.kind == "question":
            self._show("#live-transcript", "")
            if self.engine.typed:
                self.query_one("#typed", TextArea).focus()
            self.query_one("#result", Static).update(self.last_result)
            self._refresh()
        elif event.kind == "cue":
            text = "About a minute left" if event.data == "minute" else "Time is up: please wrap up"
            self.notify(
                text, title="Time", severity="warning" if event.data == "time_up" else "information"
            )
        elif event.kind == "must_stop":
            self.notify("Well over time: the answer was stopped", severity="warning")
            self.action_done()
        elif event.kind == "follow_up":
            self.notify("The interviewer has a follow-up question", title="Follow-up")
        elif event.kind in ("error", "notice"):
            self.notify(
                str(event.data), severity="error" if event.kind == "error" else "information"
            )
        elif event.kind == "phase":
            self._refresh()

    def _show_partial(self, partial: Any) -> None:
        text = partial.text if isinstance(partial, Transcript) else str(partial or "")
        words = text.split()
        if len(words) > LIVE_WORDS:
            text = "… " + " ".join(words[-LIVE_WORDS:])
        self._show("#live-transcript", text)
        self.query_one("#transcript-box", VerticalScroll).scroll_end(animate=False)
        self._update_counters()

    @on(TextArea.Changed, "#typed")
    def _typed_changed(self) -> None:
        self._update_counters()

    # ------------------------------------------------------------------ actions

    def action_space_done(self) -> None:
        # Space means "done" only when nothing is being typed.
        if not self.engine.typed:
            self.action_done()

    @on(Button.Pressed, "#btn-done")
    def action_done(self) -> None:
        e = self.engine
        if e.phase is Phase.ASKING:
            self._start_answer()  # the candidate cuts in: stop speaking and start listening
            return
        if e.phase not in (Phase.ANSWERING, Phase.PAUSED) or self._finishing:
            return
        text = self.query_one("#typed", TextArea).text if e.typed else None
        if e.typed and not (text or "").strip():
            self.notify("Type an answer first, or skip the question (F4)", severity="warning")
            return
        self._finishing = True
        self.query_one("#result", Static).update("Transcribing and scoring…")
        self._finish(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="answer")
    def _finish(self, text: str | None) -> None:
        try:
            answer = self.engine.finish_answer(text)
        except UserError as exc:
            self.post_message(Problem(str(exc)))
            answer = None
        self.post_message(AnswerFinished(answer))

    def on_answer_finished(self, message: AnswerFinished) -> None:
        self._finishing = False
        answer = message.answer
        if answer is None:
            self._refresh()
            return
        self.query_one("#typed", TextArea).clear()
        self.last_result = _result_line(answer)
        self.query_one("#result", Static).update(self.last_result)
        if self.engine.phase is Phase.SCORED and not self.engine.next():
            self.post_message(RoundEnded(self.engine.session_id))
        self._refresh()

    def on_problem(self, message: Problem) -> None:
        self.notify(message.text, severity="error")

    @on(Button.Pressed, "#btn-pause")
    def action_pause(self) -> None:
        if self.engine.phase is Phase.PAUSED:
            self.engine.resume()
        else:
            self.engine.pause()
        self._refresh()

    @on(Button.Pressed, "#btn-repeat")
    def action_repeat(self) -> None:
        self.engine.repeat()

    @on(Button.Pressed, "#btn-skip")
    def action_skip(self) -> None:
        if self._finishing:
            return
        self.query_one("#typed", TextArea).clear()
        if not self.engine.skip():
            self.post_message(RoundEnded(self.engine.session_id))
        self._refresh()

    @on(Button.Pressed, "#btn-end")
    def action_end_round(self) -> None:
        if self._finishing:
            return
        self._finishing = True
        text = self.query_one("#typed", TextArea).text if self.engine.typed else None
        self.query_one("#result", Static).update("Ending the round…")
        self._end(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="answer")
    def _end(self, text: str | None) -> None:
        sid = self.engine.end(text=text)
        self.post_message(RoundEnded(sid))

    def on_round_ended(self, message: RoundEnded) -> None:
        self._finishing = False
        if self.engine.phase is not Phase.FINISHED:
            self.engine.finish()
        self.dismiss(message.session_id)

    def on_unmount(self) -> None:
        self.engine.close()


def _kind(kind: str) -> str:
    return kind_label(kind)


def _result_line(answer: Any) -> str:
    score = answer.score
    n = answer.position + 1
    if score is None:
        return f"Answer {n}: {answer.status}{' (' + answer.error + ')' if answer.error else ''}"
    flags = ", ".join(f.code.replace("_", " ") for f in score.flags) or "no flags"
    return f"Answer {n} scored {score.scores.overall:.1f}/5 · {flags}"
