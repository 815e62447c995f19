"""Chinese PDFs: no word spaces inside Chinese text, whatever the spacing of a justified line.

The dev corpus has no Chinese PDF; these pages are written by hand (tests/pdf_factory.py) with
the text of UN Parallel Corpus sentences (tests/data/entities_unpc.yaml), in the Adobe-GB1 font
pdfium knows without an embedded program.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest.pdf import read_pdf
from pipeline.process import process_file
from tests.pdf_factory import chinese_pdf

SENTENCE = ("例如在也门，政治事务部、开发署、人口基金、妇女署和儿基会的一个联合项目"
            "协助启动了一个包容各方的全国对话会议。")
LINES = [SENTENCE[:30], SENTENCE[30:]]  # a paragraph printed over two lines


@pytest.mark.parametrize("gap", [0, 120, 300])
def test_a_justified_chinese_paragraph_reads_without_spaces(gap: int) -> None:
    # gap 300: three tenths of an em between characters, where pdfium itself adds spaces
    reading = read_pdf(chinese_pdf(LINES, gap=gap))
    assert [b.lines for b in reading.blocks] == [LINES]


def test_digits_and_latin_letters_spread_in_a_chinese_line_stay_together() -> None:
    lines = ["安全理事会在2012年3月15日的会议上审议了这个问题，",
             "并请秘书长在A/66/1号文件中提出报告。"]
    reading = read_pdf(chinese_pdf(lines, gap=300))
    assert [b.lines for b in reading.blocks] == [lines]


def test_a_drawn_space_between_latin_words_is_kept() -> None:
    # the space of "UN Women" is a character of the text, not a gap
    line = "联合国促进性别平等和增强妇女权能署（UN Women）的报告"
    reading = read_pdf(chinese_pdf([line]))
    assert reading.blocks[0].lines == [line]


# two more sentences of the UN Parallel Corpus (tests/data/dates_unpc_parallel.yaml)
OTHERS = ("在2014年7月29至31日于帕劳科罗尔举行的第四十五次太平洋岛屿论坛上，"
          "与会者同意接纳托克劳为联系成员。",
          "第一次工作会议将于2015年2月3日至5日举行，第二次会议将于2015年4月28日至30日举行。")


def test_the_paragraph_comes_out_whole(tmp_path: Path) -> None:
    text = SENTENCE + "".join(OTHERS)
    lines = [text[i:i + 36] for i in range(0, len(text), 36)]  # a paragraph of 36-character lines
    path = tmp_path / "A_70_999-ZH.pdf"
    path.write_bytes(chinese_pdf(lines, gap=150))
    out = process_file(path).output
    assert out.document.language == "zh"
    # (a page without a masthead: its first block is taken for the title, in `front`)
    segments = [f.text for f in out.front] + [b.text for b in out.blocks] + \
        [p.text for p in out.paragraphs]
    assert segments == [text]
    assert {"YEM", "PLW"} <= {e.key for e in out.entities}  # 也门, 帕劳: no space cuts them
    keys = {e.key for e in out.entities}
    assert "YEM" in keys  # 也门, found by the gazetteer only when no space cuts the name
