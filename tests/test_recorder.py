"""Group commit: when checks share a transaction, and how long one waits for company."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from watcher import db, migrate
from watcher.blobs import prepare
from watcher.models import CheckRecord, Watch
from watcher.pipeline.recorder import Recorder
from watcher.store import Store

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class CountingStore(Store):
    """A real store (SQLite or PostgreSQL) that remembers the size of each transaction it wrote."""

    def __init__(self, engine) -> None:
        super().__init__(engine)
        self.batches: list[int] = []

    def record_many(self, recs):
        self.batches.append(len(recs))
        return super().record_many(recs)


def _store(database_url: str, n: int) -> CountingStore:
    engine = db.create(database_url)
    migrate.upgrade(engine)
    store = CountingStore(engine)
    store.sync_watches([Watch(id=f"w{i}", name=f"w{i}", url=f"http://h/{i}") for i in range(n)], T0)
    return store


def _plain(i: int) -> CheckRecord:
    return CheckRecord(watch_id=f"w{i}", url="u", started_at=T0, duration_ms=1, outcome="unchanged")


def _version(i: int) -> CheckRecord:
    text = f"Text {i}\n"
    return CheckRecord(
        watch_id=f"w{i}",
        url="u",
        started_at=T0,
        duration_ms=1,
        outcome="new_version",
        version=prepare(text, text.encode(), "text/plain", "f"),
        expected_latest=None,
    )


def test_new_versions_arriving_close_together_share_one_transaction(database_url):
    store = _store(database_url, 4)

    async def go():
        recorder = Recorder(store, max_wait_version=0.5)  # wide, for a loaded test machine
        calls = []
        for i in range(4):  # one every 5 ms: within the wait of a new version
            calls.append(asyncio.ensure_future(recorder.record(_version(i))))
            await asyncio.sleep(0.005)
        return await asyncio.gather(*calls)

    assert asyncio.run(go()) == [1, 1, 1, 1]
    assert store.batches == [4]


def test_a_plain_check_is_not_kept_waiting_and_takes_a_waiting_version_along(database_url):
    store = _store(database_url, 2)

    async def go():
        recorder = Recorder(store, max_wait_version=5.0)  # long: only the plain check ends it
        version = asyncio.ensure_future(recorder.record(_version(0)))
        await asyncio.sleep(0.001)
        started = time.monotonic()
        await recorder.record(_plain(1))
        plain_took = time.monotonic() - started
        return await version, plain_took

    number, plain_took = asyncio.run(go())
    assert number == 1
    assert store.batches == [2]  # written together, when the plain check's short wait ended
    assert plain_took < 1.0


def test_a_version_alone_is_written_after_its_wait(database_url):
    store = _store(database_url, 1)

    async def go():
        recorder = Recorder(store, max_wait_version=0.03)
        started = time.monotonic()
        number = await recorder.record(_version(0))
        return number, time.monotonic() - started

    number, took = asyncio.run(go())
    assert number == 1 and store.batches == [1]
    assert took >= 0.03
