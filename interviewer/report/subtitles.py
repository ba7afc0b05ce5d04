"""SRT and WebVTT subtitles of a session's answers, from the transcript's word times.

Cues are about one line (at most 42 characters) and at most 7 seconds, broken at sentence ends
and pauses first. Each answer's times are offset by the length of the answers before it, so the
whole session is one ordered track that plays against the session's recordings laid end to end.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.models import Word
from interviewer.report.debrief import Debrief

MAX_CHARS = 42
MAX_CUE_S = 7.0
MIN_CUE_S = 0.01
BREAK_PAUSE_S = 0.8  # a silence this long ends a cue
GAP_BETWEEN_ANSWERS_S = 1.0


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    answer: int


def cues(debrief: Debrief) -> list[Cue]:
    out: list[Cue] = []
    offset = 0.0
    for a in debrief.answers:
        if a.words:
            out += [
                Cue(round(c.start + offset, 3), round(c.end + offset, 3), c.text, a.number)
                for c in answer_cues(a.words)
            ]
        length = max(a.duration_s or 0.0, max((w.end for w in a.words), default=0.0))
        if length:
            offset += length + GAP_BETWEEN_ANSWERS_S
    return out


def answer_cues(words: list[Word]) -> list[Cue]:
    """Cues of one answer, times from the start of its audio."""
    out: list[Cue] = []
    group: list[Word] = []

    def flush() -> None:
        if group:
            text = " ".join(w.text.strip() for w in group)
            end = max(group[-1].end, group[0].start + 0.3)  # never a zero-length cue
            out.append(Cue(group[0].start, end, text, 0))
            group.clear()

    for w in sorted(words, key=lambda w: w.start):
        if group:
            text_len = len(" ".join(x.text.strip() for x in group)) + 1 + len(w.text.strip())
            if text_len > MAX_CHARS or w.end - group[0].start > MAX_CUE_S:
                # Full: end the cue at a comma in its second half when there is one, so a
                # clause is not split over two cues ("what retention / means in general").
                cut = next(
                    (
                        i
                        for i in range(len(group) - 1, len(group) // 2 - 1, -1)
                        if group[i].text.rstrip().endswith((",", ";", ":"))
                    ),
                    None,
                )
                if cut is not None and cut < len(group) - 1:
                    carry = group[cut + 1 :]
                    del group[cut + 1 :]
                    flush()
                    group.extend(carry)
                else:
                    flush()
            elif w.start - group[-1].end >= BREAK_PAUSE_S or group[-1].text.rstrip("\"')").endswith(
                (".", "?", "!")
            ):
                flush()
        group.append(w)
    flush()
    # Whisper's word times can overlap, run backwards or swallow a long silence: cues must still
    # be ordered, never overlap and last at most MAX_CUE_S.
    fixed: list[Cue] = []
    prev_end = 0.0
    for i, c in enumerate(out):
        start = max(c.start, prev_end)
        end = min(c.end, start + MAX_CUE_S)
        if i + 1 < len(out):
            end = min(end, out[i + 1].start)
        end = max(end, start + MIN_CUE_S)
        fixed.append(Cue(round(start, 3), round(end, 3), c.text, c.answer))
        prev_end = round(end, 3)
    return fixed


def _stamp(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def render_srt(debrief: Debrief) -> str:
    blocks = []
    for i, c in enumerate(cues(debrief), 1):
        blocks.append(f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{_clean(c.text)}\n")
    return "\n".join(blocks)


def render_vtt(debrief: Debrief) -> str:
    title = debrief.title or f"{debrief.round_name} round"
    out = [f"WEBVTT - interviewer session {debrief.session_id}: {_clean(title)}", ""]
    current = None
    questions = {a.number: a.question for a in debrief.answers}
    for i, c in enumerate(cues(debrief), 1):
        if c.answer != current:
            current = c.answer
            # NOTE blocks carry the question; players ignore them.
            out += [f"NOTE Answer {c.answer}: {_note(questions.get(c.answer, ''))}", ""]
        out += [
            f"a{c.answer}-{i}",
            f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}",
            _vtt_text(c.text),
            "",
        ]
    return "\n".join(out)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _note(text: str) -> str:
    return _clean(text).replace("-->", "->")


def _vtt_text(text: str) -> str:
    return _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
