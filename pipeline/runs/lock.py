"""One run at a time per output folder.

In: an output folder. Out: :func:`output_lock`, a context manager that holds the folder's lock
(``OUT/.docpipe.lock``) for the duration of a run, or raises :class:`OutputBusy` at once when
another process holds it.
Holds: the lock is an ``flock`` on an open file, so the kernel releases it when its process
ends however it ends (a run killed with SIGKILL never leaves the folder locked); the file
records the holder's pid and start time for the message another run shows; a process that
already holds the lock may take it again (the CLI and the flow it runs nest), and it is
released when the outermost holder leaves.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import RunRefused
from pipeline.out_files import LOCK_NAME as LOCK_NAME

_held: dict[str, tuple[int, int]] = {}  # folder → (file descriptor, depth) in this process
_guard = threading.Lock()


class OutputBusy(RunRefused):
    """Another docpipe run is writing to the output folder."""


class OutputUnwritable(RunRefused):
    """The output folder cannot be created or written (read-only, full, not a folder)."""


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir``'s lock for the block (see the module docstring). Raises
    :class:`OutputUnwritable` when the folder cannot be created or its lock file written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputUnwritable(f"the output folder {out_dir} cannot be written: "
                               f"{exc.strerror or exc}") from exc
    key = os.path.realpath(out_dir)
    with _guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            nested = True
        else:
            nested = False
    if not nested:
        path = out_dir / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputUnwritable(f"the output folder {out_dir} cannot be written: "
                                   f"{exc.strerror or exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise OutputBusy(f"another docpipe run is writing to {out_dir} ({holder}); "
                             "wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n"
                  .encode(), 0)
        with _guard:
            _held[key] = (fd, 1)
    try:
        yield
    finally:
        with _guard:
            fd, depth = _held[key]
            if depth > 1:
                _held[key] = (fd, depth - 1)
            else:
                del _held[key]
                os.ftruncate(fd, 0)
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
