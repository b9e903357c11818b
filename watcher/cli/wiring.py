"""Builds the objects a command needs from the configuration (no printing here)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import subprocess
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field

from watcher import config as config_mod
from watcher import db, migrate
from watcher.cli import logs
from watcher.cli.words import plural
from watcher.config.secrets import exposure
from watcher.errors import WatcherError
from watcher.fetch import Browser, Fetcher
from watcher.models import Config, Watch
from watcher.pipeline.core import Pipeline, utcnow
from watcher.pipeline.workers import Workers, default_count
from watcher.store import Store

log = logging.getLogger(__name__)


class UsageError(WatcherError):
    """The user named something that does not exist (exit status 2)."""


def load_config(args: argparse.Namespace) -> Config:
    """The validated configuration named by --config / $WATCHER_CONFIG.

    Its secrets are masked in every log line and message from now on, and a file that
    holds secrets and that others may read gets a warning.
    """
    cfg = config_mod.load(args.config, environ=args.environ)
    logs.conceal(logs.secrets_of(cfg))
    warning = exposure(args.config)
    if warning:
        log.warning("%s", warning)
    return cfg


@contextmanager
def open_store(cfg: Config, *, upgrade: bool = True) -> Iterator[Store]:
    """A store on the configured database, migrated to the newest schema.

    Whatever goes wrong with the database, here or in the command's use of the store,
    comes out as a `DatabaseError` naming the database and the cause.
    """
    url = cfg.storage.url
    with db.failures(url):
        engine = db.create(url)
        try:
            if upgrade:
                migrate.upgrade(engine)
            yield Store(engine)
        finally:
            engine.dispose()


@dataclass
class App:
    """The wired pipeline of one command."""

    config: Config
    store: Store
    pipeline: Pipeline
    # Watches re-derived on opening because their rules changed: id → (versions, texts changed).
    rebuilt: dict[str, tuple[int, int]] = field(default_factory=dict)


@asynccontextmanager
async def open_app(
    cfg: Config, store: Store, worker: subprocess.Popen | None = None, *, retire: bool = False
):
    """A pipeline with its HTTP client and browser; watches synced and rebuilt if rules changed.

    `worker`: a worker process the command launched early, for the pipeline to adopt.
    `retire`: the configuration is the whole list of watches (the daemon's), so watches not in
    it are no longer scheduled.
    """
    # In a thread: on SIGHUP the daemon's event loop keeps serving checks meanwhile.
    stored = await asyncio.to_thread(
        store.sync_watches, cfg.watches, utcnow(), cfg.schedule, retire=retire
    )
    count = cfg.schedule.workers
    workers = Workers(default_count() if count is None else count, worker)
    try:
        # Chromium is launched only if a browser watch is checked, and shared by all of them.
        async with Fetcher(cfg.fetch) as fetcher, Browser(cfg.fetch) as browser:
            pipeline = Pipeline(cfg, store, fetcher, workers=workers, browser=browser)
            app = App(cfg, store, pipeline)
            for w in cfg.watches:
                if pipeline.needs_rebuild(w, stored.get(w.id)):
                    versions, changed = await asyncio.to_thread(rebuild, pipeline, w)
                    app.rebuilt[w.id] = versions, changed
                    log.info(
                        "%s: %s re-derived under its new rules (%s changed), nobody notified",
                        w.id,
                        plural(versions, "version"),
                        plural(changed, "text"),
                    )
            yield app
    finally:
        await workers.close()


def rebuild(pipeline: Pipeline, watch: Watch) -> tuple[int, int]:
    """Re-derive `watch`'s versions: (how many versions, how many of their texts changed)."""
    changed = pipeline.rebuild(watch)
    return len(pipeline.store.versions(watch.id)), changed


def pick(cfg: Config, name: str | None) -> tuple[Watch, ...]:
    """All watches, or the one named (by name or id)."""
    if name is None:
        return cfg.watches
    try:
        return (cfg.watch(name),)
    except KeyError:
        known = ", ".join(w.id for w in cfg.watches) or "none"
        raise UsageError(f"no watch named {name!r} in {cfg.path} (ids: {known})") from None


def watch_id(cfg: Config, store: Store, name: str) -> str:
    """The id of a watch named in the config, or of one known only to the database."""
    try:
        return cfg.watch(name).id
    except KeyError:
        pass
    if name in store.states([name]):
        return name
    raise UsageError(f"no watch named {name!r} in {cfg.path} or in the database")
