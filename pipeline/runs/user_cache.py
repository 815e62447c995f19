"""Where docpipe keeps what it can always recompute, to start faster the next time.

In: the environment. Out: the cache folder, ``DOCPIPE_CACHE`` if set, else
``$XDG_CACHE_HOME/docpipe``, else ``~/.cache/docpipe``; None when the variable is set to an empty
string (no cache at all).
Holds: nothing in it is needed for correctness: every file may be deleted at any time, and a
folder that cannot be created or written only costs time. Files are written atomically (a
reader never sees half a file). Today it holds jieba's dictionary cache.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The cache folder (created if missing), or None when caching is off or impossible."""
    configured = os.environ.get("DOCPIPE_CACHE")
    if configured is not None:
        if not configured.strip():
            return None
        folder = Path(configured).expanduser()
    else:
        try:
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        except RuntimeError:  # no home directory
            return None
        folder = Path(base) / "docpipe"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
