"""The change report an event carries, as data, and its one codec.

`ChangeReport` says what a new version changed — substance or not, the AI-training change
with its findings before and after, the declared dates — and, for a `moved` event, where
from and where to. It holds no presentation: messages, pages and feeds word and render it
when they are read (the diff itself is computed again from the two stored versions).

The codec is the only way a report or an event becomes JSON and back:

* `report_json` / `report_from_json` — the report as the store keeps it in `events.details`
  (`from_json` also reads the dicts of release 0.1, which held rendered diff excerpts);
* `event_contract` — an event as the design's event contract (`events --json`, the JSON
  API, the feeds, the webhook all send this same object).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from watcher.models.detection import AIChangeKind, Cue, Direction, Finding, Stance, Topic

if TYPE_CHECKING:
    from watcher.models.events import Event

REPORT_VERSION = 2  # release 0.1 stored version 1 (no "v" key), with rendered excerpts


class Severity(StrEnum):
    """How much an AI-training change matters: high when it moves toward more permission."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class FindingReport:
    """One finding that is present, appeared, changed or was removed."""

    change: AIChangeKind
    before: Finding | None = None
    after: Finding | None = None
    direction: Direction | None = None  # None for `present`


@dataclass(frozen=True)
class ChangeReport:
    """What an event says beyond its kind and summary (see the module docstring)."""

    substantive: bool = True  # False: only cosmetic, renumbering, date or moved blocks
    ai_change: AIChangeKind | None = None
    ai_direction: Direction | None = None
    ai_severity: Severity | None = None
    ai_findings: tuple[FindingReport, ...] = ()
    effective_before: date | None = None  # the document's declared date, before and after
    effective_after: date | None = None
    silent_edit: bool = False  # a substantive change under an unchanged declared date
    from_url: str | None = None  # a `moved` event: where the document was served from
    to_url: str | None = None


# --- the codec ------------------------------------------------------------------------------


def report_json(r: ChangeReport) -> dict[str, Any]:
    """The report as stored (JSON-ready)."""
    out: dict[str, Any] = {"v": REPORT_VERSION, "substantive": r.substantive}
    if r.ai_change is not None:
        out |= {
            "ai_change": r.ai_change.value,
            "ai_direction": _value(r.ai_direction),
            "ai_severity": _value(r.ai_severity),
        }
    out["ai_findings"] = [finding_report_json(f) for f in r.ai_findings]
    out["effective_before"] = r.effective_before.isoformat() if r.effective_before else None
    out["effective_after"] = r.effective_after.isoformat() if r.effective_after else None
    out["silent_edit"] = r.silent_edit
    if r.from_url is not None or r.to_url is not None:
        out |= {"from_url": r.from_url, "to_url": r.to_url}
    return out


def report_from_json(d: dict[str, Any] | None, ai_change: str | None = None) -> ChangeReport:
    """A stored report, of this release or of 0.1 (`ai_change` then comes from its column)."""
    d = d or {}
    change = d.get("ai_change", ai_change)
    return ChangeReport(
        substantive=bool(d.get("substantive", True)),
        ai_change=AIChangeKind(change) if change else None,
        ai_direction=_enum(Direction, d.get("ai_direction")),
        ai_severity=_enum(Severity, d.get("ai_severity")),
        ai_findings=tuple(finding_report_from_json(f) for f in d.get("ai_findings") or ()),
        effective_before=_date(d.get("effective_before")),
        effective_after=_date(d.get("effective_after")),
        silent_edit=bool(d.get("silent_edit", False)),
        from_url=d.get("from_url"),
        to_url=d.get("to_url"),
    )


def finding_report_json(f: FindingReport) -> dict[str, Any]:
    """One finding's change, JSON-ready (its findings as `Finding.as_dict`, cue offsets kept)."""
    return {
        "change": f.change.value,
        "direction": _value(f.direction),
        "before": finding_json(f.before),
        "after": finding_json(f.after),
    }


def finding_report_from_json(d: dict[str, Any]) -> FindingReport:
    return FindingReport(
        change=AIChangeKind(d["change"]),
        before=finding_from_json(d.get("before")),
        after=finding_from_json(d.get("after")),
        direction=_enum(Direction, d.get("direction")),
    )


def finding_json(f: Finding | None) -> dict[str, Any] | None:
    """`Finding.as_dict`, with each cue's offsets in its passage."""
    if f is None:
        return None
    out = f.as_dict()
    out["cues"] = [{"kind": c.kind, "text": c.text, "start": c.start, "end": c.end} for c in f.cues]
    return out


def finding_from_json(d: dict[str, Any] | None) -> Finding | None:
    if not d:
        return None
    return Finding(
        text=d["text"],
        start=int(d.get("start", 0)),
        end=int(d.get("end", 0)),
        lang=d.get("lang", ""),
        topic=Topic(d["topic"]),
        stance=_enum(Stance, d.get("stance")),
        confidence=float(d.get("confidence", 0.0)),
        cues=tuple(
            Cue(c["kind"], c["text"], int(c.get("start", 0)), int(c.get("end", 0)))
            for c in d.get("cues") or ()
        ),
        data=tuple(d.get("data") or ()),
        actors=tuple(d.get("actors") or ()),
    )


def event_contract(e: Event) -> dict[str, Any]:
    """The design's event contract: what `events --json`, the API, feeds and webhook send."""
    r = e.report
    return {
        "id": e.id,
        "watch": e.watch,
        "name": e.name,
        "url": e.url,
        "kind": e.kind.value,
        "at": e.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "version_from": e.version_from,
        "version_to": e.version_to,
        "ai_change": _value(r.ai_change),
        "summary": e.summary,
        "ai_findings": [_contract_finding(f) for f in r.ai_findings],
        "ai_direction": _value(r.ai_direction),
        "ai_severity": _value(r.ai_severity),
        "substantive": r.substantive,
        "effective_before": r.effective_before.isoformat() if r.effective_before else None,
        "effective_after": r.effective_after.isoformat() if r.effective_after else None,
        "silent_edit": r.silent_edit,
        **({"from_url": r.from_url, "to_url": r.to_url} if r.from_url or r.to_url else {}),
    }


def _contract_finding(f: FindingReport) -> dict[str, Any]:
    # The contract's findings are `Finding.as_dict` (cues as kind and text, as `scan --json`).
    return {
        "change": f.change.value,
        "direction": _value(f.direction),
        "before": f.before.as_dict() if f.before else None,
        "after": f.after.as_dict() if f.after else None,
    }


def _value(member: StrEnum | None) -> str | None:
    return member.value if member is not None else None


def _enum(kind: type, value: str | None) -> Any:
    return kind(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
