"""The database the tests of the store run on: SQLite by default, PostgreSQL when asked.

WATCHER_TEST_POSTGRES holds the SQLAlchemy URL of a PostgreSQL server the tests may create
databases on (`postgresql+psycopg://user@host:port/postgres`; tests/run starts one). Each
database a test asks for is then a new, empty database on that server, dropped after the
test; without it, a SQLite file in the test's own directory.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

ENV = "WATCHER_TEST_POSTGRES"


def server() -> str | None:
    """The URL of the PostgreSQL server to test on, or None to test on SQLite."""
    return os.environ.get(ENV) or None


_admin: dict[str, Engine] = {}


def _admin_engine(url: str) -> Engine:
    # CREATE DATABASE cannot run inside a transaction; no pool, so that no idle session
    # keeps the server's connection slots between tests.
    if url not in _admin:
        _admin[url] = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    return _admin[url]


@contextmanager
def new_database(directory: Path, name: str = "w") -> Iterator[str]:
    """The SQLAlchemy URL of a new, empty database, removed afterwards on PostgreSQL."""
    pg = server()
    if pg is None:
        yield f"sqlite:///{directory}/{name}.db"
        return
    database = f"t_{secrets.token_hex(6)}"
    admin = _admin_engine(pg)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        yield make_url(pg).set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def dump(url: str) -> str:
    """Every row of every table of the database at `url`, as text: what a backup would hold,
    on any backend (for tests that nothing secret is stored)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        tables = MetaData()
        tables.reflect(engine)
        with engine.connect() as conn:
            return "\n".join(
                f"{table.name}: {tuple(row)!r}"
                for table in tables.sorted_tables
                for row in conn.execute(select(table))
            )
    finally:
        engine.dispose()


@contextmanager
def unreachable(url: str) -> Iterator[str]:
    """The database at `url` out of reach inside the block, as when its disk is unmounted or
    its server refuses it; yields the name an error about it shows.

    SQLite: its directory renamed away. PostgreSQL: no new sessions allowed, its sessions cut.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        directory = Path(parsed.database or "").parent
        away = directory.with_name(directory.name + "-away")
        directory.rename(away)
        try:
            yield Path(parsed.database or "").name
        finally:
            away.rename(directory)
        return
    name = parsed.database
    admin = _admin_engine(parsed.set(database="postgres").render_as_string(hide_password=False))
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
