"""``docpipe serve``: the batch flow as a Prefect deployment on the configured schedule.

In: the :class:`~pipeline.runs.config.Settings` (corpus, out, ``schedule.cron`` and
``schedule.timezone``, ``serve.name``, ``serve.port``, ``serve.home``). Out: runs until stopped
(Ctrl-C or SIGTERM), exit status 0; 2 when the local server cannot be started.
Holds: when no Prefect API is configured (``PREFECT_API_URL`` unset) it starts
``prefect server start`` on 127.0.0.1 (SQLite under ``serve.home``, its own ``PREFECT_HOME``),
waits until it answers, serves the deployment against it, and stops the server (its whole
process group) on exit, whatever the reason; with ``PREFECT_API_URL`` set it only serves. Each
scheduled run is an ordinary ``docpipe-batch`` flow run with the settings as its parameters
(incremental: unchanged documents are skipped).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import httpx
from rich.console import Console

from pipeline.runs.config import Settings

HEALTH_TIMEOUT_SECONDS = 120.0


def _prefect_command() -> list[str]:
    beside = Path(sys.executable).with_name("prefect")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("prefect")
    if found is None:
        raise FileNotFoundError("the `prefect` command is not installed")
    return [found]


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _wait_healthy(url: str, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with status {server.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the Prefect server did not answer on {url} within {timeout:g} s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, then SIGKILL after 15 s."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass


@contextmanager
def local_server(settings: Settings, console: Console) -> Iterator[str]:
    """A Prefect server of our own on 127.0.0.1 for the duration of the block; yields its API
    URL. Its database and logs are under ``serve.home``."""
    port = settings.serve.port
    if not _port_free(port):
        raise RuntimeError(f"port {port} on 127.0.0.1 is taken (set serve.port)")
    home = settings.serve.home.resolve() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_API_URL": f"http://127.0.0.1:{port}/api",
    })
    env.pop("PREFECT_API_URL", None)
    log = (home / "server.log").open("ab")
    server = subprocess.Popen(
        [*_prefect_command(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        console.print(f"starting a local Prefect server on 127.0.0.1:{port} (log: {log.name})")
        _wait_healthy(url, server, HEALTH_TIMEOUT_SECONDS)
        console.print(f"Prefect UI: http://127.0.0.1:{port}")
        yield url
    finally:
        stop_server(server)
        log.close()


def _serve_flow(settings: Settings) -> None:
    from prefect.schedules import Cron

    from flows.batch import batch_flow

    batch_flow.serve(
        name=settings.serve.name,
        schedules=[Cron(settings.schedule.cron, timezone=settings.schedule.timezone)],
        parameters={
            "corpus": str(settings.corpus.resolve()),
            "out": str(settings.out.resolve()),
            "settings": settings.model_copy(
                update={"corpus": settings.corpus.resolve(), "out": settings.out.resolve()}
            ).model_dump(mode="json"),
        },
        pause_on_shutdown=False,
        print_starting_message=True,
    )


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(settings: Settings, console: Console) -> int:
    """Serve the deployment until stopped (see the module's docstring)."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        if os.environ.get("PREFECT_API_URL"):
            console.print(f"serving on the Prefect API {os.environ['PREFECT_API_URL']}")
            _serve_flow(settings)
            return 0
        try:
            with local_server(settings, console) as url:
                from prefect.settings import PREFECT_API_URL, temporary_settings

                os.environ["PREFECT_API_URL"] = url  # for the flow runs' subprocesses too
                try:
                    with temporary_settings(updates={PREFECT_API_URL: url}):
                        _serve_flow(settings)
                finally:
                    os.environ.pop("PREFECT_API_URL", None)
        except RuntimeError as exc:
            console.print(f"[red]error:[/] {exc}")
            return 2
        return 0
    except KeyboardInterrupt:
        console.print("stopped")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
