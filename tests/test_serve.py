"""``docpipe serve``: one command starts a local Prefect server, a one-minute schedule produces
a real flow run that writes outputs, and stopping the command stops the server."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.models import RunSummary
from tests.ports import free_port, listening

ROOT = Path(__file__).resolve().parents[1]
DOCPIPE = Path(sys.executable).with_name("docpipe")


@pytest.mark.slow
def test_serve_runs_the_schedule_and_stops_its_server(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "S_PRST_2007_24-EN.txt", corpus)
    port = free_port()
    config = tmp_path / "docpipe.yaml"
    config.write_text(
        "corpus: corpus\nout: out\nconcurrency: 1\n"
        "schedule:\n  cron: '* * * * *'\n  timezone: Europe/Paris\n"
        f"serve:\n  name: test-serve\n  port: {port}\n  home: state\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [str(DOCPIPE), "serve", "--config", str(config)], cwd=tmp_path, env=env,
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    output = tmp_path / "out" / "S_PRST_2007_24.en.json"
    summary_file = tmp_path / "out" / "_run_summary.json"  # written last: the run has ended
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not summary_file.is_file() and proc.poll() is None:
            time.sleep(2)
        assert summary_file.is_file(), (tmp_path / "serve.log").read_text(errors="replace")
        assert output.is_file()
        assert listening(port)
        assert (tmp_path / "state" / "prefect").is_dir()  # its database is under serve.home
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        log.close()
    deadline = time.monotonic() + 20
    while listening(port) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not listening(port), "the local Prefect server is still running"
    summary = RunSummary.model_validate_json(summary_file.read_bytes())
    (record,) = summary.documents  # the first run: ok; a later one: skipped, unchanged
    assert record.status == "ok" or record.reason == "unchanged"
