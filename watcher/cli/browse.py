"""The commands that read: events, history, show, diff."""

from __future__ import annotations

import argparse
import html
import json
from datetime import UTC, datetime

from watcher import diff as diff_mod
from watcher.cli import logs
from watcher.cli.wiring import UsageError, load_config, open_store, watch_id
from watcher.cli.words import plural
from watcher.models import Event
from watcher.web import serialize


def event_json(e: Event) -> dict:
    """The design's event contract, its URL and summary scrubbed of any secret of the
    configuration in force: the same object as the JSON API's (`web.serialize.event_json`)."""
    return serialize.event_json(e, logs.secrets())


def parse_since(value: str) -> datetime:
    """An ISO 8601 date or time; a naive one is taken as UTC."""
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--since: {value!r} is not an ISO 8601 date or time") from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def events(args: argparse.Namespace) -> int:
    """`watcher events`."""
    cfg = load_config(args)
    since = parse_since(args.since) if args.since else None
    with open_store(cfg) as store:
        wid = watch_id(cfg, store, args.watch) if args.watch else None
        found = store.events(wid, since)
    if args.json:
        print(json.dumps([event_json(e) for e in found], indent=2, ensure_ascii=False))
        return 0
    for e in found:
        at = e.at.strftime("%Y-%m-%d %H:%M:%S")
        print(f"{at}  {e.kind.value:<11}  {e.watch}  {logs.scrub(e.summary)}")
    if not found:
        print("no events")
    return 0


def history(args: argparse.Namespace) -> int:
    """`watcher history NAME`."""
    cfg = load_config(args)
    with open_store(cfg) as store:
        wid = watch_id(cfg, store, args.name)
        versions = store.versions(wid)
    if not versions:
        print(f"{wid}: no versions yet")
    for v in versions:
        note = "  (re-derived after a rules change)" if v.rederived else ""
        print(
            f"{v.number:>4}  {v.created_at:%Y-%m-%d %H:%M:%S}  {plural(v.size, 'byte'):>14}  "
            f"{v.text_sha256[:12]}{note}"
        )
    return 0


def show(args: argparse.Namespace) -> int:
    """`watcher show NAME [--version N]`."""
    cfg = load_config(args)
    with open_store(cfg) as store:
        _number, text = store.text(watch_id(cfg, store, args.name), args.number)
    print(text, end="")
    return 0


def diff(args: argparse.Namespace) -> int:
    """`watcher diff NAME [--from N --to M]`."""
    cfg = load_config(args)
    with open_store(cfg) as store:
        wid = watch_id(cfg, store, args.name)
        to, new = store.text(wid, args.to)
        start = args.from_ if args.from_ is not None else to - 1
        if start < 1:
            print(_line(args, f"{wid}: version {to} is the first; nothing to compare it with"))
            return 0
        _, old = store.text(wid, start)
    d = diff_mod.compute(old, new)
    render = {
        "text": diff_mod.render_text,
        "markdown": diff_mod.render_markdown,
        "html": diff_mod.render_html,
    }[args.format]
    print(_line(args, f"{wid}: version {start} → {to}: {diff_mod.summarize(d)}"))
    if not d.empty:
        print(render(d), end="")
    return 0


def _line(args: argparse.Namespace, text: str) -> str:
    """A line of `diff`'s output in its format: with --format html the output is HTML only."""
    return f"<p>{html.escape(text)}</p>" if args.format == "html" else text
