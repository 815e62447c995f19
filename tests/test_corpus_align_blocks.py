"""Alignment of unnumbered blocks between language versions (preambles, unnumbered paragraphs).

Two parts: small hand-made documents for each rule (what pairs, what is refused and why), then
the dev corpus's three sibling pairs, with expectations taken from reading both versions
(pdftotext -layout) side by side. Those PDFs are processed once for the module (a few seconds).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pipeline.corpus import update_corpus_views
from pipeline.corpus.align import align_footnotes, align_headings, align_paragraphs
from pipeline.corpus.align_blocks import align_blocks
from pipeline.corpus.crosscheck import cross_check
from pipeline.corpus.digest import DocumentDigest, digest
from pipeline.corpus.models import (
    BlockAlignment,
    BlockGap,
    BlockMatch,
    PairAlignment,
    SiblingGroup,
)
from pipeline.corpus.numbers import numbers_in
from pipeline.emit import write_output
from pipeline.models import Block, DateMention, DocumentOutput
from pipeline.process import process_file
from tests.corpus_docs import make_doc

# A block: (text, pages, section_path, footnote_refs), or just its text (page 1, no section).
BlockSpec = str | tuple[str, list[int], list[str], list[str]]


def output(lang: str, blocks: Sequence[BlockSpec], *,
           paragraphs: Sequence[tuple[str, str]] = (),
           pages: dict[str, list[int]] | None = None, **parts: Any) -> DocumentOutput:
    base = make_doc("A/RES/1", lang, paragraphs=paragraphs, **parts)
    made = []
    for k, spec in enumerate(blocks, 1):
        text, bpages, path, refs = (spec, [1], [], []) if isinstance(spec, str) else spec
        made.append(Block(id=f"b{k}", kind="quote" if text.startswith("«") else "paragraph",
                          text=text, pages=bpages, section_path=path, footnote_refs=refs))
    paras = [p.model_copy(update={"pages": (pages or {}).get(p.id, [2])})
             for p in base.paragraphs]
    return base.model_copy(update={"blocks": made, "paragraphs": paras})


def dig(doc: DocumentOutput) -> DocumentDigest:
    return digest(doc, f"A_RES_1.{doc.document.language}.json")


def align(left: DocumentOutput, right: DocumentOutput) -> BlockAlignment:
    ld, rd = dig(left), dig(right)
    return align_blocks(ld, rd, align_paragraphs(ld, rd), align_headings(ld, rd))


EN_PREAMBLE = [
    "The General Assembly,",
    "Recalling its resolution 47/1 of 22 September 1992,",
    "Noting with concern the situation described in the report,",
    "Welcoming the declaration adopted on 14 June 1993,",
]
FR_PREAMBLE = [
    "L'Assemblée générale,",
    "Rappelant sa résolution 47/1 du 22 septembre 1992,",
    "Notant avec préoccupation la situation décrite dans le rapport,",
    "Se félicitant de la déclaration adoptée le 14 juin 1993,",
]


# ---------------------------------------------------------------------------- numbers


def test_numbers_are_read_alike_in_every_script_and_grouping() -> None:
    assert numbers_in("resolution 862 (1993) of 31 August 1993") == {"862", "1993", "31"}
    assert numbers_in("résolution 862 (1993) du 31 août 1993") == {"862", "1993", "31"}
    # thousands: comma (en), full stop (es), no-break space (fr), Arabic separator and digits
    for text in ("143,700 dollars", "143.700 dólares", "143\u00a0700 dollars", "١٤٣٬٧٠٠ دولار"):
        assert numbers_in(text) == {"143700"}, text
    assert numbers_in("the Mission¹ in 2007⁶") == {"2007"}  # footnote markers are not numbers
    assert numbers_in("92nd plenary meeting") == numbers_in("92ª sesión plenaria") == {"92"}
    assert numbers_in("in 1993 200 persons") == {"1993", "200"}  # four digits never group
    assert numbers_in("Taking note of the report") == frozenset()


# ---------------------------------------------------------------------------- synthetic


def test_a_preamble_pairs_by_numbers_then_by_order_with_its_evidence() -> None:
    got = align(output("en", EN_PREAMBLE, paragraphs=[("p1", "Decides")]),
                output("fr", FR_PREAMBLE, paragraphs=[("p1", "Décide")]))
    assert got.pairs == [("b1", "b1"), ("b2", "b2"), ("b3", "b3"), ("b4", "b4")]
    assert got.by_order == [("b1", "b1"), ("b3", "b3")]
    by_id = {e.left: e for e in got.evidence}
    assert [e.left for e in got.evidence] == ["b1", "b2", "b3", "b4"]
    assert by_id["b2"].by == "numbers" and by_id["b2"].numbers == ["1", "22", "47", "1992"]
    assert by_id["b4"].numbers == ["14", "1993"]
    assert by_id["b3"].by == "order" and by_id["b3"].numbers == []
    assert all(e.kind == "paragraph" and 0.66 < e.length_ratio < 1.5 for e in got.evidence)
    assert got.gaps == [] and got.only_left == [] and got.only_right == []


def test_different_counts_in_a_gap_are_refused_not_paired_by_position() -> None:
    en = ["Noting the report,", "Welcoming the progress made,"]
    fr = ["Prenant note du rapport,", "Se félicitant des progrès,", "Consciente des difficultés,"]
    got = align(output("en", en), output("fr", fr))
    assert got.pairs == []
    assert got.only_left == ["b1", "b2"] and got.only_right == ["b1", "b2", "b3"]
    assert got.gaps == [BlockGap(after=None, before=None, left=["b1", "b2"],
                                 right=["b1", "b2", "b3"], refused=["count"])]


def test_a_number_disagreement_refuses_the_whole_run() -> None:
    # same count, but the second blocks print other years: the run may be shifted
    en = ["Noting the report,", "Recalling the summit held in 2005,"]
    fr = ["Prenant note du rapport,", "Rappelant le sommet tenu en 2009,"]
    got = align(output("en", en), output("fr", fr))
    assert got.pairs == []
    assert [g.refused for g in got.gaps] == [["numbers"]]


def test_a_unique_number_anchors_the_blocks_around_an_extra_one() -> None:
    en = ["The Council,", "Recalling its resolution 1325 (2000),", "Stressing the need to act,"]
    fr = ["Le Conseil,", "Profondément préoccupé,", "Rappelant sa résolution 1325 (2000),",
          "Soulignant qu'il faut agir,"]
    got = align(output("en", en), output("fr", fr))
    # 1325 (2000) pairs b2 with b3; after it, one block each: by order; before it, 1 vs 2: refused
    assert got.pairs == [("b2", "b3"), ("b3", "b4")]
    assert got.by_order == [("b3", "b4")]
    assert got.gaps == [BlockGap(after=None, before=("b2", "b3"), left=["b1"],
                                 right=["b1", "b2"], refused=["count"])]


def test_a_shared_number_that_another_block_also_carries_is_not_an_anchor() -> None:
    en = ["Recalling 2000,", "Noting 2000,"]
    fr = ["Rappelant 2000,", "Notant 2000,", "Soulignant,"]
    got = align(output("en", en), output("fr", fr))
    assert got.pairs == [] and [g.refused for g in got.gaps] == [["count"]]


def test_length_kind_and_footnote_calls_each_refuse() -> None:
    short = "Noting the report,"
    long = ("Prenant note du rapport du Secrétaire général sur la situation, des observations "
            "du Comité consultatif et de toutes les déclarations faites pendant le débat,")
    # the bodies (a paragraph each, of the same length) predict blocks of about the same length
    body = [("p1", "x" * 400)]
    got = align(output("en", [short], paragraphs=body), output("fr", [long], paragraphs=body))
    assert got.pairs == [] and got.gaps[0].refused == ["length"]
    got = align(output("en", ["Noting the report,"]), output("fr", ["« Prenant note du rapport,"]))
    assert got.pairs == [] and got.gaps[0].refused == ["kind"]
    en: list[BlockSpec] = [("Having considered the report,", [1], [], ["fn1"])]
    fr: list[BlockSpec] = [("Ayant examiné le rapport,", [1], [], [])]
    got = align(output("en", en, footnotes=[("1", "A/1.", [])]),
                output("fr", fr, footnotes=[("1", "A/1.", [])]))
    assert got.pairs == [] and got.gaps[0].refused == ["footnotes"]


def test_blocks_of_different_sections_are_never_confronted() -> None:
    headings = [(1, "I", "One"), (1, "II", "Two")]
    en: list[BlockSpec] = [("Unnumbered text of chapter one.", [1], ["I"], [])]
    fr: list[BlockSpec] = [("Texte non numéroté du chapitre deux.", [1], ["II"], [])]
    got = align(output("en", en, headings=headings), output("fr", fr, headings=headings))
    assert got.pairs == [] and got.gaps == []
    assert got.only_left == ["b1"] and got.only_right == ["b1"]


def test_pages_place_blocks_before_or_after_an_aligned_paragraph() -> None:
    # en: a block on page 1, before paragraph 1 (page 2); fr: one on page 3, after it
    paragraphs = [("p1", "text")]
    en = output("en", [("Noting the report,", [1], [], [])], paragraphs=paragraphs)
    fr = output("fr", [("Notant le rapport,", [3], [], [])], paragraphs=paragraphs)
    got = align(en, fr)
    assert got.pairs == [] and got.gaps == []
    # both before it: they pair, and a refused gap names the paragraph as its neighbour
    fr1 = output("fr", [("Notant le rapport,", [1], [], [])], paragraphs=paragraphs)
    assert align(en, fr1).pairs == [("b1", "b1")]
    en2 = output("en", [("Noting 2001,", [1], [], []), ("Done.", [3], [], [])],
                 paragraphs=paragraphs)
    fr2 = output("fr", [("Notant 2002,", [1], [], []), ("Fait.", [3], [], [])],
                 paragraphs=paragraphs)
    got2 = align(en2, fr2)
    assert got2.pairs == [("b2", "b2")]
    assert got2.gaps == [BlockGap(after=None, before=("p1", "p1"), left=["b1"], right=["b1"],
                                  refused=["numbers"])]


def _dated(doc: DocumentOutput, date: str, value: str) -> DocumentOutput:
    start = doc.blocks[0].text.index(date)
    mention = DateMention(segment="b1", span=(start, start + len(date)), text=date, value=value,
                          precision="day" if value.count("-") == 2 else "month")
    return doc.model_copy(update={"dates": [mention]})


def test_paired_blocks_are_cross_checked() -> None:
    en = _dated(output("en", ["Recalling the meeting of 12 March 2008,"]), "12 March 2008",
                "2008-03-12")
    fr = _dated(output("fr", ["Rappelant la réunion du 12 mars 2008,"]), "12 mars 2008",
                "2008-03")
    ld, rd = dig(en), dig(fr)
    paragraphs, headings = align_paragraphs(ld, rd), align_headings(ld, rd)
    blocks = align_blocks(ld, rd, paragraphs, headings)
    assert blocks.pairs == [("b1", "b1")]
    found = cross_check(ld, rd, paragraphs, align_footnotes(ld, rd), blocks)
    assert [(d.left, d.check, d.only_left, d.only_right) for d in found] == [
        ("b1", "dates", ["2008-03-12"], ["2008-03"])
    ]


def test_the_alignment_is_deterministic() -> None:
    en, fr = output("en", EN_PREAMBLE), output("fr", FR_PREAMBLE)
    assert align(en, fr).model_dump_json() == align(en, fr).model_dump_json()


# ---------------------------------------------------------------------------- dev corpus

CORPUS = Path(__file__).parent / "data" / "corpus"
PAIRS = {
    "A_RES_48_246": ("A_RES_48_246-EN.pdf", "A_RES_48_246-ES.pdf"),
    "E_ESCWA_30_8": ("E_ESCWA_30_8-AR.pdf", "E_ESCWA_30_8-EN.pdf"),
    "A_HRC_WG.6_7_ITA_1": ("A_HRC_WG.6_7_ITA_1-EN.pdf", "A_HRC_WG.6_7_ITA_1-FR.pdf"),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("align_blocks")
    for names in PAIRS.values():
        for name in names:
            write_output(process_file(CORPUS / name).output, folder)
    update_corpus_views(folder)
    return folder


def _pair(out: Path, slug: str) -> tuple[PairAlignment, dict[str, str], dict[str, str]]:
    """The pair of the group, and the block texts of its left and right versions."""
    group = SiblingGroup.model_validate_json((out / "_siblings" / f"{slug}.json").read_bytes())
    (pair,) = group.pairs
    texts = []
    for ref in (pair.left, pair.right):
        doc = DocumentOutput.model_validate_json((out / ref.path).read_bytes())
        texts.append({b.id: b.text for b in doc.blocks})
    return pair, texts[0], texts[1]


# The openings of the preamble of resolution 48/246, English → Spanish, read in the two PDFs.
RES_48_246_OPENINGS = {
    "The General Assembly,": "La Asamblea General,",
    "Having considered the report": "Habiendo examinado el informe",
    "Bearing in mind Security Council resolution 862": "Teniendo presente la resolución 862",
    "Bearing in mind also Security Council resolution 867":
        "Teniendo presente asimismo la resolución 867",
    "Bearing in mind further Security Council resolution 905":
        "Teniendo presente además la resolución 905",
    "Recalling its decision 48/477": "Recordando su decisión 48/477",
    "Reaffirming that the costs": "Reafirmando que los gastos",
    "Recalling its previous decision": "Recordando su decisión anterior",
    "Taking into account the fact": "Teniendo en cuenta que",
    "Bearing in mind the special responsibilities":
        "Teniendo presentes las responsabilidades especiales",
    "Mindful of the fact": "Consciente de que",
    "92nd plenary meeting": "92ª sesión plenaria",
}


def _opening(text: str, openings: dict[str, str]) -> str | None:
    found = [k for k in openings if text.startswith(k)]
    return max(found, key=len) if found else None


def test_the_preamble_of_resolution_48_246_pairs_with_the_spanish_one(out: Path) -> None:
    pair, en, es = _pair(out, "A_RES_48_246")
    assert (pair.left.language, pair.right.language) == ("en", "es")
    paired = {en[lid]: es[rid] for lid, rid in pair.blocks.pairs}
    # every pair is right: the Spanish block opens as the English one's translation does
    for lid, rid in pair.blocks.pairs:
        key = _opening(en[lid], RES_48_246_OPENINGS)
        assert key is not None and es[rid].startswith(RES_48_246_OPENINGS[key]), (en[lid], es[rid])
    # and these are found (numbers, footnote calls, or order between them)
    for english, spanish in [
        ("The General Assembly,", "La Asamblea General,"),
        ("Having considered the report", "Habiendo examinado el informe"),
        ("Bearing in mind Security Council resolution 862", "Teniendo presente la resolución 862"),
        ("Recalling its decision 48/477", "Recordando su decisión 48/477"),
        ("Reaffirming that the costs", "Reafirmando que los gastos"),
        ("Recalling its previous decision", "Recordando su decisión anterior"),
        ("Taking into account the fact", "Teniendo en cuenta que"),
        ("Bearing in mind the special responsibilities", "Teniendo presentes las responsabil"),
    ]:
        assert any(k.startswith(english) and v.startswith(spanish) for k, v in paired.items()), (
            english, paired)
    def evidence(opening: str) -> BlockMatch:
        (found,) = [e for e in pair.blocks.evidence if en[e.left].startswith(opening)]
        return found

    recalling = evidence("Recalling its decision 48/477")
    assert recalling.by == "numbers" and set(recalling.numbers) == {"48", "477", "23", "1993"}
    assert evidence("Having considered the report").footnotes == ["fn1", "fn2"]


def test_preambular_paragraphs_either_side_of_a_page_break_pair_one_to_one(out: Path) -> None:
    # The Spanish text prints "Teniendo presente asimismo … 867 (1993) …" at the foot of page 1
    # and "Teniendo presente además … 905 (1994) …" at the top of page 2, its first line indented
    # like every preambular paragraph: two blocks, each the translation of one English one
    pair, en, es = _pair(out, "A_RES_48_246")
    assert not [t for t in es.values() if "867 (1993)" in t and "905 (1994)" in t]
    paired = {en[lid][:27]: es[rid][:30] for lid, rid in pair.blocks.pairs}
    assert paired["Bearing in mind also Securi"] == "Teniendo presente asimismo la "
    assert paired["Bearing in mind further Sec"] == "Teniendo presente además la re"


def test_the_escwa_closing_rule_pairs_in_the_last_chapter(out: Path) -> None:
    # both versions end chapter VII (سابعا) with a centred line of five dashes
    pair, ar, en = _pair(out, "E_ESCWA_30_8")
    assert [(ar[a].strip("\u200e\u200f\u202a\u202b\u202c"), en[b]) for a, b in pair.blocks.pairs] \
        == [("-----", "-----")]
    assert pair.blocks.evidence[0].by == "order"


def test_hrc_blocks_in_different_places_are_not_paired(out: Path) -> None:
    # the French version has "a) Évolution de la société italienne" as a block under III.B.1
    # (the English one prints it as part of the heading); the English one ends with "-----"
    # after V.D, which the French one does not print: nothing to pair, no gap.
    pair, _, fr = _pair(out, "A_HRC_WG.6_7_ITA_1")
    assert pair.blocks.pairs == [] and pair.blocks.gaps == []
    assert any(fr[b].startswith("a) Évolution de la société") for b in pair.blocks.only_right)
