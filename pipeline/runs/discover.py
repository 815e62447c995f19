"""Discovery: which files of a corpus folder are documents to process.

In: a folder (searched recursively) or a single file. Out: document paths in a deterministic
order (by their path relative to the root, compared as strings), each one joined to the root as
given, so that paths in the outputs stay relative when the root is.
Holds: only names matching the patterns (default ``*.txt`` and ``*.pdf``; compared without regard
to case; ``docpipe.yaml`` ``patterns``); hidden files and folders (``.name``) and
``_``-prefixed names (the pipeline's own outputs, e.g. ``_run_summary.json``) are skipped, and so
are ``FILE.meta.yaml`` sidecars; symbolic links to folders are followed once (a loop is never
entered twice); a file reached twice through links is listed once, under its first path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from fnmatch import fnmatchcase
from pathlib import Path

DEFAULT_PATTERNS = ("*.txt", "*.pdf")
SIDECAR_SUFFIX = ".meta.yaml"


def _wanted(name: str, patterns: Sequence[str]) -> bool:
    lower = name.lower()
    return (
        not name.startswith((".", "_"))
        and not lower.endswith(SIDECAR_SUFFIX)
        and any(fnmatchcase(lower, p.lower()) for p in patterns)
    )


def discover(root: Path, patterns: Sequence[str] = DEFAULT_PATTERNS) -> list[Path]:
    """Document files under ``root`` (or ``[root]`` when it is a file), sorted.

    Raises :class:`FileNotFoundError` when ``root`` does not exist (a usage error, not a
    document error).
    """
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise FileNotFoundError(f"no such file or folder: {root}")
    seen_dirs: set[tuple[int, int]] = set()
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        st = os.stat(dirpath)
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:  # a link back to a folder already walked: do not descend again
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        here = Path(dirpath)
        for name in filenames:
            if not _wanted(name, patterns):
                continue
            path = here / name
            if path.is_file():  # False for a dangling link
                found.append((path.relative_to(root).as_posix(), path))
    found.sort(key=lambda item: item[0])
    unique: list[Path] = []
    identities: set[tuple[int, int]] = set()
    for _, path in found:
        fst = path.stat()
        ident = (fst.st_dev, fst.st_ino)
        if ident in identities:
            continue
        identities.add(ident)
        unique.append(path)
    return unique
