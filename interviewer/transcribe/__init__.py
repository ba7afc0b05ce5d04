"""Local Whisper transcription, while the candidate speaks or from a file afterwards.

The public surface other parts use:

- ``Engine``: a faster-whisper model (CPU int8 by default, CUDA when present), loaded once, in the
  background if asked; ``transcribe_file`` / ``transcribe_array`` for whole recordings;
- ``IncrementalTranscriber``: ``feed`` blocks while recording, ``partial`` for the live transcript,
  ``finish`` for the final one (only the last chunk is left to do by then);
- ``resolve_model``: a known model name or a folder path to the model folder, or a UserError saying
  how to install it; ``transcribe_path``: one call from a file and the settings to a transcript.

Heavy libraries (faster_whisper, ctranslate2, numpy, av) are imported inside the functions that use
them, so importing this package costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.transcribe.catalog import KNOWN_MODELS, resolve_model
from interviewer.transcribe.engine import Engine
from interviewer.transcribe.incremental import IncrementalTranscriber

if TYPE_CHECKING:
    from interviewer.models import Transcript
    from interviewer.settings import TranscribeSettings

__all__ = ["KNOWN_MODELS", "Engine", "IncrementalTranscriber", "resolve_model", "transcribe_path"]


def transcribe_path(
    path: str | Path,
    settings: TranscribeSettings,
    model: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> Transcript:
    """Transcribe an audio file with the configured (or given) model."""
    from interviewer.transcribe.audio_io import AudioFile

    AudioFile(path).close()  # a bad file is reported before the model is loaded
    engine = Engine.from_settings(settings, model=model)
    return engine.transcribe_file(path, progress=progress)
