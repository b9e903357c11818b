"""Apply the Alembic migrations that ship with Watcher."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from watcher import db
from watcher.db import Base
from watcher.errors import DatabaseTooNew, StoreError

log = logging.getLogger(__name__)

# The newest revision in migrations/versions. Knowing it here lets every start check
# the database with one query, without importing Alembic (a quarter of a second of
# start-up for each `watcher check` run from cron); tests/test_db.py keeps it true.
HEAD = "0009"
MIGRATION_LOCK = 0x77617463686D6967  # pg_advisory_lock's key for "migrating" (any fixed number)


def current(engine: Engine) -> str | None:
    """The revision the database is at (None when it was never migrated).

    Raises a `DatabaseError` when the database cannot be read (locked, damaged, unreachable):
    only a missing revision table means a database never migrated.
    """
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        failed = exc
    # One query on the common path; only when it fails, ask why.
    with db.failures(_url(engine)):
        if not inspect(engine).has_table("alembic_version"):
            return None
        # It is there now: another instance created the schema meanwhile. Read it again.
        with engine.connect() as conn:
            try:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except SQLAlchemyError:
                pass
    raise db.failure(_url(engine), failed) from failed


def head() -> str:
    """The newest revision of the migration scripts, as Alembic reads them."""
    from alembic.script import ScriptDirectory  # heavy: only when asked

    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the newest revision; returns (before, after).

    A new, empty database gets the models' schema at once and is stamped at the newest
    revision: Alembic's own recipe for a database built from scratch. It spares a first start
    from running every migration and from importing Alembic (0.2 s and 10 MB); tests/test_db.py
    checks that both ways build the same schema.
    """
    before = current(engine)
    if before == HEAD:
        return before, before
    with _one_at_a_time(engine):
        return _upgrade(engine, current(engine))  # read again: another may have done it


@contextmanager
def _one_at_a_time(engine: Engine) -> Iterator[None]:
    """Instances starting together on one PostgreSQL database migrate it one after another
    (a session advisory lock); the others then find it done. SQLite serves one daemon."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with db.failures(_url(engine)), engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            conn.commit()


def _upgrade(engine: Engine, before: str | None) -> tuple[str | None, str]:
    if before == HEAD:
        return before, before
    url = _url(engine)
    with db.failures(url):
        if before is None and not inspect(engine).get_table_names():
            return None, _create(engine)
    from alembic import command  # heavy: only when a migration is due

    cfg = _alembic_config()
    if before is not None and not _known(cfg, before):
        raise DatabaseTooNew(url, before)
    with db.failures(url):
        with engine.connect() as conn, _foreign_keys_off(conn), conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        after = current(engine)
    if before != after:
        log.info("database migrated from %s to %s", before or "empty", after)
    return before, after or ""


@contextmanager
def _foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite's foreign keys off while migrating, and checked after.

    Why: SQLite alters a table by copying it into a new one and dropping the old, and dropping
    `watches` with foreign keys on would cascade to every check, version and event. The pragma
    only takes effect outside a transaction.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    conn.commit()
    try:
        yield
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise StoreError(f"migration left {len(broken)} rows with dangling references")
    finally:
        conn.rollback()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def _create(engine: Engine) -> str:
    with db.failures(_url(engine)), engine.begin() as conn:
        Base.metadata.create_all(conn)
        # The table Alembic keeps its revision in, as Alembic itself creates it.
        conn.execute(
            text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD})
    log.info("database created at revision %s", HEAD)
    return HEAD


def _known(cfg, revision: str) -> bool:
    """Whether `revision` is one of the migration scripts (else a newer release wrote it)."""
    from alembic.script import ScriptDirectory
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(cfg).get_revision(revision) is not None
    except (CommandError, RevisionError):
        return False


def _url(engine: Engine) -> str:
    """The engine's URL as configured (shown only through `redact_url`)."""
    return engine.url.render_as_string(hide_password=False)


def _alembic_config():
    from alembic.config import Config  # heavy: only when migrating

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("watcher.migrations")))
    return cfg
