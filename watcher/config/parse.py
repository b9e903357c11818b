"""The configuration file, read once, strictly, into a frozen `Config`."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from watcher.errors import ConfigError
from watcher.models import (
    Config,
    FetchSettings,
    NotifySettings,
    ScheduleSettings,
    StorageSettings,
)

from .environment import default_state_dir, expand_env, home_dir
from .http import read_http
from .reader import Table, type_name
from .units import parse_duration
from .watches import read_notifiers, read_watches

TOP_KEYS = ("storage", "schedule", "fetch", "notify", "http", "notifiers", "watch")
STORAGE_KEYS = ("url", "keep_checks")
KEEP_FOREVER = "forever"  # [storage] keep_checks: never prune checks
MIN_LEASE = 5.0  # seconds: [schedule] lease
SCHEDULE_KEYS = (
    "interval",
    "jitter",
    "concurrency",
    "per_host",
    "error_after",
    "confirm",
    "workers",
    "page_time_limit",
    "lease",
)
FETCH_KEYS = (
    "user_agent",
    "timeout",
    "connect_timeout",
    "max_bytes",
    "max_redirects",
    "retries",
    "backoff",
    "max_retry_after",
    "browser_executable",
    "allow_networks",
)
NOTIFY_KEYS = ("base_url", "max_excerpt_chars", "retry_backoff", "retry_max_backoff")

# tomllib puts the position at the end of its message: "Invalid value (at line 3, column 9)".
_TOML_POSITION = re.compile(
    r"(?P<reason>.*) \(at (?P<where>line \d+, column \d+|end of document)\)"
)


def load(path: str | os.PathLike[str], *, environ: Mapping[str, str] | None = None) -> Config:
    """Read and validate the configuration file at `path`; raises ConfigError."""
    shown = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(shown, "", f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")  # some editors start UTF-8 files with a BOM
    except UnicodeDecodeError as exc:
        raise ConfigError(shown, "", f"not UTF-8 text (bad byte at offset {exc.start})") from None
    return parse(text, path=shown, environ=environ)


def parse(text: str, *, path: str = "<string>", environ: Mapping[str, str] | None = None) -> Config:
    """Validate the TOML `text` of a configuration file; `path` names it in errors.

    `environ` (default `os.environ`) is used for `${VAR}` in notifier urls and [http] auth,
    and for the default database location. A relative SQLite path is taken relative to the
    directory of `path` (the current directory for "<string>").
    """
    env = os.environ if environ is None else environ
    top = Table(_toml(text, path), path=path, prefix="", known=TOP_KEYS)
    storage = _storage(top.table("storage", STORAGE_KEYS), env)
    schedule = _schedule(top.table("schedule", SCHEDULE_KEYS))
    fetch = _fetch(top.table("fetch", FETCH_KEYS))
    notify = _notify(top.table("notify", NOTIFY_KEYS))
    http = read_http(top, env)
    notifiers = read_notifiers(top, env)
    watches = read_watches(top, tuple(n.name for n in notifiers))
    return Config(
        path=path,
        storage=storage,
        schedule=schedule,
        fetch=fetch,
        notify=notify,
        notifiers=notifiers,
        watches=watches,
        http=http,
    )


def _toml(text: str, path: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.fullmatch(str(exc))
        if match:
            raise ConfigError(path, match["where"], match["reason"]) from None
        raise ConfigError(path, "", str(exc)) from None


# --- sections -----------------------------------------------------------------


def _storage(table: Table, environ: Mapping[str, str]) -> StorageSettings:
    keep_checks = _keep_checks(table)
    if not table.has("url"):
        database = default_state_dir(environ) / "watcher.db"
        url = URL.create("sqlite", database=str(database)).render_as_string()
        return StorageSettings(url=url, keep_checks=keep_checks)
    try:  # `${NAME}`: a database password kept out of the file
        text = expand_env(table.string("url"), environ)
    except ValueError as exc:
        table.fail("url", str(exc))
    # The URL is not echoed back in errors: it may hold a password.
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        table.fail(
            "url",
            "not a database URL; use e.g. sqlite:////var/lib/watcher/watcher.db "
            "or postgresql+psycopg://user:password@host/watcher",
        )
    try:
        url.get_dialect()  # loads SQLAlchemy's dialect module only, not the database driver
    except (ArgumentError, ImportError):
        table.fail("url", f'unknown database "{url.drivername}"; use e.g. sqlite or postgresql')
    return StorageSettings(
        url=_anchor_sqlite(url, text, table.path, environ), keep_checks=keep_checks
    )


def _keep_checks(table: Table) -> float | None:
    """How long checks that made no version are kept: a duration, or "forever" (None)."""
    if not table.has("keep_checks"):
        return StorageSettings(url="").keep_checks
    value = table.data["keep_checks"]
    if value == KEEP_FOREVER:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        table.fail("keep_checks", f'expected a duration like "90d", got {type_name(value)}')
    try:
        seconds = parse_duration(value)
    except ValueError as exc:
        table.fail("keep_checks", f'{exc}; or "{KEEP_FOREVER}" to keep every check')
    if seconds == 0:
        table.fail(
            "keep_checks", f'must be more than zero; or "{KEEP_FOREVER}" to keep every check'
        )
    return seconds


def _anchor_sqlite(url: URL, text: str, path: str, environ: Mapping[str, str]) -> str:
    """`text`, with a relative SQLite path made absolute against the config file's directory.

    Why: the daemon's working directory is an accident of how it was started; the file's
    own directory is what its author could see.
    """
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return text
    if database.startswith("file:") or os.path.isabs(database):  # SQLite URI, or absolute
        return text
    if database.startswith("~/"):
        anchored = os.path.join(home_dir(environ), database[2:])
    else:
        anchored = os.path.join(os.path.dirname(os.path.abspath(path)), database)
    return url.set(database=os.path.normpath(anchored)).render_as_string(hide_password=False)


def _schedule(table: Table) -> ScheduleSettings:
    default = ScheduleSettings()
    return ScheduleSettings(
        interval=table.duration("interval", default.interval),
        jitter=table.duration("jitter", default.jitter, allow_zero=True),
        concurrency=table.integer("concurrency", default.concurrency, minimum=1),
        per_host=table.integer("per_host", default.per_host, minimum=1),
        error_after=table.integer("error_after", default.error_after, minimum=1),
        confirm=table.integer("confirm", default.confirm, minimum=1),
        workers=table.integer("workers", None, minimum=0),
        page_time_limit=table.duration("page_time_limit", default.page_time_limit),
        lease=_lease(table, default.lease),
    )


def _lease(table: Table, default: float) -> float:
    lease = table.duration("lease", default)
    if lease < MIN_LEASE:
        # Renewed every third of it: shorter, a renewal could not keep up with a busy loop.
        table.fail("lease", f"must be at least {MIN_LEASE:g}s")
    return lease


def _fetch(table: Table) -> FetchSettings:
    # "" leaves the choice of an honest User-Agent to the fetcher.
    default = FetchSettings(user_agent="")
    return FetchSettings(
        user_agent=table.string("user_agent", "", allow_empty=True),
        timeout=table.duration("timeout", default.timeout),
        connect_timeout=table.duration("connect_timeout", default.connect_timeout),
        max_bytes=table.size("max_bytes", default.max_bytes),
        max_redirects=table.integer("max_redirects", default.max_redirects, minimum=0),
        retries=table.integer("retries", default.retries, minimum=0),
        backoff=table.duration("backoff", default.backoff, allow_zero=True),
        max_retry_after=table.duration("max_retry_after", default.max_retry_after, allow_zero=True),
        browser_executable=_executable(table, "browser_executable"),
        allow_networks=_networks(table, "allow_networks"),
    )


def _networks(table: Table, name: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """CIDRs (a bare address is a /32 or /128) fetched although loopback, private…"""
    networks: list[IPv4Network | IPv6Network] = []
    for i, text in enumerate(table.string_list(name)):
        try:
            network = ip_network(text.strip())
        except ValueError:
            network = None
        if network is None:
            try:
                loose = ip_network(text.strip(), strict=False)
            except ValueError:
                table.fail(
                    name, f'"{text}" is not an IP network; use CIDR notation like "10.1.0.0/16"', i
                )
            table.fail(name, f'"{text}" has host bits set; did you mean "{loose}"?', i)
        if network in networks:
            table.fail(name, f'"{text}" is listed twice', i)
        networks.append(network)
    return tuple(networks)


def _executable(table: Table, name: str) -> str | None:
    """An absolute path, or a command name looked up on PATH when the browser is launched.

    Whether it exists is not checked here (the file only is read): a missing one fails the
    checks of the watches that need it, with a message saying so.
    """
    if not table.has(name):
        return None
    value = table.string(name)
    if "/" in value and not os.path.isabs(value):
        # Relative to what? The daemon's working directory is an accident of how it started.
        table.fail(name, f'"{value}" is a relative path; use an absolute one, or a command name')
    return value


def _notify(table: Table) -> NotifySettings:
    default = NotifySettings()
    base_url = table.http_url("base_url").rstrip("/") if table.has("base_url") else None
    retry_backoff = table.duration("retry_backoff", default.retry_backoff)
    retry_max_backoff = table.duration("retry_max_backoff", default.retry_max_backoff)
    if retry_max_backoff < retry_backoff:
        table.fail(
            "retry_max_backoff" if table.has("retry_max_backoff") else "retry_backoff",
            "the longest delay between retries is shorter than the first one",
        )
    return NotifySettings(
        base_url=base_url,
        max_excerpt_chars=table.integer("max_excerpt_chars", default.max_excerpt_chars, minimum=0),
        retry_backoff=retry_backoff,
        retry_max_backoff=retry_max_backoff,
    )
