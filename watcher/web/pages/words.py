"""How pages word and format values: the templates' filters, tests and globals."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from watcher.models import ChangeClass

OUTCOME_WORDS = {
    "new_version": "new version",
    "pending": "new text, waiting to be seen again",
    "unchanged": "unchanged",
    "not_modified": "unchanged (not modified)",
    "error": "failed",
}
EVENT_WORDS = {
    "first_seen": "first seen",
    "changed": "changed",
    "fetch_error": "cannot be fetched",
    "recovered": "fetched again",
    "moved": "moved",
}
OP_WORDS = {"modified": "Changed", "added": "Added", "removed": "Removed"}
CLASS_LABEL = {
    ChangeClass.SUBSTANTIVE: "substantive",
    ChangeClass.COSMETIC: "cosmetic",
    ChangeClass.RENUMBERING: "renumbering",
    ChangeClass.DATE_ONLY: "date only",
    ChangeClass.MOVED: "moved",
}

_HEADING = re.compile(r"^#{1,6} ")
_EDGES = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)


def when(at: datetime | None) -> str:
    """`2026-05-13 10:12 UTC`."""
    if at is None:
        return ""
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.strftime("%Y-%m-%d %H:%M UTC")


def link(url: str | None) -> str | None:
    """`url` when it may be a link (http or https), else None: a page links out to nothing else."""
    return url if url and urlsplit(url).scheme.lower() in ("http", "https") else None


def heading(block: str) -> bool:
    """Whether a block of canonical text is a heading."""
    return block.startswith("#")


def plain(block: str) -> str:
    """A block of canonical text without its heading marker (a page shows it as a heading)."""
    return _HEADING.sub("", block, count=1)


def edges(text: str) -> tuple[str, str, str]:
    """(leading whitespace, words, trailing whitespace): marks hug the words, not the spaces."""
    match = _EDGES.match(text)
    assert match is not None  # the pattern matches any string
    return match.group(1), match.group(2), match.group(3)


def capitalize_first(text: str) -> str:
    """`text` with its first letter upper-case, the rest as it is (Jinja's `capitalize`
    lower-cases the rest: "AI" would read "ai")."""
    return text[:1].upper() + text[1:]
