"""Line normalization of the text reader."""

from __future__ import annotations

from pipeline.ingest.text import normalize_line


def test_control_characters_go_tab_and_format_characters_stay() -> None:
    assert normalize_line("a\x00b\tc\x85d\x7fe\u200bf") == "ab\tcde\u200bf"


def test_arabic_presentation_forms_become_letters_and_text_is_nfc() -> None:
    assert normalize_line("\ufefb") == "\u0644\u0627"  # the lam-alef ligature: lam, alef
    assert normalize_line("e\u0301te\u0301") == "été"
