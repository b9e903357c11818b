"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from httpserver import HTTPTestServer


@pytest.fixture
def http_server() -> Iterator[HTTPTestServer]:
    """A real HTTP server on 127.0.0.1, routes programmed by the test (see tests/httpserver.py)."""
    with HTTPTestServer() as server:
        yield server
