"""Outcome of one document in a batch: the :class:`~pipeline.models.RunRecord` it leaves.

In: the input path and what happened (an output, the exception that stopped it, or the reason
it was skipped). Out: a run record. Holds: a :class:`~pipeline.errors.DocumentError` keeps its
code and message; a :class:`~pipeline.errors.ConfigError` is ``config-error``; a worker stopped
at the time limit is ``timeout``, a worker that died ``worker-crashed``; any other exception is
``internal-error`` with its type and text. An ok record counts the document's
pages and mentions by kind, and the structure checks it passed. Nothing here re-raises.
"""

from __future__ import annotations

import signal
from pathlib import Path

from pebble import ProcessExpired

from pipeline.check import check_results, is_parliamentary
from pipeline.codes import ErrorCode, SkipReason
from pipeline.errors import ConfigError, DocumentError
from pipeline.models import MENTION_KINDS, DocumentOutput, RunError, RunRecord

INTERNAL_ERROR = ErrorCode.INTERNAL_ERROR.value
CONFIG_ERROR = ErrorCode.CONFIG_ERROR.value
TIMEOUT = ErrorCode.TIMEOUT.value
WORKER_CRASHED = ErrorCode.WORKER_CRASHED.value
OUT_OF_MEMORY = ErrorCode.OUT_OF_MEMORY.value
UNCHANGED = SkipReason.UNCHANGED.value
LANGUAGE_NOT_SELECTED = SkipReason.LANGUAGE_NOT_SELECTED.value


def run_error(exc: BaseException) -> RunError:
    """The ``{code, message}`` a failed document gets in the run summary: the one mapping from
    failures to error codes (see the module docstring)."""
    if isinstance(exc, DocumentError):
        return RunError(code=exc.code, message=exc.message)
    if isinstance(exc, TimeoutError):  # its worker was stopped at the time limit (pebble)
        limit = exc.args[1] if len(exc.args) > 1 else None
        after = f" after {limit:g} s" if isinstance(limit, int | float) else ""
        return RunError(code=TIMEOUT, message=f"the document's worker was stopped{after}")
    if isinstance(exc, ProcessExpired):
        how = f"signal {signal.Signals(-exc.exitcode).name}" if exc.exitcode < 0 and \
            -exc.exitcode in {s.value for s in signal.Signals} else f"exit {exc.exitcode}"
        hint = " (a library out of the worker's memory?)" if exc.exitcode in (-6, -9) else ""
        return RunError(code=WORKER_CRASHED, message=f"the worker process died ({how}){hint}")
    if isinstance(exc, MemoryError):
        return RunError(code=OUT_OF_MEMORY, message="the document needed more memory than the "
                        "worker's limit (memory_per_worker_mb)")
    text = str(exc).strip()
    message = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    code = CONFIG_ERROR if isinstance(exc, ConfigError) else INTERNAL_ERROR
    return RunError(code=code, message=message)


def outcome(
    input_path: Path,
    *,
    output: Path | None = None,
    error: BaseException | RunError | None = None,
    timings: dict[str, float] | None = None,
    document: DocumentOutput | None = None,
) -> RunRecord:
    """``ok`` with its output path, or ``failed`` with the error given."""
    if error is not None:
        return RunRecord(
            input=str(input_path), status="failed", output=None,
            error=error if isinstance(error, RunError) else run_error(error),
            timings=dict(timings or {}),
        )
    if output is None:
        raise ValueError("an ok outcome needs its output path")
    return RunRecord(
        input=str(input_path), status="ok", output=str(output), error=None,
        timings=dict(timings or {}),
        pages=document.source.pages if document is not None else None,
        mentions=(
            {k: len(getattr(document, k)) for k in MENTION_KINDS} if document is not None else {}
        ),
        checks=check_results(document.issues) if document is not None else {},
        parliamentary=is_parliamentary(document) if document is not None else None,
    )


def skipped(
    input_path: Path,
    reason: str,
    *,
    output: Path | None = None,
    timings: dict[str, float] | None = None,
) -> RunRecord:
    """``skipped``: ``unchanged`` (with its existing output) or ``language-not-selected``."""
    return RunRecord(
        input=str(input_path), status="skipped", output=str(output) if output else None,
        error=None, timings=dict(timings or {}), reason=reason,
    )
