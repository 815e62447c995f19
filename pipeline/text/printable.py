"""Text that can always be written as UTF-8 JSON, however a file was named.

A file name that is not valid UTF-8 reaches Python as a string with lone surrogates
(``surrogateescape``: byte ``0xE9`` becomes U+DCE9), which JSON writers refuse
(``surrogates not allowed``). :func:`printable` shows such characters as escapes: a byte of an
undecodable name as ``\\xe9``, any other lone surrogate as ``\\udXXX``. Valid text is returned
unchanged, and the mapping is deterministic, so a printable path can serve as a key.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every lone surrogate written as an escape (see the module docstring)."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(_escape, text)


def printable_path(path: Path | str) -> str:
    """A path as printable text (:func:`printable` of ``os.fspath``)."""
    return printable(os.fspath(path))
