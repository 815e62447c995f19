"""Alignment and cross-checks of two language versions, on small hand-made documents."""

from __future__ import annotations

from typing import Any

from pipeline.corpus.align import align_footnotes, align_headings, align_paragraphs
from pipeline.corpus.crosscheck import cross_check
from pipeline.corpus.digest import DocumentDigest, digest
from pipeline.corpus.models import AlignmentGap
from tests.corpus_docs import make_doc


def doc(symbol: str, lang: str, **parts: Any) -> DocumentDigest:
    return digest(make_doc(symbol, lang, **parts), f"{symbol}.{lang}.json")


def test_paragraphs_pair_by_number_not_by_position() -> None:
    en = doc("A/1", "en", paragraphs=[("p1", "a"), ("p2", "b"), ("p3", "c"), ("p4", "d")])
    # the French version lacks paragraph 2: position would pair p3 with p2
    fr = doc("A/1", "fr", paragraphs=[("p1", "a"), ("p3", "c"), ("p4", "d")])
    got = align_paragraphs(en, fr)
    assert got.pairs == [("p1", "p1"), ("p3", "p3"), ("p4", "p4")]
    assert got.only_left == ["p2"]
    assert got.only_right == []
    assert got.gaps == []  # missing in one version: nothing on the other side to confront


def test_a_paragraph_numbered_differently_is_a_gap_between_the_same_neighbours() -> None:
    en = doc("A/1", "en", paragraphs=[("p1", "a"), ("p2", "b"), ("p3", "c")])
    fr = doc("A/1", "fr", paragraphs=[("p1", "a"), ("p7", "b"), ("p3", "c")])
    got = align_paragraphs(en, fr)
    assert got.pairs == [("p1", "p1"), ("p3", "p3")]
    assert got.only_left == ["p2"] and got.only_right == ["p7"]
    assert got.gaps == [
        AlignmentGap(after=("p1", "p1"), before=("p3", "p3"), left=["p2"], right=["p7"])
    ]


def test_repeated_numbers_pair_occurrence_by_occurrence() -> None:
    en = doc("A/1", "en", paragraphs=[("p1", "a"), ("p2", "b"), ("p1-2", "c")])
    fr = doc("A/1", "fr", paragraphs=[("p1", "a"), ("p2", "b")])
    got = align_paragraphs(en, fr)
    assert got.pairs == [("p1", "p1"), ("p2", "p2")]
    assert got.only_left == ["p1-2"]


def test_paragraphs_and_notes_pair_within_their_part() -> None:
    # a report and its annex, both numbered from 1; the French version lacks the annex's 2
    en = doc("E/1", "en", paragraphs=[("p1", "a"), ("p2", "b"), ("annex1.p1", "c"),
                                      ("annex1.p2", "d")],
             footnotes=[("1", "E/2.", ["p1"]), ("annex1.1", "E/3.", ["annex1.p1"])])
    fr = doc("E/1", "fr", paragraphs=[("p1", "a"), ("p2", "b"), ("annex1.p1", "c")],
             footnotes=[("1", "E/2.", ["p1"]), ("annex1.1", "E/3.", ["annex1.p1"])])
    got = align_paragraphs(en, fr)
    assert got.pairs == [("p1", "p1"), ("p2", "p2"), ("annex1.p1", "annex1.p1")]
    assert got.only_left == ["annex1.p2"] and got.only_right == [] and got.gaps == []
    notes = align_footnotes(en, fr)
    assert notes.pairs == [("fn1", "fn1"), ("annex1.fn1", "annex1.fn1")]
    assert cross_check(en, fr, got, notes) == []  # annex1.p1 calls annex1.fn1 in both


def test_footnotes_pair_by_marker_and_a_missing_one_is_listed() -> None:
    en = doc("A/1", "en", paragraphs=[("p1", "x")],
                  footnotes=[("1", "A/2.", ["p1"]), ("2", "A/3.", ["p1"]), ("*", "n", [])])
    es = doc("A/1", "es", paragraphs=[("p1", "x")],
                  footnotes=[("*", "n", []), ("1", "A/2.", ["p1"])])
    got = align_footnotes(en, es)
    assert sorted(got.pairs) == [("fn*", "fn*"), ("fn1", "fn1")]
    assert got.only_left == ["fn2"] and got.only_right == []


def test_headings_align_by_level_and_label_skipping_an_extra_heading() -> None:
    en = doc("A/1", "en", headings=[
        (1, None, "Contents"), (1, "I", "Introduction"), (2, "A", "Scope"), (1, "II", "Work"),
    ])
    fr = doc("A/1", "fr", headings=[
        (1, "I", "Introduction"), (2, "A", "Portée"), (1, "II", "Travaux"),
    ])
    got = align_headings(en, fr)
    assert got.pairs == [("h2", "h1"), ("h3", "h2"), ("h4", "h3")]
    assert got.only_left == ["h1"] and got.by_order == []


def test_headings_with_other_labels_pair_by_order_only_when_levels_agree() -> None:
    en = doc("E/1", "en", headings=[(1, "I", "A"), (1, "II", "B"), (2, "A", "C")])
    ar = doc("E/1", "ar", headings=[(1, "أولا", "a"), (1, "ثانيا", "b"), (1, "ثالثا", "c")])
    got = align_headings(en, ar)
    # same count, but the third heading is a section in one and a chapter in the other
    assert got.pairs == []
    assert got.gaps[0].left == ["h1", "h2", "h3"]
    ar2 = doc("E/1", "ar", headings=[(1, "أولا", "a"), (1, "ثانيا", "b"), (2, "ألف", "c")])
    got2 = align_headings(en, ar2)
    assert got2.pairs == [("h1", "h1"), ("h2", "h2"), ("h3", "h3")]
    assert got2.by_order == got2.pairs
    assert got2.gaps == []


def test_cross_check_lists_each_difference_of_aligned_segments() -> None:
    en = doc(
        "A/1", "en",
        paragraphs=[("p1", "one"), ("p2", "two"), ("p3", "three")],
        footnotes=[("1", "See S/2007/1.", ["p2"])],
        symbols=[("p1", "A/60/88"), ("fn1", "S/2007/1")],
        resolutions=[("p2", "A/RES/62/47")],
        dates=[("p3", "2008-08-11")],
    )
    fr = doc(
        "A/1", "fr",
        paragraphs=[("p1", "un"), ("p2", "deux"), ("p3", "trois")],
        footnotes=[("1", "Voir S/2007/1.", ["p2", "p3"])],
        symbols=[("p1", "A/60/88"), ("fn1", "S/2007/2")],
        resolutions=[("p2", "A/RES/62/47")],
        dates=[("p3", "2008-08")],
    )
    paragraphs, footnotes = align_paragraphs(en, fr), align_footnotes(en, fr)
    found = {(d.left, d.check): (d.only_left, d.only_right)
             for d in cross_check(en, fr, paragraphs, footnotes)}
    assert found == {
        ("p3", "dates"): (["2008-08-11"], ["2008-08"]),
        ("p3", "footnotes"): ([], ["fn1"]),
        ("fn1", "symbols"): (["S/2007/1"], ["S/2007/2"]),
    }


def test_unaligned_segments_are_not_cross_checked() -> None:
    en = doc("A/1", "en", paragraphs=[("p1", "x"), ("p2", "y")], dates=[("p2", "2001")])
    fr = doc("A/1", "fr", paragraphs=[("p1", "x")])
    assert cross_check(en, fr, align_paragraphs(en, fr), align_footnotes(en, fr)) == []
