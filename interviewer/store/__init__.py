"""Sessions, answers, transcripts, scores and flags in SQLite; audio as files beside the database."""

from interviewer.store.db import SessionSummary, Store

__all__ = ["SessionSummary", "Store"]
