"""Store: one transaction per check, content-addressed texts, the outbox life cycle."""

import threading
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from watcher import db, migrate
from watcher.blobs import BODY_LEVEL, pack, prepare, unpack
from watcher.db import OutboxRow, TextBlob
from watcher.models import CheckRecord, EventKind, NewEvent, Validators, Watch
from watcher.store import Conflict, Store

pytestmark = pytest.mark.database

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(database_url):
    engine = db.create(database_url)
    migrate.upgrade(engine)
    s = Store(engine)
    s.sync_watches([Watch(id="w", name="W", url="http://127.0.0.1/x")], T0)
    yield s
    engine.dispose()


def versioned(watch_id, text, expected, at=T0, events=(), etag='"e1"'):
    """A check of `watch_id` that found `text`, a new version after version `expected`."""
    return CheckRecord(
        watch_id=watch_id,
        url=f"http://127.0.0.1/{watch_id}",
        started_at=at,
        duration_ms=5,
        outcome="new_version",
        status=200,
        validators=Validators(etag, None),
        body_sha256="b" * 64,
        body_fingerprint="f",
        version=prepare(text, f"<p>{text}</p>".encode(), "text/html", "f"),
        expected_latest=expected,
        events=tuple(events),
    )


def new_version(store, text, at, expected, events=()):
    return store.record(versioned("w", text, expected, at, events))


def test_versions_are_numbered_and_texts_stored_once(store):
    assert new_version(store, "A\n", T0, None) == 1
    assert new_version(store, "B\n", T0 + timedelta(hours=1), 1) == 2
    assert new_version(store, "A\n", T0 + timedelta(hours=2), 2) == 3
    assert [v.number for v in store.versions("w")] == [1, 2, 3]
    with store._session() as s:
        assert s.scalar(select(func.count()).select_from(TextBlob)) == 2
    assert store.text("w", 2) == (2, "B\n")
    assert store.text("w") == (3, "A\n")
    state = store.state("w")
    assert (state.latest, state.validators.etag) == (3, '"e1"')
    assert store.text_of(state.latest_text_sha256) == "A\n"
    assert state.last_check_at == T0 + timedelta(hours=2)


def test_stale_comparison_is_refused_and_writes_nothing(store):
    new_version(store, "A\n", T0, None)
    with pytest.raises(Conflict):
        new_version(store, "B\n", T0, None)  # compared against "no version", but 1 exists
    assert [v.number for v in store.versions("w")] == [1]
    assert store.events() == []


def test_failed_write_leaves_nothing_behind(store):
    bad = NewEvent(EventKind.CHANGED, "x", deliveries=(("n", "c"), ("n", "c")))  # dup outbox key
    with pytest.raises(Conflict):
        new_version(store, "A\n", T0, None, [bad])
    assert store.versions("w") == []
    assert store.events() == []
    assert store.state("w").last_check_at is None


def test_outbox_claim_retry_and_send_once(store):
    ev = NewEvent(EventKind.FIRST_SEEN, "first", deliveries=(("legal", "c1"), ("legal", "c2")))
    new_version(store, "A\n", T0, None, [ev])
    lease = timedelta(minutes=5)
    claimed = store.claim(T0, lease)
    assert sorted(d.channel for d in claimed) == ["c1", "c2"]
    assert store.claim(T0, lease) == []  # leased: not handed out twice
    c1, c2 = sorted(claimed, key=lambda d: d.channel)
    store.delivered(c1.id, T0)
    store.failed(c2.id, "down", T0 + timedelta(minutes=1))
    assert store.claim(T0, lease) == []
    again = store.claim(T0 + timedelta(minutes=1), lease)
    assert [(d.channel, d.attempts) for d in again] == [("c2", 2)]
    assert again[0].event.summary == "first" and again[0].event.version_to == 1
    store.delivered(again[0].id, T0)
    assert store.claim(T0 + timedelta(days=1), lease) == []
    with store._session() as s:
        assert s.scalars(select(OutboxRow.state)).all() == ["sent", "sent"]


def queued(store, n, channels=(("legal", "c1"), ("legal", "c2"))):
    """`n` versions of watch w, each with one event owed to every one of `channels`, all
    recorded in the hour before T0."""
    for i in range(n):
        ev = NewEvent(EventKind.CHANGED, f"event {i + 1}", deliveries=tuple(channels))
        at = T0 - timedelta(hours=1) + timedelta(minutes=i)
        new_version(store, f"Text {i + 1}\n", at, i or None, [ev])


def heads(claimed):
    return sorted((d.channel, d.event.summary) for d in claimed)


def test_outbox_claims_each_channels_oldest_message_only(store):
    queued(store, 3)
    lease = timedelta(seconds=30)
    first = store.claim(T0, lease)
    assert heads(first) == [("c1", "event 1"), ("c2", "event 1")]
    # While a channel's head is out, its newer messages are not handed out.
    assert store.claim(T0, lease) == []
    for d in first:
        store.delivered(d.id, T0)
    assert heads(store.claim(T0, lease)) == [("c1", "event 2"), ("c2", "event 2")]


def test_outbox_claims_oldest_events_first_across_channels(store):
    queued(store, 3, channels=(("legal", "c1"),))
    ev = NewEvent(EventKind.CHANGED, "event 4", deliveries=(("legal", "c2"),))
    new_version(store, "Text 4\n", T0 - timedelta(minutes=1), 3, [ev])
    assert [d.event.summary for d in store.claim(T0, timedelta(seconds=30))] == [
        "event 1",
        "event 4",
    ]
    assert store.claim(T0, timedelta(seconds=30)) == []  # both heads are leased


def test_a_failed_head_holds_its_channels_newer_messages_behind_it(store):
    queued(store, 3)
    lease = timedelta(seconds=30)
    c1, c2 = sorted(store.claim(T0, lease), key=lambda d: d.channel)
    assert store.failed(c1.id, "down", T0 + timedelta(minutes=10), attempt=c1.attempts)
    store.delivered(c2.id, T0)
    # c2 goes on; c1's events 2 and 3 wait for event 1, even once their own time has come.
    (c2_next,) = store.claim(T0 + timedelta(minutes=5), lease)
    assert (c2_next.channel, c2_next.event.summary) == ("c2", "event 2")
    store.delivered(c2_next.id, T0 + timedelta(minutes=5))
    retry = store.claim(T0 + timedelta(minutes=10), lease)
    assert [(d.channel, d.event.summary, d.attempts) for d in retry] == [
        ("c1", "event 1", 2),
        ("c2", "event 3", 1),
    ]
    store.dropped(retry[0].id, "gone")  # a dropped head lets the next one through
    assert heads(store.claim(T0 + timedelta(minutes=10, seconds=10), lease)) == [("c1", "event 2")]


def test_a_claim_left_by_a_dead_sender_is_taken_again_once_its_short_lease_ends(
    store, database_url
):
    queued(store, 2, channels=(("legal", "c1"),))
    lease = timedelta(seconds=30)
    (dead,) = store.claim(T0, lease)  # a sender that dies before it records anything
    other = Store(db.create(database_url))  # another process's store
    try:
        assert other.claim(T0 + timedelta(seconds=29), lease) == []
        (taken,) = other.claim(T0 + timedelta(seconds=31), lease)
        assert (taken.id, taken.event.summary, taken.attempts) == (dead.id, "event 1", 2)
        # The first claim no longer holds the row: it can neither renew nor reschedule it.
        assert not store.renew(dead.id, dead.attempts, T0 + timedelta(minutes=1))
        assert not store.failed(dead.id, "late", T0 + timedelta(hours=1), attempt=dead.attempts)
        assert other.renew(taken.id, taken.attempts, T0 + timedelta(seconds=61))
        assert other.claim(T0 + timedelta(seconds=60), lease) == []  # renewed: still held
        other.delivered(taken.id, T0 + timedelta(seconds=40))
        assert [d.event.summary for d in other.claim(T0 + timedelta(seconds=41), lease)] == [
            "event 2"
        ]
    finally:
        other.engine.dispose()


def test_senders_sharing_the_database_never_take_the_same_message(store, database_url):
    queued(store, 6)
    sent: list[tuple[str, str]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def sender() -> None:
        own = Store(db.create(database_url))
        try:
            for _ in range(200):
                batch = own.claim(T0, timedelta(minutes=5))
                for d in batch:
                    with lock:  # noted before it is marked sent: no later one can be taken
                        sent.append((d.channel, d.event.summary))
                    own.delivered(d.id, T0)
                if not batch and len(sent) == 12:
                    return
        except BaseException as exc:  # reported to the test's thread
            errors.append(exc)
        finally:
            own.engine.dispose()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(sent) == len(set(sent)) == 12  # each message taken exactly once
    for channel in ("c1", "c2"):
        assert [s for c, s in sent if c == channel] == [f"event {i}" for i in range(1, 7)]


def test_events_filter_by_watch_and_time(store):
    store.sync_watches([Watch(id="v", name="V", url="http://127.0.0.1/v")], T0)
    new_version(store, "A\n", T0, None, [NewEvent(EventKind.FIRST_SEEN, "one")])
    new_version(
        store,
        "B\n",
        T0 + timedelta(days=1),
        1,
        [NewEvent(EventKind.CHANGED, "two", version_from=1)],
    )
    assert [e.summary for e in store.events()] == ["one", "two"]
    assert [e.summary for e in store.events(since=T0 + timedelta(hours=1))] == ["two"]
    assert store.events("v") == []
    # The same events read in batches, as `events --json` and the API stream them.
    assert list(store.iter_events(batch=1)) == [[e] for e in store.events()]
    assert list(store.iter_events(since=T0 + timedelta(hours=1))) == [store.events()[1:]]
    assert list(store.iter_events("v")) == []
    e = store.events()[1]
    assert (e.version_from, e.version_to, e.kind, e.at) == (
        1,
        2,
        EventKind.CHANGED,
        T0 + timedelta(days=1),
    )


def test_rederive_replaces_texts_without_events(store):
    new_version(store, "A\n", T0, None)
    new_version(store, "B\n", T0, 1)
    bodies = list(store.bodies("w"))
    assert [(n, b) for n, b, _ in bodies] == [(1, b"<p>A\n</p>"), (2, b"<p>B\n</p>")]
    assert store.version_body("w", 2) == (bodies[1][1], bodies[1][2])
    assert store.version_body("w", 3) is None
    assert store.rederive("w", {1: "a\n", 2: "B\n"}, "g", T0) == 1
    assert store.text("w", 1) == (1, "a\n")
    assert [v.rederived for v in store.versions("w")] == [True, False]
    assert store.sync_watches([Watch(id="w", name="W", url="http://127.0.0.1/x")], T0) == {"w": "g"}
    assert store.state("w").body_sha256 is None  # the parse shortcut is invalidated
    assert store.events() == []


def test_group_commit_refuses_only_the_conflicting_check(store):
    store.sync_watches([Watch(id="v", name="V", url="http://127.0.0.1/v")], T0)
    ok = CheckRecord(
        watch_id="v",
        url="u",
        started_at=T0,
        duration_ms=1,
        outcome="new_version",
        version=prepare("V\n", b"<p>V</p>", "text/html", "f"),
        expected_latest=None,
        events=(NewEvent(EventKind.FIRST_SEEN, "v"),),
    )
    stale = CheckRecord(
        watch_id="w",
        url="u",
        started_at=T0,
        duration_ms=1,
        outcome="new_version",
        version=prepare("W\n", b"W", "text/html", "f"),
        expected_latest=5,
    )
    plain = CheckRecord(watch_id="w", url="u", started_at=T0, duration_ms=1, outcome="unchanged")
    results = store.record_many([ok, stale, plain])
    assert results[0] == 1 and isinstance(results[1], Conflict) and results[2] is None
    assert [v.number for v in store.versions("v")] == [1]
    assert store.versions("w") == []
    assert [e.summary for e in store.events()] == ["v"]


def test_a_check_of_an_unknown_watch_is_refused_alone_and_writes_nothing(store):
    from watcher.db import CheckRow
    from watcher.errors import NotFound

    def plain(watch_id):
        return CheckRecord(
            watch_id=watch_id,
            url="u",
            started_at=T0,
            duration_ms=1,
            outcome="not_modified",
            status=304,
            validators=Validators('"e9"', None),
        )

    results = store.record_many([plain("gone"), plain("w")])
    assert isinstance(results[0], NotFound) and "gone" in str(results[0])
    assert results[1] is None
    with store.engine.connect() as c:
        checks = c.execute(select(CheckRow.watch_id)).scalars().all()
    assert checks == ["w"]  # the refused check left no row
    assert store.state("w").validators.etag == '"e9"'


def test_blobs_are_zstandard_and_rows_written_with_zlib_still_read(store):
    new_version(store, "A\n", T0, None)
    with store._session() as s:
        blob = s.scalars(select(TextBlob)).one()
        assert blob.data[:4] == b"\x28\xb5\x2f\xfd"  # a Zstandard frame
        # A database written before Zstandard holds zlib streams: rewrite the row as one.
        blob.data = zlib.compress(b"A\n")
        s.commit()
    assert store.text("w") == (1, "A\n")
    body = b"<p>" + b"policy text " * 5000 + b"</p>"
    assert unpack(pack(body, BODY_LEVEL)) == body
    assert len(pack(body, BODY_LEVEL)) < len(body) // 20
    bodies = list(store.bodies("w"))
    assert bodies == [(1, b"<p>A\n</p>", "text/html")]


def test_one_batch_writes_many_watches_with_their_own_outbox_rows(store):
    ids = [f"b{i}" for i in range(5)]
    store.sync_watches([Watch(id=i, name=i, url=f"http://127.0.0.1/{i}") for i in ids], T0)
    recs = [
        versioned(
            i,
            "Shared text\n" if n % 2 else f"Text of {i}\n",
            None,
            events=[NewEvent(EventKind.FIRST_SEEN, f"first {i}", deliveries=(("n", f"ch-{i}"),))],
            etag=f'"{i}"',
        )
        for n, i in enumerate(ids)
    ]
    plain = CheckRecord(watch_id="w", url="u", started_at=T0, duration_ms=1, outcome="unchanged")
    assert store.record_many([*recs, plain]) == [1, 1, 1, 1, 1, None]
    for i in ids:
        assert store.state(i).validators.etag == f'"{i}"'
        assert [e.summary for e in store.events(i)] == [f"first {i}"]
    # Each outbox row belongs to its own watch's event.
    claimed = store.claim(T0, timedelta(minutes=5))
    assert sorted((d.event.watch, d.channel) for d in claimed) == [(i, f"ch-{i}") for i in ids]
    with store._session() as s:  # the shared text is stored once
        assert s.scalar(select(func.count()).select_from(TextBlob)) == 4


def test_a_watch_checked_twice_in_one_batch_gets_both_versions_in_order(store):
    first = versioned("w", "A\n", None, etag='"1"')
    second = versioned("w", "B\n", 1, at=T0 + timedelta(minutes=1), etag='"2"')
    assert store.record_many([first, second]) == [1, 2]
    assert store.text("w") == (2, "B\n")
    state = store.state("w")
    assert (state.latest, state.validators.etag) == (2, '"2"')
    assert state.last_check_at == T0 + timedelta(minutes=1)


def test_a_text_stored_by_another_instance_meanwhile_is_no_error(store):
    # Two instances reading one new text at once both find it missing, and both insert it.
    from watcher.store.writer import Writer

    writer, table = Writer(), TextBlob.__table__
    row = dict(sha256="c" * 64, size=1, data=pack(b"x", 1))
    with store.engine.begin() as c:
        c.execute(writer._insert_blob(c.dialect.name, table), [row])
    with store.engine.begin() as c:
        c.execute(writer._insert_blob(c.dialect.name, table), [row])
        assert c.scalar(select(func.count()).select_from(table)) == 1
