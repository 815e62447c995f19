"""House rule: ``pipeline/`` never imports Prefect; only ``flows/`` does.

The one bridge is ``pipeline/cli.py``: ``docpipe run`` imports ``flows`` inside its function,
so importing any ``pipeline`` module never loads Prefect.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "pipeline"
CLI = PIPELINE / "cli.py"


def _imports(tree: ast.AST) -> list[tuple[str, ast.Import | ast.ImportFrom]]:
    found: list[tuple[str, ast.Import | ast.ImportFrom]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node))
    return found


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def _module_level(tree: ast.Module) -> set[int]:
    """ids of the import nodes that run when the module is imported (not inside a function)."""
    ids: set[int] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            ids.add(id(node))
        stack.extend(ast.iter_child_nodes(node))
    return ids


def test_no_module_under_pipeline_imports_prefect() -> None:
    files = sorted(PIPELINE.rglob("*.py"))
    assert len(files) > 10, "the walk found the package"
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"
        for path in files
        for name, node in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if _top(name) == "prefect"
    ]
    assert offenders == []


def test_only_the_cli_reaches_flows_and_only_lazily() -> None:
    offenders: list[str] = []
    for path in sorted(PIPELINE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        eager = _module_level(tree)
        for name, node in _imports(tree):
            if _top(name) != "flows":
                continue
            if path != CLI or id(node) in eager:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_the_cli_does_reach_the_flow() -> None:
    """The lazy import above is real (so the previous test is not vacuous)."""
    names = {name for name, _ in _imports(ast.parse(CLI.read_text(encoding="utf-8")))}
    assert "flows.batch" in names


def test_importing_pipeline_does_not_load_prefect() -> None:
    code = (
        "import json, sys\n"
        "import pipeline, pipeline.cli, pipeline.process, pipeline.runs.batch\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('prefect', 'flows'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []


def test_flows_do_import_prefect() -> None:
    names = {
        _top(name)
        for path in (ROOT / "flows").rglob("*.py")
        for name, _ in _imports(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert "prefect" in names


def test_the_stages_are_packages_and_few_modules_stay_at_the_top() -> None:
    for stage in ("ingest", "language", "segment", "extract", "emit"):
        assert (PIPELINE / stage / "__init__.py").is_file(), stage
    for kind in ("symbols", "references", "dates", "entities"):
        assert (PIPELINE / "extract" / kind / "__init__.py").is_file(), kind
    top = sorted(p.name for p in PIPELINE.glob("*.py"))
    assert len(top) <= 10, top


def test_one_registry_of_mention_kinds() -> None:
    from pipeline.extract import EXTRACTORS
    from pipeline.models import MENTION_KINDS, DocumentOutput, Mentions
    from pipeline.runs.config import Stages

    assert tuple(EXTRACTORS) == MENTION_KINDS
    assert tuple(k for k in Mentions.model_fields if k != "issues") == MENTION_KINDS
    assert tuple(Stages.model_fields) == MENTION_KINDS
    assert set(MENTION_KINDS) <= set(DocumentOutput.model_fields)


def test_one_list_of_the_six_languages() -> None:
    """Only pipeline/languages.py spells out the six codes as a list."""
    spelled = [
        p.relative_to(ROOT).as_posix() for p in PIPELINE.rglob("*.py")
        if '"ar", "en", "es", "fr", "ru", "zh"' in p.read_text(encoding="utf-8")
    ]
    assert spelled == ["pipeline/languages.py"]
