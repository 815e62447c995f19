"""A time limit for a document processed in this process (no worker to kill).

In: seconds. Out: :func:`deadline`, a context manager after which, if the block is still
running, ``TimeoutError`` is raised in it (a timer signal, ``SIGALRM``), which the batch records
as ``timeout`` like a worker's. Holds: only in the main thread of the main interpreter (where
signals are delivered); elsewhere, or with no limit, the block simply runs. A call that stays in
C code (one pdfium call, one regex) is interrupted when it returns to Python: the limit is a
little soft, which is why a batch of several documents runs them in worker processes that can
be killed.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class DocumentTimeout(TimeoutError):
    """The document ran past its time limit in this process."""


def _expired(signum: int, frame: FrameType | None) -> None:
    raise DocumentTimeout("Task timeout", _current[0])


_current: list[float] = [0.0]


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise ``TimeoutError`` in the block after ``seconds`` (see the module docstring)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    _current[0] = seconds
    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
