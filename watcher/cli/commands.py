"""The commands that act: check, validate, rebuild, db upgrade, notify-test (`run` is `daemon`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError

from watcher import db, migrate, normalize, notify
from watcher.cli import checkup, logs
from watcher.cli.wiring import UsageError, load_config, open_app, open_store, pick
from watcher.cli.wiring import rebuild as rebuild_watch
from watcher.cli.words import plural
from watcher.errors import FetchError, NormalizeError, StoreError
from watcher.fetch import (
    Browser,
    Fetcher,
    RobotsCache,
    cannot_render,
    fetch_document,
    product_token,
    robots_allows,
    robots_url,
)
from watcher.models import Event, EventKind
from watcher.politeness import Limiter, run_pass

__all__ = ["UsageError", "check", "db_upgrade", "notify_test", "rebuild", "validate"]


def check(args: argparse.Namespace) -> int:
    """`watcher check`: one pass now, then deliver."""
    cfg = load_config(args)
    watches = pick(cfg, args.watch)
    with open_store(cfg) as store:
        return asyncio.run(_check(cfg, store, watches, args.worker))


async def _check(cfg, store, watches, worker=None) -> int:
    async with open_app(cfg, store, worker) as app:
        limiter = Limiter(cfg.schedule.concurrency, cfg.schedule.per_host)
        states = await asyncio.to_thread(store.states, [w.id for w in watches])

        async def check_one(w):
            return await app.pipeline.check(w, states.get(w.id))

        results = await run_pass(watches, check_one, limiter)
        report = await app.pipeline.deliver()
    aborted: list[str] = []
    for w, r in zip(watches, results, strict=True):
        if isinstance(r, Exception):
            # Not a site's failure (those are recorded checks): the check could not be
            # recorded, e.g. the database or its disk is full. Nothing of it was stored.
            why = _not_recorded(cfg, r)
            print(logs.scrub(f"{w.id}: check not recorded: {why}"))
            aborted.append(why)
            continue
        line = f"{r.watch_id}: {r.outcome.replace('_', ' ')}"
        if r.version:
            line += f" (version {r.version})"
        if r.events:
            line += " — " + ", ".join(e.value for e in r.events)
        if r.error:
            line += f" — {r.error}"
        print(logs.scrub(line))
    if report.sent or report.failed or report.dropped:
        print(
            f"notifications: {report.sent} sent, {report.failed} failed (will retry), "
            f"{report.dropped} dropped"
        )
    if aborted:
        raise StoreError(
            f"check not recorded for {len(aborted)} of {len(watches)} watches: {aborted[0]}"
        )
    return 0


def _not_recorded(cfg, exc: Exception) -> str:
    """Why a check could not be recorded, on one line; a database failure says which and how."""
    cause = exc.__cause__ if isinstance(exc, StoreError) else exc
    if isinstance(cause, SQLAlchemyError):
        exc = db.failure(cfg.storage.url, cause)
    return " ".join(str(exc).split())


def validate(args: argparse.Namespace) -> int:
    """`watcher validate [--fetch]`."""
    cfg = load_config(args)
    watches, notifiers = plural(len(cfg.watches), "watch"), plural(len(cfg.notifiers), "notifier")
    broken = checkup.problems(cfg)
    print(f"{cfg.path}: {'OK — ' if not broken else ''}{watches}, {notifiers}")
    for n in cfg.notifiers:
        if n.webhook:
            signed = "signed" if n.secret else "not signed: no secret"
            shown = notify.shown_url(n.webhook)
            print(logs.scrub(f"notifier {n.name}: webhook {shown} ({signed})"))
    if not cfg.watches:
        print("warning: no [[watch]] entries: there is nothing to watch")
    for line in checkup.warnings(cfg):
        print(f"warning: {line}")
    for line in broken:
        print(logs.scrub(f"error: {line}"))
    rendered = [w.id for w in cfg.watches if w.render == "browser"]
    why = cannot_render(cfg.fetch) if rendered else None
    if why:
        print(f'warning: {", ".join(rendered)}: render = "browser", but {why}')
    if broken:
        print(f"{plural(len(broken), 'problem')} found")
        return 1
    if not args.fetch:
        return 0
    problems = asyncio.run(_validate_fetch(cfg))
    for line in problems:
        print(logs.scrub(line))
    if problems:
        print(f"{plural(len(problems), 'problem')} found")
        return 1
    print("every watch fetched twice with the same text")
    return 0


async def _validate_fetch(cfg) -> list[str]:
    limiter = Limiter(cfg.schedule.concurrency, cfg.schedule.per_host)
    problems: list[str] = []
    robots: RobotsCache = {}  # each host's robots.txt fetched once per run
    agent = product_token(cfg.fetch.user_agent)
    async with Fetcher(cfg.fetch) as fetcher, Browser(cfg.fetch) as browser:

        async def robots_check(w):
            # Reported, not obeyed: the operator decides (an unreadable robots.txt: silence).
            for url in w.parts:
                if await robots_allows(fetcher, url, agent, cache=robots) is False:
                    path = urlsplit(url)
                    shown = path.path or "/"
                    if path.query:
                        shown += f"?{path.query}"
                    problems.append(
                        f"{w.id}: robots.txt at {robots_url(url)} disallows {shown} "
                        f'for user agent "{agent}"'
                    )

        async def twice(w):
            texts = []
            for _ in range(2):
                try:
                    result = await fetch_document(fetcher, w, browser=browser)
                    n = await asyncio.to_thread(normalize.text_of, result, w.rules)
                except FetchError as exc:
                    problems.append(f"{w.id}: fetch failed: {exc}")
                    return
                except NormalizeError as exc:
                    problems.append(f"{w.id}: cannot read the document: {exc}")
                    return
                if n.unmatched_select:
                    problems.append(f"{w.id}: select {list(n.unmatched_select)} matches nothing")
                    return
                if not n.text.strip():
                    problems.append(f"{w.id}: the page yields no text")
                    return
                texts.append(n.text)
            if texts[0] != texts[1]:
                from watcher import diff  # only `validate --fetch` needs it

                d = diff.compute(texts[0], texts[1])
                problems.append(
                    f"{w.id}: text differs between two fetches ({diff.summarize(d)}); "
                    f"add `remove` rules for it:\n{diff.render_text(d, max_chars=800)}"
                )

        async def one(w):
            await robots_check(w)
            await twice(w)

        await run_pass(cfg.watches, one, limiter)
    return problems


def rebuild(args: argparse.Namespace) -> int:
    """`watcher rebuild`: re-derive versions from raw bodies; notifies nobody."""
    cfg = load_config(args)
    watches = pick(cfg, args.watch)
    with open_store(cfg) as store:
        return asyncio.run(_rebuild(cfg, store, watches, args.all))


async def _rebuild(cfg, store, watches, force: bool) -> int:
    async with open_app(cfg, store) as app:  # re-derives the watches whose rules changed
        done = dict(app.rebuilt)
        for w in watches:
            if force and w.id not in done:
                done[w.id] = await asyncio.to_thread(rebuild_watch, app.pipeline, w)
    picked = {w.id for w in watches}
    for w in cfg.watches:  # a watch not asked for but re-derived on opening is said too
        if w.id in done:
            versions, changed = done[w.id]
            why = "under its new rules" if w.id in app.rebuilt else "under its rules"
            texts = plural(changed, "version text")
            print(f"{w.id}: {plural(versions, 'version')} re-derived {why}, {texts} changed")
        elif w.id in picked:
            print(f"{w.id}: its rules have not changed; nothing to re-derive")
    return 0


def db_upgrade(args: argparse.Namespace) -> int:
    """`watcher db upgrade`."""
    cfg = load_config(args)
    with open_store(cfg, upgrade=False) as store:
        before, after = migrate.upgrade(store.engine)
    if before == after:
        print(f"database already at revision {after}")
    else:
        print(f"database upgraded from {before or 'empty'} to {after}")
    return 0


def notify_test(args: argparse.Namespace) -> int:
    """`watcher notify-test [NOTIFIER]`: one test message per channel."""
    cfg = load_config(args)
    targets = cfg.notifiers
    if args.notifier is not None:
        try:
            targets = (cfg.notifier(args.notifier),)
        except KeyError:
            known = ", ".join(n.name for n in cfg.notifiers) or "none"
            raise UsageError(f"no notifier named {args.notifier!r} (known: {known})") from None
    if not targets:
        raise UsageError(f"{cfg.path} has no [notifiers.*] section")
    event = Event(
        id=0,
        watch="notify-test",
        name="Watcher test message",
        url="https://example.org/",
        kind=EventKind.CHANGED,
        at=datetime.now(UTC),
        version_from=None,
        version_to=None,
        summary="if you can read this, the notifier works",
    )
    message = notify.render(event, cfg.notify.base_url)
    failures = 0
    for n in targets:
        for i, channel in enumerate(notify.channels_of(n)):
            label = f"{n.name}.webhook" if channel.webhook else f"{n.name}[{i}]"
            try:
                notify.send(channel, message, event=event)  # a webhook is posted the event
                print(f"{label}: sent")
            except Exception as exc:  # report every channel, whatever breaks
                failures += 1
                print(logs.scrub(f"{label}: FAILED: {exc}"), file=sys.stderr)
    return 1 if failures else 0
