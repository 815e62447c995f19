"""A document's identity before its masthead is read: file name convention and sidecar YAML.

UN Digital Library names files ``SYMBOL-LANG`` with ``_`` for ``/``: ``A_63_261-FR.txt`` is
A/63/261 in French. A sidecar ``FILE.meta.yaml`` (e.g. ``A_63_261-FR.txt.meta.yaml``) may give any
``document`` field; it wins over the file name and the masthead.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pipeline.errors import DocumentError
from pipeline.models import DocumentHints

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
_NAME = re.compile(r"^(?P<symbol>[A-Za-z][A-Za-z0-9_.()\-]*?)-(?P<lang>[A-Za-z]{2})$")
_SIDECAR_MAX_BYTES = 64 * 1024


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.yaml")


def sidecar_file(path: Path) -> Path | None:
    """The sidecar of ``path`` when there is one (a regular file); None otherwise, also when
    the sidecar's name would be longer than the file system allows (no such file can exist)."""
    side = sidecar_path(path)
    try:
        return side if side.is_file() else None
    except OSError:  # ENAMETOOLONG: an input name within a few bytes of the limit
        return None


def hints_from_name(path: Path) -> DocumentHints:
    """``A_63_261-FR.txt`` → symbol ``A/63/261``, language ``fr``; unknown names give nothing."""
    m = _NAME.match(path.stem)
    if not m or m.group("lang").lower() not in LANGS:
        return DocumentHints()
    symbol = m.group("symbol").replace("_", "/")
    return DocumentHints(symbol=symbol, language=m.group("lang").lower())


def read_sidecar(path: Path) -> dict[str, object]:
    """The ``document`` mapping of the sidecar (or its top level), ``{}`` when there is none.

    Raises DocumentError(``bad-sidecar``) for a sidecar that is not safe, small, valid YAML.
    """
    side = sidecar_file(path)
    if side is None:
        return {}
    raw = side.read_bytes()
    if len(raw) > _SIDECAR_MAX_BYTES:
        raise DocumentError("bad-sidecar", f"{side.name} is larger than {_SIDECAR_MAX_BYTES} bytes")
    # YAML anchors and aliases have no use in a metadata sidecar; refusing them defeats alias
    # bombs before the parser expands anything.
    if re.search(rb"(^|\s)&[\w-]+", raw) and re.search(rb"(^|\s)\*[\w-]+", raw):
        raise DocumentError("bad-sidecar", f"{side.name} uses YAML anchors/aliases")
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DocumentError("bad-sidecar", f"{side.name}: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocumentError("bad-sidecar", f"{side.name} is not a mapping")
    doc = data.get("document", data)
    if not isinstance(doc, dict):
        raise DocumentError("bad-sidecar", f"{side.name}: `document` is not a mapping")
    return {str(k): v for k, v in doc.items()}


def document_hints(path: Path) -> DocumentHints:
    """Identity hints of ``path``: the file name, overridden by the sidecar where it says more."""
    hints = hints_from_name(path)
    side = read_sidecar(path)
    symbol = side.get("symbol")
    language = side.get("language")
    return DocumentHints(
        symbol=str(symbol) if symbol else hints.symbol,
        language=str(language).lower() if language else hints.language,
        sidecar=side,
    )
