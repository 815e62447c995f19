"""How a batch's processes start and run (issue 20): the command line decides before loading the
stages, the workers' fork server starts only when the batch will certainly use it, a text-layer
PDF never loads Tesseract's image helpers, a model that cannot load never kills its worker, and
a statistical model runs its matrices on one thread."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pipeline.cli as cli
from pipeline.extract.entities import _run_spacy
from pipeline.extract.entities.nlp import nlp_for, one_blas_thread
from pipeline.runs.preload import uses_workers
from pipeline.runs.worker import warm_up
from pipeline.stages import StageOptions

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [ROOT / "corpus" / "S_PRST_2007_24-EN.txt", ROOT / "corpus" / "A_63_261-FR.txt"]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True, timeout=120, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_command_line_loads_nothing_heavy_before_it_knows_what_to_run() -> None:
    # `docpipe process` starts the workers' fork server before the settings (pydantic) and the
    # stages are imported here
    loaded = _modules_after("import pipeline.cli")
    assert "pipeline.runs.preload" in loaded and "pipeline.out_files" in loaded
    for heavy in ("pydantic", "rich", "pipeline.models", "pipeline.runs.config",
                  "pipeline.runs.state", "pipeline.stages", "pipeline.segment",
                  "pipeline.extract", "pipeline.emit", "pipeline.runs.batch", "pebble", "spacy",
                  "numpy"):
        assert heavy not in loaded, heavy


def test_a_text_layer_pdf_is_read_without_the_ocr_helpers() -> None:
    loaded = _modules_after(
        "from pipeline.process import process_file\n"
        "process_file('tests/data/corpus/A_RES_70_10-EN.pdf')")
    assert "pipeline.ingest.pdf" in loaded
    assert "numpy" not in loaded and "PIL" not in loaded and "pipeline.ingest.ocr" not in loaded


def test_workers_are_used_for_more_than_one_document_in_parallel_or_with_a_limit() -> None:
    assert not uses_workers(1, 4, 60.0)  # one document: in the calling process
    assert not uses_workers(0, 4, None)
    assert not uses_workers(5, 1, None)  # serial without a time limit
    assert uses_workers(5, 1, 60.0)  # a time limit needs a process that can be killed
    assert uses_workers(2, 2, None)


def test_the_fork_server_starts_early_only_when_every_document_will_be_processed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for text in TEXTS:
        shutil.copy(text, corpus)
    started: list[int] = []
    monkeypatch.setattr(cli, "start_fork_server", lambda: started.append(1))
    monkeypatch.chdir(tmp_path)

    def run(*extra: str) -> int:
        return cli.main(["process", str(corpus), "--out", str(out), "--concurrency", "2",
                         *extra])

    assert run() == 0 and started == [1]  # a first run: both documents, in workers
    assert run() == 0 and started == [1]  # nothing changed: nothing started
    assert run("--force") == 0 and started == [1, 1]
    assert run("--force", "--concurrency", "1") == 0 and started == [1, 1]  # in this process
    one = tmp_path / "one.txt"
    shutil.copy(TEXTS[0], one)
    assert cli.main(["process", str(one), "--out", str(tmp_path / "out1")]) == 0
    assert started == [1, 1]  # a single file: in this process


def frozen(_: object = None) -> int:
    """A worker function: the objects the garbage collector no longer walks."""
    import gc

    return gc.get_freeze_count()


def test_a_worker_keeps_what_it_inherited_out_of_the_collectors_way() -> None:
    from pipeline.runs.pool import collect, submit, worker_pool
    from pipeline.runs.worker import init_worker

    with worker_pool(1, init_worker, (None, None, False), start="spawn") as pool:
        count = collect(submit(pool, frozen, None))
    assert isinstance(count, int) and count > 10_000  # the modules' objects, frozen at start


def test_a_model_that_cannot_load_leaves_its_worker_alive() -> None:
    # an initializer that raised would have pebble start the worker again and again
    options = StageOptions(languages=("fr",), models={"fr": "xx_no_such_model"})
    warm_up(options)  # no exception: the document that needs it reports it
    with pytest.raises(Exception, match="xx_no_such_model"):
        nlp_for("fr", "xx_no_such_model")


def test_a_statistical_model_runs_with_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadpoolctl import threadpool_info

    nlp = nlp_for("fr")

    def blas_threads() -> list[int]:
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = blas_threads()
    assert before, "spaCy's numpy has a BLAS library"
    with one_blas_thread():
        assert blas_threads() == [1] * len(before)
    assert blas_threads() == before  # put back

    seen: list[list[int]] = []
    real_pipe = type(nlp).pipe

    def pipe(self: Any, texts: Any, **kw: Any) -> Any:
        seen.append(blas_threads())
        return real_pipe(self, texts, **kw)

    monkeypatch.setattr(type(nlp), "pipe", pipe)
    views = _run_spacy(["M. Ban Ki-moon s'est rendu à Genève."], "fr", None)
    assert seen and all(threads == [1] * len(before) for threads in seen)
    assert views[0].ents  # the model ran
