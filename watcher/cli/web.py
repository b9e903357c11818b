"""The web face: `watcher serve`, and the web server `watcher run` keeps in its event loop.

`Site` is a process's server and what it serves; the daemon starts it when [http] is set,
reloads it on SIGHUP (a new address: a new server; the same: the new settings swapped in,
connections kept) and stops it on SIGTERM. The counters of `/metrics` are fed here, where
the daemon calls the pipeline.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from urllib.parse import quote

from prometheus_client import CollectorRegistry
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from watcher import db, migrate
from watcher.cli import logs
from watcher.cli.wiring import UsageError, load_config
from watcher.config.http import exposed_without_auth, parse_listen
from watcher.errors import DatabaseError, DatabaseUnavailable, WatcherError
from watcher.models import Config, Watch
from watcher.models.config import HttpSettings
from watcher.pipeline.core import CheckResult
from watcher.pipeline.delivery import DeliveryReport
from watcher.store import Store
from watcher.store.stats import read_stats
from watcher.web import (
    DaemonMetrics,
    Health,
    ListenError,
    WebServer,
    create_app,
    metrics_registry,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Face:
    """What one configuration says about the web face: where, for whom, links and secrets."""

    http: HttpSettings
    base_url: str | None = None  # [notify] base_url: where links point
    secrets: frozenset[str] = frozenset()  # masked wherever a page would show them


def face_of(cfg: Config, http: HttpSettings | None = None) -> Face | None:
    """The face `cfg` asks for (its [http], or `http`), None when it serves nothing."""
    http = http or cfg.http
    if http is None:
        return None
    return Face(http, cfg.notify.base_url, logs.secrets_of(cfg))


class Site:
    """The web server of one process, and what it serves."""

    def __init__(self, store: Store, health: Health, registry: CollectorRegistry) -> None:
        self.store = store
        self.health = health
        self.registry = registry
        self.server: WebServer | None = None

    def _app(self, face: Face):
        return create_app(
            self.store,
            face.http,
            health=self.health,
            metrics=self.registry,
            base_url=face.base_url,
            secrets=face.secrets,
        )

    def bind(self, face: Face) -> None:
        """Take `face.http.listen` now, to serve it from `start()`; raises ListenError."""
        server = WebServer(self._app(face), face.http)
        server.bind()
        self.server = server

    async def start(self, face: Face | None = None) -> None:
        """Serve `face`, or what `bind` took; raises ListenError when the address is unusable."""
        if face is not None:
            self.bind(face)
        assert self.server is not None
        try:
            await self.server.start()
        except ListenError:
            self.server = None
            raise

    async def reload(self, face: Face | None) -> None:
        """Apply a reloaded configuration: start, stop, move to a new address, or swap in place.

        A new address that cannot be used is reported, and the old one served again.
        """
        old = self.server
        if old is None:
            if face is not None:
                await self._start_or_report(face)
            return
        if face is None:
            log.info("[http] removed: no longer serving on %s", old.listen)
            await self.stop()
            return
        new = face.http
        if (new.host, new.port) == (old.settings.host, old.settings.port):
            old.swap(self._app(face), new)
            return
        # The old address is released first: 0.0.0.0:8080 cannot be bound beside 127.0.0.1:8080.
        await self.stop()
        if not await self._start_or_report(face):
            log.warning("serving on %s again", old.listen)
            back = replace(new, host=old.settings.host, port=old.port)
            await self._start_or_report(replace(face, http=back))

    async def _start_or_report(self, face: Face) -> bool:
        try:
            await self.start(face)
        except ListenError as exc:
            log.error("%s", exc)
            return False
        return True

    async def stop(self) -> None:
        """Stop serving (requests in progress finish first)."""
        if self.server is not None:
            server, self.server = self.server, None
            await server.stop()


def daemon_metrics(store: Store) -> tuple[CollectorRegistry, DaemonMetrics]:
    """The registry of `watcher run` (the database's figures) and the counters its hooks feed."""
    registry = metrics_registry(partial(read_stats, store.engine))
    return registry, DaemonMetrics(registry)


def observed_check(
    check: Callable[..., Awaitable[CheckResult]], metrics: DaemonMetrics
) -> Callable[..., Awaitable[CheckResult]]:
    """`check`, counted by outcome and error kind, and timed."""

    async def run(watch: Watch, *args, **kwargs) -> CheckResult:
        started = time.monotonic()
        try:
            result = await check(watch, *args, **kwargs)
        except WatcherError:
            # Not a site's failure (those are recorded checks): the record could not be written.
            metrics.checked("not_recorded", "database", time.monotonic() - started)
            raise
        metrics.checked(result.outcome, result.error_kind, time.monotonic() - started)
        return result

    return run


def observed_deliver(
    deliver: Callable[[], Awaitable[DeliveryReport]], metrics: DaemonMetrics
) -> Callable[[], Awaitable[DeliveryReport]]:
    """`deliver`, its results counted."""

    async def run() -> DeliveryReport:
        report = await deliver()
        metrics.delivered(report.sent, report.failed, report.dropped)
        return report

    return run


# --- watcher serve ------------------------------------------------------------


def serve(args: argparse.Namespace) -> int:
    """`watcher serve`: the pages of a database, read-only, until SIGTERM/SIGINT.

    SIGHUP reads the configuration again: its [http] (password, address unless `--listen`
    gives one), `[notify] base_url` and secrets; the database stays the one it started with.
    """
    cfg = load_config(args)
    face = _serve_face(cfg, args.listen)
    with open_read_only(cfg) as store:
        asyncio.run(_serve(args, store, face))
    return 0


def _serve_face(cfg: Config, listen: str | None) -> Face:
    face = face_of(cfg, listen_settings(cfg, listen))
    assert face is not None  # listen_settings always gives settings
    return face


def listen_settings(cfg: Config, listen: str | None) -> HttpSettings:
    """The file's [http] settings (or the defaults), at the address `--listen` gives."""
    settings = cfg.http or HttpSettings()
    if listen is None:
        return settings
    try:
        host, port = parse_listen(listen)
    except ValueError as exc:
        raise UsageError(f"--listen: {exc}") from None
    settings = replace(settings, host=host, port=port)
    problem = exposed_without_auth(settings)
    if problem:
        raise UsageError(f"--listen: {problem} (in {cfg.path})")
    return settings


async def _serve(args: argparse.Namespace, store: Store, face: Face) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    reload = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.add_signal_handler(signal.SIGHUP, reload.set)
    registry = metrics_registry(partial(read_stats, store.engine))
    site = Site(store, Health(store.engine), registry)
    await site.start(face)
    try:
        while await reloading(stop, reload):
            try:
                face = _serve_face(load_config(args), args.listen)
            except WatcherError as exc:
                log.error("reload refused, keeping the running configuration: %s", exc)
                continue
            await site.reload(face)
            log.info("configuration reloaded")
    finally:
        log.info("stopping")
        await site.stop()


async def reloading(stop: asyncio.Event, reload: asyncio.Event) -> bool:
    """Wait for the next signal: True for a reload (SIGHUP, cleared), False to stop."""
    waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(reload.wait())]
    await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    for w in waiters:
        w.cancel()
    if stop.is_set():
        return False
    reload.clear()
    return True


@contextmanager
def open_read_only(cfg: Config) -> Iterator[Store]:
    """A store on the configured database that cannot write: no migration, no new file.

    SQLite is opened with `mode=ro` and `PRAGMA query_only`; PostgreSQL sessions default to
    read-only transactions. The schema must be the one this release reads.
    """
    url = cfg.storage.url
    with db.failures(url):
        engine = db.create(_read_only_url(url))
        event.listen(engine, "connect", _refuse_writes)
        try:
            _check_schema(engine, url)
            yield Store(engine)
        finally:
            engine.dispose()


def _read_only_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return url
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise UsageError(f"[storage] url: watcher serve needs a database file, not {url!r}")
    if not os.path.isfile(database):
        raise DatabaseUnavailable(url, "no such file (a database is made by watcher run or check)")
    uri = f"file:{quote(database)}?mode=ro"
    return parsed.set(database=uri, query={"uri": "true"}).render_as_string(hide_password=False)


def _refuse_writes(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
            # Committed: set in the transaction the driver opened, the pool's rollback when the
            # connection first comes back would undo it.
            dbapi_connection.commit()
    finally:
        cursor.close()


def _check_schema(engine: Engine, url: str) -> None:
    revision = migrate.current(engine)
    if revision == migrate.HEAD:
        return
    if revision is None:
        raise DatabaseError(url, "not a Watcher database (no schema revision)")
    raise DatabaseError(
        url,
        f"its schema is at revision {revision!r}, this release reads {migrate.HEAD!r}: "
        "run `watcher db upgrade` (an older database), or upgrade Watcher (a newer one)",
    )
