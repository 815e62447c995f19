"""The Prefect server docpipe talks to: one that is already there, or one of its own.

In: the :class:`~pipeline.runs.config.Settings` (``serve.port``, ``serve.home``) and the
environment (``PREFECT_API_URL``). Out: :func:`api_for_run`, a context manager yielding the API
URL a run uses; :func:`start_server`, :func:`stop_server`, :func:`server_status` for
``docpipe server start|stop|status``.
Holds: a configured ``PREFECT_API_URL`` is used as it is, after one health check: a dead one is
one clear error (:class:`ServerUnavailable`), not a traceback. Otherwise a server started by
``docpipe server start`` (recorded in ``serve.home/prefect/server.json``) is used when it
answers; otherwise a temporary server of docpipe's own is started for the run and stopped after
it. Every server docpipe starts runs ``prefect server start`` on 127.0.0.1 with its SQLite
database under ``serve.home/prefect`` in its own process group; a temporary one also gets the
kernel's parent-death signal, so a ``docpipe run`` or ``docpipe serve`` killed with SIGKILL
never leaves its server behind. A :class:`Watchdog` checks the API during a run and stops the
run with a clear message when it stops answering.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from pipeline.emit import write_atomic
from pipeline.errors import RunRefused
from pipeline.runs.config import Settings

HEALTH_TIMEOUT_SECONDS = 120.0
RECORD_NAME = "server.json"
_PR_SET_PDEATHSIG = 1


class ServerUnavailable(RunRefused):
    """No Prefect API can be reached or started."""


def _prefect_command() -> list[str]:
    beside = Path(sys.executable).with_name("prefect")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("prefect")
    if found is None:
        raise ServerUnavailable("the `prefect` command is not installed")
    return [found]


def healthy(url: str, timeout: float = 3.0) -> bool:
    """Whether the Prefect API at ``url`` answers its health check."""
    try:
        return httpx.get(f"{url.rstrip('/')}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _die_with_parent() -> None:
    """In the server's process, before exec: SIGTERM when the process that started it dies."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass(frozen=True)
class Server:
    pid: int
    port: int
    url: str


def _home(settings: Settings) -> Path:
    home = settings.serve.home.resolve() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    return home


def _launch(settings: Settings, port: int, *, tied: bool) -> subprocess.Popen[bytes]:
    home = _home(settings)
    env = dict(os.environ)
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_API_URL": f"http://127.0.0.1:{port}/api",
    })
    env.pop("PREFECT_API_URL", None)
    with (home / "server.log").open("ab") as log:
        return subprocess.Popen(
            [*_prefect_command(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=_die_with_parent if tied else None,
        )


def _wait_healthy(url: str, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerUnavailable(f"the Prefect server exited with status {server.returncode} "
                                    "(its log is server.log under serve.home/prefect)")
        if healthy(url, timeout=2):
            return
        time.sleep(0.5)
    raise ServerUnavailable(f"the Prefect server did not answer on {url} within {timeout:g} s")


def _kill_group(pid: int, wait: subprocess.Popen[bytes] | None = None) -> None:
    """SIGTERM to a server's process group, then SIGKILL after 15 s."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if wait is not None:
            if wait.poll() is not None:
                return
        elif not _alive(pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    if wait is not None:
        wait.wait()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _start(settings: Settings, port: int, *, tied: bool) -> tuple[subprocess.Popen[bytes], str]:
    """A server on ``port``, answering: its process and API URL (stopped again if it does not
    come up)."""
    if not _port_free(port):
        raise ServerUnavailable(f"port {port} on 127.0.0.1 is taken (set serve.port)")
    process = _launch(settings, port, tied=tied)
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(url, process, HEALTH_TIMEOUT_SECONDS)
    except BaseException:
        _kill_group(process.pid, process)
        raise
    return process, url


# ---------------------------------------------------------------- docpipe server start|stop


def _record(settings: Settings) -> Path:
    return _home(settings) / RECORD_NAME


def server_status(settings: Settings) -> Server | None:
    """The server ``docpipe server start`` left running, when it still answers."""
    try:
        data = json.loads(_record(settings).read_text(encoding="utf-8"))
        server = Server(int(data["pid"]), int(data["port"]), str(data["url"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _alive(server.pid) or not healthy(server.url):
        return None
    return server


def start_server(settings: Settings) -> Server:
    """Start a lasting local Prefect server (or return the one already running)."""
    running = server_status(settings)
    if running is not None:
        return running
    port = settings.serve.port
    process, url = _start(settings, port, tied=False)
    server = Server(process.pid, port, url)
    write_atomic(_record(settings), json.dumps(server.__dict__) + "\n")
    return server


def stop_server(settings: Settings) -> bool:
    """Stop the server ``docpipe server start`` started; False when none was running."""
    running = server_status(settings)
    _record(settings).unlink(missing_ok=True)
    if running is None:
        return False
    _kill_group(running.pid)
    return True


# ---------------------------------------------------------------- the server of one run


@contextmanager
def temporary_server(settings: Settings, port: int | None = None) -> Iterator[str]:
    """A server of docpipe's own for the block, tied to this process; yields its API URL."""
    process, url = _start(settings, port or _free_port(), tied=True)
    try:
        yield url
    finally:
        _drain_prefect()
        _kill_group(process.pid, process)


def _drain_prefect() -> None:
    """Send the logs and events Prefect still holds before its server goes away (else its
    workers retry for a minute against a stopped server)."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogHandler

    with contextlib.suppress(Exception):
        APILogHandler().flush()
    with contextlib.suppress(Exception):
        EventsWorker.drain_all(timeout=5)


@contextmanager
def api_for_run(settings: Settings, *, port: int | None = None) -> Iterator[tuple[str, str]]:
    """The Prefect API a run uses, and where it comes from (``configured``, ``docpipe server``
    or ``temporary``); sets ``PREFECT_API_URL`` for the block (see the module docstring)."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        if not healthy(configured, timeout=5):
            raise ServerUnavailable(f"the Prefect API at {configured} (PREFECT_API_URL) does not "
                                    "answer; start it, or unset PREFECT_API_URL")
        yield configured, "configured"
        return
    running = server_status(settings)
    if running is not None:
        with _api_url(running.url):
            yield running.url, "docpipe server"
        return
    with temporary_server(settings, port) as url, _api_url(url):
        yield url, "temporary"


@contextmanager
def _api_url(url: str) -> Iterator[None]:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    os.environ["PREFECT_API_URL"] = url  # for subprocesses (the flow runs of a deployment) too
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


class Watchdog:
    """Checks the API every ``every`` seconds during a run; when it has not answered for
    ``grace`` seconds, it interrupts the main thread (SIGINT: KeyboardInterrupt) and
    :attr:`tripped` says so, so that the run ends with a clear message instead of waiting
    forever. If the run is still there ``grace`` seconds later (Prefect's engine retrying, in
    vain, to record the crash on the dead API), ``message`` is written to stderr and the process
    exits with status 1: the outputs written are complete (atomic writes) and the state saved
    during the run records all but the last few seconds of work, which the next run redoes."""

    def __init__(self, url: str, every: float = 5.0, grace: float = 30.0,
                 message: str = "the Prefect API stopped answering") -> None:
        self.url = url
        self.every = every
        self.grace = grace
        self.message = message
        self.tripped = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="docpipe-watchdog",
                                        daemon=True)

    def __enter__(self) -> Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _watch(self) -> None:
        silent_since: float | None = None
        while not self._stop.wait(self.every):
            if healthy(self.url, timeout=min(5.0, self.every)):
                silent_since = None
                continue
            now = time.monotonic()
            silent_since = silent_since or now
            if now - silent_since >= self.grace:
                self.tripped = True
                os.kill(os.getpid(), signal.SIGINT)  # a real signal: blocking waits end too
                if not self._stop.wait(self.grace):
                    sys.stderr.write(f"docpipe: error: {self.message}\n")
                    sys.stderr.flush()
                    os._exit(1)
                return
