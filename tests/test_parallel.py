"""Parallel documents in worker processes: time limit, dead workers, deterministic names."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from pebble import ProcessExpired

from pipeline.models import RunError
from pipeline.runs.batch import BatchRun, run_batch
from pipeline.runs.config import Settings
from pipeline.runs.discover import discover
from pipeline.runs.outcome import run_error
from pipeline.runs.pool import collect, submit, worker_pool

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def behave(item: str) -> tuple[str, int]:
    """A worker function: ``hang`` never ends, ``die`` kills its process, ``raise`` raises."""
    if item == "hang":
        time.sleep(300)
    if item == "die":
        os._exit(3)
    if item == "raise":
        raise ValueError("bad item")
    return item, os.getpid()


def test_pool_stops_a_hung_worker_and_goes_on() -> None:
    start = time.monotonic()
    with worker_pool(2) as pool:
        futures = [submit(pool, behave, item, 3) for item in
                   ["a", "hang", "b", "die", "raise", "c"]]
        done: list[tuple[str, int] | RunError] = [collect(f) for f in futures]
    assert time.monotonic() - start < 60  # not the 300 s the hung item would take
    errors = [d.code if isinstance(d, RunError) else "ok" for d in done]
    assert errors == ["ok", "timeout", "ok", "worker-crashed", "internal-error", "ok"]
    assert [d[0] for d in done if isinstance(d, tuple)] == ["a", "b", "c"]
    assert "after 3 s" in done[1].message  # type: ignore[union-attr]
    assert "exit 3" in done[3].message  # type: ignore[union-attr]
    assert "ValueError: bad item" in done[4].message  # type: ignore[union-attr]
    assert all(d[1] != os.getpid() for d in done if isinstance(d, tuple))  # other processes


def test_pool_reuses_its_workers() -> None:
    with worker_pool(1) as pool:
        futures = [submit(pool, behave, item) for item in ["a", "b", "c"]]
        got: list[tuple[str, int] | RunError] = [collect(f) for f in futures]
    assert len({g[1] for g in got if isinstance(g, tuple)}) == 1


def test_timeout_and_crash_become_coded_failures(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("x", encoding="utf-8")
    b.write_text("y", encoding="utf-8")
    run = BatchRun([a, b], tmp_path / "out", Settings())
    assert run.record(0, run_error(TimeoutError("Task timeout", 5))).error.code == "timeout"  # type: ignore[union-attr]
    crashed = run_error(ProcessExpired("Abnormal termination", code=-9))  # type: ignore[no-untyped-call]
    assert run.record(1, crashed).error.code == "worker-crashed"  # type: ignore[union-attr]
    summary = run.finish()
    assert (summary.ok, summary.failed) == (0, 2)


def test_parallel_batch_equals_serial_and_names_follow_discovery_order(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in CORPUS.iterdir():
        shutil.copy(doc, corpus / doc.name)
    # the same document twice: the copy later in path order must lose, whatever finishes first
    shutil.copy(CORPUS / "S_PRST_2007_24-EN.txt", corpus / "A_copy.txt")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    one = run_batch(discover(corpus), serial,
                    settings=Settings(concurrency=1, time_limit_seconds=None))
    two = run_batch(discover(corpus), parallel, settings=Settings(concurrency=2))
    assert [(r.input, r.status) for r in one.documents] == [
        (r.input, r.status) for r in two.documents
    ]
    status = {Path(r.input).name: r for r in two.documents}
    assert status["A_copy.txt"].status == "ok"
    dup = status["S_PRST_2007_24-EN.txt"]
    assert dup.error is not None and dup.error.code == "duplicate-output"
    assert "A_copy.txt" in dup.error.message
    names = sorted(p.name for p in serial.glob("*.json") if not p.name.startswith("_"))
    assert names == ["A_63_261.fr.json", "S_PRST_2007_24.en.json"]
    for name in names:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes()
    assert status["A_63_261-FR.txt"].pages is None or status["A_63_261-FR.txt"].pages >= 1
    assert status["A_63_261-FR.txt"].mentions["symbols"] > 0
