"""The `[notifiers.*]` tables and the `[[watch]]` array: who is told, and what is watched."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from watcher.errors import ConfigError
from watcher.models import NotifierSettings, NotifyOn, Rules, Watch
from watcher.models.config import Range

from .environment import expand_env
from .reader import Table, key_part, suggest, type_name
from .units import slugify

NOTIFIER_KEYS = ("urls", "webhook", "secret", "on", "minor")
WATCH_KEYS = (
    "name",
    "id",
    "url",
    "urls",
    "parts",
    "kind",
    "interval",
    "select",
    "remove",
    "ignore",
    "notify",
    "accept_language",
    "confirm",
    "render",
)
PART_KEYS = ("url", "select", "remove")
KINDS = ("terms", "privacy", "ai-policy", "other")
RENDERS = ("http", "browser")  # the page as served, or its DOM after headless Chromium ran it

# The widths of the matching database columns: a longer value could not be stored.
MAX_ID = 200
MAX_NAME = 500

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
_NOTIFIER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
# Apprise knows hundreds of schemes; the file can only be checked for the general shape.
_APPRISE_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S.*")
_ON_VALUES = tuple(on.value for on in NotifyOn)
# One item of an Accept-Language header (RFC 9110 §12.5.4): a language range, optional weight.
_LANGUAGE_ITEM = re.compile(
    r"(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)(\s*;\s*q=(0(\.[0-9]{0,3})?|1(\.0{0,3})?))?"
)
MAX_ACCEPT_LANGUAGE = 200  # far more than any real preference list needs


# --- notifiers ----------------------------------------------------------------


def read_notifiers(top: Table, environ: Mapping[str, str]) -> tuple[NotifierSettings, ...]:
    """Every `[notifiers.NAME]` table, in file order, with `${VAR}` expanded in its urls,
    webhook and secret."""
    section = top.data.get("notifiers", {})
    if not isinstance(section, dict):
        top.fail("notifiers", f"expected tables like [notifiers.NAME], got {type_name(section)}")
    notifiers = []
    for name, body in section.items():
        key = f"notifiers.{key_part(name)}"
        if not isinstance(body, dict):
            raise ConfigError(top.path, key, f"expected a table ([{key}]), got {type_name(body)}")
        if not _NOTIFIER_NAME.fullmatch(name) or len(name) > MAX_ID:
            raise ConfigError(
                top.path, key, "a notifier name is made of letters, digits, '_' and '-'"
            )
        table = Table(body, path=top.path, prefix=key, known=NOTIFIER_KEYS)
        webhook = _webhook(table, environ)
        secret = _secret(table, environ)
        urls = _urls(table, environ) if table.has("urls") or webhook is None else ()
        extra = {"on": _on(table)} if table.has("on") else {}
        minor = table.boolean("minor", False)
        notifiers.append(
            NotifierSettings(
                name=name, urls=urls, webhook=webhook, secret=secret, minor=minor, **extra
            )
        )
    return tuple(notifiers)


def _urls(table: Table, environ: Mapping[str, str]) -> tuple[str, ...]:
    if not table.has("urls"):
        table.fail(
            "urls",
            'required key is missing (or webhook = "https://…" to post each event as JSON)',
        )
    urls: list[str] = []
    for i, raw in enumerate(table.string_list("urls")):
        try:
            url = expand_env(raw, environ)
        except ValueError as exc:
            table.fail("urls", str(exc), i)
        # The URL is never echoed back: it usually holds a token or a password.
        if not _APPRISE_URL.fullmatch(url):
            table.fail("urls", "not an Apprise URL like slack://…, mailtos://… or json://…", i)
        if url in urls:
            table.fail("urls", f"the same URL as urls[{urls.index(url)}]", i)
        urls.append(url)
    if not urls:
        table.fail("urls", "must list at least one Apprise URL")
    return tuple(urls)


def _webhook(table: Table, environ: Mapping[str, str]) -> str | None:
    """The URL each event is POSTed to as JSON; like an Apprise URL, never echoed back."""
    if not table.has("webhook"):
        return None
    try:
        url = expand_env(table.string("webhook"), environ)
    except ValueError as exc:
        table.fail("webhook", str(exc))
    parts = urlsplit(url)
    spaced = any(ch.isspace() for ch in url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or spaced:
        table.fail("webhook", "not an absolute http:// or https:// URL with a host")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        table.fail("webhook", "the URL's port is not a number from 0 to 65535")
    return url


def _secret(table: Table, environ: Mapping[str, str]) -> str | None:
    """The key that signs each webhook post (X-Watcher-Signature)."""
    if not table.has("secret"):
        return None
    if not table.has("webhook"):
        table.fail("secret", 'signs the webhook\'s posts: set webhook = "https://…" too')
    try:
        return expand_env(table.string("secret"), environ)
    except ValueError as exc:
        table.fail("secret", str(exc))


def _on(table: Table) -> frozenset[NotifyOn]:
    values = table.string_list("on")
    if not values:
        table.fail("on", f"must list at least one of {', '.join(_ON_VALUES)}")
    for i, value in enumerate(values):
        if value not in _ON_VALUES:
            hint = suggest(value, _ON_VALUES)
            table.fail("on", f'"{value}" is not one of {", ".join(_ON_VALUES)}{hint}', i)
    return frozenset(NotifyOn(value) for value in values)


# --- watches ------------------------------------------------------------------


def read_watches(top: Table, notifiers: tuple[str, ...]) -> tuple[Watch, ...]:
    """Every `[[watch]]`, in file order; ids and names unique, notifiers known."""
    items = top.data.get("watch", [])
    if not isinstance(items, list):
        top.fail("watch", f"expected an array of tables ([[watch]]), got {type_name(items)}")
    watches: list[Watch] = []
    names: dict[str, int] = {}  # name -> position, to report duplicates
    ids: dict[str, int] = {}
    for i, body in enumerate(items):
        prefix = f"watch[{i}]"
        if not isinstance(body, dict):
            raise ConfigError(
                top.path, prefix, f"expected a table ([[watch]]), got {type_name(body)}"
            )
        table = Table(body, path=top.path, prefix=prefix, known=WATCH_KEYS)
        watch = _watch(table, notifiers)
        _check_unique(table, watch, names, ids)
        names[watch.name] = ids[watch.id] = i
        watches.append(watch)
    return tuple(watches)


def _watch(table: Table, notifiers: tuple[str, ...]) -> Watch:
    name = table.string("name")
    if len(name) > MAX_NAME:
        table.fail("name", f"longer than {MAX_NAME} characters")
    url, urls = _urls_of(table)
    kind = table.string("kind", "other")
    if kind not in KINDS:
        table.fail("kind", f'"{kind}" is not one of {", ".join(KINDS)}{suggest(kind, KINDS)}')
    select, remove = _selectors(table, "select"), _selectors(table, "remove")
    parts = _parts(table, select, remove)
    if parts:
        url, urls = parts[0][0], tuple(u for u, _ in parts)
    return Watch(
        id=_watch_id(table, name),
        name=name,
        url=url,
        kind=kind,
        interval=table.duration("interval", None),
        rules=Rules(
            select=select,
            remove=remove,
            ignore=_patterns(table, "ignore"),
            parts=tuple(rules for _, rules in parts),
        ),
        notify=_notify(table, notifiers),
        urls=urls,
        accept_language=_accept_language(table),
        confirm=table.integer("confirm", None, minimum=1),
        render=_render(table),
    )


def _render(table: Table) -> str:
    render = table.string("render", "http")
    if render not in RENDERS:
        hint = suggest(render, RENDERS)
        table.fail("render", f'"{render}" is not one of {", ".join(RENDERS)}{hint}')
    return render


def _parts(
    table: Table, select: tuple[str | Range, ...], remove: tuple[str | Range, ...]
) -> list[tuple[str, Rules]]:
    """`[[watch.parts]]`: each part's URL and rules (a key it omits is the watch's)."""
    if not table.has("parts"):
        return []
    items = table.data["parts"]
    if not isinstance(items, list) or not all(isinstance(p, dict) for p in items):
        table.fail(
            "parts", f"expected an array of tables ([[watch.parts]]), got {type_name(items)}"
        )
    if len(items) < 2:
        table.fail("parts", "must list at least two parts; for one document, use url")
    parts: list[tuple[str, Rules]] = []
    for i, body in enumerate(items):
        part = Table(body, path=table.path, prefix=table.key("parts", i), known=PART_KEYS)
        url = part.http_url("url")
        if url in (u for u, _ in parts):
            part.fail("url", "the same URL as another part")
        rules = Rules(
            select=_selectors(part, "select") if part.has("select") else select,
            remove=_selectors(part, "remove") if part.has("remove") else remove,
        )
        parts.append((url, rules))
    return parts


def _urls_of(table: Table) -> tuple[str, tuple[str, ...]]:
    """The watch's URL and, for a combined document, every part's URL (exactly one key)."""
    if table.has("parts"):
        for key in ("url", "urls"):
            if table.has(key):
                table.fail(key, "set either parts ([[watch.parts]]) or url/urls, not both")
        return "", ()  # the parts' URLs, read by _parts
    if table.has("url") and table.has("urls"):
        table.fail("urls", "set either url (one document) or urls (several joined), not both")
    if not table.has("urls"):
        if not table.has("url"):
            table.fail("url", "required key is missing (or urls = [...] to join several pages)")
        return table.http_url("url"), ()
    urls = table.http_urls("urls")
    if len(urls) < 2:
        table.fail("urls", "must list at least two URLs; for one document, use url")
    return urls[0], urls


def _accept_language(table: Table) -> str | None:
    if not table.has("accept_language"):
        return None
    value = table.string("accept_language")  # one line, not empty
    if len(value) > MAX_ACCEPT_LANGUAGE:
        table.fail("accept_language", f"longer than {MAX_ACCEPT_LANGUAGE} characters")
    for item in value.split(","):
        if not _LANGUAGE_ITEM.fullmatch(item.strip()):
            table.fail(
                "accept_language",
                f'"{value}" is not an Accept-Language value like "fr-FR,fr;q=0.9,en;q=0.5"',
            )
    return value


def _watch_id(table: Table, name: str) -> str:
    if table.has("id"):
        watch_id = table.string("id")
        if not ID_PATTERN.fullmatch(watch_id):
            table.fail(
                "id",
                f'"{watch_id}" is not an id: use a-z, 0-9, ".", "_" and "-", '
                "starting with a letter or a digit",
            )
        if len(watch_id) > MAX_ID:
            table.fail("id", f"longer than {MAX_ID} characters")
        return watch_id
    watch_id = slugify(name)
    if not watch_id:
        table.fail("id", f'none can be made from the name "{name}"; set one, e.g. id = "my-doc"')
    if len(watch_id) > MAX_ID:
        table.fail("id", f"the one made from the name is longer than {MAX_ID} characters; set one")
    return watch_id


def _check_unique(table: Table, watch: Watch, names: dict[str, int], ids: dict[str, int]) -> None:
    # `Config.watch(key)` and the command line look watches up by id or name, so neither
    # may repeat, and one watch's name may not be another's id.
    if watch.name in names:
        table.fail("name", f"duplicate of watch[{names[watch.name]}]")
    if watch.name in ids:
        table.fail("name", f'"{watch.name}" is the id of watch[{ids[watch.name]}]')
    if watch.id in ids:
        made = "" if table.has("id") else f' (the id "{watch.id}" made from the name)'
        table.fail("id", f"duplicate of watch[{ids[watch.id]}]{made}; set a distinct id")
    if watch.id in names:
        table.fail("id", f'"{watch.id}" is the name of watch[{names[watch.id]}]')


def _selectors(table: Table, name: str) -> tuple[str | Range, ...]:
    """CSS selectors, and range selectors written `{ start_before = "css", end_after = "css" }`."""
    items = table.data.get(name)
    if not isinstance(items, list) or all(isinstance(item, str) for item in items):
        selectors: tuple[str | Range, ...] = table.string_list(name)
    else:
        selectors = tuple(_range(table, name, i, item) for i, item in enumerate(items))
    for i, selector in enumerate(selectors):
        for css in (selector.start, selector.end) if isinstance(selector, Range) else (selector,):
            _check_css(table, name, i, css)
    return selectors


def _range(table: Table, name: str, i: int, item: object) -> str | Range:
    if isinstance(item, str):
        if not item.strip():
            table.fail(name, "must not be empty", i)
        return item
    if not isinstance(item, dict):
        table.fail(name, f"expected a CSS selector or a range table, got {type_name(item)}", i)
    keys = set(item)
    starts, ends = keys & {"start_before", "start_after"}, keys & {"end_before", "end_after"}
    if len(starts) != 1 or len(ends) != 1 or keys - starts - ends:
        table.fail(
            name,
            "a range selector has one of start_before/start_after and one of "
            f"end_before/end_after, got {', '.join(sorted(keys)) or 'nothing'}",
            i,
        )
    (start_key,), (end_key,) = starts, ends
    start, end = item[start_key], item[end_key]
    if (
        not isinstance(start, str)
        or not isinstance(end, str)
        or not start.strip()
        or not end.strip()
    ):
        table.fail(name, "a range selector's boundaries are CSS selectors (strings)", i)
    return Range(
        start, end, start_after=start_key == "start_after", end_after=end_key == "end_after"
    )


def _check_css(table: Table, name: str, i: int, selector: str) -> None:
    # The normalizer's engine (cssselect's HTML translator, compiled by libxml2), so that
    # a selector accepted here is one the normalizer can run.
    try:
        CSSSelector(selector, translator="html")
    except SelectorError as exc:
        table.fail(name, f'invalid CSS selector "{selector}": {exc}', i)
    except etree.XPathError as exc:
        table.fail(name, f'unsupported CSS selector "{selector}": {exc}', i)


def _patterns(table: Table, name: str) -> tuple[str, ...]:
    patterns = table.string_list(name)
    for i, pattern in enumerate(patterns):
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            table.fail(name, f'invalid regular expression "{pattern}": {exc}', i)
        if compiled.fullmatch(""):
            # It would match everywhere, between every two characters: certainly a mistake.
            table.fail(name, f'the regular expression "{pattern}" matches the empty text', i)
    return patterns


def _notify(table: Table, notifiers: tuple[str, ...]) -> tuple[str, ...]:
    if not table.has("notify"):
        return notifiers  # omitted: every notifier hears about this watch
    wanted = table.string_list("notify")
    known = ", ".join(notifiers) if notifiers else "none are configured"
    for i, name in enumerate(wanted):
        if name not in notifiers:
            table.fail("notify", f'no notifier named "{name}" (known: {known})', i)
        if name in wanted[:i]:
            table.fail("notify", f'"{name}" is listed twice', i)
    return wanted
