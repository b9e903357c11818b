"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from httpserver import HTTPTestServer

# Every test server listens on loopback, which Watcher refuses to fetch unless allowed
# (watcher/fetch/network.py); the tests of that refusal take this allowance away again.
LOOPBACK = "127.0.0.0/8,::1/128"


@pytest.fixture(autouse=True, scope="session")
def allow_loopback() -> Iterator[None]:
    """WATCHER_ALLOW_NETWORKS allows loopback for every test (and the processes it starts),
    from the start of the session: module-scoped fetchers and browsers are built with it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WATCHER_ALLOW_NETWORKS", LOOPBACK)
        yield


@pytest.fixture
def http_server() -> Iterator[HTTPTestServer]:
    """A real HTTP server on 127.0.0.1, routes programmed by the test (see tests/httpserver.py)."""
    with HTTPTestServer() as server:
        yield server
