"""The database schema (SQLAlchemy 2 ORM), engine creation and migrations.

`store` is the only module that reads or writes these tables; this module only
describes them and knows how to open and migrate a database.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    true,
)
from sqlalchemy import exc as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from watcher.errors import (
    DatabaseCorrupt,
    DatabaseError,
    DatabaseFull,
    DatabaseLocked,
    DatabaseUnavailable,
    DriverMissing,
    StoreError,
)

log = logging.getLogger(__name__)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ServerString(TypeDecorator):
    """A VARCHAR holding what a server chose (a media type): clipped to the column's length.

    PostgreSQL refuses a value longer than its column and SQLite stores it whole; neither is
    right for one header of a hostile page, which must not cost the check its record.
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value if value is None else value[: self.impl.length]


class Base(DeclarativeBase):
    """Declarative base of Watcher's tables."""


class WatchRow(Base):
    """A watch as last seen in the configuration, with its fetch state."""

    __tablename__ = "watches"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(50), default="other")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    rules_fingerprint: Mapped[str | None] = mapped_column(String(64))
    last_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    # sha256 of the last successfully fetched raw body, with the fingerprint it was read under:
    # the same bytes under the same rules give the same text, so parsing can be skipped.
    last_body_sha256: Mapped[str | None] = mapped_column(String(64))
    last_body_fingerprint: Mapped[str | None] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed checks
    error_raised: Mapped[bool] = mapped_column(Boolean, default=False)  # fetch_error sent
    # A new text waiting to be confirmed (`confirm` > 1): its sha256 and on how many
    # consecutive checks it was seen. Cleared by a new version or the old text seen again.
    pending_text_sha256: Mapped[str | None] = mapped_column(String(64))
    pending_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The final URL (after redirects) of the last successful fetch: a different one on a
    # later check means the document moved (one `moved` event), not that its text changed.
    final_url: Mapped[str | None] = mapped_column(Text)
    # The last check's outcome and failure, as the dashboard shows them: read from here, a
    # thousand watches cost one row each, not a search of the checks table.
    last_outcome: Mapped[str | None] = mapped_column(String(20))
    last_error_kind: Mapped[str | None] = mapped_column(String(50))
    last_error: Mapped[str | None] = mapped_column(Text)
    # The schedule, shared by every instance (docs/decisions/0016). A watch no longer in the
    # configuration is inactive: never claimed, its history kept. `host` (of its URL) and
    # `interval_s` are the configuration's: the claim's per-host budget counts hosts, and a
    # changed interval moves the due time.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    host: Mapped[str | None] = mapped_column(String(255))
    interval_s: Mapped[float | None] = mapped_column(Float)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A claim: who checks the watch now, under which token, until when (the lease). The token
    # fences the record: a check whose lease was lost and taken over writes nothing.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claim_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_watches_due", "active", "next_due_at"),
        Index("ix_watches_claim_until", "claim_until"),
    )


# Checks are the rows that grow with every poll: at a hundred thousand hourly watches a 32-bit
# id (PostgreSQL's INTEGER) runs out within three years. SQLite's INTEGER PRIMARY KEY is the
# 64-bit rowid already, and must stay INTEGER to be it (migration 0009).
CHECK_ID = BigInteger().with_variant(Integer(), "sqlite")


class CheckRow(Base):
    """One poll of a watch."""

    __tablename__ = "checks"
    __table_args__ = (
        Index("ix_checks_watch_started", "watch_id", "started_at"),
        Index("ix_checks_started", "started_at"),  # pruning old checks
    )

    id: Mapped[int] = mapped_column(CHECK_ID, primary_key=True, autoincrement=True)
    watch_id: Mapped[str] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_ms: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))  # new_version|unchanged|not_modified|error
    status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(Text)
    error_kind: Mapped[str | None] = mapped_column(String(50))
    error: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))


class TextBlob(Base):
    """A normalized text, stored once (content-addressed) and compressed."""

    __tablename__ = "texts"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class BodyBlob(Base):
    """A raw fetched body, stored once (content-addressed) and compressed."""

    __tablename__ = "bodies"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(ServerString(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class VersionRow(Base):
    """A distinct normalized text of a watch, numbered from 1."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("watch_id", "number", name="uq_versions_watch_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    watch_id: Mapped[str] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    text_sha256: Mapped[str] = mapped_column(ForeignKey("texts.sha256"))
    body_sha256: Mapped[str | None] = mapped_column(ForeignKey("bodies.sha256"))
    rules_fingerprint: Mapped[str] = mapped_column(String(64))
    rederived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # rules change
    # The AI-training findings of this text (`models.report.finding_json` each), read when it
    # became a version; None for versions stored before release 0.2 or texts rederived since.
    findings: Mapped[list | None] = mapped_column(JSON)


class EventRow(Base):
    """Something a person may want to know (the design's event contract)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_watch_at", "watch_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    watch_id: Mapped[str] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    url: Mapped[str] = mapped_column(Text)
    version_from: Mapped[int | None] = mapped_column(Integer)
    version_to: Mapped[int | None] = mapped_column(Integer)
    ai_change: Mapped[str | None] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # findings, diff excerpts


class OutboxRow(Base):
    """One message owed to one channel (notifier URL) for one event."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("event_id", "notifier", "channel", name="uq_outbox_event_channel"),
        Index("ix_outbox_state_due", "state", "next_attempt_at"),
        # Each channel's queue in event order: finds the head of every channel's queue
        # (its oldest pending row) without reading the rows already sent.
        Index("ix_outbox_channel_queue", "state", "notifier", "channel", "event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    notifier: Mapped[str] = mapped_column(String(200))
    # sha256 prefix of the Apprise URL: URLs hold secrets, so they are not stored
    channel: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending|sent|dropped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)


# How long a connection waits for another process's write lock before giving up with
# "database is locked": longer than any one check's transaction (milliseconds), shorter
# than a person waits for a command.
BUSY_TIMEOUT = 10.0  # seconds


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (the CLI) run while the daemon writes. synchronous=NORMAL in WAL
    # mode keeps every transaction atomic and survives a killed process; only a power
    # loss can drop the last few commits (see docs/decisions/0007). Foreign keys are off
    # by default in SQLite.
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")  # first: WAL may wait
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def create(url: str) -> Engine:
    """An engine for `url`; creates the SQLite file's directory when needed.

    Raises a `DatabaseError` when the URL is unusable or its driver is not installed.
    SQL parameters are kept out of error messages and logs: they hold watch URLs (which
    may carry credentials) and whole pages.
    """
    try:
        parsed = make_url(url)
    except (sa.ArgumentError, ValueError) as exc:
        raise DatabaseError(url, f"not a database URL: {exc}") from exc
    try:
        if parsed.get_backend_name() != "sqlite":
            return create_engine(url, pool_pre_ping=True, hide_parameters=True)
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                why = exc.strerror or str(exc)
                raise DatabaseUnavailable(url, f"cannot create its directory: {why}") from exc
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT}, hide_parameters=True)
    except ImportError as exc:  # create_engine imports the driver (psycopg, pymysql…)
        raise DriverMissing(url, exc.name or str(exc)) from exc
    except sa.NoSuchModuleError as exc:  # a dialect SQLAlchemy does not know
        raise DatabaseError(url, f"unknown kind of database: {exc}") from exc
    except sa.ArgumentError as exc:
        raise DatabaseError(url, f"unusable database URL: {exc}") from exc
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


# SQLite's primary result codes (https://sqlite.org/rescode.html), by what they mean to
# the person running Watcher. Extended codes carry the primary one in their low byte.
_SQLITE_KINDS: dict[int, type[DatabaseError]] = {
    3: DatabaseUnavailable,  # SQLITE_PERM
    5: DatabaseLocked,  # SQLITE_BUSY
    6: DatabaseLocked,  # SQLITE_LOCKED
    8: DatabaseUnavailable,  # SQLITE_READONLY
    10: DatabaseFull,  # SQLITE_IOERR: a write past a size limit, or a failing disk
    11: DatabaseCorrupt,  # SQLITE_CORRUPT
    13: DatabaseFull,  # SQLITE_FULL
    14: DatabaseUnavailable,  # SQLITE_CANTOPEN
    26: DatabaseCorrupt,  # SQLITE_NOTADB
}
# PostgreSQL's SQLSTATE codes (its manual's Appendix A), by class (first two characters)
# or in full.
_SQLSTATE_KINDS: dict[str, type[DatabaseError]] = {
    "08": DatabaseUnavailable,  # connection exception
    "57P03": DatabaseUnavailable,  # cannot connect now (starting up)
    "28": DatabaseUnavailable,  # invalid authorization (wrong password)
    "3D": DatabaseUnavailable,  # invalid catalog name (no such database)
    "53": DatabaseFull,  # insufficient resources (disk full, out of memory)
    "55P03": DatabaseLocked,  # lock not available
    "40P01": DatabaseLocked,  # deadlock detected
    "XX001": DatabaseCorrupt,  # data corrupted
    "XX002": DatabaseCorrupt,  # index corrupted
}


def failure(url: str, exc: BaseException) -> DatabaseError:
    """The `DatabaseError` that says what `exc`, raised by SQLAlchemy or the driver, means.

    Classified by the driver's error codes, never by the words of its message; the driver's
    words are kept as the cause, on one line.
    """
    if isinstance(exc, DatabaseError):
        return exc
    orig = getattr(exc, "orig", None) or exc
    cause = " ".join(str(orig).split()) or type(orig).__name__
    kind = _kind(orig)
    if kind is None:
        # No code we know: a failure to connect at all is the likeliest meaning.
        kind = DatabaseUnavailable if isinstance(exc, sa.OperationalError) else DatabaseError
    return kind(url, cause)


def _kind(orig: BaseException) -> type[DatabaseError] | None:
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_KINDS.get(code & 0xFF)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str):
        return _SQLSTATE_KINDS.get(state) or _SQLSTATE_KINDS.get(state[:2])
    return None


@contextmanager
def failures(url: str) -> Iterator[None]:
    """Turn what goes wrong with the database at `url` inside the block into `DatabaseError`s.

    A `StoreError` the store raised about a database failure (its cause a SQLAlchemy error)
    is told the same way, so that every database failure reads alike whoever met it.
    """
    try:
        yield
    except sa.SQLAlchemyError as exc:
        raise failure(url, exc) from exc
    except StoreError as exc:
        if isinstance(exc, DatabaseError) or not isinstance(exc.__cause__, sa.SQLAlchemyError):
            raise
        raise failure(url, exc.__cause__) from exc
