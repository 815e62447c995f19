"""Text integrity: characters that are no characters, symbol-font bullets, hyphens at line ends
(compounds kept, broken words joined), words whose space only pdfium saw."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from pipeline.emit import to_json
from pipeline.ingest.pdf_chars import SYMBOL_FONT_CHARS, pair_surrogates, repair_invalid
from pipeline.models import Paragraph
from pipeline.segment.lines import Lexicon, join_lines
from tests.test_checks import sound


def test_a_character_beyond_the_bmp_given_in_halves_is_one_character() -> None:
    # pdfium gives 𝑥 (U+1D465) as its two UTF-16 halves, one per character index
    chars = ["a", "\ud835", "\udc65", "b"]
    assert pair_surrogates(chars) == ["a", "𝑥", "\x00", "b"]


def test_lone_halves_and_control_codes_are_counted_replacement_characters() -> None:
    assert repair_invalid("a\ud800b\x01c\x7f") == ("a\ufffdb\ufffdc\ufffd", 3)
    assert repair_invalid("tab\tand\nline") == ("tab\tand\nline", 0)


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc"))))
def test_repairing_valid_text_changes_nothing(text: str) -> None:
    assert repair_invalid(text) == (text, 0)


@given(st.text())
def test_repaired_text_always_writes(text: str) -> None:
    fixed, _n = repair_invalid(text)
    fixed.encode("utf-8")  # never "surrogates not allowed"


def test_the_writer_never_fails_on_a_lone_surrogate() -> None:
    doc = sound(paragraphs=[Paragraph(id="p1", number=1, section_path=[],
                                      text="A broken \ud83d layer.", pages=[1],
                                      footnote_refs=[])])
    data = json.loads(to_json(doc))
    assert data["paragraphs"][0]["text"] == "A broken \ufffd layer."
    assert data["issues"][-1]["code"] == "invalid-characters"


def test_symbol_font_bullets_read_as_bullets() -> None:
    # E/ESCWA/SDPD/2017/Technical Paper.11: `\uf0b7 Tier I indicators …` (Symbol's bullet);
    # E/ESCWA/EDID/2017/IG.2/8: `STRATEGY\uf02a` (Symbol's asterisk, a footnote call)
    assert "\uf0b7 Tier I".translate(SYMBOL_FONT_CHARS) == "• Tier I"
    assert "STRATEGY\uf02a".translate(SYMBOL_FONT_CHARS) == "STRATEGY*"


def lexicon(*lines: str) -> Lexicon:
    return Lexicon(list(lines))


def test_compound_hyphens_at_line_ends_are_kept() -> None:
    # both halves are words the document prints on their own: a compound
    lex = lexicon("the web is where the work is based", "day by day, to the end")
    assert join_lines(["a web-", "based platform"], lex) == "a web-based platform"
    assert join_lines(["on a day-", "to-day basis"], lex) == "on a day-to-day basis"
    # S/2013/220, para. 12: `face-to-` / `face` (main read `face-toface`)
    lex = lexicon("face the parties", "to meet them")
    joined = join_lines(["a further face-to-", "face meeting"], lex)
    assert joined == "a further face-to-face meeting"


def test_hyphenation_breaks_are_joined() -> None:
    # `régio-` / `nal`: `nal` is no word of the document, nor is `régio`
    lex = lexicon("le plan est prêt", "un plan régional")
    assert join_lines(["un plan régio-", "nal et national"], lex) == "un plan régional et national"
    lex = lexicon("the develop team", "of the report")
    assert join_lines(["the develop-", "ment of the plan"], lex) == "the development of the plan"
