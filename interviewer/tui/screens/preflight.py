"""Pre-flight: check the microphone, hear the voice, see the model load, then start.

The round may start while the model is still loading (transcription catches up). When answers
will be typed, this screen says so and why (no microphone, no model, or ``--typed``).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static
from textual.worker import get_current_worker

from interviewer.models import kind_label
from interviewer.tui.messages import MicLevel
from interviewer.tui.widgets import LevelMeter, mmss

VOICE_TEST = "Hello. This is how the interviewer will sound. Let's begin when you are ready."


class PreflightScreen(Screen[bool]):
    """Dismissed with True to start the round, False to go back."""

    BINDINGS = [
        Binding("enter", "start", "Start round", priority=True),
        Binding("t", "test_voice", "Test voice"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, plan: tuple[str, str, list[Any]]) -> None:
        super().__init__()
        self.plan = plan
        self.peak = 0.0

    @property
    def services(self) -> Any:
        return self.app.services  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="preflight"):
            yield Static("", id="pf-round")
            yield Static("", id="pf-voice", classes="pf-row")
            yield Static("", id="pf-mic", classes="pf-row")
            yield LevelMeter(id="pf-level")
            yield Static("", id="pf-model", classes="pf-row")
            yield Static("", id="pf-mode", classes="pf-row")
            yield Button("Start the round", id="pf-start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        _, title, questions = self.plan
        self.title = "Pre-flight"
        self.sub_title = title
        budget = sum(q.budget_s for q in questions)
        kinds = ", ".join(dict.fromkeys(kind_label(q.kind).lower() for q in questions))
        self.query_one("#pf-round", Static).update(
            Text.assemble(
                (title, "bold"), f"\n{len(questions)} questions · about {mmss(budget)} · {kinds}"
            )
        )
        s = self.services
        voice = Text("Voice       ", style="bold")
        if s.voice:
            voice.append("ready: questions are spoken (press t to hear it)", style="green")
        else:
            voice.append(
                f"off: questions are shown as text ({s.problems.get('voice', 'no voice')})",
                style="yellow",
            )
        self.query_one("#pf-voice", Static).update(voice)
        mic = Text("Microphone  ", style="bold")
        if s.microphone is not None:
            mic.append("listening: speak and watch the meter", style="green")
            self._meter()
        else:
            mic.append(s.problems.get("microphone", "not used (typed answers)"), style="yellow")
            self.query_one(LevelMeter).display = False
        self.query_one("#pf-mic", Static).update(mic)
        mode = Text("Answers     ", style="bold")
        if s.typed:
            mode.append(f"typed, because {_typed_because(s.problems)}", style="yellow")
            mode.append(
                "\n            Type each answer; timing is estimated from your text.", style="dim"
            )
        else:
            mode.append("spoken: recorded and transcribed on this machine", style="green")
        self.query_one("#pf-mode", Static).update(mode)
        self._model_status()
        self.set_interval(0.5, self._model_status)
        self.query_one("#pf-start", Button).focus()

    def _model_status(self) -> None:
        s = self.services
        text = Text("Model       ", style="bold")
        model = s.model
        if model is None:
            text.append(
                s.problems.get("model", "not needed for typed answers"),
                style="yellow" if "model" in s.problems else "dim",
            )
        elif getattr(model, "error", None):
            text.append(f"failed to load: {model.error}", style="red")
        elif getattr(model, "ready", False):
            text.append("loaded", style="green")
        else:
            text.append("loading… (you can start now; transcription catches up)", style="yellow")
        self.query_one("#pf-model", Static).update(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="meter")
    def _meter(self) -> None:
        from interviewer.audio import measure

        worker = get_current_worker()
        source = self.services.microphone()
        source.start()
        try:
            while not worker.is_cancelled:
                block = source.read(timeout=0.2)
                if block is None:
                    break
                if block.size:
                    level = measure(block)
                    self.post_message(MicLevel(level.meter(), level.clipped > 0.001))
        finally:
            source.stop()

    def on_mic_level(self, message: MicLevel) -> None:
        self.peak = max(self.peak, message.value)
        self.query_one(LevelMeter).set_level(message.value, message.clipped)

    def on_worker_state_changed(self, event: Any) -> None:
        if event.worker.group == "meter" and event.worker.error is not None:
            self.query_one("#pf-mic", Static).update(
                Text.assemble(("Microphone  ", "bold"), (f"failed: {event.worker.error}", "red"))
            )

    def action_test_voice(self) -> None:
        s = self.services
        if not s.voice:
            self.notify(s.problems.get("voice", "no voice available"), severity="warning")
            return
        s.speaker.stop()
        s.speaker.speak(VOICE_TEST)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pf-start":
            self.action_start()

    def action_start(self) -> None:
        self.workers.cancel_group(self, "meter")
        if self.services.voice:
            self.services.speaker.stop()
        self.dismiss(True)

    def action_back(self) -> None:
        self.workers.cancel_group(self, "meter")
        self.dismiss(False)


def _typed_because(problems: dict[str, str]) -> str:
    """The reasons for typed answers in a few words (the rows above give the details)."""
    short = {
        "typed": "typed answers were asked for (--typed)",
        "microphone": "there is no usable microphone (see above)",
        "model": "there is no speech model (see above)",
    }
    reasons = [short[k] for k in short if k in problems]
    if "audio" in problems:
        reasons.append(problems["audio"])
    return " and ".join(reasons) or "voice input is not available"
