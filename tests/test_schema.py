"""The committed JSON Schema is the one the models generate, and it says what the contract says."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from pipeline.models import SCHEMA_VERSION, DocumentOutput
from pipeline.schema import COMMITTED_SCHEMA, schema_text

# the contract's keys, and the project's own additions (`doc_id`, `furniture`, `parts`)
CONTRACT_TOP_LEVEL = [
    "schema_name", "schema_version", "doc_id", "source", "document", "toc", "front", "headings",
    "paragraphs", "blocks", "footnotes", "tables", "parts", "furniture", "symbols", "references",
    "dates", "entities", "issues",
]
CONTRACT_DOCUMENT = [
    "symbol", "symbols", "language", "language_confidence", "original_language", "body",
    "distribution", "date", "session", "agenda_items", "title",
]


def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


def test_committed_schema_matches_the_models() -> None:
    committed = COMMITTED_SCHEMA.read_text(encoding="utf-8")
    assert committed == schema_text(), (
        "pipeline/schema/docpipe.schema.json is out of date with pipeline/models.py: "
        "run `make schema` and commit the result"
    )


def test_schema_text_is_deterministic() -> None:
    assert schema_text() == schema_text()


def test_schema_is_valid_draft_2020_12() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(SCHEMA_VERSION)
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_contract_key_is_required_and_nothing_else_allowed() -> None:
    schema = _schema()
    assert schema["required"] == CONTRACT_TOP_LEVEL
    assert schema["additionalProperties"] is False
    info = schema["$defs"]["DocumentInfo"]
    assert info["required"] == CONTRACT_DOCUMENT


def _minimal() -> dict[str, Any]:
    doc = DocumentOutput.model_validate(
        {
            "source": {"path": "x.txt", "sha256": "0" * 64, "format": "text", "pages": None},
            "document": dict.fromkeys(CONTRACT_DOCUMENT)
            | {"symbols": [], "agenda_items": []},
            **{k: [] for k in CONTRACT_TOP_LEVEL[5:]},
        }
    )
    dumped: dict[str, Any] = json.loads(doc.model_dump_json())
    return dumped


def test_a_serialized_document_validates_and_a_missing_key_does_not() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    good = _minimal()
    assert list(validator.iter_errors(good)) == []
    missing = {k: v for k, v in good.items() if k != "issues"}
    assert not validator.is_valid(missing)
    extra = good | {"surprise": 1}
    assert not validator.is_valid(extra)
    bad_id = good | {"headings": [{"id": "x1", "level": 1, "label": None, "title": "T",
                                   "pages": []}]}
    assert not validator.is_valid(bad_id)


def _with_paragraph(pid: str) -> dict[str, Any]:
    return _minimal() | {"paragraphs": [{"id": pid, "reading_order": 1, "number": 3,
                                         "section_path": [], "text": "T", "pages": [],
                                         "footnote_refs": [], "speaker": None}]}


def test_paragraph_and_note_ids_name_their_part() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    for good in ("p3", "p3-2", "annex1.p3", "res2.p3", "dec1.p3-2", "part4.p3"):
        assert validator.is_valid(_with_paragraph(good)), good
    for bad in ("annex.p3", "annex0.p3", "appendix1.p3", "annex1p3", "annex1.annex2.p3"):
        assert not validator.is_valid(_with_paragraph(bad)), bad
    note: dict[str, Any] = {"id": "annex1.fn3", "reading_order": 1, "marker": "3", "text": "T",
                            "page": None, "cited_in": []}
    assert validator.is_valid(_minimal() | {"footnotes": [note]})
    assert not validator.is_valid(_minimal() | {"footnotes": [note | {"id": "annex1.f3"}]})
    part = {"id": "annex1", "kind": "annex", "heading": "h4", "section": None}
    assert validator.is_valid(_minimal() | {"parts": [part]})
    assert not validator.is_valid(_minimal() | {"parts": [part | {"kind": "appendix"}]})
