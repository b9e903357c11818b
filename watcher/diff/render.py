"""A `Diff` as text a person reads: unified text, chat Markdown, email HTML.

Added and removed blocks are shown whole; inside a modified block, unchanged stretches
longer than a few words are cut to their ends around " … ". With `max_chars`, whole
changes are added until the budget is spent, then a trailer says how many were left out.

Changes that are not substantive (cosmetic, renumbering, date only, moved) are labelled
("~ [cosmetic] …"); with `minor=False` they are left out and a last line counts them.
A moved block is one REMOVED and one ADDED change, both MOVED: it counts as one change.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from watcher.diff.summary import KIND_LABEL, omitted, plural
from watcher.models import BlockChange, ChangeClass, ChangeOp, Diff, Segment

# Unchanged words kept on each side of an edit inside a modified block: enough to see
# which sentence changed, short enough that a one-word edit doesn't repeat a paragraph.
CONTEXT_WORDS = 10
ELLIPSIS = "…"
# Attempts at shrinking a single change that alone is larger than the budget.
_FIT_ATTEMPTS = 8

_WORD = re.compile(r"\S+")
_EDGE_SPACE = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)
# CommonMark punctuation that would turn text into markup (or raw HTML) in Slack or email;
# "&" only where it would read as an entity such as "&amp;".
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>]|&(?=#?\w+;))")
# At the start of a line these open a list item or a heading underline; "# " and "- " are
# left alone because they are the canonical text's own headings and list items.
_MARKDOWN_LINE_START = re.compile(r"^([+=])", re.MULTILINE)

# Inline styles only: most email clients drop <style> elements. Kept short because they are
# repeated on every edit and count against `max_chars`.
_HTML_STYLE = {
    "del": "background:#ffebe9;color:#82071e;",
    "ins": "background:#dafbe1;color:#116329;text-decoration:none;",
    "block": "margin:0 0 12px 0;padding-left:8px;border-left:3px solid {color};",
    "trailer": "margin:0;color:#57606a;",
    "kind": "color:#57606a;",
}
_HTML_COLOR = {ChangeOp.ADDED: "#1a7f37", ChangeOp.REMOVED: "#cf222e", ChangeOp.MODIFIED: "#9a6700"}
_LABEL = {ChangeOp.ADDED: "Added", ChangeOp.REMOVED: "Removed", ChangeOp.MODIFIED: "Changed"}
_TEXT_PREFIX = {ChangeOp.ADDED: "+ ", ChangeOp.REMOVED: "- ", ChangeOp.MODIFIED: "~ "}


def render_text(diff: Diff, *, max_chars: int | None = None, minor: bool = True) -> str:
    """Unified-style text: "- old", "+ new", and "~ " blocks with [-removed-]{+added+} words."""
    return _assemble(diff, max_chars, minor, _text_change, "\n\n", str)


def render_markdown(diff: Diff, *, max_chars: int | None = None, minor: bool = True) -> str:
    """CommonMark for chat: a label, then the block quoted; ~~removed~~ and **added** words."""
    return _assemble(diff, max_chars, minor, _markdown_change, "\n\n", str)


def render_html(diff: Diff, *, max_chars: int | None = None, minor: bool = True) -> str:
    """An HTML fragment for email, inline styles only: <del>/<ins> words, one <div> per block."""
    return _assemble(diff, max_chars, minor, _html_change, "\n", _html_trailer)


# --- budget -------------------------------------------------------------------


def _assemble(
    diff: Diff,
    max_chars: int | None,
    minor: bool,
    render: Callable[[BlockChange], str],
    separator: str,
    trailer: Callable[[str], str],
) -> str:
    """Render changes in order while they fit in `max_chars`; then say how many are left.

    With `minor` False only substantive changes are rendered, and a last line, always
    shown and kept room for, counts the others.
    """
    changes = list(diff.changes)
    footer = None
    if not minor:
        changes = [c for c in changes if c.kind is ChangeClass.SUBSTANTIVE]
        omitted_line = omitted(diff)
        footer = trailer(omitted_line) if omitted_line else None
    parts: list[str] = []
    reserved = len(separator) + len(footer) if footer is not None else 0  # always shown
    used = 1 - len(separator) + reserved  # the final newline; no separator before the first
    for shown, change in enumerate(changes):
        part = render(change)
        if max_chars is not None and used + len(separator) + len(part) > max_chars:
            # A first change larger than the whole budget is shown cut rather than dropped.
            fitted = None if parts else _fit(change, render, max_chars - 1 - reserved)
            if fitted is not None:
                parts.append(fitted)
            left = len(changes) - shown - (fitted is not None)
            if left:
                parts.append(trailer(_more(left)))
            break
        parts.append(part)
        used += len(separator) + len(part)
    if footer is not None:
        parts.append(footer)
    return separator.join(parts) + "\n" if parts else ""


def _fit(change: BlockChange, render: Callable[[BlockChange], str], budget: int) -> str | None:
    """The change rendered with its text cut short enough to fit `budget`, if possible."""
    limit = budget
    for _ in range(_FIT_ATTEMPTS):
        if limit <= 0:
            return None
        part = render(_shorten(change, limit))
        if len(part) <= budget:
            return part
        # Markup and escaping add a roughly constant share; shrink in proportion.
        limit = limit * budget // len(part) - 1
    return None


def _shorten(change: BlockChange, limit: int) -> BlockChange:
    """A copy of `change` whose text is cut after about `limit` characters."""
    if change.op is not ChangeOp.MODIFIED:
        old = _cut(change.old, limit) if change.old is not None else None
        new = _cut(change.new, limit) if change.new is not None else None
        return replace(change, old=old, new=new)
    segments: list[Segment] = []
    for segment in _context_segments(change.segments):
        if len(segment.text) >= limit:
            segments.append(Segment(segment.op, _cut(segment.text, limit)))
            break
        segments.append(segment)
        limit -= len(segment.text)
    return replace(change, segments=tuple(segments))


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: max(limit - 2, 0)]
    # Prefer to end on a whole word, unless that throws away most of the text.
    space = head.rfind(" ")
    if space > len(head) // 2:
        head = head[:space]
    return f"{head.rstrip()} {ELLIPSIS}"


def _more(left: int) -> str:
    return f"{ELLIPSIS} and {plural(left, 'more change')}"


def _html_trailer(line: str) -> str:
    return f'<p style="{_HTML_STYLE["trailer"]}">{html.escape(line)}</p>'


# --- segments -----------------------------------------------------------------


def _context_segments(segments: tuple[Segment, ...]) -> list[Segment]:
    """Segments with long unchanged stretches cut to CONTEXT_WORDS words around the edits."""
    shown = []
    last = len(segments) - 1
    for k, segment in enumerate(segments):
        text = segment.text
        if segment.op == 0:
            words = list(_WORD.finditer(text))
            keep_head = k > 0  # words right after the previous edit
            keep_tail = k < last  # words right before the next edit
            limit = CONTEXT_WORDS * (keep_head + keep_tail) + 2
            if len(words) > limit:
                head = text[: words[CONTEXT_WORDS - 1].end()] + " " if keep_head else ""
                tail = " " + text[words[-CONTEXT_WORDS].start() :] if keep_tail else ""
                text = f"{head}{ELLIPSIS}{tail}"
        shown.append(Segment(segment.op, text))
    return shown


def _split_edges(text: str) -> tuple[str, str, str]:
    """(leading whitespace, core, trailing whitespace): markers hug the words, not the spaces."""
    match = _EDGE_SPACE.match(text)
    assert match is not None  # the pattern matches any string
    return match.group(1), match.group(2), match.group(3)


def _mark(text: str, wrap: Callable[[str], str], escape: Callable[[str], str]) -> str:
    """Each line of an edited run wrapped on its own, whitespace outside the markers."""
    pieces = []
    for line in text.split("\n"):
        lead, core, trail = _split_edges(line)
        pieces.append(f"{escape(lead)}{wrap(core) if core else ''}{escape(trail)}")
    return "\n".join(pieces)


def _body(
    segments: list[Segment],
    kept: Callable[[str], str],
    removed: Callable[[str], str],
    added: Callable[[str], str],
) -> str:
    """A modified block's segments joined, each op rendered by its function."""
    out: list[str] = []
    previous = 0
    for segment in segments:
        render = {0: kept, -1: removed, 1: added}[segment.op]
        piece = render(segment.text)
        # Keep "~~old~~ **new**" apart when the texts touch, so they don't read as one word.
        touching = out and not out[-1][-1:].isspace() and piece and not piece[0].isspace()
        if previous == -1 and segment.op == 1 and touching:
            out.append(" ")
        out.append(piece)
        previous = segment.op
    return "".join(out)


# --- text ---------------------------------------------------------------------


def _text_change(change: BlockChange) -> str:
    if change.op is ChangeOp.MODIFIED:
        body = "".join(_text_segment(segment) for segment in _context_segments(change.segments))
    else:
        body = change.new if change.op is ChangeOp.ADDED else change.old
    prefix = _TEXT_PREFIX[change.op]
    lines = (body or "").split("\n")
    if change.kind in KIND_LABEL:
        lines[0] = f"[{KIND_LABEL[change.kind]}] {lines[0]}"
    return "\n".join(prefix + line for line in lines)


def _text_segment(segment: Segment) -> str:
    if segment.op == 0:
        return segment.text
    opening, closing = ("[-", "-]") if segment.op < 0 else ("{+", "+}")
    return _mark(segment.text, lambda core: f"{opening}{core}{closing}", str)


# --- markdown -----------------------------------------------------------------


def _markdown_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _flanking_safe(segments: list[Segment]) -> list[Segment]:
    """Edits widened to whole words where CommonMark would not see their ~~ or ** markers.

    A delimiter run opens only if it is not squeezed between a letter and a punctuation
    mark ("Reddit~~, Inc~~" is not struck through), and likewise for closing; taking the
    rest of the word into the edit ("~~Reddit, Inc~~ **Reddit B.V**") fixes that.
    """
    out = list(segments)
    k = 0
    while k < len(out):
        if out[k].op == 0:
            k += 1
            continue
        end = k
        while end < len(out) and out[end].op != 0:
            end += 1
        # Only the group's first edit touches the text before it, and its last the text after.
        first, last = out[k].text, out[end - 1].text
        before = out[k - 1].text if k > 0 else ""
        after = out[end].text if end < len(out) else ""
        prefix = suffix = ""
        if before and _is_word_char(before[-1]) and _is_punctuation(first[0]):
            prefix = re.search(r"\S*$", before).group()
            out[k - 1] = Segment(0, before[: len(before) - len(prefix)])
        if after and _is_word_char(after[0]) and _is_punctuation(last[-1]):
            suffix = re.match(r"\S*", after).group()
            out[end] = Segment(0, after[len(suffix) :])
        for i in range(k, end):
            out[i] = Segment(out[i].op, prefix + out[i].text + suffix)
        # A lone insertion or deletion widened so must say the taken words were both removed
        # and added: "~~(usage~~ **(usage, content**)", never an unchanged word marked as new.
        ops = {out[i].op for i in range(k, end)}
        if (prefix or suffix) and len(ops) == 1:
            missing = Segment(-ops.pop(), prefix + suffix)
            out.insert(k if missing.op == -1 else end, missing)
            end += 1
        k = end + 1
    merged: list[Segment] = []
    for segment in out:
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        elif segment.text:
            merged.append(segment)
    return merged


def _is_word_char(char: str) -> bool:
    return not char.isspace() and not _is_punctuation(char)


def _markdown_change(change: BlockChange) -> str:
    if change.op is ChangeOp.MODIFIED:
        body = _body(
            _flanking_safe(_context_segments(change.segments)),
            _markdown_escape,
            lambda text: _mark(text, lambda c: f"~~{_markdown_escape(c)}~~", _markdown_escape),
            lambda text: _mark(text, lambda c: f"**{_markdown_escape(c)}**", _markdown_escape),
        )
    else:
        body = _markdown_escape((change.new if change.op is ChangeOp.ADDED else change.old) or "")
    body = _MARKDOWN_LINE_START.sub(r"\\\1", body)
    quoted = "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))
    kind = f" ({KIND_LABEL[change.kind]})" if change.kind in KIND_LABEL else ""
    return f"{_LABEL[change.op]}{kind}:\n{quoted}"


# --- html ---------------------------------------------------------------------


def _html_escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _html_change(change: BlockChange) -> str:
    if change.op is ChangeOp.MODIFIED:
        body = _body(
            _context_segments(change.segments),
            _html_escape,
            lambda text: _html_tag("del", text),
            lambda text: _html_tag("ins", text),
        )
    else:
        body = _html_escape((change.new if change.op is ChangeOp.ADDED else change.old) or "")
    color = _HTML_COLOR[change.op]
    kind = (
        f' <span style="{_HTML_STYLE["kind"]}">({KIND_LABEL[change.kind]})</span>'
        if change.kind in KIND_LABEL
        else ""
    )
    return (
        f'<div style="{_HTML_STYLE["block"].format(color=color)}">'
        f'<b style="color:{color};">{_LABEL[change.op]}</b>{kind}<br>{body}</div>'
    )


def _html_tag(tag: str, text: str) -> str:
    lead, core, trail = _split_edges(text)
    inner = f'<{tag} style="{_HTML_STYLE[tag]}">{_html_escape(core)}</{tag}>' if core else ""
    return f"{_html_escape(lead)}{inner}{_html_escape(trail)}"
