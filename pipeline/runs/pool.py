"""Worker processes with a hard time limit per item: pebble's ``ProcessPool``.

In: a picklable module-level function, a number of workers and an optional per-worker
initializer (loading models once). Out: a pool whose futures :func:`collect` turns into the
function's result or the :class:`~pipeline.models.RunError` that ended the item.
Holds: each item runs in one worker process started by a fork server or in a fresh interpreter
(no threads of the parent are copied); an item still running past its time limit has its worker
killed (pebble: a process can be stopped, a thread cannot) and ends ``timeout``; a worker that
dies ends its item ``worker-crashed``; either way pebble starts a fresh worker and the other
items go on; a worker keeps what it loaded (models) for the items that follow. Error codes come from
:func:`pipeline.runs.outcome.run_error`, the one mapping from failures to codes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

from pebble import ProcessPool

from pipeline.models import RunError
from pipeline.runs.outcome import run_error

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
T = TypeVar("T")


def available_memory_mb() -> int | None:
    """The memory the kernel says is available now (``MemAvailable``), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def pool_size(concurrency: int, jobs: int, memory_per_worker_mb: int | None) -> int:
    """How many workers to start: no more than asked, than there are documents, and than the
    available memory holds at ``memory_per_worker_mb`` each (at least one)."""
    size = min(concurrency, jobs)
    available = available_memory_mb() if memory_per_worker_mb else None
    if available is not None and memory_per_worker_mb:
        size = min(size, max(1, available // memory_per_worker_mb))
    return max(1, size)


def worker_pool(workers: int, initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = (), start: str = "forkserver") -> ProcessPool:
    """A pool of ``workers`` processes (use it as a context manager: it closes and joins),
    started by the fork server (``start="forkserver"``: forked from a process that preloaded
    the models, :mod:`pipeline.runs.preload`) or each in a fresh interpreter (``"spawn"``:
    without the fork server's models, and without waiting for it to load them)."""
    if workers < 1:
        raise ValueError("a pool needs at least one worker")
    extra: dict[str, Any] = {"initializer": initializer, "initargs": list(initargs)} \
        if initializer is not None else {}
    return ProcessPool(max_workers=workers, context=multiprocessing.get_context(start), **extra)


def submit(pool: ProcessPool, fn: Callable[[T], R], item: T,
           time_limit: float | None = None) -> Future[R]:
    """Run ``fn(item)`` in a worker of ``pool``, killed past ``time_limit`` seconds (None: no
    limit)."""
    future: Future[R] = pool.schedule(fn, args=[item], timeout=time_limit)  # type: ignore[arg-type]
    return future


class Outcome(Protocol[R_co]):
    """What :func:`collect` reads: a future's ``result()``."""

    def result(self, timeout: float | None = None) -> R_co: ...


def collect(future: Outcome[R]) -> R | RunError:
    """The item's result, or the error that ended it (time limit, dead worker, exception)."""
    try:
        return future.result()
    except Exception as exc:
        return run_error(exc)
