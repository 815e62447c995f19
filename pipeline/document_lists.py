"""The lists of an output document, found by walking the model: its segment lists (``front``,
``headings``, ``paragraphs``, ``blocks``, ``footnotes``, and any list the segmenter adds whose items
carry a ``reading_order``) and its mention lists (every list of :class:`~pipeline.models.Mention`).

In: a document model (:class:`~pipeline.models.DocumentOutput` or the segment stage's
:class:`~pipeline.models.SegmentedDocument`). Out: ``(name, items)`` pairs in the model's field
order. Holds: readers of the output (export, review page, reading order) walk the lists here
instead of naming them, so a new list of segments or mentions reaches them without a change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args

from pydantic import BaseModel

from pipeline.models import Mention


def singular(list_name: str) -> str:
    """``paragraphs`` → ``paragraph``, ``entities`` → ``entity``, ``front`` → ``front``."""
    if list_name.endswith("ies"):
        return list_name[:-3] + "y"
    return list_name[:-1] if list_name.endswith("s") else list_name


def _item_type(model: type[BaseModel], name: str) -> type | None:
    args = get_args(model.model_fields[name].annotation)
    return args[0] if len(args) == 1 and isinstance(args[0], type) else None


def segment_lists(doc: BaseModel) -> Iterator[tuple[str, list[Any]]]:
    """``(field name, list)`` of each segment list of ``doc``, in the model's field order."""
    model = type(doc)
    for name in model.model_fields:
        item = _item_type(model, name)
        if (item is not None and issubclass(item, BaseModel)
                and "reading_order" in item.model_fields):
            yield name, getattr(doc, name)


def mention_lists(doc: BaseModel) -> Iterator[tuple[str, list[Any]]]:
    """``(field name, list)`` of each list of mentions of ``doc``, in the model's field order."""
    model = type(doc)
    for name in model.model_fields:
        item = _item_type(model, name)
        if item is not None and issubclass(item, Mention):
            yield name, getattr(doc, name)


def segment_text(seg: Any) -> str:
    """The text a segment's mention spans point into: ``text``, a heading's ``title``; a table's
    cells (tab-separated, one line per row) when it has no text."""
    for name in ("text", "title"):
        value = getattr(seg, name, None)
        if isinstance(value, str):
            return value
    rows = getattr(seg, "rows", None)
    if isinstance(rows, list):
        return "\n".join("\t".join(str(c) for c in row) for row in rows if isinstance(row, list))
    return ""
