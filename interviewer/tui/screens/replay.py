"""Replay: a past answer's transcript in step with its audio, the current word highlighted.

Playback goes through ``interviewer.audio.play``; the position comes from the samples handed to the
device, so the highlight follows the sound. Typed answers, answers whose audio is gone, and
machines with no speaker replay silently on the clock, so the transcript still plays in step.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from interviewer.tui.widgets import mmss, transcript_text, word_at

TICK_S = 0.1
SEEK_S = 5.0


class ReplayScreen(Screen[None]):
    BINDINGS = [
        Binding("space", "play_pause", "Play/Pause"),
        Binding("f", "next_flag", "Next flag"),
        Binding("left", "seek(-5)", "-5s"),
        Binding("right", "seek(5)", "+5s"),
        Binding("n", "answer(1)", "Next answer"),
        Binding("p", "answer(-1)", "Previous answer"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, session_id: int, *, answer: int = 0, autoplay: bool = False) -> None:
        super().__init__()
        self.session_id = session_id
        self.index = answer
        self.autoplay = autoplay
        self.session: Any = None
        self.position = 0.0
        self.playing = False
        self.silent_reason: str | None = None
        self._playback: Any = None
        self._audio: Any = None
        self._rate = 16000
        self._offset = 0.0
        self._started_clock = 0.0
        self._flag_cursor = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="replay-head")
        yield Static("", id="replay-position")
        with VerticalScroll(id="replay-body"):
            yield Static("", id="replay-transcript")
        yield Footer()

    def on_mount(self) -> None:
        store = self.app.services.store  # type: ignore[attr-defined]
        self.session = store.get_session(self.session_id)
        self.title = f"Replay · session {self.session_id}"
        self.sub_title = self.session.title or self.session.round_name
        self.index = max(0, min(self.index, len(self.session.answers) - 1))
        self._load()
        self.set_interval(TICK_S, self._tick)
        if self.autoplay:
            self.action_play_pause()

    # ------------------------------------------------------------------ the answer

    @property
    def answer(self) -> Any:
        return self.session.answers[self.index] if self.session and self.session.answers else None

    @property
    def words(self) -> list[Any]:
        a = self.answer
        return list(a.transcript.words) if a is not None and a.transcript else []

    @property
    def duration(self) -> float:
        a = self.answer
        if a is None or a.transcript is None:
            return 0.0
        return max(a.transcript.duration_s, self.words[-1].end if self.words else 0.0)

    def flags(self) -> list[Any]:
        a = self.answer
        if a is None or a.score is None:
            return []
        return sorted((f for f in a.score.flags if f.start_s is not None), key=lambda f: f.start_s)

    def _load(self) -> None:
        self._stop_audio()
        self.position, self.playing, self._flag_cursor = 0.0, False, -1
        self._audio, self.silent_reason = None, None
        a = self.answer
        if a is None:
            self.query_one("#replay-head", Static).update("This session has no answers.")
            return
        if a.mode == "typed":
            self.silent_reason = "typed answer: replayed silently at its estimated pace"
        elif not a.audio_path:
            self.silent_reason = "no recording kept"
        else:
            try:
                from interviewer.audio import read_wav

                self._audio, self._rate = read_wav(a.audio_path)
            except Exception as exc:  # missing or unreadable file: the transcript still replays
                self.silent_reason = f"audio unavailable ({exc})"
        head = Text()
        head.append(
            f"Answer {self.index + 1} of {len(self.session.answers)} · {a.question.kind}\n",
            style="bold",
        )
        head.append(a.question.text)
        if self.silent_reason:
            head.append(f"\n{self.silent_reason}", style="dim")
        self.query_one("#replay-head", Static).update(head)
        self._draw()

    # ------------------------------------------------------------------ playback

    def _clock(self) -> float:
        return float(self.app.services.clock())  # type: ignore[attr-defined]

    def action_play_pause(self) -> None:
        if self.answer is None:
            return
        if self.playing:
            self.position = self._current_position()
            self._stop_audio()
            self.playing = False
        else:
            if self.position >= self.duration:
                self.position = 0.0
            self._start_audio()
            self.playing = True
        self._draw()

    def _start_audio(self) -> None:
        self._offset = self.position
        self._started_clock = self._clock()
        if self._audio is None:
            return
        try:
            from interviewer.audio import play

            start = int(self.position * self._rate)
            self._playback = play(self._audio[start:], samplerate=self._rate)
        except Exception as exc:  # no speaker: keep going silently
            self._playback = None
            self._audio = None
            self.silent_reason = f"cannot play audio ({exc}); replaying silently"
            self.notify(self.silent_reason, severity="warning")

    def _stop_audio(self) -> None:
        playback, self._playback = self._playback, None
        if playback is not None:
            try:
                playback.stop()
            except Exception:
                pass

    def _current_position(self) -> float:
        if not self.playing:
            return self.position
        if self._playback is not None:
            # Samples handed to the device are heard one output latency later.
            latency = float(getattr(self._playback, "output_latency_s", 0.0) or 0.0)
            return self._offset + max(0.0, float(self._playback.position_s) - latency)
        return self._offset + (self._clock() - self._started_clock)

    def _tick(self) -> None:
        if not self.playing:
            return
        self.position = self._current_position()
        if self.position >= self.duration or (
            self._playback is not None and not self._playback.is_playing
        ):
            self.position = min(self.position, self.duration)
            self._stop_audio()
            self.playing = False
        self._draw()

    def action_seek(self, delta: float) -> None:
        self._jump(self._current_position() + delta)

    def _jump(self, t: float) -> None:
        was_playing = self.playing
        self._stop_audio()
        self.playing = False
        self.position = max(0.0, min(self.duration, t))
        if was_playing:
            self._start_audio()
            self.playing = True
        self._draw()

    def action_next_flag(self) -> None:
        flags = self.flags()
        if not flags:
            self.notify("No flags with a time in this answer")
            return
        self._flag_cursor = (self._flag_cursor + 1) % len(flags)
        flag = flags[self._flag_cursor]
        self._jump(float(flag.start_s))
        self.notify(f"{flag.code.replace('_', ' ')} at {mmss(flag.start_s)}", title="Flag")

    def action_answer(self, step: int) -> None:
        if not self.session or not self.session.answers:
            return
        self.index = max(0, min(len(self.session.answers) - 1, self.index + step))
        self._load()

    def action_back(self) -> None:
        self._stop_audio()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self._stop_audio()

    # ------------------------------------------------------------------ drawing

    @property
    def current_word(self) -> int | None:
        return word_at(self.words, self.position)

    def _draw(self) -> None:
        state = "▶ playing" if self.playing else "‖ paused"
        flags = self.flags()
        line = Text.assemble((state, "bold"), f"  {mmss(self.position)} / {mmss(self.duration)}")
        if flags:
            line.append(
                f"  ·  {len(flags)} flag{'s' if len(flags) != 1 else ''} (f jumps)", style="dim"
            )
        self.query_one("#replay-position", Static).update(line)
        spans = [(f.start_s, f.end_s, f.code) for f in flags]
        self.query_one("#replay-transcript", Static).update(
            transcript_text(self.words, spans, current=self.current_word, line_s=15.0)
            if self.words
            else Text("(no transcript)")
        )
