"""Small hand-made documents for the corpus-view tests (no pipeline run needed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.emit import output_name, to_json
from pipeline.models import (
    DateMention,
    DocumentInfo,
    DocumentOutput,
    Footnote,
    Heading,
    Paragraph,
    ReferenceMention,
    Source,
    SymbolMention,
)


def _note_id(marker: str) -> str:
    part, _, local = marker.rpartition(".")
    return f"{part}.fn{local}" if part else f"fn{local}"


def make_doc(
    symbol: str | None,
    lang: str,
    paragraphs: Sequence[tuple[str, str]] = (),
    footnotes: Sequence[tuple[str, str, list[str]]] = (),
    headings: Sequence[tuple[int, str | None, str]] = (),
    symbols: Sequence[tuple[str, str]] = (),
    resolutions: Sequence[tuple[str, str]] = (),
    dates: Sequence[tuple[str, str]] = (),
    joint: Sequence[str] = (),
) -> DocumentOutput:
    """A document: paragraphs ``(id, text)``, footnotes ``(marker, text, cited_in)``, headings
    ``(level, label, title)``, and mentions ``(segment, value)`` (spans cover the whole text).
    A paragraph id may name its part (``annex1.p3``), and so may a footnote's marker
    (``annex1.2``: the note ``annex1.fn2``)."""
    texts: dict[str, str] = {pid: text for pid, text in paragraphs}
    texts.update({_note_id(marker): text for marker, text, _ in footnotes})

    def span(seg: str) -> tuple[tuple[int, int], str]:
        text = texts.get(seg, "")
        return (0, len(text)), text

    return DocumentOutput(
        source=Source(path=f"{symbol or 'x'}-{lang}.txt", sha256="0" * 64, format="text",
                      pages=None),
        document=DocumentInfo(
            symbol=symbol, symbols=[symbol, *joint] if symbol else [], language=lang,
            language_confidence=1.0, original_language=None, body=None, distribution=None,
            date=None, session=None, agenda_items=[], title=f"title {lang}",
        ),
        toc=[], front=[], blocks=[], tables=[], parts=[], furniture=[], entities=[],
        issues=[],
        headings=[Heading(id=f"h{i}", level=level, label=label, title=title)
                  for i, (level, label, title) in enumerate(headings, 1)],
        paragraphs=[
            Paragraph(id=pid, number=int(pid.rpartition(".")[2][1:].split("-")[0]),
                      section_path=[], text=text, pages=[],
                      footnote_refs=[_note_id(m) for m, _, cited in footnotes if pid in cited])
            for pid, text in paragraphs
        ],
        footnotes=[Footnote(id=_note_id(m), marker=m.rpartition(".")[2], text=text, page=None,
                            cited_in=cited)
                   for m, text, cited in footnotes],
        symbols=[SymbolMention(segment=seg, span=span(seg)[0], text=span(seg)[1], symbol=sym,
                               suffixes=[], series=sym.split("/")[0])
                 for seg, sym in symbols],
        references=[ReferenceMention(segment=seg, span=span(seg)[0], text=span(seg)[1],
                                     kind="resolution", targets=[], symbol=sym, number=None,
                                     pinpoint=None, via=None)
                    for seg, sym in resolutions],
        dates=[DateMention(segment=seg, span=span(seg)[0], text=span(seg)[1], value=value,
                           precision="day")
               for seg, value in dates],
    )


def write_doc(doc: DocumentOutput, out_dir: Path) -> Path:
    path = out_dir / output_name(doc)
    out_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(doc), encoding="utf-8")
    return path
