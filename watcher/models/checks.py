"""What one check came to: what the pipeline and the store exchange."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from watcher.models.detection import Finding
from watcher.models.documents import Validators
from watcher.models.events import EventKind
from watcher.models.report import ChangeReport


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
    report: ChangeReport | None = None
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
    findings: tuple[Finding, ...] | None = None  # the text's AI-training findings, when read


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
    # The schedule: when the watch is next due (None: leave it), and the token of the claim
    # the check ran under (None: unclaimed, as `watcher check`). A check whose claim was lost
    # (its lease expired and another instance took the watch) writes nothing.
    next_due_at: datetime | None = None
    claim: str | None = None


@dataclass(frozen=True)
class Claim:
    """A due watch this instance claimed: it checks it, and no other instance does, until
    `until` (the lease, renewed while the check runs)."""

    watch_id: str
    token: str
    due_at: datetime  # when it was due: how late the check starts is the schedule's lag
    until: datetime
    state: WatchState
