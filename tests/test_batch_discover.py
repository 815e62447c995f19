"""Discovery of a corpus folder: recursive, deterministic, only documents, no link loops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.runs.discover import discover


def _touch(root: Path, rel: str, text: str = "x") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    for rel in [
        "b/S_2012_197-EN.pdf", "a/z.txt", "A_63_261-FR.txt", "a/sub/deep.PDF",
        "A_63_261-FR.txt.meta.yaml", "a/notes.meta.yaml", "README.md", "data.json",
        ".hidden.txt", ".git/objects.txt", "_run_summary.json", "_out/x.en.json",
        "_out/copy.txt",
    ]:
        _touch(tmp_path, rel)
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["A_63_261-FR.txt", "a/sub/deep.PDF", "a/z.txt", "b/S_2012_197-EN.pdf"]


def test_paths_keep_the_root_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _touch(tmp_path, "corpus/one.txt")
    monkeypatch.chdir(tmp_path)
    assert discover(Path("corpus")) == [Path("corpus/one.txt")]


def test_a_file_root_is_itself(tmp_path: Path) -> None:
    path = _touch(tmp_path, "one.txt")
    assert discover(path) == [path]


def test_missing_root_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        discover(tmp_path / "nope")


def test_empty_folder_gives_nothing(tmp_path: Path) -> None:
    assert discover(tmp_path) == []


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    _touch(tmp_path, "a/doc.txt")
    os.symlink(tmp_path, tmp_path / "a" / "loop")  # a/loop -> root: a cycle
    os.symlink(tmp_path / "a" / "doc.txt", tmp_path / "alias.txt")  # same file twice
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["a/doc.txt"]


def test_linked_folder_is_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    _touch(elsewhere, "linked.txt")
    corpus = tmp_path / "corpus"
    _touch(corpus, "own.txt")
    os.symlink(elsewhere, corpus / "more")
    found = [p.relative_to(corpus).as_posix() for p in discover(corpus)]
    assert found == ["more/linked.txt", "own.txt"]
