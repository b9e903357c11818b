"""The configuration as typed values: settings of each stage, rules, watches."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from ipaddress import IPv4Network, IPv6Network, ip_address

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class StorageSettings:
    """Where the database lives (any SQLAlchemy URL), and how long checks are kept."""

    url: str
    # Seconds a check that made no version is kept (one row per poll would otherwise grow
    # forever); None keeps them all. Versions and events are never pruned.
    keep_checks: float | None = 90 * 24 * SECONDS_PER_HOUR


@dataclass(frozen=True)
class ScheduleSettings:
    """When watches are due and how many run at once."""

    interval: float = 6 * SECONDS_PER_HOUR
    jitter: float = 600.0
    concurrency: int = 8  # checks in flight across all hosts
    per_host: int = 1  # requests in flight to one host (politeness)
    error_after: int = 3  # consecutive failed checks before a fetch_error event
    confirm: int = 1  # consecutive checks a new text must be seen on before it is a version
    workers: int | None = None  # processes reading pages; None: cores - 1, from 1 to 4
    # CPU time one page may take in the pure stages (reading it, comparing it with the last
    # version). Real policies take well under a second; beyond this the page is hostile or
    # pathological, its worker is replaced and the check recorded `too_slow`.
    page_time_limit: float = 60.0
    # How long a claimed watch stays this instance's without a renewal (renewed three times
    # in that span while its check runs): how soon another instance takes the watches of one
    # that died. Two minutes: twice the page time limit, so a busy instance keeps its claims
    # through a stall, and a dead one's watches are checked a few minutes late, not an hour.
    lease: float = 120.0


@dataclass(frozen=True)
class FetchSettings:
    """Limits of one HTTP exchange."""

    user_agent: str
    timeout: float = 30.0  # total time for one attempt, including the body
    connect_timeout: float = 10.0
    max_bytes: int = 10 * 1024 * 1024  # raw and decompressed body cap
    max_redirects: int = 5
    retries: int = 2  # extra attempts on transient errors
    backoff: float = 1.0  # first retry delay; doubles each attempt, with jitter
    max_retry_after: float = 120.0  # a longer Retry-After fails the attempt instead of waiting
    browser_executable: str | None = None  # Chromium for render = "browser"; None: found on PATH
    # Networks fetched although not public (loopback, private, link-local…); the environment's
    # WATCHER_ALLOW_NETWORKS adds to them when a fetcher is built.
    allow_networks: tuple[IPv4Network | IPv6Network, ...] = ()


@dataclass(frozen=True)
class NotifySettings:
    """Delivery of the outbox."""

    base_url: str | None = None  # when set, messages link to BASE/watches/<id>/diff/<n>
    max_excerpt_chars: int = 3000  # diff excerpt in a message
    retry_backoff: float = 60.0  # first delay after a failed delivery; doubles, capped
    retry_max_backoff: float = 6 * SECONDS_PER_HOUR


@dataclass(frozen=True)
class HttpSettings:
    """The web server of `watcher run` and `watcher serve`: where it listens, who may read it."""

    host: str = "127.0.0.1"  # an IP address; 0.0.0.0 or :: is every interface
    port: int = 8080
    user: str | None = None  # HTTP basic authentication when set (with a password)
    password: str | None = field(default=None, repr=False)
    open_health: bool = True  # /healthz and /metrics answer without authentication

    @property
    def listen(self) -> str:
        """The address as written in the configuration: `127.0.0.1:8080`, `[::1]:8080`."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def auth(self) -> bool:
        """True when every page asks for a user name and password."""
        return self.user is not None and self.password is not None

    @property
    def loopback(self) -> bool:
        """True when only processes of this host can connect."""
        return ip_address(self.host).is_loopback


class NotifyOn(StrEnum):
    """What a notifier wants to hear about."""

    AI = "ai"  # events whose ai_change is set
    CHANGE = "change"  # every first_seen/changed event
    ERROR = "error"  # fetch_error / recovered


@dataclass(frozen=True)
class NotifierSettings:
    """A named set of Apprise URLs and/or a JSON webhook, and the kinds of event it wants."""

    name: str
    urls: tuple[str, ...] = ()
    on: frozenset[NotifyOn] = frozenset({NotifyOn.CHANGE, NotifyOn.ERROR})
    minor: bool = False  # also tell of changes that are only cosmetic, renumbering, dates, moves
    # Each event POSTed here as the JSON of the event contract; the URL may hold a token.
    webhook: str | None = field(default=None, repr=False)
    secret: str | None = field(default=None, repr=False)  # signs the webhook's posts (HMAC)


@dataclass(frozen=True, repr=False)  # shown as the configuration writes it, even in a list
class Range:
    """A range selector: from just before (or after) the first match of the CSS selector
    `start` to just before (or after) the first match of `end`, in document order."""

    start: str
    end: str
    start_after: bool = False  # start_after: the start element itself is not in the range
    end_after: bool = False  # end_after: the end element is in the range

    def __str__(self) -> str:
        start = f"{'start_after' if self.start_after else 'start_before'} = {self.start!r}"
        end = f"{'end_after' if self.end_after else 'end_before'} = {self.end!r}"
        return f"{{ {start}, {end} }}"

    __repr__ = __str__


@dataclass(frozen=True)
class Rules:
    """How a watch's HTML becomes text."""

    select: tuple[str | Range, ...] = ()  # CSS selectors or range selectors
    remove: tuple[str | Range, ...] = ()
    ignore: tuple[str, ...] = ()  # regular expressions whose matches are cut from the text
    # A combined document's parts' own select/remove (`[[watch.parts]]`), one per part in
    # order; () when every part is read with `select` and `remove` above.
    parts: tuple[Rules, ...] = ()

    def for_part(self, index: int) -> Rules:
        """The rules part `index` of a combined document is read with."""
        return self.parts[index] if self.parts else self

    def fingerprint(self, normalizer_version: str) -> str:
        """A short digest that changes whenever the text a body yields may change."""
        parts = [normalizer_version, "select", *map(str, self.select)]
        parts += ["remove", *map(str, self.remove)]
        # Only when set: watches without `ignore` or parts keep the fingerprints they were
        # stored under, so upgrading does not re-derive every watch's versions.
        if self.ignore:
            parts += ["ignore", *self.ignore]
        for part in self.parts:
            parts += ["part", "select", *map(str, part.select), "remove", *map(str, part.remove)]
        material = "\x1f".join(parts)
        return hashlib.sha256(material.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Watch:
    """One document to follow."""

    id: str
    name: str
    url: str  # the document's URL; for a combined document, its first part's
    kind: str = "other"
    interval: float | None = None  # None: the [schedule] default
    rules: Rules = field(default_factory=Rules)
    notify: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()  # a combined document's parts, in order; () for one `url`
    accept_language: str | None = None  # the Accept-Language header sent, if any
    confirm: int | None = None  # None: the [schedule] default
    render: str = "http"  # http: the page as served; browser: its DOM after Chromium ran it

    @property
    def parts(self) -> tuple[str, ...]:
        """Every URL fetched for one check, in order."""
        return self.urls or (self.url,)

    @property
    def combined(self) -> bool:
        """True when several documents are fetched and joined as one."""
        return len(self.urls) > 1


@dataclass(frozen=True)
class Config:
    """The whole validated configuration file."""

    path: str
    storage: StorageSettings
    schedule: ScheduleSettings
    fetch: FetchSettings
    notify: NotifySettings
    notifiers: tuple[NotifierSettings, ...]
    watches: tuple[Watch, ...]
    http: HttpSettings | None = None  # None: no [http] table, `watcher run` serves no pages

    def notifier(self, name: str) -> NotifierSettings:
        """The notifier called `name` (KeyError if none)."""
        for n in self.notifiers:
            if n.name == name:
                return n
        raise KeyError(name)

    def watch(self, key: str) -> Watch:
        """The watch whose id or name is `key` (KeyError if none)."""
        for w in self.watches:
            if key in (w.id, w.name):
                return w
        raise KeyError(key)
