"""An HTML tree becomes blocks of text, the way a reader sees the page.

Block elements (p, div, li, h1-h6, tr, ...) start and end blocks; inline elements (a, span,
em, custom elements ...) never break the text, as in browsers. Headings get "# " ... "###### ",
list items "- " whatever their depth; a table row is one block with its cells joined by " | ";
<br> is a newline inside a block. Elements a reader does not see as the document (scripts,
media, hidden elements, and page chrome when nothing was selected) are skipped, their tail
text kept.
"""

from __future__ import annotations

import re

from lxml import etree

from watcher.normalize.text import INVISIBLE, WHITESPACE

# --- what is not document text ------------------------------------------------------------------

# Elements with no readable text: code, media, metadata, form widgets. Not <embed>, <wbr>,
# <source> or <track>: libxml2 does not know they are void and nests the text that follows
# them inside them.
_NON_TEXT = frozenset(
    (  # noqa: SIM905 -- a word list reads best as words
        "script style noscript template svg iframe object canvas audio video "
        "head title meta link base input select datalist button img picture map area"
    ).split()
)
_HIDDEN_STYLE = re.compile(
    r"(?<![\w-])(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))", re.IGNORECASE
)
# aria-hidden marks icons and decorative duplicates, but scripts also set it on the whole page
# while a modal (cookie consent) is open: an element holding prose is content.
_HAS_PROSE = etree.XPath("boolean(descendant::p | descendant::li | descendant::table)")
# Page chrome, skipped only when nothing is selected: navigation, sidebars, and dialogs (cookie
# banners, newsletter pop-ups) laid over the page. header/footer inside main, article or section
# belong to the content (a policy's title, its "last updated" line) and are kept.
_CHROME = frozenset({"nav", "aside", "dialog"})
_CHROME_ROLES = frozenset(
    {"navigation", "complementary", "banner", "contentinfo", "dialog", "alertdialog"}
)
_SECTION_CHROME = frozenset({"header", "footer"})
_CONTENT_SECTIONS = frozenset({"main", "article", "section"})
_HIDING_ATTRIBUTES = frozenset({"hidden", "style", "aria-hidden"})


def _page_chrome(el: etree._Element) -> bool:
    if el.tag in _SECTION_CHROME:
        return not any(a.tag in _CONTENT_SECTIONS for a in el.iterancestors())
    return el.tag in _CHROME or el.get("role") in _CHROME_ROLES


def _hidden(el: etree._Element) -> bool:
    hidden = el.get("hidden")
    if hidden is not None and hidden.lower() != "until-found":  # until-found: find-in-page shows it
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    aria_hidden = el.get("aria-hidden")
    return bool(aria_hidden and aria_hidden.strip().lower() == "true" and not _HAS_PROSE(el))


def skipped(el: etree._Element, chrome: bool) -> bool:
    """True for an element whose text a reader does not see as the document (its tail is)."""
    if el.tag in _NON_TEXT:
        return True
    if chrome and _page_chrome(el):
        return True
    # Most elements have none of the attributes that hide: one call instead of four lookups.
    return not _HIDING_ATTRIBUTES.isdisjoint(el.keys()) and _hidden(el)


# --- layout -------------------------------------------------------------------------------------

_BLOCK = (  # noqa: SIM905
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset header hgroup hr html legend main menu "
    "nav ol p search section summary table tbody td tfoot th thead ul"
).split()
_ROW, _PRE = object(), object()
# tag -> the block's prefix ("" for none) or a special kind; tags not listed are inline.
_KIND: dict[str, object] = {
    **dict.fromkeys(_BLOCK, ""),
    "li": "- ",
    **{f"h{n}": "#" * n + " " for n in range(1, 7)},
    "br": "",  # only reached as a selected element or inside <pre>: see walk()
    "tr": _ROW,
    **dict.fromkeys(["pre", "listing", "plaintext", "textarea", "xmp"], _PRE),
}
_LINE = "\x00"  # a newline inside a block (<br>, <pre>) until the block is assembled; lxml
# never yields NUL in text (it becomes U+FFFD), so the marker cannot collide with content.
_STRIP = WHITESPACE + INVISIBLE + _LINE


class Walker:
    """Collects the blocks of the element subtrees it walks, in order."""

    def __init__(self, chrome: bool) -> None:
        self.chrome = chrome  # skip page chrome (nothing was selected)
        self.blocks: list[str] = []  # finished blocks (the lines of a cell, inside a table row)
        self.parts: list[str] = []  # raw text of the block being built; always the same list
        self.prefix = ""  # "- " or "## " waiting for the next block that has text

    def text(self) -> str:
        """The blocks so far, one blank line apart (not yet canonical)."""
        self.flush()
        return "\n\n".join(self.blocks)

    def flush(self) -> None:
        """End the current block: collapse its whitespace and keep it if it has text."""
        text = "".join(self.parts).strip(_STRIP)
        self.parts.clear()
        if not text:
            return
        if "  " in text or not text.isprintable():  # newlines, tabs, odd spaces, <br> ...
            # Splitting costs an object per word: only for blocks that need it.
            text = "\n".join(" ".join(line.split()) for line in text.split(_LINE))
        self.blocks.append(self.prefix + text)
        self.prefix = ""

    def walk(self, root: etree._Element) -> None:
        """Add the text of `root` and of its visible descendants (not its tail).

        Depth first with a stack of its own, not by recursion: a page may nest elements as
        deep as the parser reads (2,048), past Python's recursion limit.
        """
        if not self._enter(root):
            return
        parts = self.parts
        chrome = self.chrome
        # Each frame: an element being walked, its kind, and the iterator over its children.
        stack = [(root, _KIND.get(root.tag), iter(root))]
        while stack:
            el, kind, children = stack[-1]
            for child in children:
                # skipped() spelled out: this loop runs once per element of the page.
                tag = child.tag
                if tag == "br":
                    parts.append(_LINE)
                elif tag in _NON_TEXT or (chrome and _page_chrome(child)):
                    pass
                elif (_HIDING_ATTRIBUTES.isdisjoint(child.keys()) or not _hidden(child)) and (
                    self._enter(child)
                ):
                    stack.append((child, _KIND.get(tag), iter(child)))
                    break  # walk the child first; its tail follows when it is left
                tail = child.tail
                if tail:
                    parts.append(tail)
            else:
                stack.pop()
                if kind is not None:
                    if parts:
                        self.flush()
                    if kind:
                        self.prefix = ""  # an empty item's marker must not land on the next block
                if stack and el.tail:
                    parts.append(el.tail)

    def _enter(self, el: etree._Element) -> bool:
        """Start the block `el` opens and add its own text; False when it was read whole (a
        table row, preformatted text) and its children need no walk."""
        kind = _KIND.get(el.tag)  # None: inline, the text flows on
        if kind is not None:
            if kind is _ROW:
                self.row(el)
                return False
            if kind is _PRE:
                self.pre(el)
                return False
            if self.parts:
                self.flush()
            if kind:
                self.prefix = kind  # the innermost list item or heading wins
        if el.text:
            self.parts.append(el.text)
        return True

    def pre(self, el: etree._Element) -> None:
        """Preformatted text: one block that keeps its line breaks."""
        if self.parts:
            self.flush()
        self._pre_text(el)
        self.flush()

    def _pre_text(self, root: etree._Element) -> None:
        parts = self.parts
        # Depth first with a stack, as `walk`. Popped in this order for each child: a line
        # break before a block, its text and descendants, then its tail.
        todo: list[tuple[str, etree._Element]] = [("text", root)]
        while todo:
            step, el = todo.pop()
            if step == "line":
                parts.append(_LINE)
            elif step == "tail":
                if el.tail:
                    parts.append(el.tail.replace("\n", _LINE))
            else:
                if el.text:
                    parts.append(el.text.replace("\n", _LINE))
                for child in reversed(el):
                    todo.append(("tail", child))
                    if not skipped(child, self.chrome):
                        todo.append(("text", child))
                    if child.tag in _KIND:  # <br>, or a block (rare inside <pre>)
                        todo.append(("line", child))

    def row(self, tr: etree._Element) -> None:
        """A table row is one block: cells joined with " | ", blocks inside a cell are lines."""
        if self.parts:
            self.flush()
        outer, prefix = self.blocks, self.prefix
        cells: list[str] = []
        _add_stray_text(cells, tr.text)
        for cell in tr:
            if not skipped(cell, self.chrome):
                self.blocks, self.prefix = [], ""
                self.walk(cell)
                self.flush()
                cells.append("\n".join(self.blocks))
            _add_stray_text(cells, cell.tail)
        self.blocks, self.prefix = outer, prefix
        while cells and not cells[-1]:  # trailing empty cells; inner ones keep the columns
            cells.pop()
        if cells:
            self.blocks.append(prefix + " | ".join(cells))
            self.prefix = ""


def _add_stray_text(cells: list[str], text: str | None) -> None:
    # Text in a row but outside its cells: browsers show it (before the table), so do we.
    if text and not text.isspace():
        cells.append(" ".join(text.split()))
