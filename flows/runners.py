"""Where the flow's document tasks run: this machine's worker processes, or a Dask cluster.

In: the :class:`~pipeline.runs.config.Settings`. Out: a Prefect task runner, and a local pebble
process pool (:func:`pipeline.runs.pool.worker_pool`) when the documents run on this machine.
Holds: locally, each ``document[NAME]`` task runs in a thread of a ``ThreadPoolTaskRunner`` and
hands each of its stage tasks to a worker process of the pool, which the flow passes to the
tasks as a parameter (CPU-bound stages in parallel processes, models loaded once per worker, a
worker past the document's time limit killed); with ``runner.dask_address`` the tasks go to that
existing Dask cluster through ``prefect_dask.DaskTaskRunner`` and run the stages in the Dask
worker's process (the time limit is then Prefect's task timeout, which cannot stop a stage
already running).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from pebble import ProcessPool
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from pipeline.runs.config import Settings, stage_options
from pipeline.runs.pool import pool_size, worker_pool
from pipeline.runs.preload import languages_of, preload_in_fork_server
from pipeline.runs.worker import init_worker


def task_runner_for(settings: Settings) -> TaskRunner[Any]:
    """``DaskTaskRunner(address=…)`` or a thread pool as wide as ``concurrency``."""
    if settings.runner.dask_address:
        from prefect_dask.task_runners import DaskTaskRunner

        return DaskTaskRunner(address=settings.runner.dask_address)
    return ThreadPoolTaskRunner(max_workers=settings.concurrency)


def local_pool(settings: Settings, paths: Sequence[Path]
               ) -> AbstractContextManager[ProcessPool | None]:
    """The worker processes of a local run of the documents at ``paths`` (None with a Dask
    cluster or nothing to run); the fork server preloads the models their languages need."""
    jobs = len(paths)
    if settings.runner.dask_address or jobs == 0:
        return nullcontext(None)
    preload_in_fork_server(languages_of(paths, settings.languages), settings.models)
    size = pool_size(settings.concurrency, jobs, settings.memory_per_worker_mb)
    preload = stage_options(settings) if settings.preload_models else None
    pool: ProcessPool = worker_pool(size, init_worker, (settings.memory_per_worker_mb, preload))
    return pool
