"""A segment's text as HTML, with marked stretches (mentions, note calls) as nested elements.

In: a text and its marks: ``[start, end)`` code-point spans, each with a tag, classes and
attributes. Out: escaped HTML (:class:`markupsafe.Markup`). Holds: the text comes out whole and
in order (removing the tags gives it back); marks nest, outer (earlier, longer) outside; a mark
that crosses another is cut in two elements, both with the mark's attributes (so a reader counts
marks by their ``data-m``, not by elements); a link never opens inside another link (it is then a
``span`` keeping its ``data-href``); an empty or out-of-range span is not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    tag: str = "span"
    classes: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = field(default=())


def _open(mark: Mark, inside_link: bool) -> tuple[str, str]:
    tag = mark.tag
    attrs = list(mark.attrs)
    if tag == "a" and inside_link:
        tag = "span"
        attrs = [("data-href", v) if k == "href" else (k, v) for k, v in attrs]
    parts = [tag]
    if mark.classes:
        parts.append(f'class="{escape(" ".join(mark.classes))}"')
    parts += [f'{k}="{escape(v)}"' for k, v in attrs]
    return f"<{' '.join(parts)}>", tag


def marked_html(text: str, marks: list[Mark]) -> Markup:
    """``text`` with ``marks`` drawn as nested elements (see the module docstring)."""
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    if not usable:
        return Markup(escape(text))
    order = {id(m): (m.start, -m.end, i) for i, m in enumerate(usable)}
    cuts = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    out: list[str] = []
    stack: list[tuple[Mark, str]] = []  # open marks and the tag each was opened with
    for a, b in pairwise(cuts):
        active = sorted((m for m in usable if m.start <= a and b <= m.end),
                        key=lambda m: order[id(m)])
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep][0] is active[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(f"</{stack.pop()[1]}>")
        for mark in active[keep:]:
            opened, tag = _open(mark, any(t == "a" for _, t in stack))
            out.append(opened)
            stack.append((mark, tag))
        out.append(str(escape(text[a:b])))
    while stack:
        out.append(f"</{stack.pop()[1]}>")
    return Markup("".join(out))
