"""Spans of a statistical NER model, corrected where the model is known to be wrong on UN text.

The French model (fr_core_news_sm) tags ``États``, ``Centre``, ``Secrétaire général`` as LOC,
swallows footnote markers and brackets into names and takes section numbers for entities. The
words concerned are data (``model_corrections`` in ``pipeline/data/entities/<lang>.yaml``); the
rules that use them are here:

1. a span is cut before a footnote marker, a bracket, a slash or a line break, and trailing
   punctuation is dropped;
2. a leading enumerator (``I.``, ``A.``, ``12.``), title of a person (``Secrétaire général``)
   and linker (``du``, ``de l'``) are stripped from its start;
3. a span left without a capital letter, made only of generic capitalized words
   (``Centre régional``, ``États Membres``), of Roman numerals, or looking like a document symbol
   is dropped;
4. a LOC span whose first word heads an organization name (``Centre``, ``Bureau``) becomes ORG;
   a PER span that holds a lower-case word other than a name's particles (``Soulignant qu``),
   or is the one word opening the text (the verb of a resolution's paragraph), is dropped;
5. the model's labels are mapped to the output's (``model_labels``); unmapped labels are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.extract.entities.nlp import entity_config

_CUT = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u209f*()\[\]{}/<>\n\u2020\u2021]")
_TRAILING = " \t.,;:!?'’\"«»“”-–—0123456789"
_ENUMERATOR = re.compile(r"^(?:[IVXLC]+|[A-Z]|\d+)\s*[.)]\s+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ROMAN = re.compile(r"^[IVXLC\s\d]+$")


@dataclass(frozen=True, slots=True)
class ModelSpan:
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Corrections:
    generic_words: frozenset[str]
    titles: tuple[str, ...]
    linkers: tuple[str, ...]
    org_heads: frozenset[str]
    labels: dict[str, str]
    particles: frozenset[str]  # lower-case words a person's name may hold (``de``, ``van``)


def _strs(conf: dict[str, Any], key: str) -> list[str]:
    return [str(v) for v in conf.get(key) or []]


def _longest_first(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted(items, key=len, reverse=True))


def corrections(lang: str, model: str | None = None) -> Corrections:
    return _corrections(lang, model)


@cache
def _corrections(lang: str, model: str | None) -> Corrections:
    conf = entity_config(lang, model)
    fix = conf.get("model_corrections") or {}
    return Corrections(
        generic_words=frozenset(_strs(fix, "generic_words")),
        titles=_longest_first(_strs(fix, "titles")),
        linkers=_longest_first(_strs(fix, "linkers")),
        org_heads=frozenset(_strs(fix, "org_heads")),
        labels={str(k): str(v) for k, v in (conf.get("model_labels") or {}).items()},
        particles=frozenset(_strs(conf.get("persons") or {}, "particles")),
    )


def _strip_prefix(text: str, start: int, end: int, prefixes: Iterable[str]) -> int:
    """``start`` moved past one of ``prefixes`` (whole word) at the start of text[start:end]."""
    piece = text[start:end].replace("’", "'")
    for p in prefixes:
        if piece.startswith(p) and (p.endswith("'") or piece[len(p):len(p) + 1] in (" ", "")):
            rest = start + len(p)
            while rest < end and text[rest].isspace():
                rest += 1
            return rest
    return start


def _strip_trailing_linker(text: str, start: int, end: int, linkers: Iterable[str]) -> int:
    """``end`` moved before a dangling linker (``Direction exécutive du`` → ``… exécutive``)."""
    piece = text[start:end].replace("’", "'")
    for linker in linkers:
        bare = linker.rstrip("'")
        for tail in (" " + linker, " " + bare):
            if piece.endswith(tail) and len(piece) > len(tail):
                return (start + len(piece) - len(tail))
    return end


def correct_span(text: str, start: int, end: int, label: str, fix: Corrections) -> ModelSpan | None:
    """The corrected span, or None when it is not a name (rules in the module docstring)."""
    cut = _CUT.search(text, start, end)
    if cut:
        end = cut.start()
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    end = _strip_trailing_linker(text, start, end, fix.linkers)
    enum = _ENUMERATOR.match(text[start:end])
    if enum:
        start += enum.end()
    for _ in range(3):  # title, then linker, then an article: at most a few steps
        moved = _strip_prefix(text, start, end, fix.titles)
        moved = _strip_prefix(text, moved, end, fix.linkers)
        if moved == start:
            break
        start = moved
    piece = text[start:end]
    if (not any(c.isupper() for c in piece) or sum(map(str.isalpha, piece)) < 2
            or _ROMAN.match(piece)):
        return None
    capitalized = [w for w in _WORD.findall(piece) if w[0].isupper()]
    if all(w in fix.generic_words for w in capitalized):
        return None
    out_label = fix.labels.get(label)
    if out_label is None:
        return None
    if out_label == "LOC" and capitalized and capitalized[0] in fix.org_heads \
            and piece.startswith(capitalized[0]):
        out_label = "ORG"
    if out_label == "PER":
        words = _WORD.findall(piece)
        if any(w[0].islower() and w not in fix.particles for w in words):
            return None  # "Soulignant qu": a name holds no lower-case word but its particles
        if len(words) == 1 and _ENUMERATOR.sub("", text[:start]).strip() == "":
            return None  # "Réaffirme", "Prie": the verb that opens a resolution's paragraph
    return ModelSpan(start, end, out_label)


def model_spans(text: str, ents: Iterable[tuple[int, int, str]], lang: str,
                model: str | None = None) -> list[ModelSpan]:
    """Corrected model spans of one text, given the model's (start_char, end_char, label);
    ``model`` as in :func:`pipeline.extract.entities.nlp.entity_config`."""
    fix = corrections(lang, model)
    out: list[ModelSpan] = []
    for start, end, label in ents:
        span = correct_span(text, start, end, label, fix)
        if span is not None and span.end > span.start:
            out.append(span)
    return out
