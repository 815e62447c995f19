"""The ``docpipe`` command.

In: an argv list (``main(["process", "a.txt"])``; ``None`` reads ``sys.argv``).
Out: an exit status: 0 all good, 1 a document failed (or the flow run failed), 2 usage error.
Holds: ``docpipe run`` is the only command that imports Prefect (through ``flows``, lazily), so
``process``, ``schema`` and ``extract`` start fast and work without it.

Commands:
  ``docpipe run CORPUS --out OUT``      the Prefect batch flow over a folder (recursive)
  ``docpipe process FILE... [--out OUT]`` the same pipeline without Prefect (no ``--out``: one
                                        file's JSON on stdout)
  ``docpipe schema``                    the JSON Schema of the output
  ``docpipe extract --lang L``          mentions of each stdin line, one JSON object per line
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

from pipeline import __version__
from pipeline.batch import run_batch
from pipeline.discover import discover
from pipeline.emit import to_json
from pipeline.models import RunSummary
from pipeline.outcome import run_error
from pipeline.process import process_file
from pipeline.report import ProgressReport, summary_table
from pipeline.schema import schema_text

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")

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
    run.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    run.add_argument("--out", type=Path, required=True, metavar="OUT_DIR")
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

    sub.add_parser("schema", help="print the JSON Schema of the output")

    ext = sub.add_parser("extract", help="mentions of each line of stdin, as JSON lines")
    ext.add_argument("--lang", required=True, choices=LANGUAGES)
    return parser


def _finish(console: Console, summary: RunSummary | None, out_dir: Path) -> int:
    if summary is None:
        return 1
    console.print(summary_table(summary, out_dir))
    return 1 if summary.failed else 0


def _cmd_run(args: argparse.Namespace, console: Console) -> int:
    corpus: Path = args.corpus
    if not corpus.exists():
        console.print(f"[red]error:[/] no such folder: {corpus}")
        return 2
    if not args.verbose:
        for key, value in QUIET_PREFECT_ENV.items():
            os.environ.setdefault(key, value)
    from flows.batch import run_batch_flow  # the only Prefect import of the CLI

    with ProgressReport(console, waiting="starting the Prefect flow") as report:
        state = run_batch_flow(corpus, args.out, report)
    status = _finish(console, report.summary, args.out)
    if not state.is_completed():
        console.print(f"flow run {state.name}: {state.message or ''}")
        return max(status, 1)
    return status


def _cmd_process(args: argparse.Namespace, console: Console) -> int:
    files = [f for arg in args.files for f in (discover(arg) if arg.is_dir() else [arg])]
    if args.out is None:
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
    with ProgressReport(console) as report:
        summary = run_batch(files, args.out, report)
    return _finish(console, summary, args.out)


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\r\n")


def _cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.extract import extract_text

    for line in _lines(sys.stdin):
        mentions = extract_text(line, args.lang)
        record = {"text": line, **mentions.model_dump(mode="json")}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


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
        if args.command == "schema":
            sys.stdout.write(schema_text())
            return 0
        if args.command == "extract":
            return _cmd_extract(args)
    except FileNotFoundError as exc:  # a FILE or CORPUS_DIR argument that does not exist
        console.print(f"[red]error:[/] {exc}")
        return 2
    raise AssertionError(f"unknown command {args.command!r}")


if __name__ == "__main__":
    raise SystemExit(main())
