"""Identity of documents of the wider corpus: titles, dates and organs read from the page (or,
where nothing is printed, from the job number or the symbol, said so), by kind of document."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.models import DocumentOutput
from pipeline.process import process_file

WIDE = Path(__file__).resolve().parents[1] / "tests" / "data" / "wide"


@cache
def out(name: str) -> DocumentOutput:
    return process_file(WIDE / name).output


def test_list_of_documents_title_is_not_its_table() -> None:
    # E/ESCWA/30/INF.2, page 1: `List of documents` (15 pt) over the table `Title Item Symbol`
    doc = out("E_ESCWA_30_INF.2-EN.pdf")
    assert doc.document.title == "List of documents"
    assert doc.document.date == "2018-05-28"
    assert doc.document.session == 30


def test_ocr_masthead_date() -> None:
    # A/45/189, page 1: `2 Aprii 1990` in the OCR layer for `2 April 1990`
    assert out("A_45_189-EN.pdf").document.date == "1990-04-02"


def test_verbatim_record_date_with_weekday_and_hour() -> None:
    # S/PV.10011, page 1: `Monday, 6 October 2025, 10 a.m.`
    doc = out("S_PV.10011-EN.pdf")
    assert doc.document.date == "2025-10-06"
    assert doc.document.title != "Agenda"  # the label over the agenda is no title


def test_petition_scan_organ_and_date() -> None:
    # T/Pet.11/142, a 1951 Trusteeship Council petition with a garbage text layer: read by OCR,
    # its masthead prints `2 November 1951` under the symbol (page 1, checked on the page image)
    doc = out("T_Pet.11_142-EN.pdf")
    assert doc.document.body == "Trusteeship Council"
    assert doc.document.date == "1951-11-02"
    assert not [i for i in doc.issues if i.code == "date-inferred"]


def test_bulletin_organ_from_its_cover() -> None:
    # Social Development Bulletin (English), cover: `Economic and Social Commission for Western
    # Asia`, the title in 20 pt; no date printed (the symbol's year, said so)
    doc = out("E_ESCWA_SDD_2017_TECHNICAL_PAPER.8-EN.pdf")
    assert doc.document.body == "Economic and Social Commission for Western Asia"
    assert doc.document.title is not None
    assert "International Human Rights Law and the 2030 Agenda" in doc.document.title
    assert doc.document.date == "2017"


def test_masthead_crossed_by_letters_stacked_down_the_margin() -> None:
    # E/ESCWA/2017/EC.4/4(Part I) (English), page 1: `UNITED NATIONS` printed letter under
    # letter (U, NI, TE, D, N, A, TI, O, NS) down the right margin crosses `Distr. LIMITED` and
    # `1 November 2017` (checked on the page): they are read without the letters
    doc = out("E_ESCWA_2017_EC.4_4(PART_I)-EN.pdf")
    assert doc.document.distribution == "limited"
    assert doc.document.date == "2017-11-01"
    stacked = [i.message for i in doc.issues if i.code == "stacked-text-dropped"]
    assert stacked and "'UNITEDNATIONS' (page 1)" in stacked[0]
    assert not any(b.text in ("NI", "TE", "TI", "NS") for b in doc.front)


def test_scanned_masthead_with_distribution_over_two_lines() -> None:
    # A/40/281 (a scan's OCR layer), page 1 (checked on the page image): `Distr.` over
    # `GENERAL`, and `ORIGINAL:  ENGLISH` whose wide space the OCR layer reads as two blocks
    doc = out("A_40_281-EN.pdf")
    assert doc.document.original_language == "en"
    assert doc.document.distribution == "general"
