"""The schema the migrations build is the schema the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from watcher import db, migrate
from watcher.errors import StoreError


def _schema(engine) -> dict:
    insp = inspect(engine)
    return {
        t: (
            sorted((c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(t)),
            sorted(str(sorted(i.items())) for i in insp.get_indexes(t)),
            sorted(str(sorted(u.items())) for u in insp.get_unique_constraints(t)),
            sorted(str(sorted(f.items())) for f in insp.get_foreign_keys(t)),
            insp.get_pk_constraint(t)["constrained_columns"],
        )
        for t in insp.get_table_names()
    }


def _run_migrations(engine) -> None:
    """The migration scripts themselves, run by Alembic (`upgrade` builds an empty database
    from the models instead)."""
    from alembic import command

    with engine.begin() as conn:
        cfg = migrate._alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def test_migrations_match_models(tmp_path):
    engine = db.create(f"sqlite:///{tmp_path}/w.db")
    _run_migrations(engine)
    assert migrate.current(engine) == migrate.head()
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, db.Base.metadata) == []


def test_a_new_database_is_built_as_the_migrations_build_it(tmp_path):
    fresh = db.create(f"sqlite:///{tmp_path}/fresh.db")
    assert migrate.upgrade(fresh) == (None, migrate.HEAD)  # built from the models, stamped
    migrated = db.create(f"sqlite:///{tmp_path}/migrated.db")
    _run_migrations(migrated)
    assert _schema(fresh) == _schema(migrated)
    assert migrate.current(fresh) == migrate.current(migrated) == migrate.head()
    with fresh.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, db.Base.metadata) == []
        assert ctx.get_current_revision() == migrate.head()  # Alembic reads the stamp
    assert migrate.upgrade(fresh) == (migrate.HEAD, migrate.HEAD)


def test_a_database_with_tables_but_no_revision_is_not_built_over(tmp_path):
    engine = db.create(f"sqlite:///{tmp_path}/w.db")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE watches (id TEXT PRIMARY KEY)")
    with pytest.raises(StoreError):  # left to the migrations, which refuse it
        migrate.upgrade(engine)


def test_upgrade_is_idempotent(tmp_path):
    engine = db.create(f"sqlite:///{tmp_path}/w.db")
    migrate.upgrade(engine)
    assert migrate.upgrade(engine) == (migrate.head(), migrate.head())


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = db.create(f"sqlite:///{tmp_path}/sub/dir/w.db")  # directories are created
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert {"watches", "checks", "versions", "texts", "bodies", "events", "outbox"} <= set(
        inspect(engine).get_table_names()
    )


def test_head_constant_matches_the_migration_scripts():
    assert migrate.head() == migrate.HEAD
