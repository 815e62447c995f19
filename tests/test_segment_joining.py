"""Joining printed lines (line-end hyphens decided by the document's own words) and finding the
footnote markers cited in a text."""

from __future__ import annotations

from pipeline.segment.footnotes import find_markers
from pipeline.segment.lines import Lexicon, join_lines


def test_lexicon_counts_word_forms_across_lines_ignoring_case() -> None:
    lexicon = Lexicon(["Le cadre Sous-Régional", "du cadre sous-régional et", "régional"])
    assert lexicon.counts["sous-régional"] == 2
    assert lexicon.counts["cadre"] == 2
    assert lexicon.counts["régional"] == 1


def test_line_end_hyphens_follow_the_document() -> None:
    lexicon = Lexicon(["un programme sous-régional", "le programme régional"])
    lines = ["Le programme sous-", "régional et le programme régio-", "nal"]
    # `sous-régional` is printed with its hyphen elsewhere; `régional` is printed whole
    assert join_lines(lines, lexicon) == "Le programme sous-régional et le programme régional"


def test_only_the_last_word_of_a_long_block_decides_a_line_end_hyphen() -> None:
    lines = ["mot"] * 500 + ["inter-", "national"]
    joined = join_lines(lines, Lexicon([]))
    assert joined == " ".join(["mot"] * 500) + " international"
    # a dash standing alone keeps its spaces, a capital after the break keeps the hyphen
    assert join_lines(["En 2010 -", "2012"], Lexicon([])) == "En 2010 - 2012"
    assert join_lines(["Bosnie-", "Herzégovine"], Lexicon([])) == "Bosnie-Herzégovine"


def test_markers_after_words_but_not_after_units() -> None:
    text = "les aspects¹ de 5 km² et du programme² sur 3 m²"
    cited = text.index("programme²") + len("programme")
    assert find_markers(text) == [("1", text.index("¹"), text.index("¹") + 1),
                                  ("2", cited, cited + 1)]
    assert find_markers("km² de terres") == []  # a unit at the very start of the text
    assert find_markers("Examen provisoire** du rapport") == [("**", 17, 19)]
    assert find_markers("Aucune note ici.") == []


def test_chinese_lines_rejoin_without_a_space() -> None:
    # UN Parallel Corpus sentences (tests/data/entities_unpc.yaml), cut where a printed line
    # would break: Chinese is written without spaces, so the joined text is the sentence again
    sentence = ("例如在也门，政治事务部、开发署、人口基金、妇女署和儿基会的一个联合项目"
                "协助启动了一个包容各方的全国对话会议。")
    for cut in (5, 9, 20, len(sentence) - 1):  # after a Han letter, after `，`, before `。`
        assert join_lines([sentence[:cut], sentence[cut:]], Lexicon([])) == sentence
    # a number or Latin letters printed at a line edge next to Han letters: still no space
    assert join_lines(["秘书长在", "2012年3月15日的会议上"], Lexicon([])) == \
        "秘书长在2012年3月15日的会议上"
    assert join_lines(["大会第66/1号决议", "（A/RES/66/1）"], Lexicon([])) == \
        "大会第66/1号决议（A/RES/66/1）"
    # Latin-script lines keep their space; a Latin word after a Latin line end too
    assert join_lines(["the Security", "Council"], Lexicon([])) == "the Security Council"
    assert join_lines(["مجلس", "الأمن"], Lexicon([])) == "مجلس الأمن"
