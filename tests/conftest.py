"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pgtest
import pytest
from httpserver import HTTPTestServer

# Every test server listens on loopback, which Watcher refuses to fetch unless allowed
# (watcher/fetch/network.py); the tests of that refusal take this allowance away again.
LOOPBACK = "127.0.0.0/8,::1/128"

# The fixtures through which a test reaches its database: under WATCHER_TEST_POSTGRES a test
# marked `database` without one of them is skipped, since it would only test SQLite again.
DATABASE_FIXTURES = {"database_url", "new_database", "module_database_url"}


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


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Makes new, empty databases: `new_database("name")` is a URL (see tests/pgtest.py)."""
    with ExitStack() as stack:
        yield lambda name="w": stack.enter_context(pgtest.new_database(tmp_path, name))


@pytest.fixture
def database_url(new_database: Callable[[str], str]) -> str:
    """The SQLAlchemy URL of a new, empty database: SQLite in `tmp_path`, or a database of
    its own on the PostgreSQL server named by WATCHER_TEST_POSTGRES."""
    return new_database("w")


@pytest.fixture(scope="module")
def module_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like `database_url`, for a module whose tests share one database (filled once)."""
    with pgtest.new_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that takes a database fixture is a `database` test whether marked or not.

    Under WATCHER_TEST_POSTGRES, `sqlite_only` tests are skipped, and so is a test marked
    `database` that takes no database fixture: it cannot reach PostgreSQL, and must not pass
    in the PostgreSQL run for what it did on SQLite (the SQLite run has it).
    """
    on_postgres = pgtest.server() is not None
    sqlite_only = pytest.mark.skip(reason="SQLite's own behaviour: not tested on PostgreSQL")
    unreached = pytest.mark.skip(
        reason=f"marked `database` but takes none of {sorted(DATABASE_FIXTURES)}: "
        "it cannot reach PostgreSQL"
    )
    for item in items:
        uses = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if uses:
            item.add_marker(pytest.mark.database)
        if not on_postgres:
            continue
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(sqlite_only)
        elif item.get_closest_marker("database") and not uses:
            item.add_marker(unreached)
