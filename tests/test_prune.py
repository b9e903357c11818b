"""Bounded check history: [storage] keep_checks and the pruning of old unversioned checks."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from watcher import db, migrate
from watcher.blobs import prepare
from watcher.config.parse import parse
from watcher.db import CheckRow, EventRow, VersionRow
from watcher.errors import ConfigError, StoreError
from watcher.housekeeping import prune_history
from watcher.models import CheckRecord, EventKind, NewEvent, Validators, Watch
from watcher.store import Store

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def store(database_url):
    engine = db.create(database_url)
    migrate.upgrade(engine)
    s = Store(engine)
    s.sync_watches([Watch(id=w, name=w, url=f"http://127.0.0.1/{w}") for w in "ab"], T0)
    yield s
    engine.dispose()


def versioned(watch_id, text, at, expected):
    return CheckRecord(
        watch_id=watch_id,
        url=f"http://127.0.0.1/{watch_id}",
        started_at=at,
        duration_ms=5,
        outcome="new_version",
        status=200,
        validators=Validators('"e"', None),
        body_sha256="b" * 64,
        body_fingerprint="f",
        version=prepare(text, f"<p>{text}</p>".encode(), "text/html", "f"),
        expected_latest=expected,
        events=(NewEvent(EventKind.CHANGED if expected else EventKind.FIRST_SEEN, text),),
    )


def unchanged(watch_id, at, outcome="unchanged"):
    return CheckRecord(
        watch_id=watch_id,
        url=f"http://127.0.0.1/{watch_id}",
        started_at=at,
        duration_ms=5,
        outcome=outcome,
        status=200 if outcome != "error" else None,
    )


def count(store, table, *where):
    with store._session() as s:
        return s.scalar(select(func.count()).select_from(table).where(*where))


def history(store):
    """A watch with 100 days of daily checks: versions on days 0 and 50, an error on day 30."""
    store.record(versioned("a", "A\n", T0, None))
    for day in range(1, 100):
        at = T0 + day * DAY
        if day == 50:
            store.record(versioned("a", "B\n", at, 1))
        else:
            store.record(unchanged("a", at, "error" if day == 30 else "unchanged"))
    store.record(unchanged("b", T0 + 5 * DAY))
    return T0 + 100 * DAY  # now


def test_old_unversioned_checks_go_and_the_rest_stays(store):
    now = history(store)
    events, versions = count(store, EventRow), count(store, VersionRow)
    before = now - 90 * DAY  # day 10
    assert store.prune_checks(before, 1000) == 9 + 1  # days 1..9 of a, day 5 of b
    with store._session() as s:
        left = s.execute(select(CheckRow.watch_id, CheckRow.started_at)).all()
    assert ("b", T0 + 5 * DAY) not in left
    assert min(at for w, at in left) == T0  # the check that made version 1 stays
    assert sorted(at for w, at in left if at < before) == [T0]
    assert len([at for w, at in left if at >= before]) == 90  # recent ones all stay
    assert count(store, CheckRow, CheckRow.version_id.is_not(None)) == 2
    assert (count(store, EventRow), count(store, VersionRow)) == (events, versions)
    assert [v.number for v in store.versions("a")] == [1, 2]
    assert store.prune_checks(before, 1000) == 0  # nothing left to prune


def test_errors_are_pruned_like_any_check(store):
    now = history(store)
    store.prune_checks(now - 60 * DAY, 1000)  # day 40: the error of day 30 goes
    assert count(store, CheckRow, CheckRow.outcome == "error") == 0


def test_at_most_limit_rows_per_call_oldest_first(store):
    now = history(store)
    before = now - 50 * DAY  # day 50: days 1..49 of a and day 5 of b are old, 50 checks
    assert store.prune_checks(before, 7) == 7
    with store._session() as s:
        oldest = s.scalar(
            select(func.min(CheckRow.started_at)).where(CheckRow.version_id.is_(None))
        )
    assert oldest == T0 + 7 * DAY  # days 1..6 of a and day 5 of b went first
    assert store.prune_checks(before, 0) == 0
    assert store.prune_checks(before, 100) == 50 - 7
    assert count(store, CheckRow) == 1 + 50  # version 1, and days 50..99


def test_a_check_written_out_of_order_is_pruned_by_its_start(store):
    # A slow check may be written after a later, quicker one: age is its start, not its id.
    store.record(unchanged("a", T0 + 20 * DAY))
    store.record(unchanged("a", T0 + 2 * DAY))
    store.record(unchanged("a", T0 + 30 * DAY))
    assert store.prune_checks(T0 + 10 * DAY, 10) == 1
    with store._session() as s:
        left = s.execute(select(CheckRow.started_at).order_by(CheckRow.id)).scalars().all()
    assert left == [T0 + 20 * DAY, T0 + 30 * DAY]


def test_an_empty_table_prunes_nothing(store):
    assert store.prune_checks(T0, 500) == 0


def test_prune_history_goes_batch_by_batch_until_none_is_left(store):
    rows = [
        dict(
            watch_id="a",
            started_at=T0 + timedelta(minutes=i),
            duration_ms=1,
            outcome="not_modified",
            status=304,
        )
        for i in range(1234)
    ]
    with store.engine.begin() as c:
        c.execute(insert(CheckRow), rows)
    calls = []
    real = store.prune_checks

    def spy(before, limit):
        n = real(before, limit)
        calls.append((limit, n))
        return n

    store.prune_checks = spy
    now = T0 + timedelta(minutes=1000 + 60)
    n = asyncio.run(prune_history(store, 3600, now, batch=500, pause=0))
    assert n == 1000
    assert calls == [(500, 500), (500, 500), (500, 0)]
    assert count(store, CheckRow) == 234


def test_prune_history_keeps_everything_when_off(store):
    history(store)
    assert asyncio.run(prune_history(store, None, T0 + 1000 * DAY)) == 0
    assert count(store, CheckRow) == 101


def test_prune_history_stops_on_a_database_error(store, caplog):
    def broken(before, limit):
        raise StoreError("database is locked")

    store.prune_checks = broken
    assert asyncio.run(prune_history(store, 60, T0)) == 0
    assert "pruning old checks stopped after 0: database is locked" in caplog.text


# --- [storage] keep_checks ----------------------------------------------------


def keep(line=""):
    return parse(f'[storage]\nurl = "sqlite:///w.db"\n{line}\n', path="w.toml").storage


def test_keep_checks_defaults_to_90_days():
    assert keep().keep_checks == 90 * 86400
    assert parse("").storage.keep_checks == 90 * 86400


@pytest.mark.parametrize(
    ("value", "seconds"),
    [('"30d"', 30 * 86400), ('"2w"', 14 * 86400), ('"12h"', 43200), ("3600", 3600)],
)
def test_keep_checks_is_a_duration(value, seconds):
    assert keep(f"keep_checks = {value}").keep_checks == seconds


def test_keep_checks_forever_turns_pruning_off():
    assert keep('keep_checks = "forever"').keep_checks is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ('"0s"', 'must be more than zero; or "forever" to keep every check'),
        ("0", 'must be more than zero; or "forever" to keep every check'),
        ('"3 months"', '"3 months" is not a duration'),
        ('"Forever"', '"Forever" is not a duration'),
        ("-1", "-1 is negative"),
        ("true", 'expected a duration like "90d", got a boolean'),
        ('["90d"]', 'expected a duration like "90d", got a list'),
    ],
)
def test_keep_checks_invalid_values_name_file_key_and_reason(value, reason):
    with pytest.raises(ConfigError) as err:
        keep(f"keep_checks = {value}")
    assert str(err.value).startswith("w.toml: storage.keep_checks: ")
    assert reason in str(err.value)
