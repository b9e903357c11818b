"""What the JSON API and the feeds send, and the request values both read.

Events go out as the design's event contract (`models.event_contract`), their URL and
summary scrubbed as `watcher events --json` scrubs them: credentials in URLs masked
(`redact_text`) and every secret of the configuration in force masked (`secrets`, from
`cli`, which knows the configuration). Watches and versions go out as plain JSON values,
times as ISO 8601 in UTC with a `Z`, like the contract's `at`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from starlette.responses import JSONResponse

from watcher.models import Event, Segment, event_contract, finding_json
from watcher.redact import scrub
from watcher.store.values import VersionInfo
from watcher.store.views import WatchOverview
from watcher.web.views import ChangedBlock, Clause, ClauseChange, DiffView, Unchanged

T = TypeVar("T")

_SPAN = re.compile(r"([0-9]{1,9})\.\.([0-9]{1,9})")  # nine digits: no absurd integers

JSON_TYPE = "application/json; charset=utf-8"


class Json(JSONResponse):
    """A JSON response that names its charset (UTF-8, not escaped to ASCII)."""

    media_type = JSON_TYPE


def error(status: int, message: str) -> Json:
    """`{"error": message}` with `status`."""
    return Json({"error": message}, status_code=status)


async def in_thread(call: Callable[..., T], *args: Any) -> T:
    """`call(*args)` in a worker thread: the store's queries never block the event loop."""
    return await asyncio.to_thread(call, *args)


def utc_iso(at: datetime | None) -> str | None:
    """`2026-03-01T12:00:00Z`; a naive time is taken as UTC (as the store gives some)."""
    if at is None:
        return None
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.isoformat().replace("+00:00", "Z")


def scrubbed(event: Event, secrets: Iterable[str]) -> Event:
    """`event` with its URL and summary scrubbed (a release before 0.2 stored URLs unmasked)."""
    return dataclasses.replace(
        event, url=scrub(event.url, secrets), summary=scrub(event.summary, secrets)
    )


def event_json(event: Event, secrets: Iterable[str] = ()) -> dict[str, Any]:
    """The event contract, exactly as `watcher events --json` prints it."""
    return event_contract(scrubbed(event, secrets))


def watch_json(w: WatchOverview, secrets: Iterable[str] = ()) -> dict[str, Any]:
    """One watch at a glance; `findings` is null when its latest version was never read."""
    return {
        "id": w.id,
        "name": w.name,
        "url": scrub(w.url, secrets),
        "kind": w.kind,
        "last_check_at": utc_iso(w.last_check_at),
        "last_outcome": w.last_outcome,
        "last_error_kind": w.last_error_kind,
        "last_error": scrub(w.last_error, secrets) if w.last_error else None,
        "failures": w.failures,
        "error_raised": w.error_raised,
        "latest_version": w.latest_version,
        "changed_at": utc_iso(w.changed_at),
        "findings": None if w.findings is None else [finding_json(f) for f in w.findings],
    }


def version_json(v: VersionInfo) -> dict[str, Any]:
    """One entry of a watch's history."""
    return {
        "number": v.number,
        "created_at": utc_iso(v.created_at),
        "sha256": v.text_sha256,
        "size": v.size,
        "rederived": v.rederived,
    }


def parse_since(value: str) -> datetime:
    """An ISO 8601 date or time (naive: UTC), as `watcher events --since` reads it.
    ValueError saying what is wrong otherwise."""
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"since: {value!r} is not an ISO 8601 date or time") from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def parse_span(value: str) -> tuple[int, int]:
    """`3..4` → (3, 4): two version numbers. ValueError saying what is wrong otherwise."""
    match = _SPAN.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not two version numbers written N..M")
    numbers = int(match[1]), int(match[2])
    if min(numbers) < 1:
        raise ValueError(f"{value!r}: versions are numbered from 1")
    return numbers


# --- the diff view ----------------------------------------------------------------------------

# A word run of a changed block, named as its `Segment.op` means it.
_RUN = {-1: "deleted", 0: "kept", 1: "inserted"}


def diff_json(view: DiffView, watch: str, start: int, end: int) -> dict[str, Any]:
    """The diff page's view (`views.diff_view`) of versions `start` → `end`, as JSON: blocks
    in document order (changed, or unchanged context with its folded middle), changes per
    class, and the AI-training clauses before and after with their change in plain words."""
    return {
        "watch": watch,
        "version_from": start,
        "version_to": end,
        "summary": view.summary,
        "changed": view.changed,
        "counts": {kind.value: n for kind, n in view.counts},
        "ai_change": _value(view.ai_change),
        "ai_direction": _value(view.ai_direction),
        "ai_severity": _value(view.ai_severity),
        "blocks": [_block_json(item) for item in view.items],
        "clause_changes": [_clause_change_json(c) for c in view.clause_changes],
        "clauses_before": [_clause_json(c) for c in view.clauses_before],
        "clauses_after": [_clause_json(c) for c in view.clauses_after],
    }


def _block_json(item: ChangedBlock | Unchanged) -> dict[str, Any]:
    if isinstance(item, Unchanged):
        return {
            "type": "unchanged",
            "head": list(item.head),
            "folded": list(item.folded),
            "tail": list(item.tail),
        }
    return {
        "type": "changed",
        "op": item.op.value,
        "class": item.kind.value,
        "old_index": item.old_index,
        "new_index": item.new_index,
        "words": _runs(item.segments),
        "ai_before": list(item.ai_before),
        "ai_after": list(item.ai_after),
    }


def _clause_change_json(c: ClauseChange) -> dict[str, Any]:
    return {
        "change": c.change.value,
        "direction": _value(c.direction),
        "words": c.words,
        "before": _clause_json(c.before),
        "after": _clause_json(c.after),
        "marks": _runs(c.marks),
    }


def _clause_json(c: Clause | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "text": c.text,
        "topic": c.topic.value,
        "stance": _value(c.stance),
        "lang": c.lang,
        "meaning": c.meaning,
        "cues": [{"kind": q.kind, "text": q.text, "start": q.start, "end": q.end} for q in c.cues],
        "parts": [{"text": text, "cue": cue} for text, cue in c.parts],
    }


def _runs(segments: Iterable[Segment]) -> list[dict[str, str]]:
    return [{"op": _RUN[s.op], "text": s.text} for s in segments]


def _value(member: StrEnum | None) -> str | None:
    return member.value if member is not None else None
