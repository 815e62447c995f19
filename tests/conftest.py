"""Shared fixtures. Keep this small: one Prefect test harness per session, nothing else heavy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """Prefect on a temporary SQLite database (costs ~13 s): use it at most once per session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield
