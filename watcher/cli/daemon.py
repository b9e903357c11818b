"""`watcher run`: the daemon's life cycle — start, reload on SIGHUP, stop on SIGTERM.

With [http], the web server runs in the same event loop (see `cli.web.Site`): started before
the first check (an address in use stops the daemon there), reloaded with the configuration,
stopped after the checks in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from watcher import db
from watcher.cli.web import (
    Site,
    daemon_metrics,
    face_of,
    observed_check,
    observed_deliver,
    reloading,
)
from watcher.cli.wiring import load_config, open_app, open_store
from watcher.cli.words import plural
from watcher.config.units import format_duration
from watcher.daemonlock import single_daemon, sqlite_file
from watcher.errors import DatabaseUnavailable, WatcherError
from watcher.housekeeping import prune_history
from watcher.models import Config
from watcher.pipeline.core import utcnow
from watcher.schedule import Daemon
from watcher.systemd import Notifier
from watcher.web import DaemonMetrics, Health

log = logging.getLogger(__name__)
T = TypeVar("T")

# Waiting for a database that is down at start: the first retry after RETRY_FIRST seconds,
# doubling up to RETRY_MAX.
RETRY_FIRST = 2.0
RETRY_MAX = 60.0


def run(args: argparse.Namespace) -> int:
    """`watcher run`: the daemon, until SIGTERM/SIGINT; returns the exit status."""
    cfg = load_config(args)
    sd = Notifier(args.environ.get("NOTIFY_SOCKET"), args.environ.get("WATCHDOG_USEC"))
    with single_daemon(cfg.storage.url), contextlib.ExitStack() as stack:
        store = _wait_for_store(cfg, sd, stack)
        asyncio.run(_serve(args, cfg, store, sd))
    return 0


def _wait_for_store(cfg: Config, sd: Notifier, stack: contextlib.ExitStack):
    """The store, once the database answers.

    A database server that is down when the daemon starts (a host booting, PostgreSQL
    restarting) is waited for, saying so, rather than the daemon exiting for its supervisor
    to restart it in a loop. SQLite is a file: what makes it unavailable (permissions, a
    missing directory) does not pass by itself, and is an error at once."""
    delay = RETRY_FIRST
    while True:
        try:
            return stack.enter_context(open_store(cfg))
        except DatabaseUnavailable as exc:
            if sqlite_file(cfg.storage.url) is not None:
                raise
            log.error("%s; retrying in %s", exc, format_duration(delay))
            sd.send(f"STATUS=waiting for the database: {exc}")
            sd.send(f"EXTEND_TIMEOUT_USEC={int((delay + 30) * 1e6)}")
            time.sleep(delay)
            delay = min(delay * 2, RETRY_MAX)


async def _serve(args, cfg: Config, store, sd: Notifier) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    reload = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.add_signal_handler(signal.SIGHUP, reload.set)
    stack = contextlib.AsyncExitStack()
    app = await stack.enter_async_context(open_app(cfg, store, retire=True))
    registry, metrics = daemon_metrics(store)
    url = cfg.storage.url
    daemon = Daemon(
        check=observed_check(told(app.pipeline.check, url), metrics),
        deliver=observed_deliver(told(app.pipeline.deliver, url), metrics),
        settings=cfg.schedule,
        clock=utcnow,
        queue=store,
        housekeeping=lambda: prune_history(store, app.config.storage.keep_checks, utcnow()),
    )
    metrics.follow(daemon)
    daemon.observe_lag = metrics.started_late
    site = Site(store, Health(store.engine, scheduler=daemon), registry)
    face = face_of(cfg)
    if face is not None:
        try:
            site.bind(face)  # an address in use stops the daemon before any check
        except BaseException:
            await stack.aclose()
            raise
    daemon.start(cfg.watches, await asyncio.to_thread(store.due_times))
    watchdog = None
    try:
        if face is not None:
            await site.start()  # served once the scheduler runs: /healthz is 200 from the start
        log.info("watching %s (config %s)", plural(len(cfg.watches), "document"), cfg.path)
        sd.send("READY=1")
        watchdog = asyncio.create_task(_watchdog(sd)) if sd.watchdog_interval else None
        while await reloading(stop, reload):
            sd.send("RELOADING=1")
            app = await _reload(args, app, daemon, stack, store, site, metrics)
            sd.send("READY=1")
    finally:
        sd.send("STOPPING=1")
        log.info("stopping")
        await daemon.stop()
        await site.stop()  # after the checks in flight, which /metrics still counts
        if watchdog:
            watchdog.cancel()
        await stack.aclose()


async def _reload(
    args,
    app,
    daemon: Daemon,
    stack: contextlib.AsyncExitStack,
    store,
    site: Site,
    metrics: DaemonMetrics,
):
    """Apply a new configuration; an invalid one is reported and the old one kept."""
    try:
        cfg = load_config(args)
    except WatcherError as exc:
        log.error("reload refused, keeping the running configuration: %s", exc)
        return app
    if cfg.storage.url != app.config.storage.url:  # keep_checks applies as it is
        log.warning("[storage] url changed: restart the daemon to use the new database")
    new_stack = contextlib.AsyncExitStack()
    new_app = await new_stack.enter_async_context(open_app(cfg, store, retire=True))
    daemon.update(
        cfg.watches,
        settings=cfg.schedule,
        due=await asyncio.to_thread(store.due_times),
        check=observed_check(told(new_app.pipeline.check, app.config.storage.url), metrics),
        deliver=observed_deliver(told(new_app.pipeline.deliver, app.config.storage.url), metrics),
    )
    await site.reload(face_of(cfg))
    # Close the old HTTP client only after the jobs point at the new one.
    old = stack.pop_all()
    stack.push_async_exit(new_stack)
    await old.aclose()
    log.info("configuration reloaded: %s", plural(len(cfg.watches), "watch"))
    return new_app


def told(job: Callable[..., Awaitable[T]], url: str) -> Callable[..., Awaitable[T]]:
    """`job`, with the database's failures told as the `DatabaseError` that says what they
    mean: the database going away mid-job is one logged line, not a traceback, and a check
    it ends is counted as not recorded."""

    async def run(*args, **kwargs) -> T:
        with db.failures(url):
            return await job(*args, **kwargs)

    return run


async def _watchdog(sd: Notifier) -> None:
    while True:
        sd.send("WATCHDOG=1")
        await asyncio.sleep(sd.watchdog_interval or 10)
