"""Retries of file reads and writes: only transient I/O errors, never a parse failure.

In: a zero-argument function doing I/O, a number of attempts and a delay. Out: its result.
Holds: an attempt is repeated only when it raised a transient :class:`OSError` (not a missing
file, a folder, or a permission refusal: those will not change), or a
:class:`~pipeline.errors.DocumentError` ``unreadable-input`` caused by one; anything else
(``empty-input``, PDF errors, bugs) is raised at once. The last error is raised unchanged.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from pipeline.errors import DocumentError

R = TypeVar("R")

_PERMANENT = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError)


def is_transient_io(exc: BaseException) -> bool:
    """True for an I/O error that another attempt may not meet."""
    if isinstance(exc, DocumentError):
        return exc.code == "unreadable-input" and exc.__cause__ is not None and (
            is_transient_io(exc.__cause__)
        )
    return isinstance(exc, OSError) and not isinstance(exc, _PERMANENT)


def with_io_retries(fn: Callable[[], R], *, attempts: int, delay: float) -> R:
    """``fn()``, tried up to ``attempts`` times while it fails with a transient I/O error."""
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except Exception as exc:
            if attempt >= attempts or not is_transient_io(exc):
                raise
            time.sleep(delay * attempt)
    raise AssertionError("unreachable")
