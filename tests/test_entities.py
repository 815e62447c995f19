"""Entities: gazetteer data, matcher rules, French-model corrections, six languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import babel
import pytest
import yaml

from pipeline.extract.entities import extract_entities
from pipeline.extract.entities.gazetteer import GAZETTEER_DIR, gazetteer_names
from pipeline.extract.entities.trie import SPACE, BoundaryRules, Entry, NameTrie
from pipeline.extract.segments import SegmentText
from pipeline.languages import LANGUAGES, available_languages, concern_dir, load_lang_data
from pipeline.models import EntityMention

DATA = Path(__file__).parent / "data"


def run(text: str, lang: str) -> list[EntityMention]:
    return extract_entities([SegmentText("b1", "block", text)], lang)


def triples(text: str, lang: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.label, m.key) for m in run(text, lang)]


def check_invariants(mentions: list[EntityMention], segments: list[SegmentText]) -> None:
    by_id = {s.id: s.text for s in segments}
    last: dict[str, int] = {}
    for m in mentions:
        text = by_id[m.segment]
        assert 0 <= m.span[0] < m.span[1] <= len(text)
        assert m.text == text[m.span[0]:m.span[1]]
        assert m.span[0] >= last.get(m.segment, 0), f"overlap or disorder at {m}"
        last[m.segment] = m.span[1]
        assert (m.key is not None) == (m.source == "gazetteer")


def lang_data(lang: str) -> dict[str, Any]:
    return load_lang_data("entities", lang)


# ---------------------------------------------------------------------------- data


def test_entity_language_files_have_same_keys() -> None:
    assert available_languages("entities") == sorted(LANGUAGES)
    keys = {lang: set(lang_data(lang)) for lang in LANGUAGES}
    assert all(k == keys["en"] for k in keys.values()), keys
    assert {"examples", "counterexamples", "model", "matching"} <= keys["en"]


def test_states_are_the_195_with_babel_names_in_six_languages() -> None:
    states = yaml.safe_load((GAZETTEER_DIR / "states.yaml").read_text(encoding="utf-8"))
    table = states["states"]
    assert len(table) == 195
    assert sum(1 for s in table.values() if s.get("observer")) == 2
    alpha2 = [s["alpha2"] for s in table.values()]
    assert len(set(alpha2)) == 195 and all(isinstance(a, str) and len(a) == 2 for a in alpha2)
    assert all(len(k) == 3 and k.isupper() for k in table)
    for lang in LANGUAGES:
        territories = babel.Locale(lang).territories
        assert all(a in territories for a in alpha2), lang
    assert table["ITA"]["alpha2"] == "IT" and table["NOR"]["alpha2"] == "NO"
    assert table["COD"]["alpha2"] == "CD" and table["PRK"]["alpha2"] == "KP"


def test_every_body_has_names_in_six_languages() -> None:
    for file in ("bodies.yaml", "organizations.yaml"):
        data = yaml.safe_load((GAZETTEER_DIR / file).read_text(encoding="utf-8"))
        for key, spec in data["bodies"].items():
            assert set(spec["names"]) == set(LANGUAGES), key
            assert all(spec["names"][lang] for lang in LANGUAGES), key


def test_un_forms_come_before_cldr_names() -> None:
    congo = {r.name: r.key for r in gazetteer_names("fr") if "Congo" in r.name}
    assert congo["République démocratique du Congo"] == "COD"
    assert congo["Congo"] == "COG"
    assert congo["Congo-Kinshasa"] == "COD"  # CLDR's form, kept
    en = {r.name for r in gazetteer_names("en")}
    assert "Congo - Kinshasa" not in en and "Palestinian Territories" not in en
    assert "Myanmar" in en  # "Myanmar (Burma)" without its parenthesis


# ---------------------------------------------------------------------------- YAML examples


@pytest.mark.parametrize("lang", LANGUAGES)
def test_yaml_examples(lang: str) -> None:
    for example in lang_data(lang)["examples"]:
        expected = [tuple(e) for e in example["entities"]]
        assert triples(example["text"], lang) == expected, example["text"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_yaml_counterexamples(lang: str) -> None:
    for example in lang_data(lang)["counterexamples"]:
        found = {m.text for m in run(example["text"], lang)}
        assert not found & set(example["not"]), (example["text"], found)


# ---------------------------------------------------------------------------- matcher


def test_trie_is_leftmost_longest_and_respects_word_boundaries() -> None:
    trie = NameTrie(BoundaryRules())
    for name, key in [("Niger", "NER"), ("Nigeria", "NGA"), ("Guinea", "GIN"),
                      ("Guinea-Bissau", "GNB"), ("Sudan", "SDN"), ("South Sudan", "SSD")]:
        trie.add([SPACE if c == " " else c for c in name], Entry(key, "GPE", name))
    text = "Nigeria, Niger, Guinea-Bissau, South Sudan and the Sudanese"
    found = [(text[m.start:m.end], m.entry.key) for m in trie.find(text)]
    assert found == [("Nigeria", "NGA"), ("Niger", "NER"), ("Guinea-Bissau", "GNB"),
                     ("South Sudan", "SSD")]


def test_name_broken_over_lines_and_typographic_apostrophe() -> None:
    got = triples("la République\ndémocratique du Congo et la Côte d’Ivoire", "fr")
    assert got == [("République\ndémocratique du Congo", "GPE", "COD"),
                   ("Côte d’Ivoire", "GPE", "CIV")]


def test_arabic_clitics_and_article_after_lam() -> None:
    got = triples("وفرنسا وللمملكة المتحدة والإسكوا", "ar")
    assert got == [("فرنسا", "GPE", "FRA"), ("لمملكة المتحدة", "GPE", "GBR"),
                   ("الإسكوا", "ORG", "escwa")]


def test_russian_inflection() -> None:
    got = triples("в Российской Федерации, с Францией и Китаем, в Италии", "ru")
    assert [k for _, _, k in got] == ["RUS", "FRA", "CHN", "ITA"]
    assert triples("французский и итальянский", "ru") == []


def test_chinese_match_never_starts_inside_a_word() -> None:
    assert triples("宪法国家机构", "zh") == []
    assert triples("法国和中华人民共和国政府", "zh") == [("法国", "GPE", "FRA"),
                                                        ("中华人民共和国", "GPE", "CHN")]


def test_footnote_marker_is_not_part_of_a_name() -> None:
    got = triples("soutien de la Jamaïque² et du PNUD³.", "fr")
    assert got == [("Jamaïque", "GPE", "JAM"), ("PNUD", "ORG", "undp")]


def test_acronym_is_case_sensitive() -> None:
    assert triples("il va au marché", "fr") == []  # not AU
    assert triples("who said that", "en") == []


# ---------------------------------------------------------------------------- French model


def test_french_model_corrections() -> None:
    text = ("Le Secrétaire général a informé les États Membres que le Centre régional avait "
            "organisé à Ouagadougou une réunion avec Mme Maria Lopez.")
    got = run(text, "fr")
    model = {(m.text, m.label) for m in got if m.source == "model"}
    assert ("Ouagadougou", "LOC") in model
    assert not {t for t, _ in model} & {"Secrétaire général", "États Membres", "États",
                                         "Centre régional", "Centre"}


def test_gazetteer_wins_over_overlapping_model_span() -> None:
    got = run("Le Conseil de l'Union européenne a salué le rapport.", "fr")
    assert [(m.text, m.source, m.key) for m in got] == [("Union européenne", "gazetteer", "eu")]


def test_english_title_quoted_in_french_text() -> None:
    text = ("Le rapport intitulé « Report of the United Nations Development Programme on "
            "Italy » a été publié.")
    got = triples(text, "fr")
    assert got == [("United Nations Development Programme", "ORG", "undp"),
                   ("Italy", "GPE", "ITA")]


# ---------------------------------------------------------------------------- real documents


def load_unpc() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(
        (DATA / "entities_unpc.yaml").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("item", load_unpc(), ids=lambda i: f"line{i['line']}")
def test_unpc_same_keys_in_six_languages(item: dict[str, Any]) -> None:
    for lang in LANGUAGES:
        text = item["text"][lang]
        got = run(text, lang)
        check_invariants(got, [SegmentText("b1", "block", text)])
        keys = {m.key for m in got if m.source == "gazetteer"}
        assert keys == set(item["keys"]), (lang, [(m.text, m.key) for m in got])


def test_corpus_french_report_paragraph() -> None:
    # A/63/261 (French), paragraph 12, read by hand
    text = ("12. Par le biais de son Centre régional des Nations Unies pour la paix et le "
            "désarmement en Afrique, le Bureau des affaires de désarmement a aidé la Commission "
            "nationale togolaise de lutte contre les armes légères à détruire des munitions "
            "illicites. Par ailleurs, le Centre a apporté son appui technique à la mise en œuvre "
            "au Togo d'un projet sous-régional lancé en 2007 par le Programme de lutte contre "
            "les armes légères de la Communauté économique des États de l'Afrique de l'Ouest "
            "(CEDEAO) et comportant les éléments suivants")
    got = run(text, "fr")
    assert [(m.text, m.key) for m in got if m.source == "gazetteer"] == [
        ("Centre régional des Nations Unies pour la paix et le désarmement en Afrique", "unrec"),
        ("Bureau des affaires de désarmement", "oda"),
        ("Togo", "TGO"),
        ("Communauté économique des États de l'Afrique de l'Ouest", "ecowas"),
        ("CEDEAO", "ecowas"),
    ]
    assert not [m for m in got if m.source == "model" and m.text in {"Centre", "États"}]


def test_corpus_english_and_spanish_paragraphs() -> None:
    # S/2012/197, paragraph 21; A/RES/48/246 (Spanish), title
    en = ("met with representatives of the Office of the United Nations High Commissioner for "
          "Refugees (UNHCR) in the presence of my Personal Envoy")
    assert triples(en, "en") == [
        ("Office of the United Nations High Commissioner for Refugees", "ORG", "unhcr"),
        ("UNHCR", "ORG", "unhcr")]
    assert triples("Financiación de la Misión de las Naciones Unidas en Haití", "es") == [
        ("Naciones Unidas", "ORG", "un"), ("Haití", "GPE", "HTI")]


def read_fixture(name: str) -> list[SegmentText]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [SegmentText(f"b{i}", "block", t) for i, t in enumerate(lines)
            if t and not t.startswith("#")]


def test_ita_english_and_french_versions_name_the_same_bodies_and_states() -> None:
    en_segs = read_fixture("entities_ita_en.txt")
    fr_segs = read_fixture("entities_ita_fr.txt")
    en = extract_entities(en_segs, "en")
    fr = extract_entities(fr_segs, "fr")
    check_invariants(en, en_segs)
    check_invariants(fr, fr_segs)
    en_keys = {m.key for m in en if m.key}
    fr_keys = {m.key for m in fr if m.key}
    # read in both versions: Italy; the Human Rights Council, General Assembly, Security
    # Council, Human Rights Committee, UNHCR, ILO; the EU, EC, European Commission, Council of
    # Europe, European Court of Human Rights, OSCE, ICC; the United Nations
    named_in_both = {"ITA", "human-rights-council", "general-assembly", "security-council",
                     "human-rights-committee", "unhcr", "ilo", "eu", "ec",
                     "european-commission", "council-of-europe", "echr-court", "osce", "icc",
                     "un"}
    assert named_in_both <= en_keys and named_in_both <= fr_keys
    # the English version misprints ODIHR as "ODHIR"; the French one prints BIDDH
    assert "ODHIR" in "\n".join(s.text for s in en_segs)
    assert en_keys == fr_keys - {"osce-odihr"}


def test_segments_in_another_language_use_their_own_gazetteer() -> None:
    segs = [SegmentText("p1", "paragraph", "Le Programme des Nations Unies pour le "
                        "développement a aidé la Jamaïque et le Togo dans ce domaine."),
            SegmentText("fn1", "footnote", "The United Nations Development Programme "
                        "assisted Jamaica and Togo in this field over the last year.")]
    got = extract_entities(segs, "fr")
    check_invariants(got, segs)
    assert [(m.segment, m.key) for m in got if m.source == "gazetteer"] == [
        ("p1", "undp"), ("p1", "JAM"), ("p1", "TGO"),
        ("fn1", "undp"), ("fn1", "JAM"), ("fn1", "TGO")]


def test_never_raises_and_is_deterministic_on_odd_text() -> None:
    odd = ["", " ", "\u202b\ufeb3\u202c", "((((", "«", "ال", "و" * 50, "²³*", "A/63/261",
           "联合国" * 30, "Nations\n\nUnies", "É" * 200]
    for lang in [*LANGUAGES, "it"]:
        segs = [SegmentText(f"b{i}", "block", t) for i, t in enumerate(odd)]
        first = extract_entities(segs, lang)
        check_invariants(first, segs)
        assert first == extract_entities(segs, lang)


def test_data_dir_layout() -> None:
    assert (concern_dir("entities") / "gazetteer" / "states.yaml").is_file()
