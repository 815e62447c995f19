"""Where the flow's document tasks run: this machine's worker processes, or a Dask cluster.

In: the :class:`~pipeline.runs.config.Settings`. Out: a Prefect task runner, and a local
:class:`~pipeline.runs.pool.WorkerPool` when the documents run on this machine.
Holds: locally, each ``document[NAME]`` task runs in a thread of a ``ThreadPoolTaskRunner`` and
hands each of its stage tasks to a worker process of the pool (CPU-bound stages in parallel
processes, models loaded once per worker, a worker past the document's time limit killed); with
``runner.dask_address`` the tasks go to that existing Dask cluster through
``prefect_dask.DaskTaskRunner`` and run the stages in the Dask worker's process (the time limit
is then Prefect's task timeout, which cannot stop a stage already running).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from pipeline.runs.config import Settings
from pipeline.runs.pool import WorkerPool
from pipeline.runs.worker import StageCall, StageReply, run_stage, warm_up


def task_runner_for(settings: Settings) -> TaskRunner[Any]:
    """``DaskTaskRunner(address=…)`` or a thread pool as wide as ``concurrency``."""
    if settings.runner.dask_address:
        from prefect_dask.task_runners import DaskTaskRunner

        return DaskTaskRunner(address=settings.runner.dask_address)
    return ThreadPoolTaskRunner(max_workers=settings.concurrency)


def local_pool(
    settings: Settings, jobs: int
) -> AbstractContextManager[WorkerPool[StageCall, StageReply] | None]:
    """The worker processes of a local run (None with a Dask cluster or nothing to run)."""
    if settings.runner.dask_address or jobs == 0:
        return nullcontext(None)
    languages = tuple(settings.languages) if settings.languages is not None else None
    return WorkerPool(
        run_stage,
        workers=min(settings.concurrency, jobs),
        time_limit=settings.time_limit_seconds,
        initializer=warm_up if settings.preload_models else None,
        initargs=(languages, dict(settings.models)),
    )


# The pools of the runs going on in this process, by key. A task finds its pool through the key
# it is given, not through a module global: a served deployment may load the flow's module
# under another name than the one its tasks resolve globals in.
_POOLS: dict[str, WorkerPool[StageCall, StageReply]] = {}


@contextmanager
def registered_pool(settings: Settings, jobs: int) -> Iterator[str | None]:
    """:func:`local_pool`, registered for the run's duration; yields its key (None: no pool)."""
    with local_pool(settings, jobs) as pool:
        if pool is None:
            yield None
            return
        key = uuid.uuid4().hex
        _POOLS[key] = pool
        try:
            yield key
        finally:
            _POOLS.pop(key, None)


def pool_for(key: str | None) -> WorkerPool[StageCall, StageReply] | None:
    """The pool registered under ``key`` in this process (None on a Dask worker)."""
    return _POOLS.get(key) if key else None
