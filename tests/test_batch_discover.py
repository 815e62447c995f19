"""Discovery of a corpus folder: recursive, deterministic, only documents, no link loops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.runs.discover import discover, scan


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


def test_links_leaving_the_corpus_are_refused_unless_configured(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    _touch(elsewhere, "linked.txt")
    corpus = tmp_path / "corpus"
    _touch(corpus, "own.txt")
    _touch(corpus, "sub/inner.txt")
    os.symlink(elsewhere, corpus / "more")  # a folder outside
    os.symlink("/proc/self/environ", corpus / "environ.txt")  # secrets outside
    os.symlink("/", corpus / "root")  # the whole machine
    os.symlink(corpus / "sub", corpus / "again")  # inside: followed (same files, listed once)
    os.symlink(corpus / "own.txt", corpus / "alias.txt")  # inside, a file reached twice
    found = scan(corpus)
    # each file once, under its first path in sorted order
    assert [p.relative_to(corpus).as_posix() for p in found.documents] == [
        "again/inner.txt", "alias.txt"]
    assert [(r.path.relative_to(corpus).as_posix(), r.reason) for r in found.refused] == [
        ("environ.txt", "link-outside-corpus"), ("more", "link-outside-corpus"),
        ("root", "link-outside-corpus")]
    (corpus / "root").unlink()
    (corpus / "environ.txt").unlink()
    anywhere = [p.relative_to(corpus).as_posix()
                for p in discover(corpus, ["*.txt"], links="anywhere")]
    assert "more/linked.txt" in anywhere


def test_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    _touch(tmp_path, "real.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    found = scan(tmp_path)
    assert [p.name for p in found.documents] == ["real.txt"]
    assert [(r.path.name, r.reason) for r in found.refused] == [
        ("pipe.txt", "not-a-regular-file")]
