"""What a new text means: the diff, the AI-training change, the declared dates.

Composes the pure stages `diff`, `detect` and `dates` into the summary and details
an event carries. Pure: text in, value out.
"""

from __future__ import annotations

from dataclasses import dataclass

from watcher import dates, detect, diff, normalize, notify
from watcher.blobs import sha256
from watcher.models import AIChangeKind, FetchResult, Finding, FindingChange, Normalized, Rules


@dataclass(frozen=True)
class Analysis:
    """The event-level reading of one new version."""

    summary: str
    substantive: bool
    ai_change: str | None
    details: dict


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
    findings = detect.scan(text)
    effective = dates.effective_date(text)
    items = [_item(AIChangeKind.PRESENT.value, None, f, None) for f in findings]
    summary = "first version recorded"
    if findings:
        summary += f"; {notify.ai_headline('present', items)}"
    return Analysis(
        summary=summary,
        substantive=True,
        ai_change=AIChangeKind.PRESENT.value if findings else None,
        details={
            "ai_findings": items,
            "effective_after": effective.value.isoformat() if effective else None,
        },
    )


def change(old: str, new: str, max_chars: int) -> Analysis:
    """A new text of a known watch, against its latest version."""
    d = diff.compute(old, new)
    ai = detect.compare(detect.scan(old), detect.scan(new))
    before, after = dates.effective_date(old), dates.effective_date(new)
    moved = (before.value if before else None) != (after.value if after else None)
    # A new wording under the same declared date: the publisher changed it quietly.
    silent = d.substantive and after is not None and not moved
    # Messages show what matters; only when nothing substantive changed, the minor changes.
    minor = not d.substantive
    details: dict = {
        "diff_text": diff.render_text(d, max_chars=max_chars, minor=minor),
        "diff_markdown": diff.render_markdown(d, max_chars=max_chars, minor=minor),
        "diff_html": diff.render_html(d, max_chars=max_chars, minor=minor),
        "substantive": d.substantive or ai is not None,
        "effective_before": before.value.isoformat() if before else None,
        "effective_after": after.value.isoformat() if after else None,
        "silent_edit": silent,
    }
    summary = diff.summarize(d)
    if ai is not None:
        items = [_change_item(c, max_chars) for c in ai.changes]
        details |= {
            "ai_findings": items,
            "ai_direction": ai.direction.value,
            "ai_severity": ai.severity,
        }
        summary = f"{notify.ai_headline(ai.kind.value, items)} — {summary}"
    if moved and after is not None:
        summary += f"; effective date now {after.value.isoformat()}"
    elif silent:
        summary += "; declared date unchanged (silent edit)"
    return Analysis(
        summary=summary,
        substantive=details["substantive"],
        ai_change=ai.kind.value if ai is not None else None,
        details=details,
    )


def _change_item(c: FindingChange, max_chars: int) -> dict:
    item = _item(c.kind.value, c.before, c.after, c.direction.value)
    if c.before is not None and c.after is not None and c.before.text != c.after.text:
        # The clause itself, with the changed words marked.
        d = diff.compute(c.before.text + "\n", c.after.text + "\n")
        limit = max(400, max_chars // 2)
        item["diff_text"] = diff.render_text(d, max_chars=limit)
        item["diff_markdown"] = diff.render_markdown(d, max_chars=limit)
        item["diff_html"] = diff.render_html(d, max_chars=limit)
    return item


def _item(change: str, before: Finding | None, after: Finding | None, direction) -> dict:
    return {
        "change": change,
        "direction": direction,
        "before": before.as_dict() if before else None,
        "after": after.as_dict() if after else None,
    }
