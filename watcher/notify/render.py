"""How an event reads: one message in plain text, markdown (chat) and HTML (email).

An AI-training change gets its own title and body: the severity, the stance
transition in plain words, and each clause before and after with the changed words
marked. Nothing here decides what changed; it only words what the event says.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from watcher.models import (
    AIChangeKind,
    Event,
    EventKind,
    Excerpt,
    Excerpts,
    Finding,
    FindingReport,
    Message,
    Stance,
    Topic,
)

_TITLES = {
    EventKind.FIRST_SEEN: "now watched",
    EventKind.CHANGED: "changed",
    EventKind.FETCH_ERROR: "cannot be fetched",
    EventKind.RECOVERED: "can be fetched again",
    EventKind.MOVED: "moved",
}

# What each stance means for the reader, in plain words.
STANCE_WORDS = {
    Stance.ALLOWED: "may train AI on your data, with no opt-out mentioned",
    Stance.OPT_OUT: "may train AI on your data unless you opt out",
    Stance.CONSENT: "trains AI on your data only with your consent",
    Stance.NOT_ALLOWED: "does not train AI on your data",
}
BAN_WORDS = "forbids others to train AI on its content"

_AI_VERBS = {
    AIChangeKind.PRESENT: "found",
    AIChangeKind.APPEARED: "added",
    AIChangeKind.CHANGED: "changed",
    AIChangeKind.REMOVED: "removed",
}


def meaning(finding: Finding | None) -> str:
    """What one finding says, in plain words."""
    if finding is None:
        return "nothing"
    if finding.topic is Topic.THIRD_PARTY_TRAINING_BAN:
        return BAN_WORDS
    return STANCE_WORDS.get(finding.stance, "mentions training AI on your data")


def transition(item: FindingReport) -> str:
    """One line for one finding change, e.g. 'now: may train … (was: does not …)'."""
    before, after = item.before, item.after
    if item.change is AIChangeKind.REMOVED:
        return f"no longer says it {meaning(before)}"
    if item.change in (AIChangeKind.APPEARED, AIChangeKind.PRESENT) or before is None:
        return f"now says it {meaning(after)}"
    if meaning(before) == meaning(after):
        return f"reworded: still {meaning(after)}"
    return f"now {meaning(after)} (was: {meaning(before)})"


def ai_headline(ai_change: AIChangeKind, findings: Sequence[FindingReport]) -> str:
    """The one-line summary of an AI-training change."""
    verb = _AI_VERBS[ai_change]
    first = transition(findings[0]) if findings else ""
    more = f" (+{len(findings) - 1} more)" if len(findings) > 1 else ""
    return f"AI-training terms {verb}: {first}{more}" if first else f"AI-training terms {verb}"


def diff_link(base_url: str | None, event: Event) -> str | None:
    """Where the full diff of a change can be read, when a base URL is configured."""
    if not base_url or event.version_to is None or event.kind is not EventKind.CHANGED:
        return None
    base = base_url.rstrip("/")
    return f"{base}/watches/{event.watch}/diff/{event.version_from}..{event.version_to}"


def render(event: Event, base_url: str | None = None, excerpts: Excerpts | None = None) -> Message:
    """The message for one event, in plain text, markdown and HTML; `excerpts` are the
    bounded diffs to show, rendered by the sender from the stored versions."""
    report = event.report
    excerpts = excerpts or Excerpts()
    if report.ai_change:
        title = f"{event.name}: {ai_headline(report.ai_change, report.ai_findings)}"
        if report.ai_severity:
            title = f"[{report.ai_severity.value.upper()}] {title}"
    else:
        title = f"{event.name} {_TITLES[event.kind]}"
    when = event.at.strftime("%Y-%m-%d %H:%M UTC")
    versions = ""
    if event.version_to is not None:
        versions = (
            f"version {event.version_from} → {event.version_to}"
            if event.version_from is not None
            else f"version {event.version_to}"
        )
    meta = " · ".join(p for p in (versions, when) if p)
    link = diff_link(base_url, event)

    text = [f"{event.name}: {event.summary}", event.url, meta]
    md = [f"**{_md(event.name)}**: {_md(event.summary)}", f"<{event.url}>", meta]
    hb = [
        f"<p><strong>{html.escape(event.name)}</strong>: {html.escape(event.summary)}<br>"
        f'<a href="{html.escape(event.url, quote=True)}">{html.escape(event.url)}</a><br>'
        f"<small>{html.escape(meta)}</small></p>"
    ]
    for i, item in enumerate(report.ai_findings if report.ai_change else ()):
        _ai_item(item, excerpts.clauses.get(i), text, md, hb)
    if excerpts.document is not None and excerpts.document.text:
        shown = excerpts.document
        label = "Other changes" if report.ai_change else ""
        if label:
            text += ["", f"{label}:"]
            md += ["", f"*{label}:*"]
            hb.append(f"<p><em>{label}:</em></p>")
        text += ["", shown.text]
        md += ["", shown.markdown or shown.text]
        hb.append(shown.html or f"<pre>{html.escape(shown.text)}</pre>")
    if report.silent_edit:
        note = "The document's declared date did not change: this is a silent edit."
        text += ["", note]
        md += ["", f"_{note}_"]
        hb.append(f"<p><em>{note}</em></p>")
    if link:
        text += ["", f"Full diff: {link}"]
        md += ["", f"Full diff: <{link}>"]
        hb.append(f'<p><a href="{html.escape(link, quote=True)}">Full diff</a></p>')
    return Message(title=title, text="\n".join(text), markdown="\n".join(md), html="\n".join(hb))


def _ai_item(
    item: FindingReport, clause: Excerpt | None, text: list[str], md: list[str], hb: list[str]
) -> None:
    """The clause before and after, with the changed words marked."""
    line = transition(item)
    text += ["", f"* {line}"]
    md += ["", f"*{_md(line)}*"]
    hb.append(f"<p><strong>{html.escape(line)}</strong></p>")
    if clause is not None:  # a changed clause: one text, the changed words marked
        text.append(clause.text)
        md.append(clause.markdown or clause.text)
        hb.append(clause.html or f"<pre>{html.escape(clause.text)}</pre>")
    else:
        for side, f in (("before", item.before), ("after", item.after)):
            if f is not None:
                text.append(f"  {side}: {f.text}")
                md.append(f"> **{side}:** {_md(f.text)}")
                hb.append(f"<blockquote><b>{side}:</b> {html.escape(f.text)}</blockquote>")
    shown = item.after or item.before
    cues = shown.cues if shown is not None else ()
    if cues:
        why = "; ".join(f"{c.kind}: {c.text}" for c in cues[:8])
        text.append(f"  why: {why}")
        md.append(f"_why: {_md(why)}_")
        hb.append(f"<p><small>why: {html.escape(why)}</small></p>")


def _md(s: str) -> str:
    # Names and summaries are plain text: keep them from being read as markup.
    for ch in "\\*_`~[]":
        s = s.replace(ch, "\\" + ch)
    return s
