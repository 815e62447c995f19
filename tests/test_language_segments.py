"""Per-segment language and quoted passages in another language (pipeline.language)."""

from __future__ import annotations

import pytest

from pipeline.language import dominant_script, quoted_languages, segment_language
from pipeline.languages import LANGUAGES, available_languages, load_lang_data


def test_language_files_have_same_keys() -> None:
    assert available_languages("language") == sorted(LANGUAGES)
    keys = {lang: set(load_lang_data("language", lang)) for lang in LANGUAGES}
    assert all(k == keys["en"] for k in keys.values())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_yaml_examples_quoted_in_another_language(lang: str) -> None:
    data = load_lang_data("language", lang)
    for ex in data["examples"]:
        text = f"« {ex['text']} »"
        assert [q[2] for q in quoted_languages(text, ex["in"])] == [lang], ex
    for ex in data["counterexamples"]:
        text = f"« {ex['text']} »"
        assert lang not in [q[2] for q in quoted_languages(text, ex["in"])], ex


def test_english_report_title_inside_french_text() -> None:
    text = ("Dans son rapport intitulé “Report of the Secretary-General on the work of the "
            "Organization”, le Secrétaire général a rappelé « la nécessité d'agir ».")
    found = quoted_languages(text, "fr")
    assert len(found) == 1
    start, end, lang = found[0]
    assert lang == "en"
    assert text[start:end] == "Report of the Secretary-General on the work of the Organization"


def test_short_quote_and_same_language_quote_are_not_judged() -> None:
    assert quoted_languages("il a dit « the end » hier", "fr") == []
    assert quoted_languages("il a dit « nous sommes prêts à agir pour la paix » hier", "fr") == []


def test_segment_language_long_enough_to_judge() -> None:
    en = ("The General Assembly adopted the resolution on the report of the Secretary-General "
          "without a vote.")
    assert segment_language(en, "fr") == "en"
    assert segment_language("Short English line here.", "fr") == "fr"  # inherits
    ru = ("Генеральная Ассамблея приняла резолюцию без голосования по докладу "
          "Генерального секретаря.")
    assert segment_language(ru, "en") == "ru"
    zh = ("大会未经表决通过了关于秘书长报告的决议，"
          "并请秘书长在下届会议上提交关于此事的报告，以供会员国审议。") * 2
    assert segment_language(zh, "fr") == "zh"
    fr = ("L'Assemblée générale a adopté la résolution sans la mettre aux voix et a prié le "
          "Secrétaire général de lui faire rapport.")
    assert segment_language(fr, "fr") == "fr"


def test_dominant_script() -> None:
    assert dominant_script("وفرنسا and") == "arabic"
    assert dominant_script("123 —") is None
