"""The Store: watches, checks, versions and events (and, through `Outbox`, the outbox)."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from watcher.blobs import TEXT_LEVEL, pack, sha256, unpack
from watcher.cadence import first_due, interval_of
from watcher.db import BodyBlob, EventRow, TextBlob, VersionRow, WatchRow
from watcher.errors import NotFound, StoreError
from watcher.models import (
    CheckRecord,
    Event,
    ScheduleSettings,
    Validators,
    Watch,
    WatchState,
)
from watcher.redact import redact_url
from watcher.store.claims import Claims
from watcher.store.outbox import Outbox
from watcher.store.prune import Prune
from watcher.store.values import Conflict, VersionInfo, aware, insert_new, stored_event
from watcher.store.views import Views, events_query
from watcher.store.writer import Writer

log = logging.getLogger(__name__)

DEFAULT_SCHEDULE = ScheduleSettings()
# The watch row's columns that `sync_watches` compares with the configuration.
_SYNCED = (
    WatchRow.id,
    WatchRow.name,
    WatchRow.url,
    WatchRow.kind,
    WatchRow.rules_fingerprint,
    WatchRow.active,
    WatchRow.host,
    WatchRow.interval_s,
    WatchRow.next_due_at,
    WatchRow.last_check_at,
)


def host_of(url: str) -> str:
    """The host a watch's URL is fetched from, as the claim's per-host budget counts it."""
    return (urlsplit(url).hostname or "").lower()


def _refreshed(row, w: Watch, schedule: ScheduleSettings, at: datetime, rng) -> dict | None:
    """The columns of a known watch's row that the configuration changes (None: none)."""
    url = redact_url(w.url)  # stored and shown without its credentials
    interval = interval_of(w, schedule)
    values: dict = {}
    if (row.name, row.url, row.kind) != (w.name, url, w.kind):
        values.update(name=w.name, url=url, kind=w.kind)
        if redact_url(row.url) != url:
            # A URL changed in the configuration is not the document moving.
            values["final_url"] = None
    if not row.active:
        values["active"] = True
    if row.host != host_of(w.url):
        values["host"] = host_of(w.url)
    last = aware(row.last_check_at)
    if row.next_due_at is None:  # a watch from before due times were stored
        values["next_due_at"] = first_due(last, interval, schedule.jitter, at, rng)
    elif row.interval_s is not None and row.interval_s != interval:
        values["next_due_at"] = last + timedelta(seconds=interval) if last else at
    if row.interval_s != interval:
        values["interval_s"] = interval
    return {"id": w.id, **values} if values else None


class Store(Claims, Outbox, Prune, Views):
    """Reads and writes Watcher's database through one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer = Writer()

    def _session(self) -> Session:
        return self._sessions()

    # --- watches ---------------------------------------------------------------

    def sync_watches(
        self,
        watches: Iterable[Watch],
        at: datetime,
        schedule: ScheduleSettings = DEFAULT_SCHEDULE,
        *,
        retire: bool = False,
        rng: random.Random | None = None,
    ) -> dict[str, str | None]:
        """Insert new watches, refresh known ones; returns each watch's rules fingerprint.

        Each watch's due time is kept in the database: a new watch is due at once, one whose
        interval changed is due an interval after its last check. `retire`: watches not in
        `watches` are no longer scheduled (the daemon's configuration is the whole list; a
        one-off `check` may name a few). Instances starting together insert each watch once.
        """
        watches = list(watches)
        rng = rng or random.Random()
        with self._session() as s, s.begin():
            rows = {r.id: r for r in s.execute(select(*_SYNCED)).all()}
            new = [
                dict(
                    id=w.id,
                    name=w.name,
                    url=redact_url(w.url),
                    kind=w.kind,
                    created_at=at,
                    failures=0,
                    error_raised=False,
                    active=True,
                    host=host_of(w.url),
                    interval_s=interval_of(w, schedule),
                    next_due_at=at,
                )
                for w in watches
                if w.id not in rows
            ]
            if new:
                # One executemany statement (a first start with 1,000 watches spent 0.6 s
                # inserting them one by one); a row another instance inserted meanwhile wins.
                s.execute(insert_new(s.get_bind().dialect.name, WatchRow), new)
            changes = [
                change
                for w in watches
                if w.id in rows
                and (change := _refreshed(rows[w.id], w, schedule, at, rng)) is not None
            ]
            for values in changes:
                s.execute(update(WatchRow).where(WatchRow.id == values.pop("id")).values(**values))
            if retire:
                wanted = {w.id for w in watches}
                gone = sorted(wid for wid, row in rows.items() if row.active and wid not in wanted)
                for i in range(0, len(gone), 500):
                    s.execute(
                        update(WatchRow)
                        .where(WatchRow.id.in_(gone[i : i + 500]))
                        .values(active=False, claim_token=None, claimed_by=None, claim_until=None)
                    )
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
                last_check_at=aware(row.last_check_at),
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
                what = f"version {number}" if number is not None else "version yet"
                raise NotFound(f"watch {watch_id!r} has no {what}")
            return row.number, self._text(s, row.text_sha256)

    def bodies(self, watch_id: str, number: int | None = None) -> Iterator[tuple[int, bytes, str]]:
        """(version number, raw body, content type) of each version (or of version `number`
        only), oldest first."""
        q = (
            select(VersionRow.number, BodyBlob.data, BodyBlob.content_type)
            .join(BodyBlob, BodyBlob.sha256 == VersionRow.body_sha256)
            .where(VersionRow.watch_id == watch_id)
        )
        if number is not None:
            q = q.where(VersionRow.number == number)
        with self._session() as s:
            rows = s.execute(q.order_by(VersionRow.number)).all()
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
                    row.findings = None  # of the old text: read again when asked
                    changed += 1
                row.rules_fingerprint = fingerprint
            watch = s.get(WatchRow, watch_id)
            if watch is not None:
                watch.rules_fingerprint = fingerprint
                watch.last_body_sha256 = watch.last_body_fingerprint = None
        return changed

    # --- events ----------------------------------------------------------------------

    def events(
        self,
        watch_id: str | None = None,
        since: datetime | None = None,
        *,
        latest: int | None = None,
        ai_only: bool = False,
    ) -> list[Event]:
        """Events, oldest first, optionally of one watch, from a time on, with an AI change
        only, and only the `latest` of them (a feed's last hundred, not the whole table)."""
        with self._session() as s:
            q = events_query(watch_id, since, ai_only)
            if latest is not None:
                q = q.order_by(EventRow.at.desc(), EventRow.id.desc()).limit(latest)
                rows = list(reversed(s.execute(q).all()))
            else:
                rows = s.execute(q.order_by(EventRow.at, EventRow.id)).all()
            return [stored_event(row, name) for row, name in rows]
