"""One body to canonical text: HTML through select/remove and the walk, PDF from its bytes,
plain text and Markdown as they are (see the package docstring)."""

from __future__ import annotations

from watcher.models import Normalized, Rules
from watcher.normalize.html import html_text
from watcher.normalize.pdf import pdf_text
from watcher.normalize.text import canonicalize_text
from watcher.normalize.volatile import mask_volatile

# Part of every watch's rules fingerprint: bump it whenever the text for the same input may change.
# 2: without `select`, keep only the main landmark (see html.py); 3: volatile fragments masked.
VERSION = "3"

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPE = "application/pdf"


def is_html_type(content_type: str) -> bool:
    """True when `content_type` declares HTML (a body of no or an unknown type may still be
    HTML: `normalize` sniffs it)."""
    return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


def _is_html(content_type: str, body: str) -> bool:
    if is_html_type(content_type):
        return True
    media = content_type.split(";", 1)[0].strip().lower()
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
