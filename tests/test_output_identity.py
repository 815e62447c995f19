"""What downstream programs key on: ``doc_id``, each segment's ``reading_order``, and the typed
``start``/``end`` of date mentions (issue 19)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.document_lists import segment_lists
from pipeline.extract import extract_text
from pipeline.extract.dates.values import bounds
from pipeline.models import DocumentOutput, doc_id_of
from tests.golden import GOLDEN
from tests.test_batch_run import fake_output

GOLDEN_DOCS = sorted(p for p in GOLDEN.glob("*/*.json")
                     if not p.read_text(encoding="utf-8").startswith('{\n  "error"'))


def test_doc_id_is_symbol_and_language_or_the_file_hash() -> None:
    assert doc_id_of("A/63/261", "fr", "ab" * 32) == "A/63/261:fr"
    assert doc_id_of("S/RES/2803 (2025)", None, "ab" * 32) == "S/RES/2803 (2025):und"
    assert doc_id_of(None, "en", "ab" * 32) == "sha256:" + "ab" * 32


def test_doc_id_is_filled_when_a_model_is_built_without_it() -> None:
    out = fake_output(Path("x.txt"), "A/63/261", "fr")
    assert out.doc_id == "A/63/261:fr"
    again = DocumentOutput.model_validate_json(out.model_dump_json())
    assert again.doc_id == "A/63/261:fr"


@pytest.mark.parametrize("path", GOLDEN_DOCS, ids=lambda p: p.name)
def test_golden_reading_order_is_one_sequence(path: Path) -> None:
    out = DocumentOutput.model_validate_json(path.read_bytes())
    segments = [seg for _, items in segment_lists(out) for seg in items]
    orders = sorted(seg.reading_order for seg in segments)
    assert orders == list(range(1, len(segments) + 1))
    by_order = sorted(segments, key=lambda seg: seg.reading_order)
    kinds = [type(seg).__name__ for seg in by_order]
    # front matter first, notes last; within each list the list's own order
    assert kinds == sorted(kinds, key=lambda k: {"FrontBlock": 0, "Footnote": 2}.get(k, 1))
    for _, items in segment_lists(out):
        assert [s.reading_order for s in items] == sorted(
            s.reading_order for s in items)


def test_reading_order_interleaves_headings_and_paragraphs() -> None:
    # S/PRST/2007/24 (tests/data/corpus): masthead, then the statement's paragraphs; A/63/261:
    # heading "I. Introduction" (h1) comes before paragraph 1, paragraph 3 before heading II.
    out = DocumentOutput.model_validate_json(
        (GOLDEN / "corpus" / "A_63_261-FR.txt.json").read_bytes())
    order = {s.id: s.reading_order for _, items in segment_lists(out) for s in items}
    assert order["front1"] == 1
    assert order["h1"] < order["p1"] < order["p2"] < order["h2"]
    assert max(order.values()) == order[out.footnotes[-1].id]


@pytest.mark.parametrize(("value", "start", "end"), [
    ("2008", "2008-01-01", "2008-12-31"),
    ("2008-02", "2008-02-01", "2008-02-29"),
    ("2008-07-14", "2008-07-14", "2008-07-14"),
    ("2007-07/2008-07", "2007-07-01", "2008-07-31"),
    ("2008-07-14/2008-07-18", "2008-07-14", "2008-07-18"),
    ("--07-10", None, None),
    ("--07", None, None),
    (None, None, None),
])
def test_date_bounds(value: str | None, start: str | None, end: str | None) -> None:
    expect = (dt.date.fromisoformat(start) if start else None,
              dt.date.fromisoformat(end) if end else None)
    assert bounds(value) == expect


def test_date_mentions_carry_start_and_end() -> None:
    found = extract_text("Il porte sur la période allant de juillet 2007 à juillet 2008.", "fr")
    assert [(d.value, d.start, d.end) for d in found.dates] == [
        ("2007-07/2008-07", dt.date(2007, 7, 1), dt.date(2008, 7, 31))]
    assert found.dates[0].model_dump(mode="json")["start"] == "2007-07-01"


@pytest.mark.parametrize("path", GOLDEN_DOCS, ids=lambda p: p.name)
def test_golden_dates_have_bounds_exactly_when_the_year_is_known(path: Path) -> None:
    out = DocumentOutput.model_validate_json(path.read_bytes())
    for d in out.dates:
        assert (d.start is None) == (d.value is None or d.value.startswith("--")), d
        assert (d.end is None) == (d.start is None)
        if d.start and d.end:
            assert d.start <= d.end
