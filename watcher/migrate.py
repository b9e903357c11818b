"""Apply the Alembic migrations that ship with Watcher."""

from __future__ import annotations

import logging
from importlib import resources

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from watcher.errors import StoreError

log = logging.getLogger(__name__)


def _alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("watcher.migrations")))
    return cfg


def head() -> str:
    """The newest migration revision this code knows."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""


def current(engine: Engine) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the newest revision; returns (before, after)."""
    cfg = _alembic_config()
    try:
        before = current(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        after = current(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"database migration failed: {exc}") from exc
    if before != after:
        log.info("database migrated from %s to %s", before or "empty", after)
    return before, after or ""
