"""Chapter references written with the language's numeral words (第三章, الفصل الثالث) reach the
heading, whatever numerals the heading itself prints."""

from __future__ import annotations

from pathlib import Path

from pipeline.process import process_file

CHINESE = """A/70/998

大会

第七十届会议

秘书长的报告

一、导言

1.\t本报告是根据大会第69/150号决议提交的。

二、背景

2.\t见下文第三章。

三、结论

3.\t结论。
"""


def test_a_chinese_chapter_reference_reaches_its_heading(tmp_path: Path) -> None:
    path = tmp_path / "A_70_998-ZH.txt"
    path.write_text(CHINESE, encoding="utf-8")
    out = process_file(path).output
    assert [(h.id, h.label, h.title) for h in out.headings] == [
        ("h1", "一", "导言"), ("h2", "二", "背景"), ("h3", "三", "结论")]
    (chapter,) = [r for r in out.references if r.kind == "chapter"]
    assert (chapter.text, chapter.targets, chapter.pinpoint) == ("第三章", ["h3"], "chap. III")


def test_a_chapter_in_numeral_words_finds_a_roman_heading(tmp_path: Path) -> None:
    # an Arabic report whose headings print Roman numerals (as the ESCWA one does for annexes)
    text = ("E/ESCWA/99/1\n\nاللجنة الاقتصادية والاجتماعية لغربي آسيا\n\n"
            "I.\tمقدمة\n\n1.\tانظر الفصل الثالث أدناه.\n\nII.\tالخلفية\n\n2.\tنص.\n\n"
            "III.\tالاستنتاجات\n\n3.\tنص آخر.\n")
    path = tmp_path / "E_ESCWA_99_1-AR.txt"
    path.write_text(text, encoding="utf-8")
    out = process_file(path).output
    heading = {h.label: h.id for h in out.headings}
    (chapter,) = [r for r in out.references if r.kind == "chapter"]
    assert chapter.targets == [heading["III"]]
    assert chapter.pinpoint == "chap. III"
