"""The exceptions of the pipeline: unreadable input and broken configuration only.

Every other anomaly is an :class:`pipeline.models.Issue` in the output.
"""

from __future__ import annotations

from pipeline.codes import ErrorCode


class DocumentError(Exception):
    """A document that cannot be processed. ``code`` is stable and goes to the run summary."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = ErrorCode(code).value  # an uncatalogued code is a bug (pipeline/codes.py)
        self.message = message


class ConfigError(Exception):
    """Broken configuration or language data (a bug or a bad install, not a bad document)."""


class RunRefused(ConfigError):
    """A run that cannot start: its output folder is locked by another run, or unwritable.
    Like a configuration error it is the user's to fix (exit status 2), before any work."""
