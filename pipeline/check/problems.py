"""What a check found wrong: a message, and the segment where it was seen."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    message: str
    segment: str | None = None
