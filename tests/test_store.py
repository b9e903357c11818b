"""Store: one transaction per check, content-addressed texts, the outbox life cycle."""

import zlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from watcher import db, migrate
from watcher.blobs import BODY_LEVEL, pack, prepare, unpack
from watcher.db import OutboxRow, TextBlob
from watcher.models import CheckRecord, EventKind, NewEvent, Validators, Watch
from watcher.store import Conflict, Store

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    engine = db.create(f"sqlite:///{tmp_path}/w.db")
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
