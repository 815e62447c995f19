"""The ``docpipe`` command.

In: an argv list (``main(["process", "a.txt"])``; ``None`` reads ``sys.argv``).
Out: an exit status: 0 all good, 1 a document failed (or the flow run failed), 2 usage error
(a bad option, a missing input, a bad configuration), 3 nothing was processed (no input file
matched, or every document was skipped for its language; ``--allow-empty`` makes it 0), 141 the
reader of standard output went away (``docpipe … | head``), as for a program stopped by SIGPIPE.
Holds: data (JSON, schema, configuration, paths written) goes to standard output, everything
else (progress, summary table, errors, notes) to standard error, as plain lines that are never
wrapped; ``docpipe run`` and ``serve`` are the only commands that import Prefect (through
``flows``, lazily), so the others start fast and work without it.

Commands:
  ``docpipe run [CORPUS] [--out OUT]``  the Prefect batch flow over a folder (recursive)
  ``docpipe process FILE... [--out OUT]`` the same pipeline without Prefect (no ``--out``: one
                                        file's JSON on stdout; ``-`` reads the file from stdin)
  ``docpipe serve``                     the batch flow on the configured schedule (starts a
                                        local Prefect server when no API is configured)
  ``docpipe config``                    the effective configuration, and where each value
                                        comes from
  ``docpipe schema``                    the JSON Schema of the output
  ``docpipe index OUT``                 rebuild the corpus views of OUT (:mod:`pipeline.corpus`)
  ``docpipe export OUT [--to FORMAT]``  the tables of OUT (:mod:`pipeline.export`)
  ``docpipe view OUT/DOC.json``         a review page of one document (:mod:`pipeline.review`)
  ``docpipe check OUT``                 the structure checks of every document in OUT
                                        (:mod:`pipeline.check`); exit 1 when one fails
  ``docpipe bench CORPUS [--json FILE]`` speed per stage (:mod:`pipeline.runs.bench`)
  ``docpipe extract --lang L [FILE...]`` mentions of each line (stdin, or files), as JSON lines

``run``, ``process --out``, ``serve`` and ``config`` read ``docpipe.yaml``
(:mod:`pipeline.runs.config`); a bad configuration is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import __version__
from pipeline.errors import ConfigError, RunRefused
from pipeline.languages import LANGUAGES
from pipeline.out_files import STATE_NAME
from pipeline.runs.discover import Discovery, Refused, discover, scan
from pipeline.runs.lock import output_lock
from pipeline.runs.preload import start_fork_server

# Everything else (the settings, the stages, the batch machinery, the report) is imported by the
# commands that use it: `docpipe process` first starts the workers' fork server when it may
# need it (:func:`_start_workers_early`).
if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from pipeline.models import RunSummary
    from pipeline.runs.config import ResolvedSettings, Settings

EXIT_USAGE = 2
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a program whose reader went away

# Prefect's console logs while `docpipe run` draws its progress bar: off unless --verbose (the
# flow's logs still go to the Prefect API, hence the UI).
QUIET_PREFECT_ENV = {
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL": "CRITICAL",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}

# the command-line option that sets each configuration key (``docpipe config`` names it)
OPTION_NAMES = {
    "corpus": "--corpus", "out": "--out", "concurrency": "--concurrency",
    "runner.dask_address": "--dask-address", "schedule.cron": "--cron",
    "schedule.timezone": "--timezone", "incremental": "--force", "allow_empty": "--allow-empty",
    "prune.mode": "--prune",
}


class _Version(argparse.Action):
    """``--version``: the output schema's version is read only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from pipeline.models import SCHEMA_VERSION

        sys.stdout.write(f"docpipe {__version__} (output schema {SCHEMA_VERSION})\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docpipe",
        description="United Nations documents (PDF or text, six languages) to structured JSON.",
        epilog="Exit status: 0 ok; 1 a document failed; 2 usage or configuration error; "
        "3 nothing was processed (see --allow-empty). Data on stdout, messages on stderr.",
    )
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show the versions of docpipe and of its output schema, and exit")
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
        "files", type=Path, nargs="+", metavar="FILE",
        help="a file, or a folder of documents; `-`: one document read from standard input",
    )
    proc.add_argument(
        "--out", type=Path, metavar="OUT_DIR",
        help="write OUT_DIR/<slug>.<lang>.json and _run_summary.json "
        "(without it: one file's JSON on stdout)",
    )
    proc.add_argument(
        "--name", metavar="FILE_NAME",
        help="with `-`: the file name to take the symbol and language from "
        "(A_63_261-FR.pdf), as if the document were read from that file",
    )
    _batch_options(proc)

    serve = sub.add_parser(
        "serve", help="serve the batch flow on the configured schedule (Prefect deployment)"
    )
    _config_options(serve)
    serve.add_argument("--verbose", action="store_true", help="show Prefect's logs")

    server = sub.add_parser(
        "server", help="a lasting local Prefect server that `docpipe run` and `serve` use")
    server.add_argument("action", choices=("start", "stop", "status"))
    server.add_argument("--config", type=Path, metavar="FILE", help="default: ./docpipe.yaml")

    config = sub.add_parser(
        "config", help="print the effective configuration and where each value comes from"
    )
    _config_options(config)
    config.add_argument("--concurrency", type=int, metavar="N")
    config.add_argument("--force", action="store_true", help="as `run --force` would")
    config.add_argument("--allow-empty", action="store_true", help="as `run --allow-empty`")
    config.add_argument("--prune", action="store_true", help="as `run --prune`")
    config.add_argument("--json", action="store_true", help="one JSON object instead of lines")

    sub.add_parser("schema", help="print the JSON Schema of the output")

    index = sub.add_parser(
        "index", help="rebuild the corpus views of an output folder (index, siblings, citations)"
    )
    index.add_argument("out", type=Path, metavar="OUT_DIR")

    export = sub.add_parser(
        "export", help="write the tables of an output folder (Parquet, CSV or JSON lines)"
    )
    export.add_argument("out", type=Path, metavar="OUT_DIR")
    export.add_argument("--to", choices=("parquet", "csv", "jsonl"), default="parquet",
                        help="the format (default: parquet)")
    export.add_argument("--dest", type=Path, metavar="DIR",
                        help="where to write the tables (default: OUT_DIR/_export)")

    view = sub.add_parser("view", help="write a review page (HTML) of one document's JSON")
    view.add_argument("document", type=Path, metavar="OUT_DIR/DOC.json")
    view.add_argument("-o", "--output", type=Path, metavar="PAGE.html",
                      help="where to write the page (default: beside the JSON, .html; "
                      "`-`: standard output)")
    view.add_argument("--siblings", nargs="?", const="", default=None, metavar="LANG",
                      help="show it side by side with another language version of the same "
                      "symbol from the same folder (LANG; default: the first other one)")
    check = sub.add_parser(
        "check", help="structure checks of the documents in an output folder (exit 1: a failure)"
    )
    check.add_argument("out", type=Path, metavar="OUT_DIR")
    check.add_argument("--details", action="store_true",
                       help="also print what each failed check found")

    bench = sub.add_parser("bench", help="speed per stage on a folder, against pdfplumber")
    bench.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    bench.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    bench.add_argument("--no-pdfplumber", action="store_true", help="skip pdfplumber's floor")
    bench.add_argument(
        "--whole-process", action="store_true",
        help="also time `docpipe process` as a whole process at concurrency 1 and 2, and "
        "pdfplumber's extract_text in a process of its own (as a user sees it)")

    ext = sub.add_parser("extract", help="mentions of each line of text, as JSON lines")
    ext.add_argument("--lang", required=True, choices=LANGUAGES)
    ext.add_argument("files", type=Path, nargs="*", metavar="FILE",
                     help="text files read line by line (default, or `-`: standard input)")
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
    cmd.add_argument(
        "--allow-empty", action="store_true",
        help="exit 0 even when no file matched or every document was skipped for its language",
    )


def _config_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--config", type=Path, metavar="FILE", help="default: ./docpipe.yaml")
    cmd.add_argument("--corpus", type=Path, metavar="CORPUS_DIR")
    cmd.add_argument("--out", type=Path, metavar="OUT_DIR")
    cmd.add_argument("--cron", help='schedule, e.g. "0 2 * * *" (default: the configuration)')
    cmd.add_argument("--timezone", help="time zone of the schedule, e.g. Europe/Paris")
    cmd.add_argument("--dask-address", metavar="tcp://HOST:PORT")


def _resolved(args: argparse.Namespace, *, require_corpus: bool) -> ResolvedSettings:
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
    if getattr(args, "allow_empty", False):
        overrides["allow_empty"] = True
    from pipeline.runs.config import resolve_settings

    names = dict(OPTION_NAMES)
    if args.command == "run":
        names["corpus"] = "CORPUS_DIR argument"
    return resolve_settings(args.config, overrides=overrides, option_names=names,
                            require_corpus=require_corpus)


def _settings(args: argparse.Namespace, *, require_corpus: bool) -> Settings:
    return _resolved(args, require_corpus=require_corpus).settings


def _error(message: str, label: str = "error") -> None:
    """A message on standard error, one plain line per line of ``message`` (never wrapped)."""
    for line in message.splitlines() or [""]:
        sys.stderr.write(f"docpipe: {label}: {line}\n")
    sys.stderr.flush()


def _note(message: str) -> None:
    sys.stderr.write(f"docpipe: {message}\n")
    sys.stderr.flush()


def _quiet_prefect(verbose: bool) -> None:
    if not verbose:
        for key, value in QUIET_PREFECT_ENV.items():
            os.environ.setdefault(key, value)


def print_table(console: Console, table: Table) -> None:
    """Print ``table``; outside a terminal at its natural width, so that no path or message in
    it is folded across lines (a log or a pipe has no width to fit)."""
    if console.is_terminal:
        console.print(table)
        return
    natural = console.measure(table, options=console.options.update_width(100_000)).maximum
    width = console.width
    console.width = max(width, natural)
    try:
        console.print(table)
    finally:
        console.width = width


def _finish(console: Console, summary: RunSummary | None, out_dir: Path, settings: Settings,
            corpus: Path | None = None) -> int:
    from pipeline.runs.guard import EXIT_EMPTY, empty_run, nothing_changed
    from pipeline.runs.report import summary_table

    if summary is None:
        return 1
    print_table(console, summary_table(summary, out_dir))
    if summary.prune_refused:
        _error(summary.prune_refused, label="warning")
    if summary.failed:
        return 1
    empty = empty_run(summary, settings, corpus)
    if empty is not None:
        if settings.allow_empty:
            _note(f"{empty} (allowed: --allow-empty)")
            return 0
        _error(f"{empty} (exit status {EXIT_EMPTY}; --allow-empty if this is expected)")
        return EXIT_EMPTY
    unchanged = nothing_changed(summary)
    if unchanged is not None:
        _note(unchanged)
    return 0


def _cmd_run(args: argparse.Namespace, console: Console) -> int:
    from pipeline.runs.batch import BatchRun
    from pipeline.runs.report import ProgressReport

    settings = _settings(args, require_corpus=True)
    with output_lock(settings.out):
        # what changed is decided before anything heavy starts: with nothing to do, no Prefect
        # server and no worker is started
        found = scan(settings.corpus, settings.patterns, settings.links)
        plan = BatchRun(found.documents, settings.out, settings, roots=[settings.corpus],
                        refused=found.refused)
        if not plan.jobs:
            return _finish(console, plan.finish(), settings.out, settings, settings.corpus)
        _quiet_prefect(args.verbose)
        from flows.batch import run_batch_flow  # Prefect is imported by `run` and `serve` only
        from flows.server import Watchdog, api_for_run

        with api_for_run(settings) as (url, origin):
            _note(f"Prefect API: {url} ({origin})")
            grace = float(os.environ.get("DOCPIPE_API_GRACE_SECONDS", "30"))
            lost = (f"the Prefect API at {url} stopped answering during the run; the "
                    "documents finished so far are saved, run again to finish")
            with Watchdog(url, grace=grace, message=lost) as watchdog, ProgressReport(
                    console, waiting="starting the Prefect flow") as report:
                try:
                    state = run_batch_flow(settings.corpus, settings.out, report, settings)
                except KeyboardInterrupt:
                    if not watchdog.tripped:
                        raise
                    _error(lost)
                    return 1
    status = _finish(console, report.summary, settings.out, settings, settings.corpus)
    if not state.is_completed():
        _error(f"flow run {state.name}: {state.message or ''}")
        return max(status, 1)
    return status


def _read_stdin_document(name: str | None, folder: Path) -> Path:
    """Standard input's bytes as a file in ``folder``, named ``name`` (its file name only) or
    ``stdin.pdf``/``stdin.txt`` by its first bytes."""
    data = sys.stdin.buffer.read()
    if name:
        file_name = Path(name).name
    else:
        file_name = "stdin.pdf" if data.lstrip()[:5] == b"%PDF-" else "stdin.txt"
    path = folder / file_name
    path.write_bytes(data)
    return path


def _process_one(path: Path, shown: str) -> int:
    from pipeline.emit import to_json
    from pipeline.process import process_file
    from pipeline.runs.outcome import run_error

    try:
        processed = process_file(path)
    except Exception as exc:  # recorded like in a batch: code and message, exit 1
        err = run_error(exc)
        _error(f"{shown}: {err.code}: {err.message}", label="failed")
        return 1
    output = processed.output
    if shown == "-":
        output.source.path = "-"
    sys.stdout.write(to_json(output))
    sys.stdout.flush()
    return 0


def _cmd_process(args: argparse.Namespace, console: Console) -> int:
    paths: list[Path] = args.files
    if any(str(p) == "-" for p in paths):
        if len(paths) != 1 or args.out is not None:
            _error("`-` (a document on standard input) is processed alone, its JSON printed on "
                   "stdout: give no other FILE and no --out")
            return EXIT_USAGE
        with tempfile.TemporaryDirectory(prefix="docpipe-stdin-") as tmp:
            return _process_one(_read_stdin_document(args.name, Path(tmp)), "-")
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        _error("; ".join(f"no such file or folder: {p}" for p in missing))
        return EXIT_USAGE
    if args.out is None:
        files = [f for arg in paths for f in (discover(arg) if arg.is_dir() else [arg])]
        if len(files) > 1:
            _error(f"{len(files)} documents need --out OUT_DIR (without it, one document's JSON "
                   "is printed on stdout)")
            return EXIT_USAGE
        if not files:
            from pipeline.models import RunSummary

            return _finish(console, RunSummary(documents=[], ok=0, failed=0, skipped=0),
                           Path("."), _settings(args, require_corpus=False), paths[0])
        return _process_one(files[0], str(files[0]))
    settings = _settings(args, require_corpus=False)
    documents: list[Path] = []
    refused: list[Refused] = []
    for arg in args.files:  # a file named on the command line is read as it is, link or not
        found = scan(arg, settings.patterns, settings.links) if arg.is_dir() else Discovery([arg])
        documents += found.documents
        refused += found.refused
    from pipeline.runs.batch import run_batch
    from pipeline.runs.report import ProgressReport


    with ProgressReport(console) as report:
        summary = run_batch(documents, args.out, report, settings, roots=paths,
                            refused=refused)
    return _finish(console, summary, args.out, settings, paths[0] if len(paths) == 1 else None)


def _cmd_serve(args: argparse.Namespace, console: Console) -> int:
    settings = _settings(args, require_corpus=True)
    _quiet_prefect(args.verbose)
    from flows.serve import serve

    return serve(settings, console)


def _cmd_server(args: argparse.Namespace) -> int:
    from pipeline.runs.config import load_settings

    settings = load_settings(args.config)
    from flows.server import server_status, start_server, stop_server

    if args.action == "start":
        running = start_server(settings)
        _note(f"Prefect server running: {running.url} (pid {running.pid}); "
              f"UI http://127.0.0.1:{running.port}")
        return 0
    if args.action == "stop":
        _note("stopped" if stop_server(settings) else "no docpipe server was running")
        return 0
    status = server_status(settings)
    if status is None:
        _note("no docpipe server is running")
        return 3
    _note(f"running: {status.url} (pid {status.pid})")
    return 0


def _config_lines(resolved: ResolvedSettings) -> Iterator[str]:
    source = resolved.file if resolved.file is not None else "none (defaults)"
    yield f"# configuration file: {source}"
    rows = [(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}", origin)
            for key, value, origin in resolved.values()]
    width = max(len(left) for left, _ in rows)
    for left, origin in rows:
        yield f"{left.ljust(width)}  # {origin}"


def _cmd_config(args: argparse.Namespace) -> int:
    resolved = _resolved(args, require_corpus=False)
    if args.json:
        body: dict[str, Any] = {
            "file": str(resolved.file) if resolved.file is not None else None,
            "settings": {key: {"value": value, "source": origin}
                         for key, value, origin in resolved.values()},
        }
        sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.writelines(line + "\n" for line in _config_lines(resolved))
    if not resolved.settings.corpus.exists():
        _note(f"note: the corpus folder does not exist: {resolved.settings.corpus}")
    return 0


def _cmd_index(args: argparse.Namespace) -> int:
    from pipeline.corpus import update_corpus_views

    out: Path = args.out
    if not out.is_dir():
        _error(f"no such folder: {out}")
        return EXIT_USAGE
    with output_lock(out):
        report = update_corpus_views(out)
    _note(
        f"{report.documents} documents, {report.groups} sibling groups ({report.pairs} pairs), "
        f"{report.disagreements} cross-check disagreements, {report.cited_symbols} cited "
        f"symbols ({report.cited_in_corpus} in the corpus)"
    )
    for skipped in report.skipped:
        _note(f"skipped {skipped.path}: {skipped.reason}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from pipeline.export import export_tables

    out: Path = args.out
    if not out.is_dir():
        _error(f"no such folder: {out}")
        return EXIT_USAGE
    report = export_tables(out, args.to, args.dest)
    for path in report.files.values():
        sys.stdout.write(f"{path}\n")
    counts = ", ".join(f"{n} {name}" for name, n in report.rows.items())
    _note(f"exported {counts} to {report.dest}")
    for skipped in report.skipped:
        _note(f"skipped {skipped.path}: {skipped.reason}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    """The structure checks' table of a folder on standard output (it is the command's result;
    messages go to standard error)."""
    from pipeline.check.table import rich_table, rows_from_folder

    out: Path = args.out
    if not out.is_dir():
        _error(f"no such folder: {out}")
        return EXIT_USAGE
    from rich.console import Console

    rows, unreadable = rows_from_folder(out)
    console = Console(file=sys.stdout, highlight=False)
    console.print(rich_table(rows))
    for bad in unreadable:
        _error(f"{bad.path}: {bad.reason}", label="unreadable")
    if args.details:
        console.file.flush()
        for row in rows:
            for message in row.messages:
                sys.stdout.write(f"{row.document}: {message}\n")
    return 1 if unreadable or not all(r.passed for r in rows) else 0


def _cmd_view(args: argparse.Namespace) -> int:
    from pipeline.review import ReviewError, write_review

    try:
        written = write_review(args.document, args.output, siblings=args.siblings)
    except ReviewError as exc:
        _error(str(exc))
        return EXIT_USAGE
    if written is not None:
        sys.stdout.write(f"{written}\n")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from rich.console import Console

    from pipeline.emit import write_atomic
    from pipeline.runs.bench import render, run_bench

    if not args.corpus.is_dir():
        _error(f"no such folder: {args.corpus}")
        return EXIT_USAGE
    report = run_bench(args.corpus, with_pdfplumber=not args.no_pdfplumber,
                       with_whole_process=args.whole_process)
    Console(highlight=False).print(render(report))  # the report is the data: stdout
    if args.json:
        write_atomic(args.json, report.to_json())
    return 1 if report.failed else 0


def _extract_lines(files: Sequence[Path]) -> Iterator[str]:
    for file in files or [Path("-")]:
        if str(file) == "-":
            yield from (line.rstrip("\r\n") for line in sys.stdin)
            continue
        with file.open(encoding="utf-8", errors="replace") as stream:
            yield from (line.rstrip("\r\n") for line in stream)


def _cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.extract import extract_text
    from pipeline.runs.outcome import run_error

    missing = [f for f in args.files if str(f) != "-" and not f.is_file()]
    if missing:
        _error("; ".join(f"no such file: {f}" for f in missing))
        return EXIT_USAGE
    status = 0
    for line in _extract_lines(args.files):
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
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() != "utf-8":
            reconfigure(encoding="utf-8")


def _run(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        if args.command == "run":
            return _cmd_run(args, console)
        if args.command == "process":
            return _cmd_process(args, console)
        if args.command == "serve":
            return _cmd_serve(args, console)
        if args.command == "config":
            return _cmd_config(args)
        if args.command == "index":
            return _cmd_index(args)
        if args.command == "export":
            return _cmd_export(args)
        if args.command == "view":
            return _cmd_view(args)
        if args.command == "server":
            return _cmd_server(args)
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "schema":
            from pipeline.schema import schema_text

            sys.stdout.write(schema_text())
            return 0
        if args.command == "bench":
            return _cmd_bench(args)
        if args.command == "extract":
            return _cmd_extract(args)
    except FileNotFoundError as exc:  # a FILE or CORPUS_DIR argument that does not exist
        _error(str(exc))
        return EXIT_USAGE
    except RunRefused as exc:  # the output folder is busy or cannot be written
        _error(str(exc))
        return EXIT_USAGE
    except ConfigError as exc:  # docpipe.yaml, DOCPIPE_* or an option: a usage error
        _error(str(exc), label="configuration error")
        return EXIT_USAGE
    except BrokenPipeError:
        raise  # the reader of stdout went away: main() ends quietly
    except OSError as exc:  # the output folder filled up or vanished mid-run: one clear line
        _error(f"{type(exc).__name__}: {exc}")
        return 1
    raise AssertionError(f"unknown command {args.command!r}")


def _stdout_gone() -> None:
    """The reader of standard output went away: send what is left to /dev/null, so that the
    interpreter's last flush does not fail again at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass
    finally:
        os.close(devnull)


def _start_workers_early(args: argparse.Namespace) -> None:
    """``docpipe process`` of a folder or of several files into an output folder where no run
    has left its state yet, or with ``--force``: every document found will be processed, in
    workers unless the configuration says ``concurrency: 1`` without a time limit. Their fork
    server starts now, from the command line alone, and imports the stages while this process
    loads the settings and plans the batch (0.15-0.2 s sooner than once the settings are
    loaded, on a batch of 3.5 s). When the batch runs in this process after all (that
    configuration; a folder holding one document or none), the fork server has imported in the
    background for nothing and ends with this process. A re-run into a folder with a state may
    have nothing to do: it starts nothing here."""
    if args.command != "process" or args.out is None or args.concurrency == 1:
        return
    files: list[Path] = args.files
    if any(str(f) == "-" for f in files) or not (len(files) > 1 or any(f.is_dir() for f in files)):
        return
    if args.force or not (args.out / STATE_NAME).is_file():
        start_fork_server()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit status."""
    # what is alive when the process ends is freed with it: the garbage collector's last
    # passes over it at the interpreter's exit (~0.05 s after a batch) are skipped (frozen at
    # exit only: a process that calls main() again and again keeps collecting in between)
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    try:
        _utf8_stdio()
        args = _parser().parse_args(argv)
        _start_workers_early(args)
        return _run(args)
    except BrokenPipeError:
        _stdout_gone()
        return EXIT_PIPE


if __name__ == "__main__":
    raise SystemExit(main())
