"""The one exception tree. Each stage raises its own subclass of `WatcherError`.

Classify failures by type (and status code), never by message text.
"""

from __future__ import annotations

from watcher.redact import redact_text, redact_url


class WatcherError(Exception):
    """Base of every error Watcher raises on purpose."""


# --- config -----------------------------------------------------------------


class ConfigError(WatcherError):
    """The configuration file is invalid; names the file, the key and the reason."""

    def __init__(self, path: str, key: str, reason: str) -> None:
        self.path = path
        self.key = key
        self.reason = reason
        where = f"{path}: {key}" if key else path
        super().__init__(f"{where}: {reason}")


# --- fetch ------------------------------------------------------------------


class FetchError(WatcherError):
    """One HTTP exchange failed. `kind` is a stable, short machine name."""

    kind = "fetch"
    transient = False

    def __init__(self, url: str, detail: str, *, status: int | None = None) -> None:
        self.url = url  # the real URL, credentials included: for fetching, never for showing
        # What people read (events, logs, the CLI) never holds the URL's credentials.
        self.detail = redact_text(detail)
        self.status = status
        super().__init__(f"{redact_url(url)}: {self.detail}")


class FetchTimeout(FetchError):
    """Connect, read or total time limit reached."""

    kind = "timeout"
    transient = True


class FetchConnectionError(FetchError):
    """DNS failure, refused or reset connection, TLS failure."""

    kind = "connection"
    transient = True


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx/5xx)."""

    kind = "http_status"

    def __init__(self, url: str, status: int, *, retry_after: float | None = None) -> None:
        super().__init__(url, f"HTTP {status}", status=status)
        self.retry_after = retry_after
        self.transient = status >= 500 or status == 429


class TooManyRedirects(FetchError):
    """More redirects than allowed, or a redirect loop."""

    kind = "redirects"


class BodyTooLarge(FetchError):
    """The body (raw or decompressed) exceeds the configured size cap."""

    kind = "too_large"


class NotADocument(FetchError):
    """The response is not text we can read (binary content type or undecodable bytes)."""

    kind = "not_a_document"


class UnsupportedEncoding(NotADocument):
    """The body's Content-Encoding is one Watcher cannot undo (zstd, compress, unknown)."""

    kind = "encoding"


class CorruptBody(NotADocument):
    """The compressed body is corrupt or cut short: its Content-Encoding cannot be undone."""

    kind = "corrupt_body"


class BrowserUnavailable(FetchError):
    """No browser to render a page with: Playwright or Chromium is missing, or will not start."""

    kind = "browser"  # not transient: the operator must act, another attempt would fail alike


class ForbiddenAddress(FetchError):
    """The URL, a redirect or a page's request leads to an address Watcher does not fetch
    unless allowed: loopback, private, link-local, shared, multicast or reserved."""

    kind = "forbidden_address"  # not transient: the same address would be refused again

    def __init__(self, url: str, host: str, address: str, reason: str) -> None:
        self.host = host
        self.address = address
        self.reason = reason
        where = address if host == address else f"{host} ({address})"
        super().__init__(
            url,
            f"refused to connect to {where}: not a public address ({reason}); to fetch it, "
            "allow its network in [fetch] allow_networks or WATCHER_ALLOW_NETWORKS",
        )


# --- normalize / diff / detect ------------------------------------------------


class NormalizeError(WatcherError):
    """The body could not be turned into text."""


class TooSlow(WatcherError):
    """Reading or comparing one page took longer than its time budget (a hostile page)."""

    kind = "too_slow"

    def __init__(self, what: str, budget: float) -> None:
        self.budget = budget
        super().__init__(f"{what} took longer than {budget:g} s (schedule.page_time_limit)")


# --- store ------------------------------------------------------------------


class StoreError(WatcherError):
    """The database is unreachable, not migrated, or a lookup failed."""


class Conflict(StoreError):
    """Another process recorded a version of this watch meanwhile; the check is dropped."""


class LeaseLost(Conflict):
    """The check's claim expired and another instance took the watch; the check is dropped
    (the other instance's check is the one recorded)."""


class NotFound(StoreError):
    """A watch or version that the user named does not exist."""


class DatabaseError(StoreError):
    """The database itself failed: `cause` is the driver's own words, `url` is shown redacted."""

    def __init__(self, url: str, cause: str) -> None:
        self.url = url
        self.cause = cause
        super().__init__(f"database {redact_url(url)}: {self.explain()}")

    def explain(self) -> str:
        """What went wrong, for the person who must fix it."""
        return self.cause


class DatabaseUnavailable(DatabaseError):
    """The database cannot be opened or its server reached."""

    def explain(self) -> str:
        return f"cannot open or reach it: {self.cause}"


class DatabaseLocked(DatabaseError):
    """Another process held a lock for longer than we wait for one."""

    def explain(self) -> str:
        return f"locked by another process for too long ({self.cause}); try again later"


class DatabaseCorrupt(DatabaseError):
    """The file is not a database, or its pages are damaged."""

    def explain(self) -> str:
        return f"not a database, or damaged ({self.cause}); restore it from a backup"


class DatabaseFull(DatabaseError):
    """A write failed: the disk is full, over a size limit, or failing."""

    def explain(self) -> str:
        return f"cannot write: the disk is full or failing ({self.cause})"


class DatabaseTooNew(DatabaseError):
    """The schema is at a revision this release does not know: a newer release wrote it."""

    def __init__(self, url: str, revision: str) -> None:
        self.revision = revision
        super().__init__(url, f"unknown schema revision {revision!r}")

    def explain(self) -> str:
        return (
            f"its schema is at revision {self.revision!r}, which this release of Watcher "
            "does not know: a newer release wrote it; upgrade Watcher"
        )


class DriverMissing(DatabaseError):
    """The Python driver the database URL names is not installed."""

    def __init__(self, url: str, module: str) -> None:
        self.module = module
        super().__init__(url, f"no module named {module!r}")

    def explain(self) -> str:
        return f"its driver is not installed: install the Python package {self.module!r}"


# --- notify -----------------------------------------------------------------


class DaemonRunning(StoreError):
    """Another `watcher run` uses this SQLite database: SQLite serves one daemon."""

    def __init__(self, database: str, holder: str) -> None:
        self.database = database
        who = f" (pid {holder})" if holder else ""
        super().__init__(
            f"another `watcher run`{who} is already using {database}; SQLite serves one "
            "daemon at a time (read-only commands and `watcher check` work beside it). For "
            "several instances, use PostgreSQL"
        )


class NotifyError(WatcherError):
    """A notification could not be delivered; the outbox keeps it for a retry."""
