"""Whether two HTML bodies differ only where no text is read: in their scripts, style sheets
and comments (a nonce, a build hash, a timestamp written there on every request).

Most policy pages send new bytes on every fetch without changing a word. A check compares
the new bytes with the stored body of the latest version this way before reading them: when
only those parts differ, the canonical text is the version's, and reading the page into text
(several times the cost of this comparison) is skipped.

That holds when the rules cannot reach what is compared away (`decides`): without `select`
(a selected element is read whole, a script included) and without `remove` rules that name
scripts, styles or what their content changes. Each script and style element is kept as an
empty one, so that the elements around it keep their places for positional selectors; a
comment goes, as the parser drops it. The contents of <title>, <textarea> and <xmp> are text
to the parser, not markup: they are compared as they are. A page with <plaintext> (everything
after it is text) is never decided here. Pure: bytes in, a yes or no out.
"""

from __future__ import annotations

import re

from watcher.models import Rules
from watcher.normalize.core import is_html_type

# Where a span compared away (or kept whole) starts; and where each element's ends. Regular
# expressions that look for one "<" at a time: a lazy ".*?" to the end tag costs a step per
# byte, several times as much on a page whose scripts are most of its bytes.
_OPENING = re.compile(
    rb"<(?:!--|(script|style|title|textarea|xmp|plaintext)(?=[\s/>]))", re.IGNORECASE
)
_END = {
    name: re.compile(rb"</" + name + rb"(?=[\s/>])[^>]*>?", re.IGNORECASE)
    for name in (b"script", b"style", b"title", b"textarea", b"xmp")
}
_EMPTIED = {b"script": b"<script></script>", b"style": b"<style></style>"}
# Words in a `remove` rule that may make what it removes depend on what is compared away.
_REACHING = ("script", "style", "title", "textarea", "xmp", "contains", "empty")


def decides(rules: Rules, content_type: str) -> bool:
    """True when `same_text` may decide for a body of `content_type` read with `rules`."""
    if rules.select or rules.parts or not is_html_type(content_type):
        return False
    words = " ".join(map(str, rules.remove)).lower()
    return not any(word in words for word in _REACHING)


def same_text(old: bytes, new: bytes) -> bool:
    """True when HTML bodies `old` and `new` differ only in the contents and attributes of
    their scripts and style sheets and in their comments (see the module docstring)."""
    skeleton = _skeleton(old)
    return skeleton is not None and skeleton == _skeleton(new)


def _skeleton(body: bytes) -> bytes | None:
    """`body` with each comment left out and each script and style emptied; None when it
    holds a <plaintext>."""
    out, pos = [], 0
    while m := _OPENING.search(body, pos):
        if m.group(1) is None:  # a comment, to its end (an unclosed one, to the end)
            end = body.find(b"-->", m.end())
            out.append(body[pos : m.start()])
            pos = len(body) if end < 0 else end + 3
            continue
        name = m.group(1).lower()
        if name == b"plaintext":
            return None
        closed = _END[name].search(body, m.end())
        end = len(body) if closed is None else closed.end()  # unclosed: the rest is its own
        emptied = _EMPTIED.get(name)
        if emptied is None:  # text to the parser: compared as it is
            out.append(body[pos:end])
        else:
            out += (body[pos : m.start()], emptied)
        pos = end
    out.append(body[pos:])
    return b"".join(out)
