"""Huge regular expressions compiled once per machine instead of once per process.

Why: importing spaCy's French language data (``spacy/lang/fr/tokenizer_exceptions.py``) builds a
1.4-million-character case-insensitive ``token_match`` pattern, and Python's ``re`` spends about
2.3 s compiling it (its character-class optimiser is pure Python), in every process that loads
the French model: most of a worker's start-up. The compiled form is a list of integers (the SRE
code) that ``re`` computes from the pattern alone, so it can be kept on disk.

How: :func:`reusing_compiled_patterns` wraps the loading of a model. Inside it, every pattern at
least :data:`MIN_LENGTH` characters long that ``re`` compiles is recorded (pattern, flags, code,
groups); on leaving, new records are saved in the user cache (:mod:`pipeline.user_cache`), in a
file named for the Python version and the cache's name. On entering, saved records are handed to
``_sre.compile`` and put in ``re``'s own pattern cache, so that the library's ``re.compile`` of
the same pattern is a lookup.
Holds: the pattern objects are equal (same pattern, flags and code: ``Pattern.__eq__`` compares
them) to what ``re.compile`` returns; ``_sre`` validates the code it is given. This relies on
CPython's private ``re._compiler``/``re._parser``/``re._cache``: when they are not as expected
(another Python), when the cache is off or its file unreadable or invalid, patterns are compiled
the normal way. Nothing here changes what any pattern matches.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.user_cache import cache_dir

MIN_LENGTH = 100_000  # characters: shorter patterns compile fast enough
_FORMAT = 1
_log = logging.getLogger(__name__)
_lock = threading.RLock()

try:  # CPython's regex compiler internals (3.11+)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _RE_CACHE: dict[Any, Any] | None = re._cache  # type: ignore[attr-defined]
    _SUPPORTED = isinstance(_RE_CACHE, dict) and hasattr(_compiler, "_code")
except (ImportError, AttributeError):  # pragma: no cover - another Python implementation
    _RE_CACHE, _SUPPORTED = None, False


def _cache_file(name: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    version = f"{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}"
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return folder / f"patterns-{safe}-{version}.json"


def _digest(pattern: str, flags: int, code: list[int]) -> str:
    """A checksum of a record: a damaged file is detected, never used."""
    text = f"{flags}:{pattern}:{code}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _compile_recorded(pattern: str, flags: int) -> tuple[re.Pattern[str], dict[str, Any]]:
    """What ``re._compiler.compile`` does, keeping the code for the record."""
    parsed = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(parsed, flags)]  # opcodes are named int constants
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for key, index in groupindex.items():
        indexgroup[index] = key
    record = {"pattern": pattern, "flags": flags, "state_flags": parsed.state.flags,
              "code": code, "groups": parsed.state.groups, "groupindex": groupindex,
              "digest": _digest(pattern, flags, code)}
    return _from_record(record), record


def _from_record(record: dict[str, Any]) -> re.Pattern[str]:
    groupindex = {str(k): int(v) for k, v in record["groupindex"].items()}
    indexgroup: list[str | None] = [None] * int(record["groups"])
    for key, index in groupindex.items():
        indexgroup[index] = key
    pattern: re.Pattern[str] = _sre.compile(
        record["pattern"], int(record["flags"]) | int(record["state_flags"]),
        [int(c) for c in record["code"]], int(record["groups"]) - 1, groupindex,
        tuple(indexgroup))
    return pattern


def _load(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return []
    records = data.get("patterns")
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []


def _seed(records: list[dict[str, Any]]) -> int:
    """Put the recorded patterns in ``re``'s cache; returns how many were valid."""
    assert _RE_CACHE is not None
    seeded = 0
    for record in records:
        try:
            if record["digest"] != _digest(record["pattern"], int(record["flags"]),
                                           record["code"]):
                continue
            compiled = _from_record(record)
        except (KeyError, TypeError, ValueError, RuntimeError) as exc:  # invalid SRE code
            _log.debug("ignoring a cached pattern: %s", exc)
            continue
        _RE_CACHE[str, record["pattern"], int(record["flags"])] = compiled
        seeded += 1
    return seeded


def _save(path: Path, records: list[dict[str, Any]]) -> None:
    from pipeline.emit import write_atomic

    try:
        write_atomic(path, json.dumps({"format": _FORMAT, "patterns": records}))
    except OSError as exc:
        _log.debug("cannot save compiled patterns to %s: %s", path, exc)


@contextlib.contextmanager
def reusing_compiled_patterns(name: str) -> Iterator[None]:
    """Within the block, patterns of at least :data:`MIN_LENGTH` characters compiled by ``re``
    come from (and go to) the cache file ``name`` (see the module docstring)."""
    path = _cache_file(name) if _SUPPORTED else None
    if path is None:
        yield
        return
    with _lock:
        known = _load(path)
        _seed(known)
        recorded: list[dict[str, Any]] = []
        original = _compiler.compile

        def compile_and_record(p: Any, flags: int = 0) -> Any:
            if isinstance(p, str) and len(p) >= MIN_LENGTH:
                compiled, record = _compile_recorded(p, flags)
                recorded.append(record)
                return compiled
            return original(p, flags)

        _compiler.compile = compile_and_record
        try:
            yield
        finally:
            _compiler.compile = original
        if recorded:
            digests = {r["digest"] for r in recorded}
            kept = [r for r in known if r.get("digest") not in digests]
            _save(path, kept + recorded)
