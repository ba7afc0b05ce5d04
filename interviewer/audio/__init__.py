"""Audio in and out: microphone capture, audio files as sources, WAV writing, levels, playback.

Everything inside the app is float32 mono at 16 kHz (what Whisper wants); conversion happens at the
edges (device rate, file format). The microphone and audio files share one small interface,
:class:`AudioSource`, so the recorder, the meter and the transcriber never care where audio comes from.

Importing this package is cheap: numpy and sounddevice load only when a name that needs them is used
(``from interviewer.audio import MicrophoneSource`` loads them; ``import interviewer.audio`` does not).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from interviewer.lazy import lazy_exports

if TYPE_CHECKING:
    import numpy as np

    from interviewer.audio.check import MicCheckReport, run_mic_check
    from interviewer.audio.devices import Device, list_devices, refresh_devices, resolve_device
    from interviewer.audio.files import FileSource, decode_file
    from interviewer.audio.levels import Level, LevelStats, dbfs, measure
    from interviewer.audio.mic import MicrophoneSource
    from interviewer.audio.playback import Playback, play
    from interviewer.audio.recorder import AnswerRecorder, Recording
    from interviewer.audio.resample import Resampler, resample
    from interviewer.audio.wavfile import WavWriter, read_wav, recover_wav

SAMPLE_RATE = 16000
"""The internal sample rate: float32 mono at 16 kHz everywhere."""


@runtime_checkable
class AudioSource(Protocol):
    """Where an answer's audio comes from: the microphone, or a file standing in for it."""

    overflows: int
    """Blocks the device dropped because we did not read fast enough (always 0 for files)."""

    def start(self) -> None: ...

    def read(self, timeout: float = 0.5) -> np.ndarray | None:
        """The next float32 mono 16 kHz block, an empty array if none arrived within ``timeout``,
        or ``None`` once the source has ended (file exhausted, or stopped and drained)."""
        ...

    def stop(self) -> None: ...


_LAZY = {
    "MicCheckReport": "check",
    "run_mic_check": "check",
    "Device": "devices",
    "list_devices": "devices",
    "refresh_devices": "devices",
    "resolve_device": "devices",
    "FileSource": "files",
    "decode_file": "files",
    "Level": "levels",
    "LevelStats": "levels",
    "dbfs": "levels",
    "measure": "levels",
    "MicrophoneSource": "mic",
    "Playback": "playback",
    "play": "playback",
    "AnswerRecorder": "recorder",
    "Recording": "recorder",
    "Resampler": "resample",
    "resample": "resample",
    "WavWriter": "wavfile",
    "read_wav": "wavfile",
    "recover_wav": "wavfile",
}

__all__ = [
    "SAMPLE_RATE",
    "AnswerRecorder",
    "AudioSource",
    "Device",
    "FileSource",
    "Level",
    "LevelStats",
    "MicCheckReport",
    "MicrophoneSource",
    "Playback",
    "Recording",
    "Resampler",
    "WavWriter",
    "dbfs",
    "decode_file",
    "list_devices",
    "measure",
    "play",
    "read_wav",
    "recover_wav",
    "refresh_devices",
    "resample",
    "resolve_device",
    "run_mic_check",
]


__getattr__ = lazy_exports(__name__, _LAZY)
