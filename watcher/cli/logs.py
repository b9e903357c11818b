"""Logging for people, journald and log pipelines, and the one filter every line goes
through: no secret is written.

Two guards, because a secret can reach a log line two ways. Libraries that log request
lines (urllib3: `"POST /services/T000/B000/XXXX HTTP/1.1" 200`, the path of a webhook being
its token), request URLs (Apprise's debug output) or SQL are kept at WARNING whatever -v
says. And every record is scrubbed before it is written: credentials in any URL, and the
secrets of the configuration in force (notifier URLs' tokens, database and watch passwords),
wherever they appear in the line.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from watcher.redact import credentials, secret_parts
from watcher.redact import scrub as scrub_text

if TYPE_CHECKING:
    from watcher.models import Config

# Libraries that log URLs, request lines or SQL below WARNING; their warnings still show.
QUIET = (
    "apprise",
    "urllib3",
    "requests",
    "requests_oauthlib",
    "oauthlib",
    "httpx",
    "httpcore",
    "sqlalchemy",
    "alembic",
    "apscheduler",
    "uvicorn",  # the web server: its request lines, and start and stop words of its own
)


class Scrubber(logging.Filter):
    """Masks secrets in each record a handler writes (it never drops one)."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: frozenset[str] = frozenset()

    def scrub(self, text: str) -> str:
        """`text` without URL credentials or any of the configured secrets."""
        return scrub_text(text, self.secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: let the handler report it as usual
            return True
        clean = self.scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        return True


# The process's one scrubber: `configure` puts it on the handler, `conceal` tells it the
# secrets of each configuration loaded, and the CLI passes what it prints through it.
_scrubber = Scrubber()


FORMATS = ("text", "json")
# journald stamps each line itself; elsewhere a line starts with the local time to the second.
JOURNAL_FORMAT = "%(levelname)s %(name)s: %(message)s"
TEXT_FORMAT = "%(asctime)s " + JOURNAL_FORMAT
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, and watch and exc when
    the record carries them. Runs after the scrubber, so what it writes is already masked."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        line: dict[str, object] = {
            "time": stamp.replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        watch = getattr(record, "watch", None)
        if watch is not None:
            line["watch"] = watch
        if record.exc_info and not record.exc_text:
            record.exc_text = _scrubber.scrub(self.formatException(record.exc_info))
        if record.exc_text:
            line["exc"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def under_journald(environ: Mapping[str, str], stream: TextIO) -> bool:
    """True when `stream` is journald's: systemd names it in JOURNAL_STREAM as device:inode."""
    device, _, inode = environ.get("JOURNAL_STREAM", "").partition(":")
    try:
        st = os.fstat(stream.fileno())
        return (int(device), int(inode)) == (st.st_dev, st.st_ino)
    except (ValueError, OSError):  # unset, malformed, or a stream without a descriptor
        return False


def configure(verbosity: int, fmt: str = "text", environ: Mapping[str, str] | None = None) -> None:
    """Log to stderr, secrets masked; 0 is warnings only. `fmt` "json" writes one object a
    line; text lines are timestamped unless journald, which adds its own, reads them."""
    level = (logging.WARNING, logging.INFO, logging.DEBUG)[max(0, min(verbosity, 2))]
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    elif under_journald(environ or {}, sys.stderr):
        handler.setFormatter(logging.Formatter(JOURNAL_FORMAT))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT, TIME_FORMAT))
    handler.addFilter(_scrubber)
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)


def conceal(secrets: Iterable[str]) -> None:
    """From now on, mask these strings wherever they appear (replaces the earlier set)."""
    _scrubber.secrets = frozenset(secrets)


def secrets() -> frozenset[str]:
    """The secrets of the configuration in force, as the scrubber masks them."""
    return _scrubber.secrets


def scrub(text: str) -> str:
    """`text` as it may be printed: without URL credentials or configured secrets."""
    return _scrubber.scrub(text)


def secrets_of(cfg: Config) -> frozenset[str]:
    """What in `cfg` must never be written out: notifier URLs and their tokens, passwords."""
    found: set[str] = set()
    for notifier in cfg.notifiers:
        for url in notifier.urls:
            found.add(url)
            found |= secret_parts(url)
        if notifier.webhook:
            found.add(notifier.webhook)
            found |= secret_parts(notifier.webhook)
        if notifier.secret:
            found.add(notifier.secret)  # the webhook's signing key
    # A database role is a name (often "watcher"): masked, every "watcher" in the logs would be.
    found |= credentials(cfg.storage.url, lone_user=False)
    for watch in cfg.watches:
        for url in watch.parts:
            found |= credentials(url)
    if cfg.http is not None and cfg.http.password:
        found.add(cfg.http.password)  # the web server's HTTP basic password
    return frozenset(found)
