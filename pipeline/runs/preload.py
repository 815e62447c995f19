"""The fork server that starts the worker processes, warm.

Workers are started by a fork server (a clean, single-threaded process).
:func:`start_fork_server` starts it, importing the worker's modules (the stages, the PDF and
text readers) and no statistical model: every worker forked from it starts with them imported,
in a few milliseconds, instead of paying ~0.4 s in a fresh interpreter. A batch starts it as
soon as it knows it will use workers (``docpipe process`` before loading the rest of the
program, :func:`pipeline.runs.dispatch.run_in_workers` otherwise), so that it imports while
the parent prepares the batch. The batch's model workers load the spaCy pipelines they need
themselves (:func:`pipeline.runs.worker.init_worker`), and the reading workers never do.
:func:`preload_in_fork_server` (the Prefect flow's local pool, whose every worker runs whole
documents) has the fork server also import :mod:`pipeline.runs.model_server`, which loads the
pipelines named in ``DOCPIPE_PRELOAD``, so that its workers share one copy.
Holds: the fork server is started once per process; what it imports is fixed then (a later
call changes nothing); only languages a batch may need are loaded (the caller decides, from
file names); a model that fails to load in the fork server is simply loaded (or reported) by
the worker that needs it; importing this module loads nothing.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.forkserver
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

ENV = "DOCPIPE_PRELOAD"
# what every worker imports: the stages (through the worker module) and the two readers
WORKER_MODULES = ("pipeline.runs.worker", "pipeline.ingest.pdf", "pipeline.ingest.text")


def languages_of(paths: Iterable[Path], selected: Iterable[str] | None) -> set[str]:
    """The languages the documents at ``paths`` may be in: their file names' (UN convention,
    ``A_63_261-FR.pdf``), or every language (``selected`` ones only) when a name says none."""
    from pipeline.ingest.identity import hints_from_name
    from pipeline.languages import LANGUAGES

    allowed = set(selected) if selected is not None else set(LANGUAGES)
    found = {hints_from_name(p).language for p in paths}
    if None in found:
        return allowed & set(LANGUAGES)
    return {lang for lang in found if lang is not None} & allowed


def uses_workers(jobs: int, concurrency: int, time_limit: float | None) -> bool:
    """Whether a batch of ``jobs`` documents runs in worker processes: not a single document
    (it never pays for starting workers; its time limit is then a timer signal), nor a serial
    run without a time limit."""
    return jobs > 1 and (concurrency > 1 or time_limit is not None)


def start_fork_server() -> None:
    """Start this process's fork server now, unless it runs already: it imports
    :data:`WORKER_MODULES` (no model) while the caller goes on."""
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(WORKER_MODULES))
    multiprocessing.forkserver.ensure_running()


def preload_in_fork_server(languages: Iterable[str], models: Mapping[str, str]) -> None:
    """Have the fork server (started with the first worker pool of this process) import the
    worker's modules and load the pipelines of ``languages``, with the configured ``models``."""
    os.environ[ENV] = json.dumps({"languages": sorted(set(languages)), "models": dict(models)})
    multiprocessing.get_context("forkserver").set_forkserver_preload(
        [*WORKER_MODULES, "pipeline.runs.model_server"])
