"""How an event reads: one message in plain text, markdown (chat) and HTML (email).

An AI-training change gets its own title and body: the severity, the stance
transition in plain words, and each clause before and after with the changed words
marked. Nothing here decides what changed; it only words what the event says.
"""

from __future__ import annotations

import html

from watcher.models import Event, EventKind, Message, Stance, Topic

_TITLES = {
    EventKind.FIRST_SEEN: "now watched",
    EventKind.CHANGED: "changed",
    EventKind.FETCH_ERROR: "cannot be fetched",
    EventKind.RECOVERED: "can be fetched again",
    EventKind.MOVED: "moved",
}

# What each stance means for the reader, in plain words.
STANCE_WORDS = {
    Stance.ALLOWED.value: "may train AI on your data, with no opt-out mentioned",
    Stance.OPT_OUT.value: "may train AI on your data unless you opt out",
    Stance.CONSENT.value: "trains AI on your data only with your consent",
    Stance.NOT_ALLOWED.value: "does not train AI on your data",
}
BAN_WORDS = "forbids others to train AI on its content"

_AI_VERBS = {"present": "found", "appeared": "added", "changed": "changed", "removed": "removed"}
_SEVERITY = {"high": "HIGH", "medium": "MEDIUM", "low": "LOW"}


def meaning(finding: dict | None) -> str:
    """What one finding says, in plain words."""
    if not finding:
        return "nothing"
    if finding.get("topic") == Topic.THIRD_PARTY_TRAINING_BAN.value:
        return BAN_WORDS
    return STANCE_WORDS.get(finding.get("stance") or "", "mentions training AI on your data")


def transition(item: dict) -> str:
    """One line for one finding change, e.g. 'now: may train … (was: does not …)'."""
    before, after = item.get("before"), item.get("after")
    change = item.get("change")
    if change == "removed":
        return f"no longer says it {meaning(before)}"
    if change in ("appeared", "present") or before is None:
        return f"now says it {meaning(after)}"
    if meaning(before) == meaning(after):
        return f"reworded: still {meaning(after)}"
    return f"now {meaning(after)} (was: {meaning(before)})"


def ai_headline(ai_change: str, findings: list[dict] | tuple[dict, ...]) -> str:
    """The one-line summary of an AI-training change."""
    verb = _AI_VERBS.get(ai_change, ai_change)
    first = transition(findings[0]) if findings else ""
    more = f" (+{len(findings) - 1} more)" if len(findings) > 1 else ""
    return f"AI-training terms {verb}: {first}{more}" if first else f"AI-training terms {verb}"


def diff_link(base_url: str | None, event: Event) -> str | None:
    """Where the full diff of a change can be read, when a base URL is configured."""
    if not base_url or event.version_to is None or event.kind is not EventKind.CHANGED:
        return None
    base = base_url.rstrip("/")
    return f"{base}/watches/{event.watch}/diff/{event.version_from}..{event.version_to}"


def render(event: Event, base_url: str | None = None) -> Message:
    """The message for one event, in plain text, markdown and HTML."""
    if event.ai_change:
        title = f"{event.name}: {ai_headline(event.ai_change, event.ai_findings)}"
        if event.ai_severity:
            title = f"[{_SEVERITY.get(event.ai_severity, event.ai_severity)}] {title}"
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
    for item in event.ai_findings if event.ai_change else ():
        _ai_item(item, text, md, hb)
    if event.diff_text:
        label = "Other changes" if event.ai_change else ""
        if label:
            text += ["", f"{label}:"]
            md += ["", f"*{label}:*"]
            hb.append(f"<p><em>{label}:</em></p>")
        text += ["", event.diff_text]
        md += ["", event.diff_markdown or event.diff_text]
        hb.append(event.diff_html or f"<pre>{html.escape(event.diff_text)}</pre>")
    if event.silent_edit:
        note = "The document's declared date did not change: this is a silent edit."
        text += ["", note]
        md += ["", f"_{note}_"]
        hb.append(f"<p><em>{note}</em></p>")
    if link:
        text += ["", f"Full diff: {link}"]
        md += ["", f"Full diff: <{link}>"]
        hb.append(f'<p><a href="{html.escape(link, quote=True)}">Full diff</a></p>')
    return Message(title=title, text="\n".join(text), markdown="\n".join(md), html="\n".join(hb))


def _ai_item(item: dict, text: list[str], md: list[str], hb: list[str]) -> None:
    """The clause before and after, with the changed words marked."""
    line = transition(item)
    text += ["", f"* {line}"]
    md += ["", f"*{_md(line)}*"]
    hb.append(f"<p><strong>{html.escape(line)}</strong></p>")
    if item.get("diff_text"):  # a changed clause: one text, the changed words marked
        text.append(item["diff_text"])
        md.append(item.get("diff_markdown") or item["diff_text"])
        hb.append(item.get("diff_html") or f"<pre>{html.escape(item['diff_text'])}</pre>")
    else:
        for side in ("before", "after"):
            f = item.get(side)
            if f:
                text.append(f"  {side}: {f['text']}")
                md.append(f"> **{side}:** {_md(f['text'])}")
                hb.append(f"<blockquote><b>{side}:</b> {html.escape(f['text'])}</blockquote>")
    cues = (item.get("after") or item.get("before") or {}).get("cues") or []
    if cues:
        why = "; ".join(f"{c['kind']}: {c['text']}" for c in cues[:8])
        text.append(f"  why: {why}")
        md.append(f"_why: {_md(why)}_")
        hb.append(f"<p><small>why: {html.escape(why)}</small></p>")


def _md(s: str) -> str:
    # Names and summaries are plain text: keep them from being read as markup.
    for ch in "\\*_`~[]":
        s = s.replace(ch, "\\" + ch)
    return s
