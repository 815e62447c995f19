"""Structure-health checks (pipeline.check): each check on small documents made for it, the
part-aware numbering, ``docpipe check OUT``, and the checks' table in the run summary and report."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.check import CHECKS, check_document, check_results, is_parliamentary, with_checks
from pipeline.check.table import markdown_table, rows_from_folder, rows_from_summary, totals
from pipeline.cli import main
from pipeline.models import (
    DateMention,
    DocumentInfo,
    DocumentOutput,
    FrontBlock,
    Heading,
    Issue,
    Paragraph,
    RunRecord,
    Source,
)
from pipeline.runs.outcome import outcome
from pipeline.runs.report import summary_markdown
from pipeline.runs.summary import summarize
from tests.corpus_docs import make_doc, write_doc

PROSE = "The Commission took note of the report and its recommendations."


def sound(**changes: object) -> DocumentOutput:
    """A document that passes every check; ``changes`` replaces some of its fields."""
    doc = DocumentOutput(
        source=Source(path="E_X_1-EN.pdf", sha256="0" * 64, format="pdf", pages=2),
        document=DocumentInfo(
            symbol="E/X/1", symbols=["E/X/1"], language="en", language_confidence=1.0,
            original_language="en", body="Economic and Social Council", distribution="limited",
            date="2018-05-15", session=None, agenda_items=[], title="Report of the meeting"),
        toc=[], tables=[], front=[FrontBlock(id="front1", kind="symbol", text="E/X/1")],
        headings=[Heading(id="h1", level=1, label="I", title="Introduction"),
                  Heading(id="h2", level=1, label="II", title="Discussion")],
        paragraphs=[Paragraph(id=f"p{n}", number=n, section_path=[], text=PROSE, pages=[1],
                              footnote_refs=[]) for n in (1, 2, 3)],
        blocks=[], footnotes=[], parts=[], furniture=[], symbols=[], references=[], dates=[],
        entities=[], issues=[])
    return doc.model_copy(update=changes)


def failed(doc: DocumentOutput) -> list[str]:
    return [name for name, ok in check_results(check_document(doc)).items() if not ok]


def para(pid: str, number: int, text: str = PROSE) -> Paragraph:
    # constructed without validation: part ids (`annex1.p3`, the output contract's) may come
    # before this version's id pattern admits them
    return Paragraph.model_construct(id=pid, number=number, section_path=[], text=text,
                                     pages=[1], footnote_refs=[])


def test_a_sound_document_passes_every_check() -> None:
    assert check_document(sound()) == []
    assert check_results([]) == dict.fromkeys(CHECKS, True)


def test_numbering_gap_repeat_and_bare_number() -> None:
    gap = sound(paragraphs=[para("p1", 1), para("p3", 3)])
    assert failed(gap) == ["numbering"]
    repeat = sound(paragraphs=[para("p1", 1), para("p2", 2), para("p2-2", 2)])
    assert failed(repeat) == ["numbering"]
    # E/ESCWA/2017/EC.4/L.2 (English), programme: `9.30–10 a.m.` read as paragraph 9
    bare = sound(paragraphs=[para("p1", 1), para("p2", 2, "30-10 a.m.")])
    issues = check_document(bare)
    assert [i.code for i in issues] == ["check-numbering"]
    assert "bare number" in issues[0].message and issues[0].segment == "p2"


def test_numbering_is_judged_per_part() -> None:
    # an annex whose paragraphs restart at 1 (ids `annex1.p1`, …): two sound sequences
    parts = sound(paragraphs=[para("p1", 1), para("p2", 2), para("annex1.p1", 1),
                              para("annex1.p2", 2), para("res2.p1", 1)])
    assert failed(parts) == []
    broken = sound(paragraphs=[para("p1", 1), para("annex1.p1", 1), para("annex1.p3", 3)])
    issues = check_document(broken)
    assert "in annex1" in issues[0].message


def test_notes_cited_and_calls_linked() -> None:
    doc = make_doc("E/X/1", "en", paragraphs=[("p1", "A fact¹ and another²."), ("p2", PROSE)],
                   footnotes=[("1", "A source.", ["p1"]), ("3", "Nobody cites me.", [])])
    issues = {i.code: i.message for i in check_document(doc)}
    assert "note fn3 is cited nowhere" in issues["check-notes"]
    assert "call 2 in p1 reaches no note" in issues["check-notes"]


def test_identity_and_dates() -> None:
    # E/ESCWA/30/INF.2 (English) on main: its title was a rule of dashes
    doc = sound(document=sound().document.model_copy(update={"title": "-----", "body": None}))
    assert "identity" in failed(doc)
    undated = sound(document=sound().document.model_copy(update={"date": None}))
    assert failed(undated) == ["dates"]
    # a masthead dates its document to the day; a publication may give its year
    year = sound(document=sound().document.model_copy(update={"date": "2017"}))
    assert failed(year) == ["dates"]
    publication = year.model_copy(update={
        "document": year.document.model_copy(update={"distribution": None}), "front": []})
    assert not is_parliamentary(publication) and failed(publication) == []
    # E/ESCWA/C.1/19/4(Part I)/Add.5 (Arabic, a 1997 scan), page 1: its masthead's `Distr.`
    # line reads `Distr. 3’ > 8 ao 1 32` in the text layer: a masthead still, its value unread
    scanned = publication.model_copy(update={"front": [
        FrontBlock(id="front1", kind="title", text="Distr. 3’ > 8 ao 1 32", pages=[1])]})
    assert is_parliamentary(scanned) and failed(scanned) == ["dates"]
    # E/ESCWA/30/6 (Arabic) on main: `8102` for 2018
    reversed_year = sound(dates=[DateMention(segment="p1", span=(0, 4), text="8102",
                                             value="8102", precision="year")])
    assert failed(reversed_year) == ["dates"]


def test_text_layer() -> None:
    visual = sound(paragraphs=[para("p1", 1, "اللجنة االقتصادية واالجتماعية لغربي آسيا "
                                            ")اإلسكوا( في األمم المتحدة )اإلسكوا( )اإلسكوا(")])
    issues = check_document(visual)
    assert [i.code for i in issues] == ["check-text-layer"]
    assert "lam-alef" in issues[0].message and "brackets" in issues[0].message
    unreadable = sound(paragraphs=[para("p1", 1, "The caf\ufffd is open."), para("p2", 2),
                                   para("p3", 3)])
    assert failed(unreadable) == ["text-layer"]
    words = ["the", "report", "of", "commission", "notes"] * 60
    run_together = " ".join(words[:200] + ["theeconomicandsocialcommissionforwesternasia"] * 3)
    assert failed(sound(paragraphs=[para("p1", 1, run_together), para("p2", 2),
                                    para("p3", 3)])) == ["text-layer"]
    spaced = " ".join(list("Summaryofthereport") * 30)
    assert failed(sound(paragraphs=[para("p1", 1, spaced), para("p2", 2),
                                    para("p3", 3)])) == ["text-layer"]


def test_headings() -> None:
    # E/ESCWA/EDID/2017/IG.1/5 (English) on main: the contents' `II …` read as a heading first
    out_of_order = sound(headings=[Heading(id="h1", level=1, label="II", title="Transport"),
                                   Heading(id="h2", level=1, label="I", title="Introduction")])
    assert failed(out_of_order) == ["headings"]
    # E/ESCWA/SDPD/2017/CP.10 on main: chart values read as headings
    values = sound(headings=[Heading(id="h1", level=2, label=None, title="5 489,931")])
    assert failed(values) == ["headings"]
    arabic = sound(document=sound().document.model_copy(update={"language": "ar"}),
                   headings=[Heading(id="h1", level=1, label="أولا", title="مقدمة"),
                             Heading(id="h2", level=2, label="ألف", title="الولاية"),
                             Heading(id="h3", level=2, label="باء", title="الأنشطة"),
                             Heading(id="h4", level=1, label="ثانيا", title="التوصيات")])
    assert failed(arabic) == []


def test_with_checks_replaces_earlier_check_issues() -> None:
    stale = sound(issues=[Issue(code="check-notes", message="old"),
                          Issue(code="ocr-noise", message="kept")])
    assert [i.code for i in with_checks(stale).issues] == ["ocr-noise"]


def test_docpipe_check_table_and_exit_status(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    write_doc(with_checks(sound()), out)
    assert main(["check", str(out)]) == 0
    assert "1/1 (100 %) documents pass every check" in capsys.readouterr().out.replace("\n", " ")
    write_doc(sound(document=sound().document.model_copy(update={"symbol": "E/X/2",
                                                                 "date": None})), out)
    (out / "_index.json").write_text("{}", encoding="utf-8")  # a corpus view: not a document
    assert main(["check", str(out), "--details"]) == 1
    printed = capsys.readouterr().out
    assert "check-dates" in printed and "E_X_2.en.json" in printed
    rows, unreadable = rows_from_folder(out)
    assert len(rows) == 2 and unreadable == []
    assert totals(rows).failures["dates"] == 1
    assert main(["check", str(tmp_path / "missing")]) == 2


def test_run_summary_and_report_carry_the_checks() -> None:
    good = with_checks(sound())
    bad = with_checks(sound(paragraphs=[para("p1", 1), para("p3", 3)]))
    records = [outcome(Path("a.pdf"), output=Path("A.json"), document=good),
               outcome(Path("b.pdf"), output=Path("B.json"), document=bad),
               RunRecord(input="c.pdf", status="failed", output=None, error=None)]
    assert records[1].checks["numbering"] is False and records[0].parliamentary is True
    summary = summarize(records)
    assert summary.checks_passed == 1
    report = summary_markdown(summary)
    assert "## Structure checks" in report
    assert "| B.json | parliamentary | ✗ |" in report
    assert "1/2 (50 %) documents pass every check" in markdown_table(rows_from_summary(summary))
