"""Cities in the entity gazetteer: UN/LOCODE keys, names in six languages, a city inside a longer
name (the Paris Agreement) left out, and the same keys in the six versions of a UN sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import babel
import pytest
import yaml

from pipeline.extract.entities import extract_entities
from pipeline.extract.entities.gazetteer import GAZETTEER_DIR, city_keys, gazetteer_names
from pipeline.extract.segments import SegmentText
from pipeline.languages import LANGUAGES
from pipeline.models import EntityMention

DATA = Path(__file__).parent / "data"
CITIES: dict[str, Any] = yaml.safe_load(
    (GAZETTEER_DIR / "cities.yaml").read_text(encoding="utf-8"))
# a city left out in one language, with the reason in cities.yaml
NOT_NAMED = {("DEBON", "ar")}  # بون is also a common noun ("a gap")


def run(text: str, lang: str) -> list[EntityMention]:
    return extract_entities([SegmentText("b1", "block", text)], lang)


def cities(text: str, lang: str) -> list[tuple[str, str | None]]:
    keys = city_keys()
    return [(m.text, m.key) for m in run(text, lang) if m.key in keys]


# ---------------------------------------------------------------------------- data


def test_keys_are_un_locodes_of_babel_territories() -> None:
    territories = babel.Locale("en").territories
    keys = list(CITIES["cities"])
    assert len(keys) == len(set(keys)) >= 40
    for key in keys:
        assert len(key) == 5 and key.isupper() and key.isalpha(), key
        assert key[:2] in territories, key
    # a few checked in the UN/LOCODE list
    assert {"CHGVA", "USNYC", "ATVIE", "KENBO", "NLHAG", "ITROM", "DEBON"} <= set(keys)
    assert CITIES["label"] == "LOC"


def test_every_city_has_a_name_in_each_language_and_time_zones_exist() -> None:
    zones = babel.Locale("ru").time_zones  # the locale that names every zone used here
    for key, spec in CITIES["cities"].items():
        assert spec.get("tz") is None or spec["tz"] in zones, key
        for lang in LANGUAGES:
            named = [r for r in gazetteer_names(lang) if r.key == key]
            assert bool(named) != ((key, lang) in NOT_NAMED), (key, lang)
            assert all(r.label == "LOC" for r in named)


def test_no_city_shares_a_name_with_a_state_or_a_body() -> None:
    keys = city_keys()
    for lang in LANGUAGES:
        others = {r.name for r in gazetteer_names(lang) if r.key not in keys}
        clash = {r.name for r in gazetteer_names(lang) if r.key in keys} & others
        assert not clash, (lang, clash)


def test_cldr_names_and_fallback() -> None:
    names = {lang: {r.name: r.key for r in gazetteer_names(lang)} for lang in LANGUAGES}
    # CLDR exemplar cities
    assert names["fr"]["Vienne"] == names["es"]["Viena"] == names["zh"]["维也纳"] == "ATVIE"
    assert names["ar"]["نيروبي"] == names["ru"]["Найроби"] == "KENBO"
    # no exemplar city in the locale: the zone id's (English, French Nairobi)
    assert names["en"]["Nairobi"] == names["fr"]["Nairobi"] == "KENBO"
    assert names["en"]["New York"] == "USNYC"
    # no CLDR zone: written by hand
    assert names["en"]["Geneva"] == names["ar"]["جنيف"] == names["zh"]["日内瓦"] == "CHGVA"
    # "Santiago" alone is a first name: only the long forms
    assert "Santiago" not in names["en"] and "Santiago" not in names["es"]


# ---------------------------------------------------------------------------- matching


def test_duty_stations_in_six_languages() -> None:
    texts = {
        "en": "The Council met in Geneva, New York and Vienna.",
        "fr": "Le Conseil s'est réuni à Genève, New York et Vienne.",
        "es": "El Consejo se reunió en Ginebra, Nueva York y Viena.",
        "ru": "Совет собирался в Женеве, Нью-Йорке и Вене.",
        "zh": "理事会在日内瓦、纽约和维也纳举行会议。",
        "ar": "اجتمع المجلس في جنيف ونيويورك وفيينا.",
    }
    for lang, text in texts.items():
        assert [k for _, k in cities(text, lang)] == ["CHGVA", "USNYC", "ATVIE"], lang


def test_city_inside_a_longer_name_is_not_the_city() -> None:
    # the Paris Agreement names an agreement: CoNLL's rule, no entity inside another
    assert cities("Parties to the Paris Agreement met in Paris.", "en") == [("Paris", "FRPAR")]
    assert cities("the 1949 Geneva Conventions; Geneva, 8-19 February 2010", "en") == [
        ("Geneva", "CHGVA")]
    assert cities("le Statut de Rome ; tenue à Rome", "fr") == [("Rome", "ITROM")]
    assert cities("l'Initiative de coopération d'Istanbul lancée à Istanbul", "fr") == [
        ("Istanbul", "TRIST")]
    assert cities("el Pacto de Nueva York, firmado en Nueva York", "es") == [
        ("Nueva York", "USNYC")]
    assert cities("《京都议定书》在京都通过", "zh") == [("京都", "JPUKY")]
    assert cities("بروتوكول كيوتو الذي اعتمد في كيوتو", "ar") == [("كيوتو", "JPUKY")]
    # a State's name is never a city's: the longer State name wins, and 罗马尼亚 is Romania
    got = [(m.text, m.key) for m in run("罗马尼亚代表团在罗马", "zh")]
    assert got == [("罗马尼亚", "ROU"), ("罗马", "ITROM")]


def test_precision_cases() -> None:
    assert cities("Mr. Santiago Villalpando; Santiago de Chile", "en") == [
        ("Santiago de Chile", "CLSCL")]
    assert cities("Bonnet and Bonnard in Bonn", "en") == [("Bonn", "DEBON")]
    assert cities("بون شاسع بين الموقفين", "ar") == []
    assert cities("Mexico City, Mexico", "en") == [("Mexico City", "MXMEX")]
    assert cities("la ville de Rif-Damas", "fr") == []


def test_a_city_wins_over_an_overlapping_french_model_span() -> None:
    got = run("Le Centre régional a organisé à Nairobi une réunion avec Mme Maria Lopez.", "fr")
    assert [(m.text, m.source, m.key) for m in got if m.text == "Nairobi"] == [
        ("Nairobi", "gazetteer", "KENBO")]


# ---------------------------------------------------------------------------- real documents


def test_corpus_sentences_read_by_hand() -> None:
    # E/ESCWA/30/8, paragraph 5, English and Arabic versions
    en = ("the Committee adopted the report of the twelfth session of the ESCWA Committee on "
          "Water Resources (Amman, 22-24 March 2017), and the report of the eleventh session of "
          "the Committee on Energy (Cairo, 14-16 May 2017).")
    ar = ("كذلك اعتمدت اللجنة، في اجتماعها الرابع، تقرير لجنة الموارد المائية عن دورتها الثانية "
          "عشرة (عمّان، 22-24 آذار/مارس 2017)، وتقرير لجنة الطاقة عن دورتها الحادية عشرة "
          "(القاهرة، 14-16 أيار/مايو 2017).")
    assert [k for _, k in cities(en, "en")] == [k for _, k in cities(ar, "ar")] == [
        "JOAMM", "EGCAI"]
    # S/2012/197, paragraph 16: Washington, D.C. is left out (see cities.yaml)
    text = ("he visited Madrid, Paris and Moscow, having earlier consulted with senior officials "
            "in Washington, D.C., on 14 October 2011. He visited London")
    assert cities(text, "en") == [("Madrid", "ESMAD"), ("Paris", "FRPAR"), ("Moscow", "RUMOW"),
                                  ("London", "GBLON")]
    # A/63/261 (French), paragraphs 55 and 38
    text = "Les ateliers financés par l'Union ont eu lieu à Lomé, Séoul et Rio de Janeiro (Brésil)."
    assert [k for _, k in cities(text, "fr")] == ["TGLFW", "KRSEL", "BRRIO"]
    text = "Lors de cette réunion, qui s'est tenue à Nairobi du 29 au 31 octobre 2007"
    assert cities(text, "fr") == [("Nairobi", "KENBO")]
    assert cities("la mise en œuvre de la Déclaration de Genève, adoptée en 2006", "fr") == []


def load_unpc() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(
        (DATA / "entities_cities_unpc.yaml").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("item", load_unpc(), ids=lambda i: f"line{i['line']}")
def test_unpc_same_city_keys_in_six_languages(item: dict[str, Any]) -> None:
    for lang in LANGUAGES:
        got = cities(item["text"][lang], lang)
        assert [k for _, k in got] == item["keys"], (lang, got)
