"""`docpipe run` before and around Prefect: nothing to do starts nothing, a dead API is one clear
line, a server that stops answering ends the run, missed schedules do not pile up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flows.server import Watchdog, healthy
from pipeline.runs.schedule import superseded
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[1]


def _docpipe(args: list[str], cwd: Path, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess[str]:
    code = ("import sys; from pipeline.cli import main; rc = main(sys.argv[1:]); "
            "print('PREFECT-IMPORTED' if 'prefect' in sys.modules else 'NO-PREFECT', "
            "file=sys.stderr); sys.exit(rc)")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_run_with_nothing_to_do_starts_no_server_and_no_worker(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "S_PRST_2007_24-EN.txt", corpus)
    first = _docpipe(["process", str(corpus), "--out", str(out)], tmp_path)
    assert first.returncode == 0, first.stderr
    env = dict(os.environ, PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api")
    again = _docpipe(["run", str(corpus), "--out", str(out)], tmp_path, env)
    # a dead API would have been an error had it been asked: it was not, nor was Prefect loaded
    assert again.returncode == 0, again.stdout + again.stderr
    assert "NO-PREFECT" in again.stderr
    assert "1 skipped" in again.stderr and "nothing to do" in again.stderr


def test_a_dead_configured_api_is_one_clear_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "S_PRST_2007_24-EN.txt", corpus)
    url = f"http://127.0.0.1:{free_port()}/api"
    done = _docpipe(["run", str(corpus), "--out", str(tmp_path / "out")], tmp_path,
                    dict(os.environ, PREFECT_API_URL=url))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert f"the Prefect API at {url} (PREFECT_API_URL) does not answer" in done.stderr


def test_the_watchdog_ends_a_run_whose_api_stops_answering() -> None:
    url = f"http://127.0.0.1:{free_port()}/api"
    assert not healthy(url, timeout=1)
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt), Watchdog(url, every=0.1, grace=0.5) as dog:
        time.sleep(30)  # the run, stuck waiting for an API that is gone
    assert dog.tripped and time.monotonic() - start < 10


def test_missed_scheduled_runs_do_not_pile_up() -> None:
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    # daily at 02:00: today's run, late by a few minutes, still runs; so does yesterday's when
    # today's time has come (the latest one or two of those missed run)
    assert not superseded(now.replace(hour=2), "0 2 * * *", "UTC", now.replace(hour=2, minute=5))
    assert not superseded(now.replace(hour=2) - timedelta(days=1), "0 2 * * *", "UTC", now)
    # the run of three days ago, missed while the service was down: skipped
    assert superseded(now.replace(hour=2) - timedelta(days=3), "0 2 * * *", "UTC", now)
    # every minute: a run that starts 90 s late on a busy machine still runs; one 3 min late
    # (two later times have come) is skipped
    assert not superseded(now, "* * * * *", "UTC", now + timedelta(seconds=90))
    assert superseded(now, "* * * * *", "UTC", now + timedelta(minutes=3))
    # a time zone that is not UTC: 02:00 in Paris is 01:00 UTC in winter; due today at 00:30
    # UTC, the next two Paris times are today and tomorrow at 01:00 UTC
    due = now.replace(hour=0, minute=30)
    tomorrow = now + timedelta(days=1)
    assert superseded(due, "0 2 * * *", "Europe/Paris", tomorrow.replace(hour=1, minute=1))
    assert not superseded(due, "0 2 * * *", "Europe/Paris", tomorrow.replace(hour=0, minute=59))
    assert not superseded(due, "0 2 * * *", "UTC", tomorrow.replace(hour=1, minute=1))
