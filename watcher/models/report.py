"""The change report an event carries, as data, and its one codec.

`ChangeReport` says what a new version changed — substance or not, the AI-training change
with its findings before and after, the declared dates — and, for a `moved` event, where
from and where to. It holds no presentation: messages, pages and feeds word and render it
when they are read (the diff itself is computed again from the two stored versions).

The codec is the only way a report or an event becomes JSON and back:

* `report_json` / `report_from_json` — the report as the store keeps it in `events.details`:
  only what differs from the defaults, findings with their cues as `[kind, start, end]`
  (`from_json` also reads the dicts of earlier versions, and of release 0.1, which held
  rendered diff excerpts);
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

# 3: defaults left out, cues as lists; 2: every key, findings as `finding_json`; release 0.1
# stored version 1 (no "v" key), with rendered excerpts.
REPORT_VERSION = 3


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
    """The report as stored (JSON-ready): only the values that are not `ChangeReport`'s
    defaults, each finding as `_stored_finding` (an event is stored once per change and read
    back whole: a first version's findings were 7 KB in the verbose form, half of it cues)."""
    values = {
        "substantive": r.substantive,
        "ai_change": _value(r.ai_change),
        "ai_direction": _value(r.ai_direction),
        "ai_severity": _value(r.ai_severity),
        "ai_findings": [_stored_finding_report(f) for f in r.ai_findings],
        "effective_before": r.effective_before.isoformat() if r.effective_before else None,
        "effective_after": r.effective_after.isoformat() if r.effective_after else None,
        "silent_edit": r.silent_edit,
        "from_url": r.from_url,
        "to_url": r.to_url,
    }
    kept = {k: v for k, v in values.items() if v != _DEFAULTS[k]}
    return {"v": REPORT_VERSION, **kept}


_DEFAULTS: dict[str, Any] = {
    "substantive": True,
    "ai_change": None,
    "ai_direction": None,
    "ai_severity": None,
    "ai_findings": [],
    "effective_before": None,
    "effective_after": None,
    "silent_edit": False,
    "from_url": None,
    "to_url": None,
}


def _stored_finding_report(f: FindingReport) -> dict[str, Any]:
    out: dict[str, Any] = {"change": f.change.value}
    if f.direction is not None:
        out["direction"] = f.direction.value
    if f.before is not None:
        out["before"] = _stored_finding(f.before)
    if f.after is not None:
        out["after"] = _stored_finding(f.after)
    return out


def _stored_finding(f: Finding) -> dict[str, Any]:
    """`finding_json` without what can be read back: a cue is `[kind, start, end]`, its text
    the passage's at those offsets (`[kind, start, end, text]` when it is not), and empty
    values are left out."""
    out: dict[str, Any] = {
        "text": f.text,
        "start": f.start,
        "end": f.end,
        "lang": f.lang,
        "topic": f.topic.value,
        "confidence": round(f.confidence, 3),
    }
    if f.stance is not None:
        out["stance"] = f.stance.value
    if f.cues:
        out["cues"] = [
            [c.kind, c.start, c.end]
            if f.text[c.start : c.end] == c.text
            else [c.kind, c.start, c.end, c.text]
            for c in f.cues
        ]
    if f.data:
        out["data"] = list(f.data)
    if f.actors:
        out["actors"] = list(f.actors)
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
        cues=tuple(_cue(c, d["text"]) for c in d.get("cues") or ()),
        data=tuple(d.get("data") or ()),
        actors=tuple(d.get("actors") or ()),
    )


def _cue(stored: dict[str, Any] | list, passage: str) -> Cue:
    """A cue as `finding_json` writes it (a dict), or as `_stored_finding` does (a list)."""
    if isinstance(stored, dict):
        c = stored
        return Cue(c["kind"], c["text"], int(c.get("start", 0)), int(c.get("end", 0)))
    kind, start, end, *text = stored
    return Cue(kind, text[0] if text else passage[start:end], int(start), int(end))


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
