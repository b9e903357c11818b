"""Apply the Alembic migrations that ship with Watcher."""

from __future__ import annotations

import logging
from importlib import resources

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from watcher.errors import StoreError

log = logging.getLogger(__name__)

# The newest revision in migrations/versions. Knowing it here lets every start check
# the database with one query, without importing Alembic (a quarter of a second of
# start-up for each `watcher check` run from cron); tests/test_db.py keeps it true.
HEAD = "0003"


def current(engine: Engine) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:  # no alembic_version table yet
        return None


def head() -> str:
    """The newest revision of the migration scripts, as Alembic reads them."""
    from alembic.script import ScriptDirectory  # heavy: only when asked

    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the newest revision; returns (before, after)."""
    before = current(engine)
    if before == HEAD:
        return before, before
    from alembic import command  # heavy: only when a migration is due

    cfg = _alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        after = current(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"database migration failed: {exc}") from exc
    if before != after:
        log.info("database migrated from %s to %s", before or "empty", after)
    return before, after or ""


def _alembic_config():
    from alembic.config import Config  # heavy: only when migrating

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("watcher.migrations")))
    return cfg
