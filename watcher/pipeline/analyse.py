"""What a new text means: the diff, the AI-training change, the declared dates.

Composes the pure stages `diff`, `detect` and `dates` into the summary and the typed
report an event carries. Pure: text in, value out. Those stages are imported by the functions
that read a new version: a check whose page is unchanged (most checks) never needs them, and
they are a large part of the start-up of a one-watch `watcher check`.
"""

from __future__ import annotations

from dataclasses import dataclass

from watcher import normalize, notify
from watcher.blobs import sha256
from watcher.models import (
    AIChangeKind,
    ChangeReport,
    FetchResult,
    Finding,
    FindingReport,
    Normalized,
    Rules,
    Severity,
)


@dataclass(frozen=True)
class Analysis:
    """The event-level reading of one new version: its summary line and its report."""

    summary: str
    report: ChangeReport
    findings: tuple[Finding, ...] = ()  # the new text's AI-training findings, all of them


@dataclass(frozen=True)
class Reading:
    """A fetched document's text, and, when asked for, the same text read as a first version."""

    normalized: Normalized
    text_sha256: str
    first: Analysis | None = None


def read(result: FetchResult, rules: Rules, first: bool = False) -> Reading:
    """The canonical text of `result` and its sha256.

    With `first` (the watch has no version yet), also its `first_version` reading, in the
    same call: the page crosses to a worker once, and its text does not come back only to go
    out again. The caller may still refuse the text (not the document); that reading is then
    dropped.
    """
    n = normalize.text_of(result, rules)
    text_sha = sha256(n.text.encode())
    if not first or not n.text.strip():
        return Reading(n, text_sha)
    return Reading(n, text_sha, first_version(n.text))


def first_version(text: str) -> Analysis:
    """A watch's first text: its AI-training findings are `present`."""
    from watcher import dates, detect

    findings = detect.scan(text)
    effective = dates.effective_date(text)
    items = tuple(FindingReport(AIChangeKind.PRESENT, None, f) for f in findings)
    summary = "first version recorded"
    if findings:
        summary += f"; {notify.ai_headline(AIChangeKind.PRESENT, items)}"
    report = ChangeReport(
        ai_change=AIChangeKind.PRESENT if findings else None,
        ai_findings=items,
        effective_after=effective.value if effective else None,
    )
    return Analysis(summary, report, findings)


def change(old: str, new: str) -> Analysis:
    """A new text of a known watch, against its latest version (rendering is left to
    whoever shows it: the diff is computed again from the two stored texts)."""
    from watcher import dates, detect, diff

    d = diff.compute(old, new)
    findings = detect.scan(new)
    ai = detect.compare(detect.scan(old), findings)
    before, after = dates.effective_date(old), dates.effective_date(new)
    moved = (before.value if before else None) != (after.value if after else None)
    # A new wording under the same declared date: the publisher changed it quietly.
    silent = d.substantive and after is not None and not moved
    summary = diff.summarize(d)
    items: tuple[FindingReport, ...] = ()
    if ai is not None:
        items = tuple(FindingReport(c.kind, c.before, c.after, c.direction) for c in ai.changes)
        summary = f"{notify.ai_headline(ai.kind, items)} — {summary}"
    if moved and after is not None:
        summary += f"; effective date now {after.value.isoformat()}"
    elif silent:
        summary += "; declared date unchanged (silent edit)"
    report = ChangeReport(
        substantive=d.substantive or ai is not None,
        ai_change=ai.kind if ai else None,
        ai_direction=ai.direction if ai else None,
        ai_severity=Severity(ai.severity) if ai else None,
        ai_findings=items,
        effective_before=before.value if before else None,
        effective_after=after.value if after else None,
        silent_edit=silent,
    )
    return Analysis(summary, report, findings)
