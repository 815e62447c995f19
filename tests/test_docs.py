"""The README and docs/ stay short, current and consistent with the code."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.codes import ErrorCode, IssueCode, SkipReason

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# kebab-case names in the docs that are not codes: Prefect objects, packages, examples
OTHER_NAMES = {
    "docpipe-batch", "docpipe-scheduled", "docpipe-run-summary", "docpipe-run-report",
    "prefect-dask", "ci-dessus", "p14-2", "agenda-heading", "agenda-title", "list-item",
}
_KEBAB = re.compile(r"`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_the_readme_is_short() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 200


def test_every_code_named_in_the_docs_is_catalogued() -> None:
    """A code a page names is one of pipeline/codes.py (no stale or invented code)."""
    codes = {c.value for c in (*IssueCode, *ErrorCode, *SkipReason)}
    named: dict[str, set[str]] = {}
    for page in PAGES:
        for token in _KEBAB.findall(page.read_text(encoding="utf-8")):
            named.setdefault(token, set()).add(page.name)
    unknown = {t: sorted(p) for t, p in named.items() if t not in codes | OTHER_NAMES}
    assert unknown == {}
    assert len(set(named) & codes) >= 10, "the scan found the codes the docs name"


def test_links_between_pages_resolve() -> None:
    broken: list[str] = []
    for page in PAGES:
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # an external address
            path, _, anchor = target.partition("#")
            dest = (page.parent / path).resolve() if path else page
            if not dest.exists():
                broken.append(f"{page.name}: {target}")
                continue
            if anchor and dest.suffix == ".md":
                headings = re.findall(r"^#+ (.+)$", dest.read_text(encoding="utf-8"), re.M)
                if anchor not in {_slug(h) for h in headings}:
                    broken.append(f"{page.name}: {target} (no such heading)")
    assert broken == []
