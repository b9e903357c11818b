"""Normalize: a fetched body (HTML or text) becomes canonical text.

The canonical text is what Watcher stores, compares and diffs:

* blocks (paragraphs, headings, list items, table rows, ...) separated by exactly one blank line;
* headings as ``# ``, ``## `` ...; list items as ``- `` (flat: nesting depth is not shown);
* a table row is one block, its cells joined with `` | ``; ``<br>`` is a newline inside a block;
* Unicode NFC, typographic quotes, dashes and spaces folded to ASCII, invisible characters
  dropped, whitespace collapsed, lines stripped, one final newline ("" when there is no text).

HTML goes through named steps: parse, remove, select, walk (which skips hidden and
non-text elements, and page chrome when nothing is selected), canonicalize.
Pure: no I/O, no clock; the same input always gives the same bytes.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from watcher.errors import NormalizeError
from watcher.models import Normalized, Rules

# Part of every watch's rules fingerprint: bump it whenever the text for the same input may change.
VERSION = "1"

# --- text canonicalization ----------------------------------------------------------------------

_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible math operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # byte order mark / zero-width no-break space
)
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_C1_CONTROLS = "".join(chr(c) for c in range(0x80, 0xA0) if c != 0x85)

# Characters that compare equal to something simpler. Unicode spaces (U+00A0, U+2000-U+200A,
# U+202F, U+205F, U+3000 ...) need no entry: str.split() already treats them as whitespace.
_FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
    **dict.fromkeys("\r\v\f\x85\u2028", "\n"),
    "\u2029": "\n\n",  # paragraph separator: a block break
    **dict.fromkeys(_INVISIBLE + _CONTROLS + _C1_CONTROLS, ""),
}
# One regex pass with a dict lookup per hit: str.translate is ~20x slower on non-ASCII text.
_FOLD_RE = re.compile("[" + "".join(sorted(k for k in _FOLD if len(k) == 1)) + "]")


def _fold(match: re.Match[str]) -> str:
    return _FOLD[match.group()]


def canonicalize_text(text: str) -> str:
    """Canonical form of plain text: folded, NFC, whitespace collapsed, blocks kept."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # the single "\r" left are folded below
    # Fold before NFC: dropping an invisible character can join a letter and its combining mark.
    text = _FOLD_RE.sub(_fold, text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    lines: list[str] = []
    blank = True  # no blank line at the start, and never two in a row
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line:
            lines.append(line)
            blank = False
        elif not blank:
            lines.append("")
            blank = True
    if blank and lines:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


_BLOCK_SEPARATOR = re.compile(r"\n(?:[ \t]*\n)+")


def blocks(text: str) -> list[str]:
    """The blocks of canonical text; for canonical text this is text[:-1].split("\\n\\n")."""
    return [b for b in _BLOCK_SEPARATOR.split(text.strip("\n")) if b.strip()]


# --- CSS selectors ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _selector(selector: str) -> CSSSelector:
    # The "html" translator matches element and attribute names case-insensitively, as browsers do.
    return CSSSelector(selector, translator="html")


def validate_selector(selector: str) -> str | None:
    """None if `selector` is valid CSS for the normalizer's engine, else a short reason."""
    try:
        _selector(selector)
    except SelectorError as e:
        return f"invalid CSS selector: {e}"
    except etree.XPathError as e:  # cssselect produced XPath that libxml2 refuses
        return f"unsupported CSS selector: {e}"
    return None


def _matches(doc: etree._Element, selector: str) -> list[etree._Element]:
    reason = validate_selector(selector)
    if reason:
        raise NormalizeError(f"{selector!r}: {reason}")
    return _selector(selector)(doc)


# --- HTML: parse, remove, select ----------------------------------------------------------------

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# Comments and processing instructions never hold document text. lxml locks a parser while it
# parses, so one shared parser is safe across threads.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def _is_html(content_type: str, body: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    if media in _HTML_TYPES:
        return True
    if media.startswith("text/"):
        return False
    return body.lstrip("\ufeff \t\r\n").startswith("<")  # unknown type: sniff


def _parse(body: str) -> etree._Element | None:
    """The document's root element, or None when it has no elements at all."""
    # lxml refuses str input that declares an encoding; the text is already decoded.
    body = _XML_DECLARATION.sub("", body, count=1)
    try:
        return etree.HTML(body, _PARSER)
    except (etree.LxmlError, ValueError) as e:
        raise NormalizeError(f"unparsable HTML: {e}") from e


def _drop(el: etree._Element) -> None:
    """Take `el` out of the tree, keeping its tail text (like DOM node.remove())."""
    parent = el.getparent()
    if parent is None:
        el.clear()
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _remove(doc: etree._Element, selectors: tuple[str, ...]) -> None:
    # One selector after the other, like Open Terms Archive: a removal can change what the next
    # selector (":first-child", "+") matches.
    for selector in selectors:
        for el in _matches(doc, selector):
            _drop(el)


def _select(
    doc: etree._Element, selectors: tuple[str, ...]
) -> tuple[list[etree._Element], tuple[str, ...]]:
    """The union of the selectors' matches in document order, without nested duplicates."""
    found: list[etree._Element] = []
    unmatched = []
    for selector in selectors:
        matched = _matches(doc, selector)
        if not matched:
            unmatched.append(selector)
        found.extend(matched)
    if len(selectors) > 1 and found:
        order = {el: i for i, el in enumerate(doc.iter())}
        found = sorted(set(found), key=order.__getitem__)
    chosen = set(found)
    roots = [el for el in found if not any(a in chosen for a in el.iterancestors())]
    return roots, tuple(unmatched)


# --- HTML: what is not document text ------------------------------------------------------------

# Elements with no readable text: code, media, metadata, form widgets.
_NON_TEXT = frozenset(
    (  # noqa: SIM905 -- a word list reads best as words
        "script style noscript template svg math iframe object embed canvas audio video "
        "head title meta link base input select datalist button img picture map area"
    ).split()
)
_HIDDEN_STYLE = re.compile(
    r"(?<![\w-])(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))", re.IGNORECASE
)
# aria-hidden marks icons and decorative duplicates, but scripts also set it on the whole page
# while a modal (cookie consent) is open: an element holding prose is content.
_HAS_PROSE = etree.XPath("boolean(descendant::p | descendant::li | descendant::table)")
# Page chrome, skipped only when nothing is selected. header/footer inside main, article or
# section belong to the content (a policy's title, its "last updated" line) and are kept.
_CHROME = frozenset({"nav", "aside"})
_CHROME_ROLES = frozenset({"navigation", "complementary", "banner", "contentinfo"})
_SECTION_CHROME = frozenset({"header", "footer"})
_CONTENT_SECTIONS = frozenset({"main", "article", "section"})


def _skipped(el: etree._Element, chrome: bool) -> bool:
    """True for an element whose text a reader does not see as the document (its tail is)."""
    tag = el.tag
    if tag in _NON_TEXT:
        return True
    if chrome and tag in _CHROME:
        return True
    if chrome and tag in _SECTION_CHROME:
        return not any(a.tag in _CONTENT_SECTIONS for a in el.iterancestors())
    if not el.attrib:  # most elements; cheaper to ask than to look up attributes one by one
        return False
    hidden = el.get("hidden")
    if hidden is not None and hidden.lower() != "until-found":  # until-found: find-in-page shows it
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    aria_hidden = el.get("aria-hidden")
    if aria_hidden and aria_hidden.strip().lower() == "true" and not _HAS_PROSE(el):
        return True
    return chrome and el.get("role") in _CHROME_ROLES


# --- HTML: walk the tree into blocks ------------------------------------------------------------

_BLOCK = (  # noqa: SIM905
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset header hgroup hr html legend main menu "
    "nav ol p search section summary table tbody td tfoot th thead ul"
).split()
_BR, _ROW, _PRE = object(), object(), object()
# tag -> the block's prefix ("" for none), or one of the special kinds; absent tags are inline
# (a, span, em, strong, code, custom elements ...), as browsers treat them.
_KIND: dict[str, object] = {
    **dict.fromkeys(_BLOCK, ""),
    "li": "- ",
    **{f"h{n}": "#" * n + " " for n in range(1, 7)},
    "br": _BR,
    "tr": _ROW,
    **dict.fromkeys(["pre", "listing", "plaintext", "textarea", "xmp"], _PRE),
}
_LINE = "\x00"  # stands for <br> and <pre> newlines until the block is assembled; lxml never
# yields NUL in text (it becomes U+FFFD), so the marker cannot collide with content.
_STRIP = "\n" + _INVISIBLE


class _Walker:
    """Turns element subtrees into a list of text blocks."""

    def __init__(self, chrome: bool) -> None:
        self.chrome = chrome  # skip page chrome (nothing was selected)
        self.blocks: list[str] = []  # finished blocks (the lines of a cell, inside a table row)
        self.parts: list[str] = []  # raw text of the block being built; always the same list
        self.prefix = ""  # "- " or "## " waiting for the next block that has text

    def text(self) -> str:
        """The blocks so far, one blank line apart."""
        self.flush()
        return "\n\n".join(self.blocks)

    def flush(self) -> None:
        """End the current block: collapse its whitespace and keep it if it has text."""
        raw = "".join(self.parts)
        self.parts.clear()
        if _LINE in raw:
            text = "\n".join(" ".join(line.split()) for line in raw.split(_LINE))
        else:
            text = " ".join(raw.split())
        text = text.strip(_STRIP)
        if text:
            self.blocks.append(self.prefix + text)
            self.prefix = ""

    def walk(self, el: etree._Element) -> None:
        """Add the text of `el` and of its visible descendants (not its tail)."""
        kind = _KIND.get(el.tag)  # None: inline, the text flows on
        parts = self.parts
        if kind is not None:
            if kind is _BR:
                parts.append(_LINE)
                return
            if kind is _ROW:
                self.row(el)
                return
            if kind is _PRE:
                self.pre(el)
                return
            if parts:
                self.flush()
            if kind:
                self.prefix = kind  # the innermost list item or heading wins
        text = el.text
        if text:
            parts.append(text)
        chrome = self.chrome
        for child in el:
            if not _skipped(child, chrome):
                self.walk(child)
            tail = child.tail
            if tail:
                parts.append(tail)
        if kind is not None:
            if parts:
                self.flush()
            if kind:
                self.prefix = ""  # an empty item's marker must not land on the next block

    def pre(self, el: etree._Element) -> None:
        """Preformatted text keeps its line breaks (whitespace inside lines still collapses)."""
        if self.parts:
            self.flush()
        for child in el.iterdescendants():
            if child.tag == "br":
                child.tail = "\n" + (child.tail or "")
            elif _skipped(child, self.chrome):
                child.text = None
        self.parts.append("".join(el.itertext()).replace("\n", _LINE))
        self.flush()

    def row(self, tr: etree._Element) -> None:
        """A table row is one block: cells joined with " | ", blocks inside a cell are lines."""
        if self.parts:
            self.flush()
        outer, prefix = self.blocks, self.prefix
        cells = []
        for cell in tr:
            if _skipped(cell, self.chrome):
                continue
            self.blocks, self.prefix = [], ""
            self.walk(cell)
            self.flush()
            cells.append("\n".join(self.blocks))
        self.blocks, self.prefix = outer, prefix
        while cells and not cells[-1]:  # trailing empty cells; inner ones keep the columns
            cells.pop()
        if cells:
            self.blocks.append(prefix + " | ".join(cells))
            self.prefix = ""


# --- the stage ----------------------------------------------------------------------------------


def normalize(body: str, content_type: str, rules: Rules) -> Normalized:
    """Canonical text of a fetched body, with the `select` selectors that matched nothing."""
    if not _is_html(content_type, body):
        # CSS rules cannot apply to text: report them, so a broken page is not taken for a policy.
        return Normalized(canonicalize_text(body), tuple(rules.select))
    doc = _parse(body)
    if doc is None:
        return Normalized("", tuple(rules.select))
    _remove(doc, rules.remove)
    if rules.select:
        roots, unmatched = _select(doc, rules.select)
    else:
        body_el = doc.find("body")
        roots, unmatched = [doc if body_el is None else body_el], ()
    walker = _Walker(chrome=not rules.select)
    for root in roots:  # a selected element is kept even if it would be skipped as a descendant
        walker.flush()
        walker.walk(root)
    return Normalized(canonicalize_text(walker.text()), unmatched)
