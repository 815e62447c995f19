"""Discovery: which files of a corpus folder are documents to process.

In: a folder (searched recursively) or a single file, the name patterns and the link policy.
Out: document paths in a deterministic order (by their path relative to the root, compared as
strings), each one joined to the root as given, so that paths in the outputs stay relative when
the root is; and the entries refused, with the reason.
Holds: only names matching the patterns (default ``*.txt`` and ``*.pdf``; compared without
regard to case; ``docpipe.yaml`` ``patterns``); hidden files and folders (``.name``) and
``_``-prefixed names (the pipeline's own outputs, e.g. ``_run_summary.json``) are skipped, and
so are ``FILE.meta.yaml`` sidecars. Symbolic links, to files or folders, are followed only when
their target lies inside the corpus root (``links: inside``, the default) or always
(``links: anywhere``); a link leaving the root is refused (``link-outside-corpus``): a link to
``/proc/self/environ`` or to ``/`` reads nothing. A name that matches but is not a regular
file (a FIFO, a device, a socket) is refused (``not-a-regular-file``): reading it could block
or never end. A folder reached twice through links is walked once; a file reached twice is
listed once, under its first path.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Literal

from pipeline.codes import SkipReason

DEFAULT_PATTERNS = ("*.txt", "*.pdf")
SIDECAR_SUFFIX = ".meta.yaml"
LinkPolicy = Literal["inside", "anywhere"]


@dataclass(frozen=True)
class Refused:
    """A corpus entry that is not read, and why (a skip reason of :mod:`pipeline.codes`)."""

    path: Path
    reason: str


@dataclass
class Discovery:
    documents: list[Path] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def _wanted(name: str, patterns: Sequence[str]) -> bool:
    lower = name.lower()
    return (
        not name.startswith((".", "_"))
        and not lower.endswith(SIDECAR_SUFFIX)
        and any(fnmatchcase(lower, p.lower()) for p in patterns)
    )


def _inside(path: str, root: str) -> bool:
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def scan(root: Path, patterns: Sequence[str] = DEFAULT_PATTERNS,
         links: LinkPolicy = "inside") -> Discovery:
    """The documents under ``root`` (or ``[root]`` when it is a file) and the refused entries,
    each list sorted (see the module docstring).

    Raises :class:`FileNotFoundError` when ``root`` does not exist (a usage error, not a
    document error).
    """
    if root.is_file():
        return Discovery([root])
    if not root.is_dir():
        raise FileNotFoundError(f"no such file or folder: {root}")
    real_root = os.path.realpath(root)
    seen_dirs: set[tuple[int, int]] = set()
    found: list[tuple[str, Path]] = []
    refused: list[tuple[str, Refused]] = []

    def refuse(path: Path, reason: SkipReason) -> None:
        refused.append((path.relative_to(root).as_posix(), Refused(path, reason.value)))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:  # gone while walking
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:  # a link back to a folder already walked: do not descend again
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        here = Path(dirpath)
        kept: list[str] = []
        for d in sorted(dirnames):
            if d.startswith((".", "_")):
                continue
            sub = here / d
            if links == "inside" and sub.is_symlink() and not _inside(str(sub), real_root):
                refuse(sub, SkipReason.LINK_OUTSIDE_CORPUS)
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in filenames:
            if not _wanted(name, patterns):
                continue
            path = here / name
            if links == "inside" and path.is_symlink() and not _inside(str(path), real_root):
                refuse(path, SkipReason.LINK_OUTSIDE_CORPUS)
                continue
            try:
                mode = path.stat().st_mode
            except OSError:  # a dangling link, or gone already
                continue
            if not stat.S_ISREG(mode):
                refuse(path, SkipReason.NOT_A_REGULAR_FILE)
                continue
            found.append((path.relative_to(root).as_posix(), path))
    found.sort(key=lambda item: item[0])
    refused.sort(key=lambda item: item[0])
    unique: list[Path] = []
    identities: set[tuple[int, int]] = set()
    for _, path in found:
        try:
            fst = path.stat()
        except OSError:  # gone since it was listed
            continue
        ident = (fst.st_dev, fst.st_ino)
        if ident in identities:
            continue
        identities.add(ident)
        unique.append(path)
    return Discovery(unique, [r for _, r in refused])


def discover(root: Path, patterns: Sequence[str] = DEFAULT_PATTERNS,
             links: LinkPolicy = "inside") -> list[Path]:
    """The documents of :func:`scan`."""
    return scan(root, patterns, links).documents
