"""The database: watches, checks, versions, events and the notification outbox.

`Store` writes what the pipeline decided and reads it back for the CLI and the
notifier; it holds no business rules. A check is written in one transaction, so
a crash leaves either the whole check (version, events, outbox rows) or none of it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from watcher.blobs import TEXT_LEVEL, pack, sha256, unpack
from watcher.db import BodyBlob, CheckRow, EventRow, OutboxRow, TextBlob, VersionRow, WatchRow
from watcher.errors import NotFound, StoreError
from watcher.models import (
    CheckRecord,
    Event,
    EventKind,
    NewVersion,
    Outcome,
    Validators,
    Watch,
    WatchState,
)

log = logging.getLogger(__name__)


def _aware(at: datetime | None) -> datetime | None:
    # Core rows bypass the ORM type's result processing on some backends.
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=UTC)


# --- values the store gives back ------------------------------------------------


@dataclass(frozen=True)
class VersionInfo:
    """One entry of a watch's history."""

    number: int
    created_at: datetime
    text_sha256: str
    size: int
    rederived: bool


@dataclass(frozen=True)
class Delivery:
    """An outbox row claimed for sending."""

    id: int
    notifier: str
    channel: str
    attempts: int
    event: Event


class Conflict(StoreError):
    """Another process recorded a version of this watch meanwhile; the check is dropped."""


def _watch_values(rec: CheckRecord) -> dict:
    """The watch row's columns a check sets."""
    values: dict = {
        "last_check_at": rec.started_at,
        "failures": rec.failures,
        "error_raised": rec.error_raised,
    }
    if rec.version is not None:
        values["rules_fingerprint"] = rec.version.rules_fingerprint
    if rec.validators is not None:
        values["etag"] = rec.validators.etag
        values["last_modified"] = rec.validators.last_modified
    if rec.pending_count is not None:
        values["pending_text_sha256"] = rec.pending_text_sha256
        values["pending_count"] = rec.pending_count
    if rec.outcome is not Outcome.ERROR and rec.final_url is not None:
        values["final_url"] = rec.final_url
    if rec.body_sha256 is not None:
        values["last_body_sha256"] = rec.body_sha256
        values["last_body_fingerprint"] = rec.body_fingerprint
    return values


class Store:
    """Reads and writes Watcher's database through one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer = _Writer()

    def _session(self) -> Session:
        return self._sessions()

    # --- watches ---------------------------------------------------------------

    def sync_watches(self, watches: Iterable[Watch], at: datetime) -> dict[str, str | None]:
        """Insert new watches, refresh known ones; returns each watch's rules fingerprint."""
        watches = list(watches)
        with self._session() as s, s.begin():
            rows = {
                r.id: r
                for r in s.execute(
                    select(
                        WatchRow.id,
                        WatchRow.name,
                        WatchRow.url,
                        WatchRow.kind,
                        WatchRow.rules_fingerprint,
                    )
                ).all()
            }
            # New watches in one executemany statement: a first start with 1,000 watches
            # spent 0.6 s inserting them one by one.
            new = [
                dict(
                    id=w.id,
                    name=w.name,
                    url=w.url,
                    kind=w.kind,
                    created_at=at,
                    failures=0,
                    error_raised=False,
                )
                for w in watches
                if w.id not in rows
            ]
            if new:
                s.execute(insert(WatchRow), new)
            for w in watches:
                row = rows.get(w.id)
                if row is not None and (row.name, row.url, row.kind) != (w.name, w.url, w.kind):
                    values: dict = dict(name=w.name, url=w.url, kind=w.kind)
                    if row.url != w.url:
                        # A URL changed in the configuration is not the document moving.
                        values["final_url"] = None
                    s.execute(update(WatchRow).where(WatchRow.id == w.id).values(**values))
        return {w.id: rows[w.id].rules_fingerprint if w.id in rows else None for w in watches}

    def state(self, watch_id: str) -> WatchState:
        """The stored state of a watch (NotFound if it was never synced); one query."""
        found = self.states([watch_id])
        if watch_id not in found:
            raise NotFound(f"no watch with id {watch_id!r} in the database")
        return found[watch_id]

    def states(self, watch_ids: Iterable[str]) -> dict[str, WatchState]:
        """The stored states of several watches in one query (a pass reads them at once)."""
        ids = list(watch_ids)
        newest = (
            select(VersionRow.watch_id, func.max(VersionRow.number).label("number"))
            .where(VersionRow.watch_id.in_(ids))
            .group_by(VersionRow.watch_id)
            .subquery()
        )
        q = (
            select(
                WatchRow.id,
                WatchRow.etag,
                WatchRow.last_modified,
                WatchRow.last_body_sha256,
                WatchRow.last_body_fingerprint,
                WatchRow.failures,
                WatchRow.error_raised,
                WatchRow.last_check_at,
                WatchRow.pending_text_sha256,
                WatchRow.pending_count,
                WatchRow.final_url,
                newest.c.number,
                VersionRow.text_sha256,
            )
            .outerjoin(newest, newest.c.watch_id == WatchRow.id)
            .outerjoin(
                VersionRow,
                (VersionRow.watch_id == WatchRow.id) & (VersionRow.number == newest.c.number),
            )
            .where(WatchRow.id.in_(ids))
        )
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return {
            row.id: WatchState(
                watch_id=row.id,
                validators=Validators(row.etag, row.last_modified),
                body_sha256=row.last_body_sha256,
                body_fingerprint=row.last_body_fingerprint,
                failures=row.failures,
                error_raised=row.error_raised,
                last_check_at=_aware(row.last_check_at),
                latest=row.number,
                latest_text_sha256=row.text_sha256,
                pending_text_sha256=row.pending_text_sha256,
                pending_count=row.pending_count,
                final_url=row.final_url,
            )
            for row in rows
        }

    def text_of(self, digest: str) -> str:
        """The text with this sha256."""
        with self._session() as s:
            return self._text(s, digest)

    def last_checks(self) -> dict[str, datetime]:
        """When each watch was last checked (for scheduling after a restart)."""
        with self._session() as s:
            rows = s.execute(select(WatchRow.id, WatchRow.last_check_at)).all()
            return {wid: at for wid, at in rows if at is not None}

    # --- checks ------------------------------------------------------------------

    def record(self, rec: CheckRecord) -> int | None:
        """Write one check atomically; returns the new version's number, if any."""
        try:
            with self.engine.begin() as c:
                result = self._writer.write(c, [rec])[0]
        except IntegrityError as exc:
            raise Conflict(f"{rec.watch_id}: concurrent version write") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"{rec.watch_id}: could not record the check: {exc}") from exc
        if isinstance(result, StoreError):
            raise result
        return result

    def record_many(self, recs: list[CheckRecord]) -> list[int | StoreError | None]:
        """Write several checks in one transaction (group commit).

        Each check is still all-or-nothing: one that conflicts is refused before it
        writes anything and comes back as its error, the others are written. Should the
        transaction itself fail, every check is retried in a transaction of its own.
        """
        try:
            with self.engine.begin() as c:
                return self._writer.write(c, recs)
        except SQLAlchemyError:
            log.warning("group commit of %d checks failed; writing them one by one", len(recs))
        results: list[int | StoreError | None] = []
        for rec in recs:
            try:
                results.append(self.record(rec))
            except StoreError as exc:
                results.append(exc)
        return results

    @staticmethod
    def _put_text(s: Session, text: str) -> str:
        data = text.encode()
        digest = sha256(data)
        if s.get(TextBlob, digest) is None:
            s.add(TextBlob(sha256=digest, size=len(data), data=pack(data, TEXT_LEVEL)))
        return digest

    @staticmethod
    def _text(s: Session, digest: str) -> str:
        blob = s.get(TextBlob, digest)
        if blob is None:  # a foreign key makes this impossible short of manual edits
            raise StoreError(f"text {digest} is missing from the database")
        return unpack(blob.data).decode()

    # --- history -------------------------------------------------------------------

    def versions(self, watch_id: str) -> list[VersionInfo]:
        """The watch's versions, oldest first."""
        with self._session() as s:
            rows = s.execute(
                select(VersionRow, TextBlob.size)
                .join(TextBlob, TextBlob.sha256 == VersionRow.text_sha256)
                .where(VersionRow.watch_id == watch_id)
                .order_by(VersionRow.number)
            ).all()
            return [
                VersionInfo(v.number, v.created_at, v.text_sha256, size, v.rederived_at is not None)
                for v, size in rows
            ]

    def text(self, watch_id: str, number: int | None = None) -> tuple[int, str]:
        """(number, text) of version `number`, or of the newest when None."""
        with self._session() as s:
            q = select(VersionRow).where(VersionRow.watch_id == watch_id)
            q = (
                q.where(VersionRow.number == number)
                if number is not None
                else q.order_by(VersionRow.number.desc()).limit(1)
            )
            row = s.scalars(q).first()
            if row is None:
                what = f"version {number}" if number is not None else "any version"
                raise NotFound(f"watch {watch_id!r} has no {what}")
            return row.number, self._text(s, row.text_sha256)

    def bodies(self, watch_id: str) -> Iterator[tuple[int, bytes, str]]:
        """(version number, raw body, content type) of each version, oldest first."""
        with self._session() as s:
            rows = s.execute(
                select(VersionRow.number, BodyBlob.data, BodyBlob.content_type)
                .join(BodyBlob, BodyBlob.sha256 == VersionRow.body_sha256)
                .where(VersionRow.watch_id == watch_id)
                .order_by(VersionRow.number)
            ).all()
        for number, data, content_type in rows:
            yield number, unpack(data), content_type

    def rederive(self, watch_id: str, texts: dict[int, str], fingerprint: str, at: datetime) -> int:
        """Replace versions' texts after a rules change; returns how many changed.

        Nothing is notified: this is a rules change, not a change of the document.
        """
        changed = 0
        with self._session() as s, s.begin():
            for number, text in texts.items():
                row = s.scalars(
                    select(VersionRow).where(
                        VersionRow.watch_id == watch_id, VersionRow.number == number
                    )
                ).one()
                digest = self._put_text(s, text)
                if digest != row.text_sha256:
                    row.text_sha256, row.rederived_at = digest, at
                    changed += 1
                row.rules_fingerprint = fingerprint
            watch = s.get(WatchRow, watch_id)
            if watch is not None:
                watch.rules_fingerprint = fingerprint
                watch.last_body_sha256 = watch.last_body_fingerprint = None
        return changed

    # --- events ----------------------------------------------------------------------

    def events(self, watch_id: str | None = None, since: datetime | None = None) -> list[Event]:
        """Events, oldest first, optionally of one watch and from a time on."""
        with self._session() as s:
            q = select(EventRow, WatchRow.name).join(WatchRow, WatchRow.id == EventRow.watch_id)
            if watch_id is not None:
                q = q.where(EventRow.watch_id == watch_id)
            if since is not None:
                q = q.where(EventRow.at >= since)
            rows = s.execute(q.order_by(EventRow.at, EventRow.id)).all()
            return [_event(row, name) for row, name in rows]

    # --- outbox ------------------------------------------------------------------------

    def claim(
        self, at: datetime, lease: timedelta, limit: int = 100, due: datetime | None = None
    ) -> list[Delivery]:
        """Take the head of each channel's queue, if it is due by `due` (default `at`), and
        lease it until `at + lease`; oldest events first, at most `limit` channels.

        A channel's head is its oldest pending row by event. Newer rows wait behind it
        whether it is due, waiting out a backoff, or leased to another sender: a channel
        has at most one message out at a time, and its messages leave in event order.
        """
        due = at if due is None else due
        queues = (
            select(
                OutboxRow.notifier,
                OutboxRow.channel,
                func.min(OutboxRow.event_id).label("event_id"),
            )
            .where(OutboxRow.state == "pending")
            .group_by(OutboxRow.notifier, OutboxRow.channel)
            .subquery()
        )
        q = (
            select(OutboxRow, EventRow, WatchRow.name)
            .join(
                queues,
                (queues.c.notifier == OutboxRow.notifier)
                & (queues.c.channel == OutboxRow.channel)
                & (queues.c.event_id == OutboxRow.event_id),
            )
            .join(EventRow, EventRow.id == OutboxRow.event_id)
            .join(WatchRow, WatchRow.id == EventRow.watch_id)
            .where(OutboxRow.state == "pending", OutboxRow.next_attempt_at <= due)
            .order_by(OutboxRow.event_id, OutboxRow.id)
            .limit(limit)
        )
        with self._session() as s, s.begin():
            if s.bind.dialect.name == "postgresql":
                q = q.with_for_update(skip_locked=True, of=OutboxRow)
            out = []
            for row, ev, name in s.execute(q).all():
                # Compare and set: the row is ours only if no other sender claimed it
                # since it was read (SQLite takes its write lock only at this UPDATE).
                taken = s.execute(
                    update(OutboxRow)
                    .where(
                        OutboxRow.id == row.id,
                        OutboxRow.state == "pending",
                        OutboxRow.attempts == row.attempts,
                        OutboxRow.next_attempt_at <= due,
                    )
                    .values(attempts=row.attempts + 1, next_attempt_at=at + lease)
                    .execution_options(synchronize_session=False)
                )
                if taken.rowcount == 1:
                    out.append(
                        Delivery(
                            row.id, row.notifier, row.channel, row.attempts + 1, _event(ev, name)
                        )
                    )
            return out

    def renew(self, outbox_id: int, attempt: int, until: datetime) -> bool:
        """Extend a claim's lease to `until`; False when the row is no longer that claim's
        (sent, dropped, or claimed again by another sender after the lease ran out)."""
        try:
            return self._finish(
                outbox_id,
                OutboxRow.state == "pending",
                OutboxRow.attempts == attempt,
                next_attempt_at=until,
            )
        except SQLAlchemyError as exc:
            raise StoreError(f"could not renew the lease of outbox row {outbox_id}: {exc}") from exc

    def delivered(self, outbox_id: int, at: datetime) -> None:
        """Mark a row sent: it will never be sent again."""
        self._finish(outbox_id, state="sent", sent_at=at, last_error=None)

    def failed(
        self, outbox_id: int, error: str, retry_at: datetime, attempt: int | None = None
    ) -> bool:
        """Record a failed attempt; the row is due again at `retry_at`.

        With `attempt`, only if the row is still that claim's: a sender whose lease ran
        out does not reschedule a row another sender now holds. Returns whether recorded.
        """
        fence = () if attempt is None else (OutboxRow.attempts == attempt,)
        return self._finish(
            outbox_id,
            *fence,
            OutboxRow.state == "pending",
            next_attempt_at=retry_at,
            last_error=error,
        )

    def dropped(self, outbox_id: int, reason: str) -> None:
        """Give up on a row whose channel no longer exists in the configuration."""
        self._finish(outbox_id, state="dropped", last_error=reason)

    def _finish(self, outbox_id: int, *conditions: Any, **values: Any) -> bool:
        with self._session() as s, s.begin():
            done = s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == outbox_id, *conditions)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            return done.rowcount == 1


# --- writing checks ----------------------------------------------------------------------


class _Writer:
    """Writes a batch of checks with a few statements per batch, not per check.

    Each kind of row (blobs, versions, watch updates, checks, events, outbox rows) is written
    with one executemany statement, on Core tables, with statements built once per store: at
    a thousand watches, building statements and SQLAlchemy's per-statement work cost more
    than the writing itself (`benchmarks/store_writes.py`). Checks that cannot be written are
    refused before anything is: an unknown watch, a version that is no longer the next.
    """

    def __init__(self) -> None:
        watches, versions = WatchRow.__table__, VersionRow.__table__
        texts, bodies, events = TextBlob.__table__, BodyBlob.__table__, EventRow.__table__
        ids = bindparam("ids", expanding=True)
        # Locks the rows (on PostgreSQL; SQLite has one writer) in one order, so that two
        # writers recording checks of the same watches cannot deadlock.
        self.lock = (
            select(watches.c.id).where(watches.c.id.in_(ids)).order_by(watches.c.id)
        ).with_for_update()
        self.latest = (
            select(versions.c.watch_id, func.max(versions.c.number))
            .where(versions.c.watch_id.in_(ids))
            .group_by(versions.c.watch_id)
        )
        self.stored = {t: select(t.c.sha256).where(t.c.sha256.in_(ids)) for t in (texts, bodies)}
        self.insert = {t: insert(t) for t in (texts, bodies, CheckRow.__table__, events)}
        self.insert_version = insert(versions).returning(
            versions.c.id, sort_by_parameter_order=True
        )
        self.insert_event = insert(events).returning(events.c.id, sort_by_parameter_order=True)
        self.insert_outbox = insert(OutboxRow.__table__)
        self._updates: dict[tuple[str, ...], Any] = {}

    def write(self, c: Connection, recs: list[CheckRecord]) -> list[int | StoreError | None]:
        """Write `recs` on `c` (in its transaction); each one's version number, None, or why
        it was refused."""
        known = set(c.scalars(self.lock, {"ids": sorted({rec.watch_id for rec in recs})}))
        with_versions = {rec.watch_id for rec in recs if rec.version is not None} & known
        latest: dict[str, int | None] = {}
        if with_versions:
            latest = dict(c.execute(self.latest, {"ids": sorted(with_versions)}).all())
        results: list[int | StoreError | None] = []
        accepted: list[tuple[CheckRecord, int | None]] = []
        for rec in recs:
            number = None
            if rec.watch_id not in known:
                results.append(NotFound(f"no watch with id {rec.watch_id!r} in the database"))
                continue
            if rec.version is not None:
                now_latest = latest.get(rec.watch_id)
                if now_latest != rec.expected_latest:
                    results.append(
                        Conflict(
                            f"{rec.watch_id}: latest version is {now_latest}, "
                            f"expected {rec.expected_latest}"
                        )
                    )
                    continue
                number = latest[rec.watch_id] = (now_latest or 0) + 1
            results.append(number)
            accepted.append((rec, number))
        if accepted:
            self._write_accepted(c, accepted)
        return results

    def _write_accepted(
        self, c: Connection, accepted: list[tuple[CheckRecord, int | None]]
    ) -> None:
        versioned = [(i, rec, n) for i, (rec, n) in enumerate(accepted) if rec.version is not None]
        self._put_blobs(c, [rec.version for _, rec, _ in versioned])
        version_ids: dict[int, int] = {}  # index in `accepted` -> versions.id
        if versioned:
            rows = [
                dict(
                    watch_id=rec.watch_id,
                    number=number,
                    created_at=rec.started_at,
                    text_sha256=rec.version.text_sha256,
                    body_sha256=rec.version.body_sha256,
                    rules_fingerprint=rec.version.rules_fingerprint,
                )
                for _, rec, number in versioned
            ]
            new_ids = c.execute(self.insert_version, rows).scalars().all()
            version_ids = dict(zip((i for i, _, _ in versioned), new_ids, strict=True))
        self._update_watches(c, [rec for rec, _ in accepted])
        checks = [
            dict(
                watch_id=rec.watch_id,
                started_at=rec.started_at,
                duration_ms=rec.duration_ms,
                outcome=rec.outcome,
                status=rec.status,
                final_url=rec.final_url,
                error_kind=rec.error_kind,
                error=rec.error,
                version_id=version_ids.get(i),
            )
            for i, (rec, _) in enumerate(accepted)
        ]
        c.execute(self.insert[CheckRow.__table__], checks)
        self._add_events(c, accepted)

    def _put_blobs(self, c: Connection, versions: list[NewVersion]) -> None:
        """Insert the texts and bodies not stored yet (content-addressed: each one once)."""
        texts = {
            v.text_sha256: dict(sha256=v.text_sha256, size=v.text_size, data=v.text_z)
            for v in versions
        }
        bodies = {
            v.body_sha256: dict(
                sha256=v.body_sha256, size=v.body_size, content_type=v.content_type, data=v.body_z
            )
            for v in versions
        }
        for table, rows in ((TextBlob.__table__, texts), (BodyBlob.__table__, bodies)):
            if rows:
                stored = set(c.scalars(self.stored[table], {"ids": list(rows)}))
                new = [row for digest, row in rows.items() if digest not in stored]
                if new:
                    c.execute(self.insert[table], new)

    def _update_watches(self, c: Connection, recs: list[CheckRecord]) -> None:
        """Each check's columns of its watch row; one statement per set of columns."""
        # A watch checked twice in one batch keeps its updates in order: the n-th check of a
        # watch goes in the n-th round.
        seen: dict[str, int] = defaultdict(int)
        rounds: dict[tuple[int, tuple[str, ...]], list[dict]] = defaultdict(list)
        for rec in recs:
            values = _watch_values(rec)
            rounds[(seen[rec.watch_id], tuple(values))].append({"b_id": rec.watch_id, **values})
            seen[rec.watch_id] += 1
        for (_, columns), params in sorted(rounds.items(), key=lambda item: item[0][0]):
            c.execute(self._update(columns), params)

    def _update(self, columns: tuple[str, ...]) -> Any:
        """UPDATE watches SET <columns> WHERE id = :b_id, the values given at execution."""
        stmt = self._updates.get(columns)
        if stmt is None:
            watches = WatchRow.__table__
            stmt = self._updates[columns] = (
                update(watches)
                .where(watches.c.id == bindparam("b_id"))
                .values({name: bindparam(name) for name in columns})
            )
        return stmt

    def _add_events(self, c: Connection, accepted: list[tuple[CheckRecord, int | None]]) -> None:
        rows, deliveries = [], []
        for rec, number in accepted:
            for ev in rec.events:
                rows.append(
                    dict(
                        watch_id=rec.watch_id,
                        kind=ev.kind.value,
                        at=rec.started_at,
                        url=rec.url,
                        version_from=ev.version_from,
                        version_to=ev.version_to if ev.version_to is not None else number,
                        ai_change=ev.ai_change,
                        summary=ev.summary,
                        details=ev.details or {},
                    )
                )
                deliveries.append((rec.started_at, ev.deliveries))
        if not rows:
            return
        if not any(channels for _, channels in deliveries):
            c.execute(self.insert[EventRow.__table__], rows)
            return
        event_ids = c.execute(self.insert_event, rows).scalars().all()
        outbox = [
            dict(
                event_id=event_id,
                notifier=notifier,
                channel=channel,
                state="pending",
                attempts=0,
                created_at=at,
                next_attempt_at=at,
            )
            for event_id, (at, channels) in zip(event_ids, deliveries, strict=True)
            for notifier, channel in channels
        ]
        c.execute(self.insert_outbox, outbox)


def _event(row: EventRow, name: str) -> Event:
    d = row.details or {}
    return Event(
        id=row.id,
        watch=row.watch_id,
        name=name,
        url=row.url,
        kind=EventKind(row.kind),
        at=row.at,
        version_from=row.version_from,
        version_to=row.version_to,
        summary=row.summary,
        ai_change=row.ai_change,
        ai_findings=tuple(d.get("ai_findings", ())),
        diff_text=d.get("diff_text", ""),
        diff_markdown=d.get("diff_markdown", ""),
        diff_html=d.get("diff_html", ""),
        substantive=d.get("substantive", True),
        ai_direction=d.get("ai_direction"),
        ai_severity=d.get("ai_severity"),
        effective_before=d.get("effective_before"),
        effective_after=d.get("effective_after"),
        silent_edit=d.get("silent_edit", False),
    )
