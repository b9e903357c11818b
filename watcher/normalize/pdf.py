"""PDF → canonical text: pypdf's text of every page, laid out into paragraph blocks.

A PDF has no paragraphs, only positioned lines. pypdf's layout mode gives each page's lines
in reading order with a blank line where there is a vertical gap; a paragraph ends at such a
gap (and at the end of a page), and a line starting with a bullet is a list item. Wrapped lines
inside a paragraph are joined with a space, so re-flowing the same words to other line breaks
is not a change. Pure: bytes in, text out.
"""

from __future__ import annotations

import io

from watcher.errors import NormalizeError
from watcher.normalize.text import canonicalize_text

_BULLETS = ("•", "◦", "▪", "‣", "●", "○", "■")


def pdf_text(body: bytes) -> str:
    """Canonical text of a PDF: paragraphs as blocks; NormalizeError if it cannot be read."""
    # Imported here: pypdf costs every `watcher check` start-up ~80 ms, and few watches are PDFs.
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            reader.decrypt("")  # many "protected" PDFs only restrict printing, with no password
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except NormalizeError:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, ValueError, KeyError…)
        raise NormalizeError(f"not a readable PDF: {type(exc).__name__}: {exc}") from exc
    return canonicalize_text("\n\n".join(_paragraphs(lines) for lines in _page_lines(pages)))


def _page_lines(pages: list[str]) -> list[list[str]]:
    return [[line.strip() for line in page.splitlines()] for page in pages]


def _paragraphs(lines: list[str]) -> str:
    """One page's lines as blocks separated by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                blocks.append(current)
            current = []
            continue
        bullet = line.startswith(_BULLETS)
        if bullet and current:
            blocks.append(current)
            current = []
        current.append("- " + line[1:].strip() if bullet else line)
    if current:
        blocks.append(current)
    return "\n\n".join(" ".join(block) for block in blocks)
