"""A batch's documents in worker processes, the reading apart from the statistical models.

In: the jobs (``(index, WorkItem)``), the settings, and ``done(index, result)`` to call with each
document's :class:`~pipeline.runs.worker.WorkResult` or the
:class:`~pipeline.models.RunError` that ended it. Out: nothing; ``done`` is called once per job,
in the order documents finish (from the calling thread).

Holds: every worker is forked from the fork server, which has imported the worker's modules
(:mod:`pipeline.runs.preload`). When the file names say a document may need a spaCy pipeline
(French's takes about 1 s of one core to load), model workers load it while documents are
already being read: until it is ready, reading workers, which never load a model
(:func:`~pipeline.runs.worker.read_document`), take documents through ingest, language and
segment, and through extract and emit too when they need no model; a document that needs one
comes back paused before extract, and a model worker finishes it
(:func:`~pipeline.runs.worker.finish_document`). The reading workers are one fewer than
``concurrency`` (at least one: the loading takes a core) and, while the models load, take the
documents that may need one first, so that the model workers find them read; once the models
are loaded, half the documents at once (at least one) go to model workers, which take paused
documents first, then the next documents whole, and the reading workers go on with the rest,
those whose name says they need no model first (at concurrency 2: one of each; a worker already
warm keeps working, and no third process pays the first use of the language data). When no name
says so, one pool runs whole documents, as a model that turns out to be needed is loaded by the
worker that needs it. Either way: at most ``concurrency`` documents are worked on at once (a
paused document waiting for the models is not); documents are read in the order that finishes
soonest (those that may need a model first, then the longer first, in pages; the outputs do
not depend on it); each worker has the memory limit; a document has the time limit over its two
parts (at least :data:`MIN_SECOND_PART_SECONDS` for the second); a document whose worker died is
tried once more on a fresh worker (the part that died); every failure is coded by
:func:`pipeline.runs.outcome.run_error`; the pools are stopped together once every document is
done.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from pebble import ProcessPool

from pipeline.extract.entities.nlp import needs_spacy
from pipeline.ingest.identity import hints_from_name
from pipeline.models import RunError
from pipeline.runs.config import Settings, stage_options
from pipeline.runs.outcome import WORKER_CRASHED, run_error
from pipeline.runs.pool import available_memory_mb, collect, pool_size, submit, worker_pool
from pipeline.runs.preload import languages_of, start_fork_server
from pipeline.runs.worker import (
    FinishItem,
    WorkItem,
    WorkResult,
    finish_document,
    init_worker,
    read_document,
    ready,
    work,
)

MIN_SECOND_PART_SECONDS = 1.0
PAGE_BYTES = 37_000  # a PDF page's median size (111 corpus-wide and 10 corpus-dev PDFs)
TEXT_PAGE_BYTES = 3_000
SCAN_BUDGET = 256 * 1024 * 1024  # bytes a batch reads to count PDF pages (~0.2 s), at most
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![s\w])")  # a page's dictionary, not /Pages
PAUSED_PER_MODEL_WORKER = 2  # documents read ahead for each model worker, at most
Done = Callable[[int, WorkResult | RunError], None]


def model_languages(languages: set[str], conf: Settings) -> set[str]:
    """Those of ``languages`` that need a spaCy pipeline."""
    return {lang for lang in languages if needs_spacy(lang, conf.models.get(lang))}


def reading_order(jobs: Sequence[tuple[int, WorkItem]], models: set[str]
                  ) -> list[tuple[int, WorkItem]]:
    """Documents whose name says a language of ``models`` (or none) first, then the longer
    first (:func:`work_estimates`: a long document started last would run alone at the end),
    then discovery order."""
    estimates = work_estimates([Path(item.path) for _, item in jobs])

    def key(numbered: tuple[int, tuple[int, WorkItem]]) -> tuple[bool, float, int]:
        k, (index, item) = numbered
        lang = hints_from_name(Path(item.path)).language
        return (not (lang is None or lang in models), -estimates[k], index)

    return [job for _, job in sorted(enumerate(jobs), key=key)]


def work_estimates(paths: Sequence[Path]) -> list[float]:
    """How long each document will take, in pages: a PDF's page objects counted in its bytes
    (a plain byte scan, no parsing: an input is only ever parsed in a worker), else, when its
    pages sit in compressed object streams or the batch has read :data:`SCAN_BUDGET` bytes
    already, its size at :data:`PAGE_BYTES` a page; a text file's size at 3,000 bytes a page
    (the bench's standard page). The size alone misleads: A/RES/70/10-EN is 196 KB for 2 pages
    (its fonts), A/HRC/WG.6/7/ITA/1-EN 165 KB for 25."""
    out: list[float] = []
    budget = SCAN_BUDGET
    for path in paths:
        try:
            size = path.stat().st_size
        except OSError:
            out.append(0.0)
            continue
        if path.suffix.lower() != ".pdf":
            out.append(size / TEXT_PAGE_BYTES)
            continue
        pages = 0
        if size <= budget:
            budget -= size
            try:
                pages = len(_PAGE_OBJECT.findall(path.read_bytes()))
            except OSError:
                pages = 0
        out.append(float(pages) if pages else size / PAGE_BYTES)
    return out


def _second_limit(limit: float | None, result: WorkResult) -> float | None:
    if limit is None:
        return None
    return max(limit - sum(result.timings.values()), MIN_SECOND_PART_SECONDS)


def run_in_workers(jobs: Sequence[tuple[int, WorkItem]], conf: Settings, done: Done) -> None:
    """Run ``jobs`` in worker processes (see the module docstring)."""
    languages = languages_of([Path(item.path) for _, item in jobs], conf.languages)
    models = model_languages(languages, conf)
    start_fork_server()
    size = pool_size(conf.concurrency, len(jobs), conf.memory_per_worker_mb)
    options = stage_options(conf)
    if not models:
        pool = worker_pool(size, init_worker, (conf.memory_per_worker_mb,
                                               options if conf.preload_models else None))
        with _stopped_after(pool):
            _Dispatch(conf, _Shares(size, size, 0), done, pool, None).run(
                reading_order(jobs, models))
        return
    shares = _Shares.of(size, conf.memory_per_worker_mb)
    readers = worker_pool(shares.reading, init_worker, (conf.memory_per_worker_mb, None, False))
    # a model worker loads the pipelines of the languages the names call for
    load = options.model_copy(update={"languages": tuple(sorted(models))})
    finishers = worker_pool(shares.models, init_worker, (conf.memory_per_worker_mb, load))
    with _stopped_after(readers, finishers):
        _Dispatch(conf, shares, done, readers, finishers, models).run(
            reading_order(jobs, models))


@contextmanager
def _stopped_after(*pools: ProcessPool) -> Iterator[None]:
    """Once the block is left (every document done, or the batch given up), ``pools`` are
    stopped, then joined: each takes up to two of pebble's polling periods (0.1 s) to wind
    down, all at once rather than one after the other; a worker still running is killed."""
    try:
        yield
    finally:
        for pool in pools:
            pool.stop()  # type: ignore[no-untyped-call]
        for pool in pools:
            pool.join()


class _Shares(NamedTuple):
    """How the ``size`` documents worked on at once are shared between the pools."""

    size: int
    reading: int  # reading workers, all reading while the models load
    models: int  # model workers, once the models are loaded

    @classmethod
    def of(cls, size: int, memory_mb: int | None) -> _Shares:
        """The model workers' loading takes one core: the reading workers take the others
        (at least one); then half the documents at once (at least one) go to model workers,
        the rest go on being read, unless the available memory holds fewer model workers."""
        reading = max(1, size - 1)
        models = max(1, size // 2)
        available = available_memory_mb() if memory_mb else None
        if available is not None and memory_mb:
            models = max(1, min(models, available // memory_mb - reading))
        return cls(size, reading, models)

    def reads(self, loaded: bool) -> int:
        """Documents read at once by reading workers, before and after the models load."""
        return min(self.reading, self.size - self.models) if loaded else self.reading


class _Queue:
    """The documents not yet started, in reading order, in two lines: those whose name says a
    language that needs no model (a reading worker finishes them), and the others (one may need
    a model: its name says such a language, or none). Each document's name is read once."""

    def __init__(self, jobs: Sequence[tuple[int, WorkItem]], models: set[str]) -> None:
        self.plain: deque[tuple[int, WorkItem]] = deque()
        self.others: deque[tuple[int, WorkItem]] = deque()
        for job in jobs:
            lang = hints_from_name(Path(job[1].path)).language
            (self.plain if lang is not None and lang not in models else self.others).append(job)

    def __bool__(self) -> bool:
        return bool(self.plain or self.others)

    def next_whole(self) -> tuple[int, WorkItem]:
        """The next document in reading order (those that may need a model come first)."""
        return self.others.popleft() if self.others else self.plain.popleft()

    def next_for_reading(self, loaded: bool, ahead: bool) -> tuple[int, WorkItem, bool] | None:
        """While the models load: the next document (one that may need a model first: read
        now, it waits paused for them); once they are loaded: the next whose name says it needs
        no model, else the next. One that may need a model only when ``ahead`` (there is room
        for one more paused document); the flag: it is one of those."""
        if ahead and not loaded and self.others:
            return (*self.others.popleft(), True)
        if self.plain:
            return (*self.plain.popleft(), False)
        if ahead and self.others:
            return (*self.others.popleft(), True)
        return None


class _Dispatch:
    """The loop that feeds the pools: ``finishers`` None: ``readers`` run whole documents."""

    def __init__(self, conf: Settings, shares: _Shares, done: Done, readers: ProcessPool,
                 finishers: ProcessPool | None, models: set[str] | None = None) -> None:
        self.conf = conf
        self.shares = shares
        self.models = models or set()  # languages that need a model
        self.done = done
        self.readers = readers
        self.finishers = finishers
        self.pending: dict[Future[WorkResult], tuple[int, bool]] = {}  # → index, second part
        self.on_models: set[Future[WorkResult]] = set()  # pending in a model worker
        self.waiting: deque[int] = deque()  # paused documents, for the model workers
        self.finishing: dict[int, tuple[FinishItem, float | None]] = {}  # → item, time limit
        self.retried: set[int] = set()
        self.ahead: set[int] = set()  # documents that may need a model, being read
        # paused documents (waiting, or being read) at most: the reading workers do not run
        # far ahead of the model workers, whose parent would hold every paused document
        self._backlog = PAUSED_PER_MODEL_WORKER * max(1, shares.models)
        self.started: Future[object] = Future()
        if finishers is None:
            self.started.set_result(None)
        else:
            # the model pool's first worker is ready once it has loaded the models: waited for
            # from a thread, so that reading goes on meanwhile
            threading.Thread(target=self._start_finishers, args=(finishers,), daemon=True,
                             name="docpipe-model-pool").start()

    def _start_finishers(self, finishers: ProcessPool) -> None:
        try:
            self.started.set_result(collect(submit(finishers, ready, None)))
        except Exception as exc:  # the pool's error then reaches each document sent to it
            self.started.set_exception(exc)

    def run(self, jobs: Sequence[tuple[int, WorkItem]]) -> None:
        items = dict(jobs)
        queue = _Queue(jobs, self.models)
        while queue or self.waiting or self.pending:
            while len(self.pending) < self.shares.size and self._feed(queue):
                pass
            watch: set[Future[object]] = set(self.pending)  # type: ignore[arg-type]
            if (self.waiting or queue) and not self.started.done():
                watch.add(self.started)
            finished, _ = wait(watch, return_when=FIRST_COMPLETED)
            for future in finished:
                if future is not self.started:
                    self._collect(future, items)  # type: ignore[arg-type]
        wait([self.started])  # a pool still starting is not closed under its feet

    def _feed(self, queue: _Queue) -> bool:
        """Start one piece of work, if a worker is free for one: a model worker takes a paused
        document, else the next document whole; a reading worker the next document while the
        models load, then the next whose name says it needs no model, else the next, but one
        that may need a model only while fewer than :data:`PAUSED_PER_MODEL_WORKER` per model
        worker are paused or being read (else it waits: reading further ahead would not end
        the batch sooner, and the paused documents are held here); should the model pool fail
        to start, every document is read (and a paused one fails, coded, in the broken
        pool)."""
        if self.finishers is None:
            if not queue:
                return False
            self._submit(*queue.next_whole(), self.readers, work)
            return True
        loaded = self.started.done() and self.started.exception() is None
        broken = self.started.done() and not loaded
        model_free = loaded and len(self.on_models) < self.shares.models
        if self.waiting and (model_free or broken):
            self._submit_finish(self.waiting.popleft())
        elif queue and model_free:
            self._submit(*queue.next_whole(), self.finishers, work)
        elif queue and (broken or self._reads() < self.shares.reads(loaded)):
            room = broken or len(self.waiting) + len(self.ahead) < self._backlog
            job = queue.next_for_reading(loaded, room)
            if job is None:  # only documents that may need a model, and enough read ahead
                return False
            index, item, may_need = job
            if may_need:
                self.ahead.add(index)
            self._submit(index, item, self.readers, read_document)
        else:
            return False
        return True

    def _reads(self) -> int:
        return sum(1 for future in self.pending if future not in self.on_models)

    def _collect(self, future: Future[WorkResult], items: dict[int, WorkItem]) -> None:
        index, second = self.pending.pop(future)
        self.on_models.discard(future)
        self.ahead.discard(index)
        got: WorkResult | RunError = collect(future)
        if isinstance(got, RunError) and got.code == WORKER_CRASHED and \
                index not in self.retried:
            self.retried.add(index)
            if second:
                self._submit_finish(index)
            elif self.finishers is None:
                self._submit(index, items[index], self.readers, work)
            else:
                self._submit(index, items[index], self.readers, read_document)
            return
        if isinstance(got, WorkResult) and got.paused is not None:
            finish = FinishItem(path=got.input, options=items[index].options,
                                paused=got.paused)
            self.finishing[index] = (finish, _second_limit(self.conf.time_limit_seconds, got))
            self.waiting.append(index)
            return
        self.finishing.pop(index, None)  # its paused state is no longer needed here
        self.done(index, got)

    def _submit(self, index: int, item: WorkItem, pool: ProcessPool,
                fn: Callable[[WorkItem], WorkResult]) -> None:
        try:
            future = submit(pool, fn, item, self.conf.time_limit_seconds)
        except Exception as exc:  # the pool is broken: the document fails, coded
            self.done(index, run_error(exc))
            return
        self.pending[future] = (index, False)
        if pool is self.finishers:
            self.on_models.add(future)

    def _submit_finish(self, index: int) -> None:
        finish, limit = self.finishing[index]
        try:
            future = submit(self.finishers or self.readers, finish_document, finish, limit)
        except Exception as exc:
            self.finishing.pop(index, None)
            self.done(index, run_error(exc))
            return
        self.pending[future] = (index, True)
        if self.finishers is not None:
            self.on_models.add(future)
