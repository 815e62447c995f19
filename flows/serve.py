"""``docpipe serve``: the batch flow as a Prefect deployment on the configured schedule.

In: the :class:`~pipeline.runs.config.Settings` (corpus, out, ``schedule.cron`` and
``schedule.timezone``, ``serve.name``, ``serve.port``, ``serve.home``). Out: runs until stopped
(Ctrl-C or SIGTERM), exit status 0; 2 when no Prefect server can be reached or started.
Holds: the Prefect API is the one :mod:`flows.server` finds: ``PREFECT_API_URL`` (checked), the
server of ``docpipe server start``, or a server of its own on ``serve.port``, stopped on exit
whatever the reason (also when this process is killed: it dies with its parent). Each
scheduled run is an ordinary ``docpipe-batch`` flow run with the settings as its parameters
(incremental: unchanged documents are skipped). The deployment runs one flow run at a time
(a global concurrency limit of 1: a run due while another runs is cancelled, and the output
folder's lock refuses a second writer anyway); a run that was missed while the service was down
and that a later scheduled time has superseded is skipped, so missed runs do not pile up.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import signal
import threading
from types import FrameType

from rich.console import Console

from flows.server import ServerUnavailable, healthy, server_status, temporary_server
from pipeline.runs.config import Settings


def _serve_flow(settings: Settings) -> None:
    """Serve the deployment until SIGTERM or Ctrl-C, then stop it cleanly.

    The Prefect runner runs in a thread of its own, with its own event loop; the main thread
    keeps the signal handlers (a runner started from the main thread would install its own
    SIGTERM handler, which stops it without waiting: a ``RuntimeWarning`` and flow runs left
    running). On a signal the runner is stopped on its loop (``astop``: flow runs in progress
    are cancelled, their processes ended) and the thread joined.
    """
    from prefect.client.schemas.objects import (
        ConcurrencyLimitConfig,
        ConcurrencyLimitStrategy,
    )
    from prefect.runner import Runner
    from prefect.schedules import Cron

    from flows.batch import batch_flow

    runner = Runner(name=f"docpipe-{settings.serve.name}", limit=1, pause_on_shutdown=False)
    parameters = {
        "corpus": str(settings.corpus.resolve()),
        "out": str(settings.out.resolve()),
        "settings": settings.model_copy(
            update={"corpus": settings.corpus.resolve(), "out": settings.out.resolve()}
        ).model_dump(mode="json"),
    }
    loop = asyncio.new_event_loop()
    failure: list[BaseException] = []

    async def serving() -> None:
        await runner.aadd_flow(
            batch_flow, name=settings.serve.name,
            schedules=[Cron(settings.schedule.cron, timezone=settings.schedule.timezone)],
            parameters=parameters,
            concurrency_limit=ConcurrencyLimitConfig(
                limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
        )
        print(f"serving the deployment docpipe-batch/{settings.serve.name} "
              f"({settings.schedule.cron}, {settings.schedule.timezone})", flush=True)
        await runner.start()

    def run() -> None:
        try:
            loop.run_until_complete(serving())
        except BaseException as exc:  # reported by the main thread
            failure.append(exc)

    # the thread runs in a copy of this context: the Prefect settings set for this run
    # (temporary_settings: the API URL) are context variables, which a new thread would not see
    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(run,), name="docpipe-runner")
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.5)
    except KeyboardInterrupt:
        if runner.started:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(runner.astop(), loop).result(timeout=60)
        thread.join(timeout=60)
        raise
    finally:
        if not thread.is_alive() and not loop.is_running():
            loop.close()
    if failure:
        raise failure[0]


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _with_api(settings: Settings, url: str, console: Console) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    os.environ["PREFECT_API_URL"] = url  # for the flow runs' subprocesses too
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            _serve_flow(settings)
    finally:
        os.environ.pop("PREFECT_API_URL", None)


def serve(settings: Settings, console: Console) -> int:
    """Serve the deployment until stopped (see the module's docstring)."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        configured = os.environ.get("PREFECT_API_URL")
        if configured:
            if not healthy(configured, timeout=5):
                console.print(f"[red]error:[/] the Prefect API at {configured} "
                              "(PREFECT_API_URL) does not answer")
                return 2
            console.print(f"serving on the Prefect API {configured}")
            _serve_flow(settings)
            return 0
        running = server_status(settings)
        if running is not None:
            console.print(f"serving on the docpipe server {running.url}")
            _with_api(settings, running.url, console)
            return 0
        port = settings.serve.port
        try:
            console.print(f"starting a local Prefect server on 127.0.0.1:{port} "
                          f"(log: {settings.serve.home / 'prefect' / 'server.log'})")
            with temporary_server(settings, port) as url:
                console.print(f"Prefect UI: http://127.0.0.1:{port}")
                _with_api(settings, url, console)
        except ServerUnavailable as exc:
            console.print(f"[red]error:[/] {exc}")
            return 2
        return 0
    except KeyboardInterrupt:
        console.print("stopped")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
