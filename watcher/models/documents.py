"""A fetched document and its canonical text."""

from __future__ import annotations

from dataclasses import dataclass


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
