"""Errors a user can cause and fix. The CLI prints them as one line and exits 1."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can act on: bad input, missing device, missing model, locked database.

    The message is one line that says what is wrong and, where it helps, what to do.
    """

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.hint = hint
        super().__init__(message if not hint else f"{message} ({hint})")
