"""A pool of worker processes with a hard time limit per item.

In: a picklable function ``fn(item) -> result`` (module level), a number of workers, an optional
time limit in seconds and an optional per-worker ``initializer`` (e.g. loading models once).
Out: one :class:`concurrent.futures.Future` per submitted item, resolved to a :class:`Done`.
Holds: each item runs in one worker process; a worker still busy past the time limit is killed
(processes can be stopped, threads cannot) and its item ends ``timeout``; a worker that dies
ends its item ``crashed``; either way a fresh worker takes its place and the other items go on.
``fn`` should catch its own exceptions: one that escapes ends the item ``error`` with its type
and text. Workers are started by a fork server (no threads of the parent are copied), lazily,
and each keeps what it loaded (models) for the items that follow.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Done(Generic[R]):
    """How one item ended: ``ok`` with ``fn``'s result, or ``timeout``/``crashed``/``error``."""

    status: Literal["ok", "timeout", "crashed", "error"]
    result: R | None = None
    message: str = ""
    seconds: float = 0.0


def _worker_main(
    conn: Connection,
    fn: Callable[[Any], Any],
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
) -> None:
    if initializer is not None:
        with contextlib.suppress(Exception):
            initializer(*initargs)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job_id, item = message
        try:
            reply: tuple[str, Any] = ("ok", fn(item))
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {exc}")
        conn.send((job_id, reply))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    job: int | None = None
    started: float = 0.0


@dataclass
class _Job:
    item: Any
    future: Future[Done[Any]]
    attempt_started: float = 0.0
    limit: float | None = None


@dataclass
class _State:
    pending: deque[int] = field(default_factory=deque)
    jobs: dict[int, _Job] = field(default_factory=dict)
    next_id: int = 0


class WorkerPool(Generic[T, R]):
    """``with WorkerPool(fn, workers=2, time_limit=60) as pool: pool.submit(item)``."""

    def __init__(
        self,
        fn: Callable[[T], R],
        *,
        workers: int,
        time_limit: float | None = None,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self._fn = fn
        self._size = workers
        self._limit = time_limit
        self._init = initializer
        self._initargs = initargs
        self._ctx = multiprocessing.get_context("forkserver")
        self._workers: list[_Worker] = []
        self._state = _State()
        self._lock = threading.Lock()
        self._closing = False
        self._thread = threading.Thread(target=self._dispatch, name="docpipe-pool", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ public

    def submit(self, item: T, *, time_limit: float | None = None) -> Future[Done[R]]:
        """Queue ``item``; the future resolves when it ends, however it ends. ``time_limit``
        (seconds) replaces the pool's for this item (e.g. what is left of a document's time
        when it runs stage by stage)."""
        future: Future[Done[R]] = Future()
        with self._lock:
            if self._closing:
                raise RuntimeError("the pool is closed")
            job_id = self._state.next_id
            self._state.next_id += 1
            limit = self._limit if time_limit is None else time_limit
            self._state.jobs[job_id] = _Job(item, future, limit=limit)
            self._state.pending.append(job_id)
        return future

    def map(self, items: Sequence[T]) -> list[Future[Done[R]]]:
        return [self.submit(item) for item in items]

    def close(self) -> None:
        """Finish the queued items, then stop the workers."""
        with self._lock:
            self._closing = True
        self._thread.join()
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self._workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers = []

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ dispatcher thread

    def _start_worker(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, self._fn, self._init, self._initargs),
            daemon=True,
            name="docpipe-worker",
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self._workers.remove(worker)

    def _finish(self, job_id: int, done: Done[Any]) -> None:
        with self._lock:
            job = self._state.jobs.pop(job_id)
        job.future.set_result(done)

    def _assign(self) -> None:
        while True:
            idle = next((w for w in self._workers if w.job is None), None)
            if idle is None and len(self._workers) < self._size:
                with self._lock:
                    if not self._state.pending:
                        return
                idle = self._start_worker()
            if idle is None:
                return
            with self._lock:
                if not self._state.pending:
                    return
                job_id = self._state.pending.popleft()
                item = self._state.jobs[job_id].item
            idle.job, idle.started = job_id, time.monotonic()
            try:
                idle.conn.send((job_id, item))
            except OSError as exc:
                self._retire(idle, kill=True)
                self._finish(job_id, Done("crashed", message=f"worker unreachable: {exc}"))

    def _dispatch(self) -> None:
        while True:
            self._assign()
            busy = [w for w in self._workers if w.job is not None]
            with self._lock:
                idle_and_done = self._closing and not self._state.pending
            if not busy:
                if idle_and_done:
                    return
                time.sleep(_POLL_SECONDS)
                continue
            timeout = _POLL_SECONDS
            now = time.monotonic()
            with self._lock:
                limits: dict[int, float | None] = {
                    w.job: self._state.jobs[w.job].limit for w in busy if w.job is not None}
            deadlines = [w.started + limit for w in busy
                         if w.job is not None and (limit := limits.get(w.job)) is not None]
            if deadlines:
                timeout = max(0.0, min(timeout, min(deadlines) - now))
            ready = wait([w.conn for w in busy], timeout=timeout)
            now = time.monotonic()
            for worker in busy:
                assert worker.job is not None
                job_id, seconds = worker.job, round(now - worker.started, 4)
                if worker.conn in ready:
                    try:
                        got_id, (status, payload) = worker.conn.recv()
                    except (EOFError, OSError):
                        worker.process.join(timeout=1)
                        code = worker.process.exitcode
                        self._retire(worker, kill=True)
                        self._finish(
                            job_id,
                            Done("crashed", message=f"worker process died (exit {code})",
                                 seconds=seconds),
                        )
                        continue
                    worker.job = None
                    if status == "ok":
                        self._finish(got_id, Done("ok", result=payload, seconds=seconds))
                    else:
                        self._finish(got_id, Done("error", message=str(payload), seconds=seconds))
                elif (limit := limits.get(job_id)) is not None and now - worker.started >= limit:
                    self._retire(worker, kill=True)
                    self._finish(
                        job_id,
                        Done("timeout", message=f"stopped after {limit:g} s", seconds=seconds),
                    )
