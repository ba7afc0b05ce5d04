"""The microphone check: record a few seconds, measure them, and say what to fix.

Kept apart from the command so the pre-flight screen of the TUI can run the same check and show the
same advice. The thresholds are deliberately plain: what matters to a candidate is "can Whisper hear
me", which fails on digital silence, a voice far below the noise, clipping, and dropped blocks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.audio.levels import Level, dbfs
from interviewer.audio.recorder import DEAD_MIC_ADVICE, AnswerRecorder, Recording

if TYPE_CHECKING:
    from interviewer.audio import AudioSource

QUIET_SPEECH_DBFS = -40.0
"""Speech RMS below this: Whisper starts to miss words (a voice usually sits between -30 and -12)."""
LOW_PEAK_DBFS = -25.0
CLIPPING_SHARE = 0.001
"""More than 0.1% of samples at full scale: audible distortion."""
MOSTLY_SILENT = 0.9


@dataclass
class MicCheckReport:
    device: str
    samplerate: int
    device_samplerate: int
    duration_s: float
    rms_dbfs: float
    speech_rms_dbfs: float
    peak_dbfs: float
    clipping_share: float
    silence_share: float
    overflows: int
    dead_mic: bool
    ok: bool
    problems: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    saved: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("duration_s", "rms_dbfs", "speech_rms_dbfs", "peak_dbfs"):
            data[key] = round(data[key], 2)
        data["clipping_share"] = round(self.clipping_share, 5)
        data["silence_share"] = round(self.silence_share, 3)
        return data


def assess(recording: Recording) -> tuple[list[str], list[str]]:
    """(problems, advice) for a finished recording; both empty when the microphone is fine."""
    stats = recording.stats
    assert stats is not None
    problems: list[str] = []
    advice: list[str] = []
    if recording.dead_mic or dbfs(stats.peak) < -70.0:
        problems.append("dead_mic")
        advice.append(DEAD_MIC_ADVICE)
    elif stats.silence_share >= MOSTLY_SILENT:
        problems.append("mostly_silent")
        advice.append(
            "almost nothing above room noise: speak during the check, or raise the input gain / "
            "pick another microphone with --device (`interviewer devices`)"
        )
    elif dbfs(stats.speech_rms) < QUIET_SPEECH_DBFS or dbfs(stats.peak) < LOW_PEAK_DBFS:
        problems.append("too_quiet")
        advice.append(
            f"your voice comes in quiet ({dbfs(stats.speech_rms):.0f} dBFS): move closer to the microphone "
            "or raise its input gain in the system sound settings"
        )
    if stats.clipped_share > CLIPPING_SHARE:
        problems.append("clipping")
        advice.append(
            f"{stats.clipped_share:.1%} of the audio is clipped: lower the input gain or move back a little"
        )
    if recording.overflows:
        problems.append("overflows")
        advice.append(
            f"the computer dropped {recording.overflows} audio block(s): close busy programs; "
            "if it persists, try another --device"
        )
    if recording.error:
        problems.append("device_error")
        advice.append(recording.error)
    return problems, advice


def run_mic_check(
    source: AudioSource,
    wav_path: Path,
    *,
    seconds: float,
    on_level: Callable[[Level, float], None] | None = None,
    device_name: str = "",
    saved: bool = False,
) -> MicCheckReport:
    """Record ``seconds`` from ``source`` into ``wav_path`` and assess it.

    ``on_level(level, elapsed_s)`` is called about ten times a second for a live meter.
    """
    recorder = AnswerRecorder(
        source, wav_path, samplerate=int(getattr(source, "samplerate", 16000))
    )
    recorder.start()
    try:
        while recorder.running and recorder.elapsed_s < seconds:
            time.sleep(0.1)
            if on_level is not None:
                on_level(recorder.level, recorder.elapsed_s)
    finally:
        recording = recorder.stop()
    stats = recording.stats
    assert stats is not None
    problems, advice = assess(recording)
    return MicCheckReport(
        device=device_name,
        samplerate=recorder.samplerate,
        device_samplerate=int(getattr(source, "device_rate", recorder.samplerate)),
        duration_s=recording.duration_s,
        rms_dbfs=dbfs(stats.rms),
        speech_rms_dbfs=dbfs(stats.speech_rms),
        peak_dbfs=dbfs(stats.peak),
        clipping_share=stats.clipped_share,
        silence_share=stats.silence_share,
        overflows=recording.overflows,
        dead_mic=recording.dead_mic,
        ok=not problems,
        problems=problems,
        advice=advice,
        saved=str(wav_path) if saved else None,
    )
