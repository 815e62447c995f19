"""Output names and atomic writes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pipeline.emit import remove_stale_temporaries, slug_for, write_atomic


@pytest.mark.parametrize(("symbol", "slug"), [
    ("A/63/261", "A_63_261"),                      # the contract's examples
    ("S/RES/2803 (2025)", "S_RES_2803(2025)"),
    ("A/HRC/WG.6/7/ITA/1", "A_HRC_WG.6_7_ITA_1"),
    ("../../etc", "etc"),                          # never a path outside OUT
    ("/etc/passwd", "etc_passwd"),
    ("A/../../x", "A_____x"),
    ("_index", "index"),                           # never one of the pipeline's `_` files
    (".hidden", "hidden"),
])
def test_slug(symbol: str, slug: str) -> None:
    assert slug_for(symbol, "stem") == slug


def test_slug_falls_back_to_the_stem() -> None:
    assert slug_for(None, "report 1") == "report1"
    assert slug_for("", "") == "document"


def test_atomic_write_leaves_one_readable_file(tmp_path: Path) -> None:
    target = tmp_path / "A_63_261.fr.json"
    write_atomic(target, '{"a": 1}\n')
    write_atomic(target, '{"a": 2}\n')
    assert [p.name for p in tmp_path.iterdir()] == ["A_63_261.fr.json"]
    assert target.read_text("utf-8") == '{"a": 2}\n'
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_stale_temporaries_are_removed_and_nothing_else(tmp_path: Path) -> None:
    for name in (".A_63_261.fr.json.k2j4x9.tmp", "A_63_261.fr.json", ".keep", "notes.tmp",
                 "_run_summary.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    removed = remove_stale_temporaries(tmp_path)
    assert [p.name for p in removed] == [".A_63_261.fr.json.k2j4x9.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".keep", "A_63_261.fr.json", "_run_summary.json", "notes.tmp"]
