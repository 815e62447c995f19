"""Text checks of the PDF reader: dot leaders of a table of contents, OCR debris, running heads
that OCR spelled differently on two pages."""

from __future__ import annotations

from collections import Counter

from pipeline.ingest.pdf_furniture import _fuzzy_repeats
from pipeline.ingest.pdf_layout import toc_tabs
from pipeline.ingest.pdf_ocr import garbled_share


def test_toc_leaders_become_tabs_and_other_dots_stay() -> None:
    assert toc_tabs("I. Introduction ........ 1−2 4") == "I. Introduction\t1−2\t4"
    assert toc_tabs("Annexes…… 12") == "Annexes\t12"
    assert toc_tabs("A. B. C. D. Lettres") == "A. B. C. D. Lettres"
    assert toc_tabs("Voir A/63/150. Page 3") == "Voir A/63/150. Page 3"


def test_garbled_words_are_counted_ordinals_and_clean_words_are_not() -> None:
    garbled = ["a&ninistrantes", "9g5e", "]'Article", "|", "11Assemblée"]
    clean = ["l'Assemblée", "générale", "1st", "2e", "A/63/150", "2012", "(a)", "l'Article"]
    assert garbled_share(garbled + clean) == len(garbled) / (len(garbled) + len(clean))
    assert garbled_share(clean) == 0.0
    assert garbled_share([]) == 0.0


def test_running_heads_read_differently_by_ocr_repeat() -> None:
    head = "reportofthesecretarygeneral"
    misread = "rep0rtofthesecretarygeneraI".lower().replace("0", "")
    lettered = {
        ("header", 2): [(1, head), (2, "unrelatedsectiontitle")],
        ("header", 3): [(3, misread)],
        ("header", 4): [(4, head)],
    }
    assert Counter(misread) != Counter(head)
    assert _fuzzy_repeats(lettered) == {1, 3, 4}
