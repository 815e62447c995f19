"""Shared fixtures. Keep this small: one Prefect test harness per session, nothing else heavy."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """The tests keep docpipe's user cache (compiled patterns, jieba's dictionary) inside the
    project's pytest cache, never in the home folder."""
    os.environ["DOCPIPE_CACHE"] = str(Path(config.rootpath) / ".pytest_cache" / "docpipe")


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """Prefect on a temporary SQLite database (costs ~13 s): use it at most once per session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield
