"""The ``docpipe`` command.

In: an argv list (``main(["process", "a.txt"])``; ``None`` reads ``sys.argv``).
Out: an exit status: 0 all good, 1 a document failed (or the flow run failed), 2 usage error.
Holds: ``docpipe run`` and ``serve`` are the only commands that import Prefect (through
``flows``, lazily), so ``process``, ``schema`` and ``extract`` start fast and work without it.

Commands:
  ``docpipe run [CORPUS] [--out OUT]``  the Prefect batch flow over a folder (recursive)
  ``docpipe process FILE... [--out OUT]`` the same pipeline without Prefect (no ``--out``: one
                                        file's JSON on stdout)
  ``docpipe serve``                     the batch flow on the configured schedule (starts a
                                        local Prefect server when no API is configured)
  ``docpipe schema``                    the JSON Schema of the output
  ``docpipe index OUT``                 rebuild the corpus views of OUT (:mod:`pipeline.corpus`)
  ``docpipe bench CORPUS [--json FILE]`` speed per stage (:mod:`pipeline.runs.bench`)
  ``docpipe extract --lang L``          mentions of each stdin line, one JSON object per line

``run``, ``process --out`` and ``serve`` read ``docpipe.yaml`` (:mod:`pipeline.runs.config`); a bad
configuration is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from pipeline import __version__
from pipeline.emit import to_json
from pipeline.errors import ConfigError, RunRefused
from pipeline.languages import LANGUAGES
from pipeline.models import RunSummary
from pipeline.process import process_file
from pipeline.runs.batch import BatchRun, run_batch
from pipeline.runs.config import Settings, load_settings
from pipeline.runs.discover import Discovery, Refused, discover, scan
from pipeline.runs.lock import output_lock
from pipeline.runs.outcome import run_error
from pipeline.runs.report import ProgressReport, summary_table
from pipeline.schema import schema_text

# diagnostics that must not mix with data on stdout
err_console = Console(stderr=True, highlight=False)

# Prefect's console logs while `docpipe run` draws its progress bar: off unless --verbose (the
# flow's logs still go to the Prefect API, hence the UI).
QUIET_PREFECT_ENV = {
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL": "CRITICAL",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docpipe",
        description="United Nations documents (PDF or text, six languages) to structured JSON.",
    )
    parser.add_argument("--version", action="version", version=f"docpipe {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the Prefect batch flow over a folder (recursive)")
    run.add_argument(
        "corpus", type=Path, nargs="?", metavar="CORPUS_DIR",
        help="the folder of documents (default: `corpus` of the configuration)",
    )
    run.add_argument(
        "--out", type=Path, metavar="OUT_DIR", help="default: `out` of the configuration"
    )
    _batch_options(run)
    run.add_argument(
        "--dask-address", metavar="tcp://HOST:PORT",
        help="run the document tasks on this existing Dask cluster",
    )
    run.add_argument("--verbose", action="store_true", help="show Prefect's logs on the console")

    proc = sub.add_parser("process", help="the same pipeline without Prefect, on a few files")
    proc.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help="a file, or a folder of documents"
    )
    proc.add_argument(
        "--out", type=Path, metavar="OUT_DIR",
        help="write OUT_DIR/<slug>.<lang>.json and _run_summary.json "
        "(without it: one file's JSON on stdout)",
    )
    _batch_options(proc)

    serve = sub.add_parser(
        "serve", help="serve the batch flow on the configured schedule (Prefect deployment)"
    )
    serve.add_argument("--config", type=Path, metavar="FILE", help="default: ./docpipe.yaml")
    serve.add_argument("--corpus", type=Path, metavar="CORPUS_DIR")
    serve.add_argument("--out", type=Path, metavar="OUT_DIR")
    serve.add_argument("--cron", help='schedule, e.g. "0 2 * * *" (default: the configuration)')
    serve.add_argument("--timezone", help="time zone of the schedule, e.g. Europe/Paris")
    serve.add_argument("--dask-address", metavar="tcp://HOST:PORT")
    serve.add_argument("--verbose", action="store_true", help="show Prefect's logs")

    server = sub.add_parser(
        "server", help="a lasting local Prefect server that `docpipe run` and `serve` use")
    server.add_argument("action", choices=("start", "stop", "status"))
    server.add_argument("--config", type=Path, metavar="FILE", help="default: ./docpipe.yaml")

    sub.add_parser("schema", help="print the JSON Schema of the output")

    index = sub.add_parser(
        "index", help="rebuild the corpus views of an output folder (index, siblings, citations)"
    )
    index.add_argument("out", type=Path, metavar="OUT_DIR")

    bench = sub.add_parser("bench", help="speed per stage on a folder, against pdfplumber")
    bench.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    bench.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    bench.add_argument("--no-pdfplumber", action="store_true", help="skip pdfplumber's floor")

    ext = sub.add_parser("extract", help="mentions of each line of stdin, as JSON lines")
    ext.add_argument("--lang", required=True, choices=LANGUAGES)
    return parser


def _batch_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--config", type=Path, metavar="FILE", help="default: ./docpipe.yaml")
    cmd.add_argument(
        "--concurrency", type=int, metavar="N", help="documents processed at once (processes)"
    )
    cmd.add_argument(
        "--force", action="store_true", help="process every document, even unchanged ones"
    )
    cmd.add_argument(
        "--prune", action="store_true",
        help="delete the outputs of every input that is gone, however many (default: the "
        "configuration's pruning rule, which keeps them when many vanish at once)",
    )


def _settings(args: argparse.Namespace, *, require_corpus: bool) -> Settings:
    """The configuration with this command's options applied (raises ConfigError)."""
    overrides: dict[str, object] = {
        "corpus": getattr(args, "corpus", None),
        "out": getattr(args, "out", None),
        "concurrency": getattr(args, "concurrency", None),
        "runner.dask_address": getattr(args, "dask_address", None),
        "schedule.cron": getattr(args, "cron", None),
        "schedule.timezone": getattr(args, "timezone", None),
    }
    if getattr(args, "force", False):
        overrides["incremental"] = False
    if getattr(args, "prune", False):
        overrides["prune.mode"] = "always"
    return load_settings(args.config, overrides=overrides, require_corpus=require_corpus)


def _quiet_prefect(verbose: bool) -> None:
    if not verbose:
        for key, value in QUIET_PREFECT_ENV.items():
            os.environ.setdefault(key, value)


def _finish(console: Console, summary: RunSummary | None, out_dir: Path) -> int:
    if summary is None:
        return 1
    console.print(summary_table(summary, out_dir))
    if summary.prune_refused:
        console.print(f"[yellow]warning:[/] {escape(summary.prune_refused)}")
    return 1 if summary.failed else 0


def _cmd_run(args: argparse.Namespace, console: Console) -> int:
    settings = _settings(args, require_corpus=True)
    with output_lock(settings.out):
        # what changed is decided before anything heavy starts: with nothing to do, no Prefect
        # server and no worker is started
        found = scan(settings.corpus, settings.patterns, settings.links)
        plan = BatchRun(found.documents, settings.out, settings, roots=[settings.corpus],
                        refused=found.refused)
        if not plan.jobs:
            return _finish(console, plan.finish(), settings.out)
        _quiet_prefect(args.verbose)
        from flows.batch import run_batch_flow  # Prefect is imported by `run` and `serve` only
        from flows.server import Watchdog, api_for_run

        with api_for_run(settings) as (url, origin):
            err_console.print(f"Prefect API: {url} ({origin})")
            grace = float(os.environ.get("DOCPIPE_API_GRACE_SECONDS", "30"))
            with Watchdog(url, grace=grace) as watchdog, ProgressReport(
                    console, waiting="starting the Prefect flow") as report:
                try:
                    state = run_batch_flow(settings.corpus, settings.out, report, settings)
                except KeyboardInterrupt:
                    if not watchdog.tripped:
                        raise
                    err_console.print(
                        f"[red]error:[/] the Prefect API at {url} stopped answering during the "
                        "run; the documents finished so far are saved, run again to finish")
                    return 1
    status = _finish(console, report.summary, settings.out)
    if not state.is_completed():
        console.print(f"flow run {state.name}: {state.message or ''}")
        return max(status, 1)
    return status


def _cmd_process(args: argparse.Namespace, console: Console) -> int:
    if args.out is None:
        files = [f for arg in args.files for f in (discover(arg) if arg.is_dir() else [arg])]
        if len(files) != 1:
            console.print("[red]error:[/] several files need --out OUT_DIR")
            return 2
        try:
            processed = process_file(files[0])
        except Exception as exc:  # recorded like in a batch: code and message, exit 1
            err = run_error(exc)
            print(f"docpipe: {files[0]}: {err.code}: {err.message}", file=sys.stderr)
            return 1
        sys.stdout.write(to_json(processed.output))
        return 0
    settings = _settings(args, require_corpus=False)
    documents: list[Path] = []
    refused: list[Refused] = []
    for arg in args.files:  # a file named on the command line is read as it is, link or not
        found = scan(arg, settings.patterns, settings.links) if arg.is_dir() else Discovery([arg])
        documents += found.documents
        refused += found.refused
    with ProgressReport(console) as report:
        summary = run_batch(documents, args.out, report, settings, roots=args.files,
                            refused=refused)
    return _finish(console, summary, args.out)


def _cmd_serve(args: argparse.Namespace, console: Console) -> int:
    settings = _settings(args, require_corpus=True)
    _quiet_prefect(args.verbose)
    from flows.serve import serve

    return serve(settings, console)


def _cmd_server(args: argparse.Namespace, console: Console) -> int:
    settings = load_settings(args.config)
    from flows.server import server_status, start_server, stop_server

    if args.action == "start":
        running = start_server(settings)
        console.print(f"Prefect server running: {running.url} (pid {running.pid}); "
                      f"UI http://127.0.0.1:{running.port}")
        return 0
    if args.action == "stop":
        console.print("stopped" if stop_server(settings) else "no docpipe server was running")
        return 0
    status = server_status(settings)
    if status is None:
        console.print("no docpipe server is running")
        return 3
    console.print(f"running: {status.url} (pid {status.pid})")
    return 0


def _cmd_index(args: argparse.Namespace, console: Console) -> int:
    from pipeline.corpus import update_corpus_views

    out: Path = args.out
    if not out.is_dir():
        console.print(f"[red]error:[/] no such folder: {escape(str(out))}")
        return 2
    with output_lock(out):
        report = update_corpus_views(out)
    console.print(
        f"{report.documents} documents, {report.groups} sibling groups ({report.pairs} pairs), "
        f"{report.disagreements} cross-check disagreements, {report.cited_symbols} cited "
        f"symbols ({report.cited_in_corpus} in the corpus)"
    )
    for skipped in report.skipped:
        console.print(f"skipped {escape(skipped.path)}: {escape(skipped.reason)}")
    return 0


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\r\n")


def _cmd_bench(args: argparse.Namespace, console: Console) -> int:
    from pipeline.emit import write_atomic
    from pipeline.runs.bench import render, run_bench

    if not args.corpus.is_dir():
        console.print(f"[red]error:[/] no such folder: {args.corpus}")
        return 2
    report = run_bench(args.corpus, with_pdfplumber=not args.no_pdfplumber)
    console.print(render(report))
    if args.json:
        write_atomic(args.json, report.to_json())
    return 1 if report.failed else 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.extract import extract_text

    status = 0
    for line in _lines(sys.stdin):
        try:
            mentions = extract_text(line, args.lang)
        except Exception as exc:  # one bad line never ends the stream: it gets its error
            error = run_error(exc)
            record: dict[str, object] = {"text": line, "error": error.model_dump(mode="json")}
            status = 1
        else:
            record = {"text": line, **mentions.model_dump(mode="json")}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return status


def _utf8_stdio() -> None:
    for stream in (sys.stdin, sys.stdout):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() != "utf-8":
            reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit status."""
    args = _parser().parse_args(argv)
    _utf8_stdio()
    console = Console(highlight=False)
    try:
        if args.command == "run":
            return _cmd_run(args, console)
        if args.command == "process":
            return _cmd_process(args, console)
        if args.command == "serve":
            return _cmd_serve(args, console)
        if args.command == "index":
            return _cmd_index(args, console)
        if args.command == "server":
            return _cmd_server(args, console)
        if args.command == "schema":
            sys.stdout.write(schema_text())
            return 0
        if args.command == "bench":
            return _cmd_bench(args, console)
        if args.command == "extract":
            return _cmd_extract(args)
    except FileNotFoundError as exc:  # a FILE or CORPUS_DIR argument that does not exist
        console.print(f"[red]error:[/] {exc}")
        return 2
    except RunRefused as exc:  # the output folder is busy or cannot be written
        console.print("[red]error:[/]", escape(str(exc)), soft_wrap=True)
        return 2
    except ConfigError as exc:  # docpipe.yaml, DOCPIPE_* or an option: a usage error
        console.print("[red]configuration error:[/]", escape(str(exc)), soft_wrap=True)
        return 2
    except OSError as exc:  # the output folder filled up or vanished mid-run: one clear line
        console.print("[red]error:[/]", escape(f"{type(exc).__name__}: {exc}"), soft_wrap=True)
        return 1
    raise AssertionError(f"unknown command {args.command!r}")


if __name__ == "__main__":
    raise SystemExit(main())
