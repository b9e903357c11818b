"""The commands that read: events, history, show, diff."""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

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
        # Printed as they are read: ten thousand events cost the memory of one batch.
        found = (e for batch in store.iter_events(wid, since) for e in batch)
        if args.json:
            write_json_array((event_json(e) for e in found), sys.stdout)
            return 0
        printed = False
        for e in found:
            at = e.at.strftime("%Y-%m-%d %H:%M:%S")
            print(f"{at}  {e.kind.value:<11}  {e.watch}  {logs.scrub(e.summary)}")
            printed = True
    if not printed:
        print("no events")
    return 0


def write_json_array(items: Iterable[Any], out: TextIO) -> None:
    """What `print(json.dumps(list(items), indent=2, ensure_ascii=False))` prints, byte for
    byte, written item by item as they come instead of built whole first."""
    first = True
    for item in items:
        # A JSON text's newlines are all indentation (a newline inside a string is escaped),
        # so nesting an item one level deeper is indenting each of its lines.
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        out.write(("[\n  " if first else ",\n  ") + text)
        first = False
    out.write("[]\n" if first else "\n]\n")


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
