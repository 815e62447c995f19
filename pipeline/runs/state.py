"""Incremental state of an output folder: ``OUT/_state.json``.

In: the inputs of a run (with the folders they were discovered in), the output folder and the
fingerprint of what changes outputs (:meth:`pipeline.runs.config.Settings.output_fingerprint`).
Out: which inputs can be skipped, and after the run the new state and the outputs to delete.
Holds: an input is skipped only when its bytes, its sidecar's bytes (or the sidecar's absence)
and the fingerprint equal those recorded and its recorded output still exists in OUT; the bytes
recorded are those the pipeline read; a failed input keeps its previous entry and output
(retried next run); an input that was under a folder of this run and is gone is *vanished*
(whether its output is removed is the batch's pruning rule, :mod:`pipeline.runs.prune`), and
only outputs the state records are ever removed, by name inside OUT. Keys are absolute input
paths. A missing or unreadable state file means a full run. The file is written atomically.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.ingest.identity import sidecar_file
from pipeline.out_files import STATE_NAME as STATE_NAME
from pipeline.runs.retry import with_io_retries
from pipeline.text.printable import printable_path

STATE_VERSION = 1


class StateEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sha256: str
    sidecar_sha256: str | None
    fingerprint: str
    output: str | None  # a file name inside OUT
    excluded_language: str | None = None


class RunState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = STATE_VERSION
    entries: dict[str, StateEntry] = {}


def input_key(path: Path) -> str:
    """The state's key of an input: its absolute path, printable (a name that is not UTF-8
    has its bytes as ``\\xNN``)."""
    return printable_path(os.path.abspath(path))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def input_print(path: Path, *, attempts: int = 3, delay: float = 0.5) -> tuple[str, str | None]:
    """sha256 of the input and of its sidecar (None: no sidecar). Raises OSError when unreadable."""
    data = with_io_retries(lambda: _sha256(path), attempts=attempts, delay=delay)
    side = sidecar_file(path)
    if side is None:
        return data, None
    return data, with_io_retries(lambda: _sha256(side), attempts=attempts, delay=delay)


def read_state(out_dir: Path) -> RunState:
    try:
        return RunState.model_validate_json((out_dir / STATE_NAME).read_bytes())
    except (OSError, ValidationError, ValueError):
        return RunState()


def write_state(state: RunState, out_dir: Path) -> Path:
    path = out_dir / STATE_NAME
    ordered = RunState(entries=dict(sorted(state.entries.items())))
    from pipeline.emit import write_atomic  # the output stage's imports, once there is work

    write_atomic(path, ordered.model_dump_json(indent=2) + "\n")
    return path


def unchanged(
    entry: StateEntry | None, prints: tuple[str, str | None], fingerprint: str, out_dir: Path
) -> bool:
    """True when ``entry`` says the input was done with these bytes and this fingerprint."""
    if entry is None or (entry.sha256, entry.sidecar_sha256) != prints:
        return False
    if entry.fingerprint != fingerprint:
        return False
    if entry.output is None:
        return entry.excluded_language is not None
    return (out_dir / entry.output).is_file()


def in_scope(key: str, roots: Iterable[Path]) -> bool:
    """True when the input ``key`` lies under (or is) one of the ``roots`` of this run."""
    for root in roots:
        base = input_key(root)
        if key == base or key.startswith(base.rstrip(os.sep) + os.sep):
            return True
    return False


class NextState(BaseModel):
    """The state after a run: ``state`` (with the entries of vanished inputs dropped),
    ``superseded`` (outputs no entry names any more: an input now written under another
    name) and ``vanished`` (the entries of inputs under this run's folders that are gone)."""

    model_config = ConfigDict(extra="forbid")

    state: RunState
    superseded: list[str]
    vanished: dict[str, StateEntry]

    def keeping_vanished(self) -> RunState:
        """The state with the vanished inputs' entries kept (their outputs are not pruned)."""
        return RunState(entries={**self.state.entries, **self.vanished})


def next_state(
    old: RunState,
    current: dict[str, StateEntry],
    failed: Sequence[str],
    roots: Sequence[Path],
) -> NextState:
    """The state after a run, the outputs it supersedes and the inputs that vanished.

    ``current``: the entries of this run's ok, excluded and skipped inputs; ``failed``: keys of
    its failed inputs (they keep their old entry). Old entries outside ``roots`` are kept.
    """
    entries: dict[str, StateEntry] = {}
    vanished: dict[str, StateEntry] = {}
    for key, entry in old.entries.items():
        if key in failed or not in_scope(key, roots):
            entries[key] = entry
        elif key not in current:
            vanished[key] = entry
    entries.update(current)
    kept = {e.output for e in entries.values() if e.output}
    gone = {e.output for e in vanished.values() if e.output}
    superseded = {e.output for e in old.entries.values() if e.output} - kept - gone
    return NextState(state=RunState(entries=entries), superseded=sorted(superseded),
                     vanished=vanished)


def remove_outputs(names: Iterable[str], out_dir: Path) -> list[Path]:
    """Delete the named outputs of OUT (plain names only: never a path outside OUT)."""
    removed: list[Path] = []
    for name in names:
        if not name or Path(name).name != name or name.startswith((".", "_")):
            continue
        path = out_dir / name
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed
