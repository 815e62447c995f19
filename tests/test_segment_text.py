"""Segmentation of text input, checked against what the documents print.

Expectations were taken by reading the files (corpus/A_63_261-FR.txt, corpus/S_PRST_2007_24-EN.txt
and the pdftotext conversions of S/2012/197 and A/80/500 in tests/data/text/).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from pipeline.emit import to_json
from pipeline.models import DocumentOutput
from pipeline.process import process_file

ROOT = Path(__file__).resolve().parent.parent
FR = ROOT / "corpus" / "A_63_261-FR.txt"
PRST = ROOT / "corpus" / "S_PRST_2007_24-EN.txt"
S2012 = ROOT / "tests" / "data" / "text" / "S_2012_197-EN.txt"
LETTER = ROOT / "tests" / "data" / "text" / "A_80_500-EN.txt"


@cache
def run(path: Path) -> DocumentOutput:
    return process_file(path).output


# ----------------------------------------------------------------------------- A/63/261 (fr)

# Body blocks of A_63_261-FR.txt that continue the paragraph before them after a page break
# (read in the file: each starts mid-sentence, most after the footnotes of the page).
FR_CONTINUATIONS = {
    9: "conflit; et désarmement des groupes armés",
    12: "domaine de l'enregistrement et de la sécurisation",
    15: "paix; à explorer les possibilités",
    24: "de nouvelles mesures à prendre",
    27: "conformité avec l'Instrument,",
    31: "conception, la planification,",
    35: "Commission à détruire plusieurs milliers",
    40: "l'incidence des armes légères sur les enfants et les adolescents",
    43: "Nations Unies plusieurs missions conjointes",
    48: "jeunes, l'Office a aussi participé",
    52: "31 mars au 4 avril 2008 à Mombasa",
    55: "financièrement et politiquement trois des quatre",
    59: "dans le cadre de trois projets financés",
}


def _expected_fr_paragraphs() -> dict[int, str]:
    """The 67 paragraphs as printed: the text after `N. `, plus its continuation block, with the
    file's markup (`1^{er}`, `*titre*`) resolved by hand-written rules."""
    raw = FR.read_text(encoding="utf-8")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", raw) if b.strip()]
    numbered: dict[int, str] = {}
    for block in blocks:
        m = re.match(r"^(\d+)\. (.*)$", block, re.S)
        if m and not re.search(r"\t\d+$", block):
            numbered[int(m[1])] = m[2]
    for number, start in FR_CONTINUATIONS.items():
        (cont,) = [b for b in blocks if b.startswith(start)]
        numbered[number] = f"{numbered[number]} {cont}"
    for number, text in numbered.items():
        text = text.replace("1^{er}", "1er")
        numbered[number] = re.sub(r"\*(Journal officiel de l'Union européenne)\*", r"\1", text)
    return numbered


def test_fr_all_67_paragraphs_with_exact_text() -> None:
    out = run(FR)
    expected = _expected_fr_paragraphs()
    assert [p.number for p in out.paragraphs] == list(range(1, 68))
    assert [p.id for p in out.paragraphs] == [f"p{n}" for n in range(1, 68)]
    for p in out.paragraphs:
        assert p.text == expected[p.number], p.id


def test_fr_page_break_rejoins_read_naturally() -> None:
    paras = {p.id: p.text for p in run(FR).paragraphs}
    assert "sortant d'un conflit; et désarmement" in paras["p9"]
    assert "il a organisé du 31 mars au 4 avril 2008 à Mombasa (Kenya)" in paras["p52"]
    assert "(voir par. 26 à 30 ci-dessus)" in paras["p55"]
    assert paras["p39"].startswith("Le 1er octobre 2007, l'UNICEF")
    assert paras["p4"] == "Le présent rapport fait suite aux demandes formulées dans les " \
        "résolutions susmentionnées."


FR_HEADINGS = [
    (1, "I", "Introduction"),
    (1, "II", "Consolidation de la paix au moyen de mesures concrètes de désarmement"),
    (1, "III", "Assistance aux États pour l'arrêt de la circulation illicite et la collecte des "
     "armes légères et de petit calibre"),
    (1, "IV", "Mise en œuvre du Programme d'action en vue de prévenir, combattre et éliminer le "
     "commerce illicite des armes légères sous tous ses aspects"),
    (2, "A", "Système des Nations Unies"),
    (3, None, "Conseil de sécurité"),
    (3, None, "Assemblée générale"),
    (3, None, "Troisième Réunion biennale des États pour l'examen de la mise en œuvre du "
     "Programme d'action en vue de prévenir, combattre et éliminer le commerce illicite des "
     "armes légères sous tous ses aspects"),
    (3, None, "Instrument international visant à permettre aux États de procéder à "
     "l'identification et au traçage rapides et fiables des armes légères et de petit calibre"),
    (3, None, "Mécanisme de coordination de l'action concernant les armes légères"),
    (3, None, "Bureau des affaires de désarmement : centres régionaux"),
    (3, None, "Direction exécutive du Comité contre le terrorisme"),
    (3, None, "Fonds des Nations Unies pour l'enfance"),
    (3, None, "Département des opérations de maintien de la paix"),
    (3, None, "Fonds de développement des Nations Unies pour la femme"),
    (3, None, "Programme des Nations Unies pour le développement"),
    (3, None, "Institut des Nations Unies pour la recherche sur le désarmement"),
    (3, None, "Office des Nations Unies contre la drogue et le crime"),
    (2, "B", "Activités entreprises aux niveaux régional et sous-régional"),
    (3, None, "Afrique"),
    (3, None, "Amériques"),
    (3, None, "Europe"),
    (2, "C", "Activités entreprises par les organisations intergouvernementales"),
    (1, "V", "Conclusions"),
]


def test_fr_headings() -> None:
    out = run(FR)
    assert [(h.level, h.label, h.title) for h in out.headings] == FR_HEADINGS
    assert [h.id for h in out.headings] == [f"h{i}" for i in range(1, 25)]


@pytest.mark.parametrize(("pid", "path"), [
    ("p1", ["I"]),
    ("p5", ["II"]),
    ("p11", ["III"]),
    ("p14", ["IV", "A", "Conseil de sécurité"]),
    ("p17", ["IV", "A", "Assemblée générale"]),
    ("p32", ["IV", "A", "Bureau des affaires de désarmement : centres régionaux"]),
    ("p50", ["IV", "B", "Afrique"]),
    ("p54", ["IV", "B", "Europe"]),
    ("p59", ["IV", "C"]),
    ("p67", ["V"]),
])
def test_fr_section_paths(pid: str, path: list[str]) -> None:
    paras = {p.id: p for p in run(FR).paragraphs}
    assert paras[pid].section_path == path


FR_FOOTNOTE_CITES = {
    "fn1": "p3", "fn2": "p3", "fn3": "p9", "fn4": "p12", "fn5": "p13", "fn6": "p14", "fn7": "p14",
    "fn8": "p17", "fn9": "p19", "fn10": "p20", "fn11": "p24", "fn12": "p54", "fn13": "p60",
}


def test_fr_footnotes_and_links() -> None:
    out = run(FR)
    notes = {f.id: f for f in out.footnotes}
    assert sorted(notes, key=lambda i: (len(i), i)) == [
        "fn*", "fn1", "fn2", "fn3", "fn4", "fn5", "fn6", "fn7", "fn8", "fn9", "fn**",
        "fn10", "fn11", "fn12", "fn13"]
    for fid, pid in FR_FOOTNOTE_CITES.items():
        assert notes[fid].cited_in == [pid], fid
    paras = {p.id: p for p in out.paragraphs}
    assert paras["p3"].footnote_refs == ["fn1", "fn2"]
    assert paras["p14"].footnote_refs == ["fn6", "fn7"]
    assert paras["p24"].footnote_refs == ["fn11"]  # marker before the page break
    assert paras["p5"].footnote_refs == []
    assert notes["fn6"].text == "S/PRST/2007/24."
    assert notes["fn10"].text == "Voir A/CONF.192/BMS/2005/1."
    assert notes["fn8"].text == ("Les rapports nationaux sont disponibles sur le site Web du "
                                 "Bureau des affaires de désarmement "
                                 "(http://disarmament.un.org/CAB/salw-nationalreports.html).")
    assert notes["fn1"].text.startswith("Voir Rapport de la Conférence des Nations Unies")
    assert notes["fn1"].text.endswith("(A/CONF.192/15), chap. IV, par. 24.")
    assert notes["fn*"].text == "A/63/150 et Corr.1."
    assert notes["fn**"].text.startswith("La présentation tardive du rapport")
    front = {f.id: f for f in out.front}
    assert front[notes["fn*"].cited_in[0]].kind == "agenda"
    assert front[notes["fn**"].cited_in[0]].text == "Rapport du Secrétaire général**"
    assert "aspects¹," in paras["p3"].text and "(Instrument international de traçage)²" in \
        paras["p3"].text
    assert not [i for i in out.issues if i.code.startswith(("footnote", "paragraph"))]


def test_fr_masthead() -> None:
    doc = run(FR).document
    assert doc.symbol == "A/63/261"
    assert doc.symbols == ["A/63/261"]
    assert doc.language == "fr"
    assert doc.language_confidence is not None and doc.language_confidence > 0.9
    assert doc.original_language == "en"
    assert doc.body == "General Assembly"
    assert doc.distribution == "general"
    assert doc.date == "2008-08-11"
    assert doc.session == 63
    assert doc.agenda_items == ["91 (e)", "91 (j)", "91 (z)"]
    assert doc.title == "Rapport du Secrétaire général"


def test_fr_front_summary_and_toc() -> None:
    out = run(FR)
    kinds = [f.kind for f in out.front]
    assert kinds.count("agenda-title") == 4
    summary = [f.text for f in out.front if f.kind == "summary"]
    assert len(summary) == 4
    assert summary[2].startswith("De plus, il fournit une vue d'ensemble")
    # continued after the two title footnotes at the foot of page 1
    assert "troisième Réunion biennale des États pour l'examen de la mise en œuvre" in summary[2]
    assert summary[3].startswith("Il porte sur la période allant de juillet 2007")
    assert [(t.label, t.page) for t in out.toc] == [
        ("I", 3), ("II", 4), ("III", 5), ("IV", 6), ("A", 6), ("B", 15), ("C", 17), ("V", 19)]
    assert out.toc[0].title == "Introduction"
    assert out.toc[5].title == "Activités entreprises aux niveaux régional et sous-régional"


def test_output_is_byte_identical_on_rerun() -> None:
    assert to_json(process_file(FR).output) == to_json(process_file(FR).output)


# ----------------------------------------------------------------------------- S/PRST/2007/24


def test_prst_pdftotext_layout() -> None:
    out = run(PRST)
    doc = out.document
    assert (doc.symbol, doc.body, doc.distribution, doc.date, doc.original_language) == (
        "S/PRST/2007/24", "Security Council", "general", "2007-06-29", "en")
    assert doc.title == "Statement by the President of the Security Council"
    assert out.source.pages == 2
    assert out.paragraphs == []
    texts = [b.text for b in out.blocks]
    assert len(texts) == 9  # the opening sentence and eight quoted paragraphs
    assert texts[0].startswith("At the 5709th meeting of the Security Council")
    assert texts[0].endswith("on behalf of the Council:")
    assert [b.kind for b in out.blocks[1:]] == ["quote"] * 8
    assert texts[4].endswith("and of 24 September 1999 (S/PRST/1999/28).")
    assert texts[8].endswith("relevant United Nations Security Council resolutions.”")
    assert [b.pages for b in out.blocks][-3:] == [[2], [2], [2]]
    furniture = {f.text for f in out.furniture}
    assert {"07-40551 (E) 290607", "*0740551*", "07-40551"} <= furniture
    assert all("07-40551" not in t and "0740551" not in t for t in texts)


# ----------------------------------------------------------------------------- S/2012/197


def test_s2012_report_from_pdftotext() -> None:
    out = run(S2012)
    doc = out.document
    assert (doc.symbol, doc.body, doc.distribution, doc.date) == (
        "S/2012/197", "Security Council", "general", "2012-04-05")
    assert doc.title == "Report of the Secretary-General on the situation concerning " \
        "Western Sahara"
    assert [p.number for p in out.paragraphs] == list(range(1, 115))
    paras = {p.id: p for p in out.paragraphs}
    assert paras["p1"].text.startswith("The present report is submitted pursuant to Security "
                                       "Council resolution 1979 (2011) of 27 April 2011")
    # paragraph 3 runs over the page break and the reissue footnote
    assert paras["p3"].text.endswith("Frente Polisario leader Mohamed Abdelaziz called for the "
                                     "protection of the Western Saharans and the release of those "
                                     "allegedly arrested by Moroccan security forces after the "
                                     "incident.")
    assert paras["p3"].pages == [1, 2]
    assert paras["p55"].section_path == ["IV", "F"]
    assert paras["p114"].text.startswith("In conclusion, I wish to thank Christopher Ross")
    assert paras["p114"].text.endswith("to fulfil the Mission’s mandate.")
    labels = [(h.level, h.label) for h in out.headings if h.label]
    assert labels[:4] == [(1, "I"), (1, "II"), (1, "III"), (2, "A")]
    assert (2, "I") in labels  # "I. Human rights" after "H.": a letter, not chapter I
    assert [h.label for h in out.headings if h.level == 1] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "Annex"]  # the annex on page 24
    notes = {f.id: f for f in out.footnotes}
    assert notes["fn***"].text == "Third reissue for technical reasons (17 April 2012)."
    for p in out.paragraphs:
        assert "12-27711" not in p.text and "*1227711*" not in p.text


# ----------------------------------------------------------------------------- A/80/500


def test_joint_letter_from_pdftotext() -> None:
    out = run(LETTER)
    doc = out.document
    assert doc.symbol == "A/80/500"
    assert doc.symbols == ["A/80/500", "S/2025/656"]
    assert doc.body == "General Assembly"
    assert doc.session == 80
    assert doc.agenda_items == ["84"]
    assert doc.date == "2025-10-17"
    assert doc.title is not None and doc.title.startswith("Letter dated 17 October 2025 from the")
    agenda_titles = [f.text for f in out.front if f.kind == "agenda-title"]
    assert agenda_titles == ["The rule of law at the national and international levels"]
    texts = [b.text for b in out.blocks]
    assert texts[0].startswith("I have the honour to convey to you a statement")
    assert not any(t in ("291025", "25-17062 (E)") for t in texts)


# ----------------------------------------------------------------------------- endnotes


def test_endnotes_section_becomes_footnotes(tmp_path: Path) -> None:
    doc = tmp_path / "S_2099_1-EN.txt"
    doc.write_text(
        "United Nations\n\nSecurity Council\n\nDistr.: General\n1 May 2099\n\n"
        "1. The Council met twice in the period under review.¹ It adopted one statement.²\n\n"
        "2. The work continues.\n\nNotes\n\n1 See S/2008/258.\n\n"
        "2 See S/PRST/2007/24, issued on 29 June 2007 after the 5709th\n\nmeeting.\n",
        encoding="utf-8")
    out = process_file(doc).output
    notes = {f.id: f for f in out.footnotes}
    assert notes["fn1"].text == "See S/2008/258."
    assert notes["fn2"].text == "See S/PRST/2007/24, issued on 29 June 2007 after the 5709th " \
        "meeting."
    assert notes["fn1"].cited_in == ["p1"] and notes["fn2"].cited_in == ["p1"]
    assert [p.text for p in out.paragraphs][1] == "The work continues."
    assert [h.title for h in out.headings] == ["Notes"]
    assert not [i for i in out.issues if i.code.startswith("footnote")]
