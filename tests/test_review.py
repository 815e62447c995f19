"""The review page (``docpipe view``): its markup, then the pages of every development-corpus
document and of sibling pairs loaded in a real browser (headless Chromium through selenium),
with what the browser shows counted against the JSON (issue 19)."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.corpus import align_pair
from pipeline.corpus.digest import digest
from pipeline.document_lists import mention_lists, segment_lists, singular
from pipeline.emit import output_name
from pipeline.models import DocumentOutput
from pipeline.review import ReviewError, render_review, write_review
from pipeline.review.markup import Mark, marked_html
from tests.golden import GOLDEN

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1400,1600")


# ---------------------------------------------------------------------------- markup


def _strip(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_marks_nest_and_the_text_comes_back_whole() -> None:
    text = "See resolution 1373 (2001) of 28 September 2001 <here> & there"
    marks = [Mark(4, 26, "span", ("m",), (("data-m", "reference-0"),)),
             Mark(15, 26, "span", ("m",), (("data-m", "symbol-0"),)),
             Mark(30, 47, "span", ("m",), (("data-m", "date-0"),))]
    html = str(marked_html(text, marks))
    assert _strip(html) == text
    assert html.count('data-m="reference-0"') == 1 and html.count('data-m="symbol-0"') == 1
    # the symbol is inside the reference: opened after it, closed before it
    assert html.index("reference-0") < html.index("symbol-0")
    assert "&lt;here&gt; &amp; there" in html


def test_a_crossing_mark_is_cut_in_two_and_a_link_never_opens_inside_a_link() -> None:
    text = "paragraphs 26 to 30 above¹"
    marks = [Mark(0, 19, "a", ("ref",), (("href", "#s-p26"),)),
             Mark(11, 25, "span", ("m",), (("data-m", "date-0"),)),
             Mark(18, 26, "a", ("call",), (("href", "#s-fn1"),))]
    html = str(marked_html(text, marks))
    assert _strip(html) == text
    assert html.count('data-m="date-0"') == 2  # cut where the link closes
    # the call is a span (with data-href) where it lies inside the first link, a link after it
    assert html.count('<a class="ref"') == 1
    assert (html.index('data-href="#s-fn1"') < html.index("</a>")
            < html.index('<a class="call" href="#s-fn1"'))


def test_marks_out_of_range_or_empty_are_not_drawn() -> None:
    assert str(marked_html("abc", [Mark(2, 2), Mark(1, 9)])) == "abc"


# ---------------------------------------------------------------------------- pages


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The development corpus's outputs (its golden JSON), under their output names."""
    out = tmp_path_factory.mktemp("review-out")
    for path in sorted((GOLDEN / "corpus").glob("*.json")):
        doc = DocumentOutput.model_validate_json(path.read_bytes())
        (out / output_name(doc)).write_bytes(path.read_bytes())
    return out


def _docs(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*.json") if not p.name.startswith("_"))


def test_view_writes_a_self_contained_page_beside_the_json(corpus_out: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    doc = corpus_out / "S_PRST_2007_24.en.json"
    assert main(["view", str(doc)]) == 0
    page = corpus_out / "S_PRST_2007_24.en.html"
    assert capsys.readouterr().out == f"{page}\n"
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "<link" not in html and "src=" not in html  # nothing loaded from elsewhere


def test_view_errors_are_usage_errors(corpus_out: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["view", str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    assert main(["view", str(tmp_path / "x.json")]) == 2
    assert "not a docpipe document" in capsys.readouterr().err
    with pytest.raises(ReviewError, match="no other language version"):
        write_review(corpus_out / "S_PRST_2007_24.en.json", tmp_path / "p.html", siblings="")


def test_page_is_deterministic(corpus_out: Path) -> None:
    doc = DocumentOutput.model_validate_json((corpus_out / "A_63_261.fr.json").read_bytes())
    assert render_review(doc, "A_63_261.fr.json") == render_review(doc, "A_63_261.fr.json")


# ---------------------------------------------------------------------------- in a browser

_PROBE = """
const marks = {};
for (const e of document.querySelectorAll('[data-m]')) {
  if (!(e.dataset.m in marks)) marks[e.dataset.m] = e.getAttribute('title');
}
const segs = [...document.querySelectorAll('.seg')].map(e => e.id);
const links = [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'));
const broken = links.filter(h => !document.getElementById(decodeURIComponent(h.slice(1))));
const calls = {};
for (const a of document.querySelectorAll('a.call')) {
  const seg = a.closest('.seg').id;
  (calls[a.dataset.note] = calls[a.dataset.note] || []).push(seg);
}
const refs = [...document.querySelectorAll('a.ref')].map(a => [a.dataset.m, a.dataset.target]);
const issues = [...document.querySelectorAll('li.issue')].map(li => [li.dataset.code,
  li.dataset.segment || null, li.closest('.seg') ? li.closest('.seg').id : null]);
const cols = [...document.querySelectorAll('.col')].map(c => [c.lang, getComputedStyle(c).direction,
  getComputedStyle(c).textAlign]);
const rows = [...document.querySelectorAll('.row.aligned')].map(r => [r.dataset.how,
  ...[...r.querySelectorAll(':scope > .col')].map(c => c.querySelector('.seg').id)]);
const article = document.querySelector('article.doc');
return {marks, segs, links, broken, calls, refs, issues, cols, rows,
        direction: article ? getComputedStyle(article).direction : null,
        tables: document.querySelectorAll('figure.table table').length};
"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots are kept (the test run's temporary folder: pytest keeps the last
    three runs')."""
    return tmp_path_factory.mktemp("review-screenshots")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium and chromedriver are not installed")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in BROWSER_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="docpipe-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _load(browser: Any, page: Path, shots: Path) -> dict[str, Any]:
    browser.get(page.resolve().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    browser.save_screenshot(str(shots / f"{page.stem}.png"))
    found: dict[str, Any] = browser.execute_script(_PROBE)
    return found


def _expected_marks(doc: DocumentOutput) -> dict[str, Any]:
    return {f"{singular(name)}-{i}": m for name, items in mention_lists(doc)
            for i, m in enumerate(items)}


def _check_document(doc: DocumentOutput, found: dict[str, Any], prefix: str) -> None:
    ids = [s.id for _, items in segment_lists(doc) for s in items]
    order = {s.id: s.reading_order for _, items in segment_lists(doc) for s in items}
    shown = [s[len(prefix):] for s in found["segs"] if s.startswith(prefix)]
    # every segment once, in reading order
    assert sorted(shown) == sorted(ids)
    assert shown == sorted(shown, key=lambda s: order[s])
    # every mention highlighted, each with its normalised values on hover
    marks = {k[len(prefix):]: v for k, v in found["marks"].items() if k.startswith(prefix)}
    expected = _expected_marks(doc)
    assert set(marks) == set(expected)
    for key, mention in expected.items():
        title = marks[key]
        assert title.splitlines()[0] == key.split("-")[0]
        for value in ("symbol", "value", "label", "kind", "key"):
            if getattr(mention, value, None):
                assert f"{value}: {getattr(mention, value)}" in title, (key, title)
    # internal references with a target in the document are links to it
    internal = {f"reference-{i}": r.targets for i, r in enumerate(doc.references)
                if any(t in order for t in r.targets)}
    links = {m[len(prefix):]: t for m, t in found["refs"] if m.startswith(prefix)}
    assert set(links) == set(internal)
    assert all(t in internal[m] for m, t in links.items())
    # note calls: each note is called, by link, from exactly the segments of its cited_in
    for note in doc.footnotes:
        callers = {s[len(prefix):] for s in found["calls"].get(note.id, [])}
        assert callers == set(note.cited_in) - {note.id}, note.id
    # no link points nowhere
    assert found["broken"] == []
    # every issue is shown, on its segment when it has one
    assert len(found["issues"]) >= len(doc.issues)


@pytest.mark.parametrize("name", [p.name for p in sorted((GOLDEN / "corpus").glob("*.json"))])
def test_every_corpus_dev_document_opens_in_the_browser(
    name: str, corpus_out: Path, browser: Any, shots: Path
) -> None:
    doc = DocumentOutput.model_validate_json((GOLDEN / "corpus" / name).read_bytes())
    json_path = corpus_out / output_name(doc)
    page = write_review(json_path, corpus_out / f"{json_path.stem}.html")
    assert page is not None
    found = _load(browser, page, shots)
    _check_document(doc, found, "s-")
    issues = [(code, seg) for code, seg, _ in found["issues"]]
    assert sorted(issues, key=str) == sorted(((i.code, i.segment) for i in doc.issues), key=str)
    for _code, seg, inside in found["issues"]:
        if seg is not None and seg in {s for s in found["segs"]}:
            assert inside == f"s-{seg}"
    assert found["direction"] == ("rtl" if doc.document.language == "ar" else "ltr")
    assert (shots / f"{page.stem}.png").stat().st_size > 10_000


@pytest.mark.parametrize(("left", "right", "paragraphs"), [
    # English against Arabic: the right column reads right to left; both versions number their
    # paragraphs 1 to 39 (table of contents: "VIII. Next steps 38-39")
    ("E_ESCWA_30_8.en.json", "ar", 39),
    # French against English, the French given first: its column is the left one
    ("A_HRC_WG.6_7_ITA_1.fr.json", "en", 138),
])
def test_sibling_pages_put_aligned_segments_side_by_side(
    left: str, right: str, paragraphs: int, corpus_out: Path, browser: Any, shots: Path
) -> None:
    path = corpus_out / left
    page = write_review(path, corpus_out / f"{path.stem}-{right}.html", siblings=right)
    assert page is not None
    found = _load(browser, page, shots)
    one = DocumentOutput.model_validate_json(path.read_bytes())
    other_path = corpus_out / left.replace(f".{one.document.language}.", f".{right}.")
    other = DocumentOutput.model_validate_json(other_path.read_bytes())
    _check_document(one, found, "a-")
    _check_document(other, found, "b-")
    # the columns: the document given on the left, each in its language's direction
    assert found["cols"][0][0] == one.document.language
    for lang, direction, align in found["cols"]:
        assert direction == ("rtl" if lang == "ar" else "ltr")
        assert align in (("right", "start") if lang == "ar" else ("left", "start"))
    # every row drawn as aligned is a pair of the corpus alignment, and every pair of
    # paragraphs (by number) is drawn
    pairs = align_pair(digest(one, "l"), digest(other, "r"))
    allowed = {(a, b) for name in ("paragraphs", "footnotes", "headings", "blocks")
               for a, b in getattr(pairs, name).pairs}
    drawn = {(lid[2:], rid[2:]) for _how, lid, rid in found["rows"]}
    assert drawn <= allowed
    assert set(pairs.paragraphs.pairs) <= drawn
    assert len(pairs.paragraphs.pairs) == paragraphs
