"""Identity and dates checks: what the document is, and when."""

from __future__ import annotations

import re

from pipeline.check.kinds import is_parliamentary
from pipeline.check.problems import Problem
from pipeline.models import DocumentOutput

FIRST_YEAR = 1945  # the United Nations' documents start here
LAST_YEAR = 2100  # beyond it a year is misread (`8102` for 2018), whatever today's date
MAX_TITLE_CHARS = 400
_LETTER = re.compile(r"[^\W\d_]")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_MONTH_OR_YEAR = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def identity_problems(doc: DocumentOutput) -> list[Problem]:
    info = doc.document
    problems: list[Problem] = []
    if not info.symbol:
        problems.append(Problem("no symbol"))
    if not info.language:
        problems.append(Problem("no language"))
    if not info.body:
        problems.append(Problem("no issuing organ"))
    title = (info.title or "").strip()
    if not title:
        problems.append(Problem("no title"))
    elif len(_LETTER.findall(title)) < 3:
        problems.append(Problem(f"the title {title[:40]!r} has no words"))
    elif len(title) > MAX_TITLE_CHARS:
        problems.append(Problem(f"the title runs to {len(title)} characters"))
    return problems


def _plausible(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def date_problems(doc: DocumentOutput) -> list[Problem]:
    problems: list[Problem] = []
    value = doc.document.date
    # a masthead dates its document to the day; a publication may give only its year
    complete = _DAY if is_parliamentary(doc) else _DAY_MONTH_OR_YEAR
    if not value:
        problems.append(Problem("no date"))
    elif not complete.fullmatch(value):
        problems.append(Problem(f"the date {value!r} is not complete"))
    elif not _plausible(int(value[:4])):
        problems.append(Problem(f"the date {value} is not plausible"))
    for mention in doc.dates:
        years = [int(y) for y in _YEAR.findall(mention.value or "")]
        bad = [y for y in years if not 1000 <= y <= LAST_YEAR]
        if bad:
            problems.append(Problem(f"date {mention.text!r} has year {bad[0]}", mention.segment))
    return problems
