"""The schema the migrations build is the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from watcher import db, migrate


def test_migrations_match_models(tmp_path):
    engine = db.create(f"sqlite:///{tmp_path}/w.db")
    before, after = migrate.upgrade(engine)
    assert before is None
    assert after == migrate.head()
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, db.Base.metadata) == []


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
