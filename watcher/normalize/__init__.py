"""Normalize: a fetched body (HTML or text) becomes canonical text.

The canonical text is what Watcher stores, compares and diffs:

* blocks (paragraphs, headings, list items, table rows ...) separated by exactly one blank
  line, "\\n\\n" (`blocks()` splits them);
* headings as "# " ... "###### "; list items as "- ", flat (nesting depth is not shown);
* a table row is one block, its cells joined with " | "; <br> is a newline inside a block;
* Unicode NFC; typographic quotes, dashes and the ellipsis folded to ASCII; invisible
  characters dropped; lines stripped with single spaces inside; one final newline, or ""
  when there is no text;
* volatile fragments (ids, tokens, clock times, "3 minutes ago") masked as "[id]" and
  "[time]" (`mask_volatile`).

PDF (`pdf_text`) is read with pypdf and laid out into paragraph blocks.

HTML goes through `select`/`remove` (Open Terms Archive semantics), skips what a reader does
not see as the document, and is laid out into blocks; plain text and Markdown only go through
`canonicalize_text`. Pure: no I/O, no clock; the same input always gives the same bytes.

core      one body to canonical text (`normalize`, `normalize_document`)
markup    whether two HTML bodies differ only in scripts, styles and comments (`same_text`)
document  a fetched document, a combined one's envelope or a stored body to text (`text_of`)
html, walk, css, pdf, text, volatile   the steps
"""

from __future__ import annotations

from watcher.normalize import markup
from watcher.normalize.core import VERSION, is_pdf, normalize, normalize_document
from watcher.normalize.css import validate_selector
from watcher.normalize.document import (
    reading_copy,
    stored_text,
    stored_type,
    text_of,
    without_ignored,
)
from watcher.normalize.pdf import pdf_text
from watcher.normalize.text import blocks, canonicalize_text
from watcher.normalize.volatile import mask_volatile

__all__ = [
    "VERSION",
    "blocks",
    "canonicalize_text",
    "is_pdf",
    "markup",
    "mask_volatile",
    "normalize",
    "normalize_document",
    "pdf_text",
    "reading_copy",
    "stored_text",
    "stored_type",
    "text_of",
    "validate_selector",
    "without_ignored",
]
