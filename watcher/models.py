"""Typed, frozen values that cross stage boundaries.

Durations are seconds (float), sizes are bytes (int), datetimes are timezone-aware UTC.
Nothing here does I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from ipaddress import IPv4Network, IPv6Network

# --- configuration ------------------------------------------------------------

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class StorageSettings:
    """Where the database lives: any SQLAlchemy URL."""

    url: str


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


class NotifyOn(StrEnum):
    """What a notifier wants to hear about."""

    AI = "ai"  # events whose ai_change is set
    CHANGE = "change"  # every first_seen/changed event
    ERROR = "error"  # fetch_error / recovered


@dataclass(frozen=True)
class NotifierSettings:
    """A named set of Apprise URLs and the kinds of event it wants."""

    name: str
    urls: tuple[str, ...]
    on: frozenset[NotifyOn] = frozenset({NotifyOn.CHANGE, NotifyOn.ERROR})
    minor: bool = False  # also tell of changes that are only cosmetic, renumbering, dates, moves


@dataclass(frozen=True)
class Rules:
    """How a watch's HTML becomes text."""

    select: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()  # regular expressions whose matches are cut from the text

    def fingerprint(self, normalizer_version: str) -> str:
        """A short digest that changes whenever the text a body yields may change."""
        parts = [normalizer_version, "select", *self.select, "remove", *self.remove]
        # Only when set: watches without `ignore` keep the fingerprints they were stored under,
        # so upgrading does not re-derive every watch's versions.
        if self.ignore:
            parts += ["ignore", *self.ignore]
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


# --- fetch --------------------------------------------------------------------


@dataclass(frozen=True)
class Validators:
    """What a conditional GET sends back to the server."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """A successful HTTP exchange (2xx, or 304 when `not_modified`)."""

    url: str
    final_url: str
    status: int
    body: bytes  # after Content-Encoding is undone; b"" on 304
    text: str  # body decoded with the detected charset; "" on 304 and for PDF (bytes only)
    content_type: str  # media type only, lower case: "text/html"
    charset: str | None
    validators: Validators
    elapsed: float  # seconds, all attempts included
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional GET."""
        return self.status == 304


# --- normalize ----------------------------------------------------------------


@dataclass(frozen=True)
class Normalized:
    """Canonical text of a document and what the rules matched."""

    text: str
    unmatched_select: tuple[str, ...] = ()  # `select` selectors that matched nothing


# --- diff ---------------------------------------------------------------------


class ChangeOp(StrEnum):
    """What happened to one block."""

    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"


@dataclass(frozen=True)
class Segment:
    """A run of words inside a modified block: -1 removed, 0 kept, 1 inserted."""

    op: int
    text: str


class ChangeClass(StrEnum):
    """Whether a changed block matters to a reader of the document."""

    SUBSTANTIVE = "substantive"  # the words say something else
    COSMETIC = "cosmetic"  # whitespace, punctuation, quotes, case, block markers
    RENUMBERING = "renumbering"  # only section / clause numbers changed
    DATE_ONLY = "date_only"  # only an effective / last-updated date changed
    MOVED = "moved"  # the same block, elsewhere in the document


@dataclass(frozen=True)
class BlockChange:
    """One changed block (paragraph, heading, list item) between two versions."""

    op: ChangeOp
    old: str | None  # None when added
    new: str | None  # None when removed
    old_index: int | None  # block position in the old text
    new_index: int | None
    segments: tuple[Segment, ...] = ()  # word-level detail for MODIFIED
    kind: ChangeClass = ChangeClass.SUBSTANTIVE


@dataclass(frozen=True)
class Diff:
    """A structured diff of two versions' texts, block by block."""

    changes: tuple[BlockChange, ...]

    @property
    def empty(self) -> bool:
        """True when the texts have the same blocks."""
        return not self.changes

    def count(self, op: ChangeOp) -> int:
        """How many blocks underwent `op`."""
        return sum(1 for c in self.changes if c.op is op)

    @property
    def substantive(self) -> bool:
        """True when at least one change alters what the document says."""
        return any(c.kind is ChangeClass.SUBSTANTIVE for c in self.changes)


# --- detect -------------------------------------------------------------------


class Topic(StrEnum):
    """What a passage says about AI (the scheme of shared/corpus/clauses)."""

    USER_DATA_TRAINING = "user_data_training"
    THIRD_PARTY_TRAINING_BAN = "third_party_training_ban"
    AI_OTHER = "ai_other"
    NONE = "none"


class Stance(StrEnum):
    """For user_data_training: may the provider train on users' data?"""

    NOT_ALLOWED = "not_allowed"
    CONSENT = "consent"
    OPT_OUT = "opt_out"
    ALLOWED = "allowed"


# From most protective to most permissive: a move up this list is the most serious change.
PERMISSIVENESS = {Stance.NOT_ALLOWED: 0, Stance.CONSENT: 1, Stance.OPT_OUT: 2, Stance.ALLOWED: 3}


@dataclass(frozen=True)
class Cue:
    """One piece of evidence for a classification: what matched, and where in the passage."""

    kind: str  # ai_term | training | data | negation | condition | actor | ban | other
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Classification:
    """The label of one passage, with the evidence behind it."""

    topic: Topic
    stance: Stance | None
    lang: str  # ISO 639-1
    confidence: float
    cues: tuple[Cue, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A passage of AI-training language in a document."""

    text: str
    start: int  # character offsets in the normalized document text
    end: int
    lang: str
    topic: Topic
    stance: Stance | None
    confidence: float
    cues: tuple[Cue, ...] = ()
    data: tuple[str, ...] = ()  # data categories named: content, personal_data, usage, ...
    actors: tuple[str, ...] = ()  # provider, affiliates, third_party_model_provider, ...

    def as_dict(self) -> dict:
        """JSON-ready form, as events and `scan --json` carry it."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "topic": self.topic.value,
            "stance": self.stance.value if self.stance else None,
            "confidence": round(self.confidence, 3),
            "cues": [{"kind": c.kind, "text": c.text} for c in self.cues],
            "data": list(self.data),
            "actors": list(self.actors),
        }


class AIChangeKind(StrEnum):
    """The design's `ai_change` values."""

    PRESENT = "present"  # first_seen of a text with findings
    APPEARED = "appeared"
    CHANGED = "changed"
    REMOVED = "removed"


class Direction(StrEnum):
    """Which way a change of AI-training terms moves."""

    MORE_PERMISSIVE = "more_permissive"
    LESS_PERMISSIVE = "less_permissive"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class FindingChange:
    """One finding that appeared, disappeared or changed between two versions."""

    kind: AIChangeKind  # APPEARED | REMOVED | CHANGED
    before: Finding | None
    after: Finding | None
    direction: Direction


@dataclass(frozen=True)
class AIChange:
    """How a document's AI-training language changed between two versions."""

    kind: AIChangeKind
    changes: tuple[FindingChange, ...]
    direction: Direction
    severity: str  # high | medium | low


# --- events and notifications -------------------------------------------------


class EventKind(StrEnum):
    """Something a person may want to know."""

    FIRST_SEEN = "first_seen"
    CHANGED = "changed"
    FETCH_ERROR = "fetch_error"
    RECOVERED = "recovered"
    MOVED = "moved"  # the document is now served from another final URL


@dataclass(frozen=True)
class Event:
    """An event as stored: the design's event contract plus the rendered diff excerpts."""

    id: int
    watch: str  # watch id
    name: str
    url: str
    kind: EventKind
    at: datetime
    version_from: int | None
    version_to: int | None
    summary: str
    ai_change: str | None = None
    ai_findings: tuple[dict, ...] = ()
    diff_text: str = ""  # bounded unified excerpt
    diff_markdown: str = ""  # bounded markdown excerpt
    diff_html: str = ""  # bounded HTML excerpt
    substantive: bool = True  # False: only cosmetic, renumbering, date or moved blocks
    ai_direction: str | None = None  # Direction value
    ai_severity: str | None = None  # high | medium | low
    effective_before: str | None = None  # declared effective / last-updated date (ISO)
    effective_after: str | None = None
    silent_edit: bool = False  # a substantive change under an unchanged declared date


@dataclass(frozen=True)
class Message:
    """One notification, in the formats channels accept."""

    title: str
    text: str
    markdown: str
    html: str


# --- checks: what the pipeline and the store exchange ----------------------------------------


class Outcome(StrEnum):
    """What one check of a watch came to."""

    NEW_VERSION = "new_version"
    PENDING = "pending"  # a new text, not yet seen often enough to be a version
    UNCHANGED = "unchanged"
    NOT_MODIFIED = "not_modified"  # a 304 answer
    ERROR = "error"


@dataclass(frozen=True)
class WatchState:
    """What the pipeline needs to know about a watch before checking it."""

    watch_id: str
    validators: Validators
    body_sha256: str | None
    body_fingerprint: str | None
    failures: int
    error_raised: bool
    last_check_at: datetime | None
    latest: int | None  # number of the newest version
    latest_text_sha256: str | None  # read the text itself with `Store.text_of` when needed
    pending_text_sha256: str | None = None  # a new text awaiting confirmation
    pending_count: int = 0  # consecutive checks it was seen on
    final_url: str | None = None  # where the last successful fetch ended, after redirects


@dataclass(frozen=True)
class NewEvent:
    """An event to record, and the channels that must be told of it."""

    kind: EventKind
    summary: str
    version_from: int | None = None
    version_to: int | None = None
    ai_change: str | None = None
    details: dict | None = None
    deliveries: tuple[tuple[str, str], ...] = ()  # (notifier name, channel id)


@dataclass(frozen=True)
class NewVersion:
    """A text to store as the watch's next version, with the body it came from.

    Built by `blobs.prepare` outside any transaction: hashing and compressing a page takes
    milliseconds that must not be spent holding the database's write lock.
    """

    text_sha256: str
    text_size: int
    text_z: bytes
    body_sha256: str
    body_size: int
    body_z: bytes
    content_type: str
    rules_fingerprint: str


@dataclass(frozen=True)
class CheckRecord:
    """Everything one check writes, in one transaction."""

    watch_id: str
    url: str
    started_at: datetime
    duration_ms: int
    outcome: Outcome
    status: int | None = None
    final_url: str | None = None
    error_kind: str | None = None
    error: str | None = None
    validators: Validators | None = None  # None: keep the stored ones
    body_sha256: str | None = None  # None: keep the stored one
    body_fingerprint: str | None = None
    failures: int = 0
    error_raised: bool = False
    version: NewVersion | None = None
    expected_latest: int | None = None  # the version the pipeline compared against
    events: tuple[NewEvent, ...] = ()
    # The text awaiting confirmation after this check; pending_count None: keep the stored one.
    pending_text_sha256: str | None = None
    pending_count: int | None = None
