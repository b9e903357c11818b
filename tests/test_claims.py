"""The shared schedule: due times in the database, claims with leases, per-host budgets.

Run on SQLite and, by tests/run, on PostgreSQL, where two stores claiming at once are two
instances racing for the same rows.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from watcher import db, migrate
from watcher.blobs import prepare
from watcher.db import CheckRow, WatchRow
from watcher.models import CheckRecord, Outcome, ScheduleSettings, Validators, Watch
from watcher.schedule import Daemon
from watcher.store import LeaseLost, Store
from watcher.store.stats import read_stats

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
HOURLY = ScheduleSettings(interval=3600, jitter=0)


def watches(n: int, hosts: int = 10) -> list[Watch]:
    return [
        Watch(id=f"w{i:03d}", name=f"W{i}", url=f"https://h{i % hosts}.example/p{i}")
        for i in range(n)
    ]


@pytest.fixture
def store(database_url):
    engine = db.create(database_url)
    migrate.upgrade(engine)
    yield Store(engine)
    engine.dispose()


def another(store: Store) -> Store:
    """A second instance's store on the same database."""
    return Store(db.create(store.engine.url.render_as_string(hide_password=False)))


def claim(store, instance="a", now=T0, lease=120.0, limit=100, per_host=100, skip=()):
    return store.claim_due(instance, now, lease, limit, per_host, skip)


def unchanged(c, started=T0, next_due=None) -> CheckRecord:
    """The record of a check of claim `c` that found nothing new."""
    return checked(c.watch_id, c.token, started, next_due or started + timedelta(hours=1))


def checked(watch_id: str, token: str, started: datetime, next_due: datetime) -> CheckRecord:
    return CheckRecord(
        watch_id=watch_id,
        url="https://example/",
        started_at=started,
        duration_ms=3,
        outcome=Outcome.UNCHANGED,
        status=200,
        validators=Validators(None, None),
        claim=token,
        next_due_at=next_due,
    )


def test_new_watches_are_due_at_once_and_claimed_most_overdue_first(store):
    store.sync_watches(watches(5), T0, HOURLY)
    with store.engine.begin() as c:  # w003 became due earlier than the others
        c.execute(
            update(WatchRow).where(WatchRow.id == "w003").values(next_due_at=T0 - timedelta(1))
        )
    claims = claim(store, limit=3)
    assert [c.watch_id for c in claims] == ["w003", "w000", "w001"]
    assert claims[0].due_at == T0 - timedelta(days=1)
    assert claims[1].due_at == T0 and claims[1].until == T0 + timedelta(seconds=120)
    assert claims[1].state.latest is None and claims[1].state.watch_id == "w000"
    assert len({c.token for c in claims}) == 3
    # Nothing is due before its time; the two left are, at it.
    assert claim(store, now=T0 - timedelta(seconds=1)) == []
    assert [c.watch_id for c in claim(store)] == ["w002", "w004"]


def test_a_claimed_watch_is_nobody_elses_until_its_lease_ends(store):
    store.sync_watches(watches(4), T0, HOURLY)
    other = another(store)
    try:
        mine = {c.watch_id for c in claim(store, "a", limit=4, lease=60)}
        assert mine == {"w000", "w001", "w002", "w003"}
        assert claim(other, "b", now=T0 + timedelta(seconds=59)) == []
        # Instance a died: its leases end, and b takes every watch it held.
        taken = claim(other, "b", now=T0 + timedelta(seconds=61))
        assert {c.watch_id for c in taken} == mine
    finally:
        other.engine.dispose()


def test_a_record_clears_its_claim_and_sets_the_next_due_time(store):
    store.sync_watches(watches(1), T0, HOURLY)
    [c] = claim(store)
    store.record(unchanged(c, T0 + timedelta(seconds=5), T0 + timedelta(hours=1)))
    with store.engine.connect() as conn:
        row = conn.execute(select(WatchRow).where(WatchRow.id == "w000")).one()
    assert (row.claim_token, row.claimed_by, row.claim_until) == (None, None, None)
    assert row.next_due_at.replace(tzinfo=UTC) == T0 + timedelta(hours=1)
    assert claim(store, now=T0 + timedelta(minutes=59)) == []
    assert [x.watch_id for x in claim(store, now=T0 + timedelta(hours=1))] == ["w000"]


def test_a_check_whose_lease_was_taken_over_writes_nothing(store):
    store.sync_watches(watches(1), T0, HOURLY)
    [old] = claim(store, "a", lease=30)
    [new] = claim(store, "b", now=T0 + timedelta(seconds=31))  # a's lease ended
    with pytest.raises(LeaseLost):
        store.record(unchanged(old, T0 + timedelta(seconds=40)))
    store.record(unchanged(new, T0 + timedelta(seconds=41)))
    with store.engine.connect() as conn:
        starts = conn.scalars(select(CheckRow.started_at)).all()
    assert [s.replace(tzinfo=UTC) for s in starts] == [T0 + timedelta(seconds=41)]


def test_renewed_leases_hold_and_released_claims_are_free_at_once(store):
    store.sync_watches(watches(3), T0, HOURLY)
    a, b, c = claim(store, "a", lease=30)
    assert store.renew_claims([a.token, b.token], T0 + timedelta(seconds=90)) == 2
    assert [x.watch_id for x in claim(store, "b", now=T0 + timedelta(seconds=60))] == ["w002"]
    assert store.release_claims([a.token]) == 1
    assert [x.watch_id for x in claim(store, "b", now=T0 + timedelta(seconds=61))] == ["w000"]
    # A renewal of a claim another instance took renews nothing.
    assert store.renew_claims([c.token], T0 + timedelta(seconds=200)) == 0
    assert store.release_claims(instance="b") == 2


def test_a_claim_keeps_each_host_within_its_budget_across_instances(store):
    # 30 watches on 3 hosts; each host may serve 2 checks at a time, whoever makes them.
    store.sync_watches(watches(30, hosts=3), T0, HOURLY)
    other = another(store)
    try:
        first = claim(store, "a", per_host=2, limit=4)
        second = claim(other, "b", per_host=2, limit=10)
    finally:
        other.engine.dispose()
    hosts = Counter(int(c.watch_id[1:]) % 3 for c in first + second)
    assert len(first) == 4 and len(second) == 2  # b gets the two slots a left
    assert sorted(hosts.values()) == [2, 2, 2]


def test_a_claim_skips_the_watches_an_instance_does_not_know(store):
    store.sync_watches(watches(3), T0, HOURLY)
    got = claim(store, skip={"w000", "w001"})
    assert [c.watch_id for c in got] == ["w002"]


def test_instances_racing_for_due_watches_never_claim_one_twice(store):
    store.sync_watches(watches(200, hosts=50), T0, HOURLY)
    stores = [store, *(another(store) for _ in range(3))]
    claimed: list[list[str]] = [[] for _ in stores]
    go = threading.Barrier(len(stores))

    def run(i: int) -> None:
        go.wait()
        while batch := claim(stores[i], f"i{i}", limit=7, per_host=10):
            claimed[i].extend(c.watch_id for c in batch)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for s in stores[1:]:
        s.engine.dispose()
    every = [w for ids in claimed for w in ids]
    assert len(every) == len(set(every)) == 200


def test_watches_are_inserted_once_when_instances_start_together(store):
    stores = [store, *(another(store) for _ in range(3))]
    go = threading.Barrier(len(stores))
    errors: list[BaseException] = []

    def start(s: Store) -> None:
        go.wait()
        try:
            s.sync_watches(watches(300), T0, HOURLY, retire=True)
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for s in stores[1:]:
        s.engine.dispose()
    assert errors == []
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(WatchRow)) == 300


def test_a_watch_removed_from_the_configuration_is_no_longer_claimed(store):
    store.sync_watches(watches(3), T0, HOURLY, retire=True)
    store.sync_watches(watches(2), T0, HOURLY, retire=True)  # w002 removed
    assert [c.watch_id for c in claim(store)] == ["w000", "w001"]
    store.release_claims(instance="a")
    # A one-off `check` names a few watches: it retires nothing.
    store.sync_watches(watches(1), T0, HOURLY)
    assert [c.watch_id for c in claim(store)] == ["w000", "w001"]
    store.release_claims(instance="a")
    store.sync_watches(watches(3), T0, HOURLY, retire=True)  # back: scheduled again
    assert [c.watch_id for c in claim(store)] == ["w000", "w001", "w002"]
    assert store.versions("w002") == []


def test_a_changed_interval_moves_the_due_time(store):
    store.sync_watches(watches(1), T0, HOURLY)
    [c] = claim(store)
    store.record(unchanged(c, T0, T0 + timedelta(hours=1)))
    daily = ScheduleSettings(interval=86400, jitter=0)
    store.sync_watches(watches(1), T0 + timedelta(minutes=5), daily)
    assert claim(store, now=T0 + timedelta(hours=2)) == []
    assert [c.watch_id for c in claim(store, now=T0 + timedelta(days=1))] == ["w000"]


def test_watches_from_before_due_times_keep_their_cadence(store):
    store.sync_watches(watches(2), T0, HOURLY)
    with store.engine.begin() as c:  # as migration 0008 leaves them
        c.execute(update(WatchRow).values(next_due_at=None, interval_s=None))
        c.execute(
            update(WatchRow)
            .where(WatchRow.id == "w000")
            .values(last_check_at=T0 - timedelta(minutes=20))
        )
        c.execute(
            update(WatchRow).where(WatchRow.id == "w001").values(last_check_at=T0 - timedelta(3))
        )
    six = ScheduleSettings(interval=3600, jitter=600)
    store.sync_watches(watches(2), T0, six, rng=random.Random(3))
    with store.engine.connect() as conn:
        due = dict(conn.execute(select(WatchRow.id, WatchRow.next_due_at)).all())
    assert due["w000"].replace(tzinfo=UTC) == T0 + timedelta(minutes=40)  # its cadence
    assert T0 <= due["w001"].replace(tzinfo=UTC) <= T0 + timedelta(minutes=10)  # spread


def test_a_new_version_recorded_under_a_claim_is_numbered_as_usual(store):
    store.sync_watches(watches(1), T0, HOURLY)
    [c] = claim(store)
    rec = CheckRecord(
        watch_id="w000",
        url="https://h0.example/p0",
        started_at=T0,
        duration_ms=5,
        outcome=Outcome.NEW_VERSION,
        status=200,
        validators=Validators(None, None),
        body_sha256="b" * 64,
        body_fingerprint="f",
        version=prepare("Terms\n", b"<p>Terms</p>", "text/html", "f"),
        expected_latest=None,
        claim=c.token,
        next_due_at=T0 + timedelta(hours=1),
    )
    assert store.record(rec) == 1
    [again] = claim(store, now=T0 + timedelta(hours=1))
    assert again.state.latest == 1


def test_two_daemons_share_the_due_watches_and_check_each_once(store):
    """Two instances' schedulers on one database: every watch checked once, by one of them,
    and each instance checks its share."""
    listed = watches(40, hosts=40)
    store.sync_watches(listed, datetime.now(UTC), HOURLY)
    other = another(store)
    done_by: dict[str, list[str]] = {"a": [], "b": []}

    def checker(name: str, s: Store):
        async def check(watch, state, *, claim, next_due_at):
            await asyncio.sleep(0.02)  # a fetch
            rec = checked(watch.id, claim, datetime.now(UTC), next_due_at)
            await asyncio.to_thread(s.record, rec)
            done_by[name].append(watch.id)

        return check

    async def nothing():
        return None

    async def scenario():
        daemons = [
            Daemon(
                check=checker(name, s),
                deliver=nothing,
                settings=ScheduleSettings(interval=3600, jitter=0, concurrency=4, per_host=1),
                clock=lambda: datetime.now(UTC),
                queue=s,
                instance=name,
            )
            for name, s in (("a", store), ("b", other))
        ]
        for d in daemons:
            d.start(listed)
        for _ in range(200):
            await asyncio.sleep(0.05)
            if len(done_by["a"]) + len(done_by["b"]) >= 40:
                break
        await asyncio.sleep(0.3)  # nothing more is due: nothing more is checked
        for d in daemons:
            await d.stop()

    try:
        asyncio.run(scenario())
    finally:
        other.engine.dispose()
    every = done_by["a"] + done_by["b"]
    assert sorted(every) == sorted(w.id for w in listed)  # each once
    assert len(done_by["a"]) >= 8 and len(done_by["b"]) >= 8  # both took a share
    with store.engine.connect() as conn:
        rows = conn.execute(select(WatchRow.claim_token, WatchRow.next_due_at)).all()
    assert all(token is None and due is not None for token, due in rows)


def test_the_backlog_and_the_claims_are_counted_for_metrics(store):
    store.sync_watches(watches(3), T0, HOURLY)
    with store.engine.begin() as c:
        c.execute(
            update(WatchRow).where(WatchRow.id == "w001").values(next_due_at=T0 - timedelta(1))
        )
    claim(store, limit=1)  # takes w001, the most overdue
    stats = read_stats(store.engine)
    assert (stats.oldest_due_at, stats.claimed) == (T0, 1)  # w000 and w002 wait since T0
