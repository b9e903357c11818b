"""The envelope of a combined document (`urls = [...]`): every part's URL, media type,
charset and bytes in one JSON body.

A combined document is stored as one raw body, so that `rebuild` re-derives its text exactly
as a check does. `fetch` writes envelopes, `normalize` reads them. Pure.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from watcher.errors import NormalizeError

COMBINED_TYPE = "application/x-watcher-combined+json"


@dataclass(frozen=True)
class Part:
    """One stored body with what is needed to read it again."""

    url: str
    body: bytes
    content_type: str  # media type only
    charset: str | None


def pack(parts: list[Part]) -> bytes:
    """The envelope of a combined document (the same parts always give the same bytes)."""
    items = [
        {
            "url": p.url,
            "content_type": p.content_type,
            "charset": p.charset,
            "body_b64": base64.b64encode(p.body).decode("ascii"),
        }
        for p in parts
    ]
    return json.dumps({"parts": items}, sort_keys=True, separators=(",", ":")).encode()


def unpack(body: bytes) -> list[Part]:
    """The parts of an envelope; NormalizeError when it is not one."""
    try:
        items = json.loads(body)["parts"]
        return [
            Part(i["url"], base64.b64decode(i["body_b64"]), i["content_type"], i["charset"])
            for i in items
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise NormalizeError(f"not a combined document envelope: {exc}") from exc
