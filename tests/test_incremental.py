"""Incremental runs: unchanged inputs are skipped, changed ones run again, deleted ones lose
their output; only what the state recorded is ever removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline.runs.worker
from pipeline.models import RunSummary
from pipeline.runs.batch import run_batch
from pipeline.runs.config import Settings
from pipeline.runs.discover import discover
from pipeline.runs.state import STATE_NAME, RunState, next_state, remove_outputs
from tests.test_batch_run import fake_run_stages

INLINE = Settings(concurrency=1, time_limit_seconds=None)


@pytest.fixture(autouse=True)
def _fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.runs.worker, "run_stages", fake_run_stages)


def _run(corpus: Path, out: Path, settings: Settings = INLINE) -> dict[str, tuple[str, str | None]]:
    summary = run_batch(discover(corpus), out, settings=settings, roots=[corpus])
    return {
        Path(r.input).name: (r.status, r.reason or (r.error.code if r.error else None))
        for r in summary.documents
    }


def test_second_run_skips_unchanged_and_reruns_changed(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A/63/261 fr", encoding="utf-8")
    (corpus / "b.txt").write_text("S/PRST/2007/24 en", encoding="utf-8")
    (corpus / "c.txt").write_text("", encoding="utf-8")
    assert _run(corpus, out) == {
        "a.txt": ("ok", None), "b.txt": ("ok", None), "c.txt": ("failed", "empty-input"),
    }
    assert _run(corpus, out) == {
        "a.txt": ("skipped", "unchanged"), "b.txt": ("skipped", "unchanged"),
        "c.txt": ("failed", "empty-input"),  # a failed input is tried again
    }
    summary = RunSummary.model_validate_json((out / "_run_summary.json").read_bytes())
    assert summary.documents[0].output == str(out / "A_63_261.fr.json")

    (corpus / "b.txt").write_text("S/PRST/2007/25 en", encoding="utf-8")  # changed bytes
    (corpus / "a.txt.meta.yaml").write_text("document: {}\n", encoding="utf-8")  # new sidecar
    assert _run(corpus, out) == {
        "a.txt": ("ok", None), "b.txt": ("ok", None), "c.txt": ("failed", "empty-input"),
    }
    # b's output name changed with its symbol: the old file is gone, the new one is there
    assert sorted(p.name for p in out.glob("*.json") if not p.name.startswith("_")) == [
        "A_63_261.fr.json", "S_PRST_2007_25.en.json",
    ]


def test_a_changed_configuration_or_a_missing_output_reruns(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A/63/261 fr", encoding="utf-8")
    _run(corpus, out)
    no_dates = INLINE.model_copy(update={"stages": INLINE.stages.model_copy(
        update={"dates": False})})
    assert _run(corpus, out, no_dates) == {"a.txt": ("ok", None)}
    assert _run(corpus, out, no_dates) == {"a.txt": ("skipped", "unchanged")}
    (out / "A_63_261.fr.json").unlink()
    assert _run(corpus, out, no_dates) == {"a.txt": ("ok", None)}
    forced = no_dates.model_copy(update={"incremental": False})
    assert _run(corpus, out, forced) == {"a.txt": ("ok", None)}


def test_deleted_input_loses_its_output_and_nothing_else(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("A/63/261 fr", encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text("S/PRST/2007/24 en", encoding="utf-8")
    _run(corpus, out)
    (out / "notes.json").write_text("{}", encoding="utf-8")  # not ours: never touched
    (corpus / "sub" / "b.txt").unlink()
    assert _run(corpus, out) == {"a.txt": ("skipped", "unchanged")}
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(("_", "."))) == [
        "A_63_261.fr.json", "notes.json",
    ]
    state = json.loads((out / STATE_NAME).read_text(encoding="utf-8"))
    assert [Path(k).name for k in state["entries"]] == ["a.txt"]


def test_a_run_over_other_inputs_keeps_the_outputs_of_the_first(tmp_path: Path) -> None:
    one, two, out = tmp_path / "one", tmp_path / "two", tmp_path / "out"
    one.mkdir()
    two.mkdir()
    (one / "a.txt").write_text("A/63/261 fr", encoding="utf-8")
    (two / "b.txt").write_text("S/PRST/2007/24 en", encoding="utf-8")
    _run(one, out)
    _run(two, out)  # a.txt is outside this run's folder: not deleted
    assert (out / "A_63_261.fr.json").is_file() and (out / "S_PRST_2007_24.en.json").is_file()
    assert _run(one, out) == {"a.txt": ("skipped", "unchanged")}


def test_state_only_removes_plain_names_inside_out(tmp_path: Path) -> None:
    victim = tmp_path / "victim.json"
    victim.write_text("{}", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert remove_outputs(["../victim.json", str(victim), "_state.json", ""], out) == []
    assert victim.is_file()


def test_corrupt_state_means_a_full_run(tmp_path: Path) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A/63/261 fr", encoding="utf-8")
    _run(corpus, out)
    (out / STATE_NAME).write_text("{not json", encoding="utf-8")
    assert _run(corpus, out) == {"a.txt": ("ok", None)}


def test_next_state_keeps_failed_and_out_of_scope_entries() -> None:
    from pipeline.runs.state import StateEntry

    def entry(name: str) -> StateEntry:
        return StateEntry(sha256="1", sidecar_sha256=None, fingerprint="f", output=name)

    old = RunState(entries={
        "/c/a.txt": entry("a.json"), "/c/b.txt": entry("b.json"),
        "/c/gone.txt": entry("gone.json"), "/d/x.txt": entry("x.json"),
    })
    after = next_state(old, {"/c/a.txt": entry("a2.json")}, ["/c/b.txt"], [Path("/c")])
    assert sorted(after.state.entries) == ["/c/a.txt", "/c/b.txt", "/d/x.txt"]
    assert list(after.vanished) == ["/c/gone.txt"]  # an input gone: the pruning rule decides
    assert after.superseded == ["a.json"]  # written under a new name: always removed
    assert sorted(after.keeping_vanished().entries) == [
        "/c/a.txt", "/c/b.txt", "/c/gone.txt", "/d/x.txt"]
