"""Prefect under real operations (slow: each test starts Prefect servers): `docpipe server`
is reused by `docpipe run`; a `docpipe run` or `docpipe serve` killed with SIGKILL leaves no
server behind; a server that dies mid-run ends the run with a clear message; SIGTERM stops
`docpipe serve` with no process left and no warning."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ports import free_port, gone, listening

ROOT = Path(__file__).resolve().parents[1]
DOCPIPE = Path(sys.executable).with_name("docpipe")
pytestmark = pytest.mark.slow


def _setup(tmp_path: Path, documents: int = 1) -> tuple[Path, dict[str, str], int]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = [ROOT / "corpus" / "S_PRST_2007_24-EN.txt", *sorted(
        (ROOT / "tests" / "data" / "corpus").glob("*.pdf"))]
    for source in sources[:documents]:
        shutil.copy(source, corpus)
    port = free_port()
    config = tmp_path / "docpipe.yaml"
    config.write_text(
        f"corpus: corpus\nout: out\nconcurrency: 1\nschedule:\n  cron: '0 2 * * *'\n"
        f"serve:\n  name: test-ops\n  port: {port}\n  home: state\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update({"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DOCPIPE_CONFIG": str(config),
                "PREFECT_HOME": str(tmp_path / "prefect-home")})
    return config, env, port


def _processes_with(text: str) -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if text in line and "ps -eo" not in line]


def test_docpipe_server_is_started_once_and_reused_by_runs(tmp_path: Path) -> None:
    _config, env, port = _setup(tmp_path)
    started = subprocess.run([str(DOCPIPE), "server", "start"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=200)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        assert listening(port)
        status = subprocess.run([str(DOCPIPE), "server", "status"], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=60)
        assert status.returncode == 0 and f":{port}/api" in status.stderr
        run = subprocess.run([str(DOCPIPE), "run"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        assert f"Prefect API: http://127.0.0.1:{port}/api (docpipe server)" in run.stderr
        assert listening(port)  # the run leaves the lasting server running
    finally:
        stopped = subprocess.run([str(DOCPIPE), "server", "stop"], cwd=tmp_path, env=env,
                                 capture_output=True, text=True, timeout=60)
    assert stopped.returncode == 0 and "stopped" in stopped.stderr
    assert gone(port)


def test_a_killed_run_leaves_no_prefect_server(tmp_path: Path) -> None:
    _config, env, _port = _setup(tmp_path, documents=4)
    proc = subprocess.Popen([str(DOCPIPE), "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()  # "Prefect API: http://127.0.0.1:PORT/api (temporary)"
    match = re.search(r":(\d+)/api \(temporary\)", line)
    assert match, line
    port = int(match.group(1))
    assert listening(port)
    proc.send_signal(signal.SIGKILL)  # not a terminal's Ctrl-C: nothing runs at exit
    proc.wait()
    assert gone(port), "the temporary Prefect server outlived the run"
    assert not _processes_with(f"--port {port}")


def test_a_server_that_dies_mid_run_ends_the_run_clearly(tmp_path: Path) -> None:
    _config, env, _port = _setup(tmp_path, documents=11)
    env["DOCPIPE_API_GRACE_SECONDS"] = "5"
    subprocess.run([str(DOCPIPE), "server", "start"], cwd=tmp_path, env=env, check=True,
                   capture_output=True, timeout=200)
    proc = subprocess.Popen([str(DOCPIPE), "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out_dir = tmp_path / "out"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not list(out_dir.glob("*.json")):
            time.sleep(0.2)  # the run is under way: its first document is written
        subprocess.run([str(DOCPIPE), "server", "stop"], cwd=tmp_path, env=env, check=True,
                       capture_output=True, timeout=60)
        out, err = proc.communicate(timeout=240)  # it ends, it does not wait forever
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, out + err
    assert "stopped answering during the run" in err, out + err
    assert list(out_dir.glob("*.json"))  # what was done is kept


def test_sigterm_stops_serve_and_everything_it_started(tmp_path: Path) -> None:
    _config, env, port = _setup(tmp_path)
    log = tmp_path / "serve.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([str(DOCPIPE), "serve"], cwd=tmp_path, env=env, stdout=fh,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and "test-ops" not in log.read_text(errors="replace"):
            time.sleep(1)
        assert listening(port), log.read_text(errors="replace")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    text = log.read_text(errors="replace")
    assert "RuntimeWarning" not in text and "Traceback" not in text, text
    assert gone(port)
    assert not _processes_with(f"--port {port}")


def test_a_killed_serve_leaves_no_server_and_can_restart(tmp_path: Path) -> None:
    _config, env, port = _setup(tmp_path)
    for attempt in (1, 2):
        log = tmp_path / f"serve{attempt}.log"
        with log.open("wb") as fh:
            proc = subprocess.Popen([str(DOCPIPE), "serve"], cwd=tmp_path, env=env, stdout=fh,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and not listening(port):
                time.sleep(1)
            assert listening(port), log.read_text(errors="replace")  # no "port taken"
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert gone(port), "the server of a killed serve is still running"
