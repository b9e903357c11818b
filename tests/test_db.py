"""The schema the migrations build is the schema the models describe, on every backend."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

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


def _run_migrations(engine, direction: str = "upgrade", target: str = "head") -> None:
    """The migration scripts themselves, run by Alembic (`upgrade` builds an empty database
    from the models instead)."""
    from alembic import command

    with engine.begin() as conn:
        cfg = migrate._alembic_config()
        cfg.attributes["connection"] = conn
        getattr(command, direction)(cfg, target)


def _differences(engine) -> list:
    """What Alembic's autogenerate would change to make the database match the models."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(ctx, db.Base.metadata)


@pytest.fixture
def engines():
    """Engines opened by a test, disposed after it (a PostgreSQL database in use by an open
    pool could still be dropped, but a test should not lean on that)."""
    opened = []
    yield lambda url: opened.append(db.create(url)) or opened[-1]
    for engine in opened:
        engine.dispose()


@pytest.mark.database
def test_migrations_match_models(database_url, engines):
    engine = engines(database_url)
    _run_migrations(engine)
    assert migrate.current(engine) == migrate.head()
    assert _differences(engine) == []


@pytest.mark.database
def test_every_migration_goes_down_and_up_again(database_url, engines):
    engine = engines(database_url)
    _run_migrations(engine)
    before = _schema(engine)
    _run_migrations(engine, "downgrade", "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    assert migrate.current(engine) is None
    _run_migrations(engine)
    assert migrate.current(engine) == migrate.head()
    assert _schema(engine) == before
    assert _differences(engine) == []


@pytest.mark.database
def test_a_new_database_is_built_as_the_migrations_build_it(new_database, engines):
    fresh = engines(new_database("fresh"))
    assert migrate.upgrade(fresh) == (None, migrate.HEAD)  # built from the models, stamped
    migrated = engines(new_database("migrated"))
    _run_migrations(migrated)
    assert _schema(fresh) == _schema(migrated)
    assert migrate.current(fresh) == migrate.current(migrated) == migrate.head()
    assert _differences(fresh) == []
    with fresh.connect() as conn:
        ctx = MigrationContext.configure(conn)
        assert ctx.get_current_revision() == migrate.head()  # Alembic reads the stamp
    assert migrate.upgrade(fresh) == (migrate.HEAD, migrate.HEAD)


@pytest.mark.database
def test_a_database_with_tables_but_no_revision_is_not_built_over(database_url, engines):
    engine = engines(database_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE watches (id TEXT PRIMARY KEY)")
    with pytest.raises(StoreError):  # left to the migrations, which refuse it
        migrate.upgrade(engine)


@pytest.mark.database
def test_upgrade_is_idempotent(database_url, engines):
    engine = engines(database_url)
    migrate.upgrade(engine)
    assert migrate.upgrade(engine) == (migrate.head(), migrate.head())


@pytest.mark.database
def test_times_json_and_large_blobs_read_back_as_written(database_url, engines):
    engine = engines(database_url)
    migrate.upgrade(engine)
    paris = timezone(timedelta(hours=1))
    at = datetime(2026, 3, 29, 2, 30, 15, 123456, tzinfo=paris)  # not UTC, microseconds
    details = {"v": 2, "ai": ["appeared", None], "n": 2**40, "text": "« entraîner » \u2028 🤖"}
    blob = bytes(range(256)) * (3 * 2**20 // 256) + b"\x00"  # 3 MB and a NUL, not text
    with engine.begin() as conn:
        conn.execute(
            db.WatchRow.__table__.insert(),
            {"id": "w", "name": "W", "url": "u", "kind": "terms", "created_at": at},
        )
        conn.execute(
            db.EventRow.__table__.insert(),
            {
                "watch_id": "w",
                "kind": "changed",
                "at": at,
                "url": "u",
                "summary": "s",
                "details": details,
            },
        )
        conn.execute(
            db.BodyBlob.__table__.insert(),
            {"sha256": "b" * 64, "size": len(blob), "content_type": "x", "data": blob},
        )
    with engine.connect() as conn:
        created = conn.scalar(select(db.WatchRow.created_at))
        event = conn.execute(select(db.EventRow.at, db.EventRow.details)).one()
        data = conn.scalar(select(db.BodyBlob.data))
    assert created == at and created.tzinfo == UTC  # the same instant, read back in UTC
    assert created.isoformat() == "2026-03-29T01:30:15.123456+00:00"
    assert event.at == at and event.details == details
    assert bytes(data) == blob
    naive = pytest.raises(StoreError)  # refused, not stored as some local time
    with naive, db.failures(database_url), engine.begin() as conn:
        conn.execute(db.WatchRow.__table__.update().values(created_at=datetime(2026, 1, 1)))


@pytest.mark.database
@pytest.mark.parametrize("built_by", ["models", "migrations"])
def test_check_ids_go_past_32_bits(database_url, engines, built_by):
    engine = engines(database_url)
    if built_by == "models":
        migrate.upgrade(engine)
    else:
        _run_migrations(engine)
    watch = {"id": "w", "name": "W", "url": "u", "kind": "terms", "created_at": datetime.now(UTC)}
    check = {"watch_id": "w", "started_at": datetime.now(UTC), "duration_ms": 1, "outcome": "x"}
    with engine.begin() as conn:
        conn.execute(db.WatchRow.__table__.insert(), watch)
        if conn.dialect.name == "postgresql":  # the sequence as far as a 32-bit one goes
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('checks', 'id'), 2147483647)"
            )
        else:
            conn.execute(db.CheckRow.__table__.insert(), {**check, "id": 2**31 - 1})
        conn.execute(db.CheckRow.__table__.insert(), [check, check])
    with engine.connect() as conn:
        ids = conn.scalars(select(db.CheckRow.id).order_by(db.CheckRow.id)).all()
    assert ids[-2:] == [2**31, 2**31 + 1]


@pytest.mark.sqlite_only
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
