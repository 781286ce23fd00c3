"""Errors that reach the user as a clear Chinese message (exit code 2)."""

from __future__ import annotations


class InputError(Exception):
    """The input file cannot be used; ``str(exc)`` is the message for the clerk."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message
