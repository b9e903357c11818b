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
"""

from __future__ import annotations

from watcher.models import Normalized, Rules
from watcher.normalize.css import validate_selector
from watcher.normalize.html import html_text
from watcher.normalize.pdf import pdf_text
from watcher.normalize.text import blocks, canonicalize_text
from watcher.normalize.volatile import mask_volatile

__all__ = [
    "VERSION",
    "blocks",
    "canonicalize_text",
    "is_pdf",
    "mask_volatile",
    "normalize",
    "normalize_document",
    "pdf_text",
    "validate_selector",
]

# Part of every watch's rules fingerprint: bump it whenever the text for the same input may change.
# 2: without `select`, keep only the main landmark (see html.py); 3: volatile fragments masked.
VERSION = "3"

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPE = "application/pdf"


def _is_html(content_type: str, body: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    if media in _HTML_TYPES:
        return True
    if media.startswith("text/"):  # text/plain, text/markdown ...
        return False
    return body.lstrip("\ufeff \t\r\n").startswith("<")  # unknown or missing type: sniff


def normalize(
    body: str, content_type: str, rules: Rules, *, utf8: bytes | None = None
) -> Normalized:
    """Canonical text of a fetched body, with the `select` selectors that matched nothing.

    `utf8`, when given, is `body` encoded as UTF-8, which the HTML parser reads (a page's
    own bytes, mostly: encoding its text again costs a quarter of a millisecond).
    """
    if not _is_html(content_type, body):
        # CSS rules cannot apply to text: report them, so a broken page is not taken for a policy.
        return Normalized(mask_volatile(canonicalize_text(body)), rules.select)
    text, unmatched = html_text(body if utf8 is None else utf8, rules)
    return Normalized(mask_volatile(canonicalize_text(text)), unmatched)


def is_pdf(content_type: str) -> bool:
    """True when `content_type` names a PDF, whose text comes from its bytes."""
    return content_type.split(";", 1)[0].strip().lower() == PDF_TYPE


def normalize_document(
    body: bytes, text: str, content_type: str, rules: Rules, *, utf8: bytes | None = None
) -> Normalized:
    """Canonical text of a fetched document: PDF from its bytes, anything else from its text
    (`utf8`: that text as UTF-8, when the caller has it; see `normalize`)."""
    if is_pdf(content_type):
        # CSS rules cannot apply to a PDF: report them, as for plain text.
        return Normalized(mask_volatile(pdf_text(body)), rules.select)
    return normalize(text, content_type, rules, utf8=utf8)
