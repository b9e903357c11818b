"""HTML to block text: parse, remove, select, walk (Open Terms Archive's select/remove)."""

from __future__ import annotations

from lxml import etree

from watcher.errors import NormalizeError
from watcher.models import Rules
from watcher.models.config import Range
from watcher.normalize.css import matches
from watcher.normalize.ranges import remove_range, select_range
from watcher.normalize.walk import Walker, skipped

# Comments and processing instructions never hold document text. The body is parsed as UTF-8
# bytes: a little faster than str, and lxml then ignores any charset the page declares (the
# text is already decoded). `huge_tree` lifts libxml2's nesting limit from 256 to 2048
# elements: 300 unclosed <font> tags are enough to reach the first, and text past the limit
# is dropped (reported below, never silently). A parser per document: its error log is what
# tells of that, and a shared parser's log is the last parse's in any thread.
_MAX_DEPTH = 2048  # libxml2's limit with huge_tree
_PARSER_OPTIONS = dict(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    collect_ids=False,
    huge_tree=True,
)
# Control characters are never document text, and lxml refuses them in any string set on a
# tree (a `remove` rule joining a dropped element's tail to its neighbour's raised ValueError).
# Dropped before parsing as canonical text drops them after; those that are whitespace there
# become spaces. In UTF-8 these bytes only ever stand for themselves.
_WHITE_CONTROLS = b"\x0b\x0c\x1c\x1d\x1e\x1f"
_OTHER_CONTROLS = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x1C)) + b"\x7f"
_CONTROLS_TO_SPACES = bytes.maketrans(_WHITE_CONTROLS, b" " * len(_WHITE_CONTROLS))


def _parse(body: str | bytes) -> etree._Element | None:
    """The document's root element (`body` as text, or as UTF-8), or None when it has no
    element at all; NormalizeError when the document nests deeper than the parser reads."""
    # "replace" only matters for lone surrogates, which are not text anyway.
    data = body if isinstance(body, bytes) else body.encode("utf-8", "replace")
    data = data.translate(_CONTROLS_TO_SPACES, _OTHER_CONTROLS)
    parser = etree.HTMLParser(**_PARSER_OPTIONS)
    try:
        doc = etree.HTML(data, parser)
    except etree.LxmlError as e:
        raise NormalizeError(f"unparsable HTML: {e}") from e
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            # libxml2 stopped reading ("Excessive depth in document: 2048"): say so, rather
            # than store a text that silently lacks everything further down.
            raise NormalizeError(
                f"the page cannot be read whole (line {error.line}): {error.message.strip()}"
                if "depth" not in error.message
                else f"the page nests elements deeper than {_MAX_DEPTH} levels; "
                "the text past that depth cannot be read"
            )
    return doc


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


def _remove(doc: etree._Element, selectors: tuple[str | Range, ...]) -> None:
    # One selector after the other, like Open Terms Archive: a removal can change what the next
    # selector (":first-child", "+") matches.
    for selector in selectors:
        if isinstance(selector, Range):
            remove_range(doc, selector)
            continue
        for el in matches(doc, selector):
            _drop(el)


def _select(
    doc: etree._Element, selectors: tuple[str | Range, ...]
) -> tuple[list[etree._Element], tuple[str | Range, ...]]:
    """The union of the CSS selectors' matches in document order without nested duplicates,
    then what each range selector holds (a copy of the document cut to the range), and the
    selectors that matched nothing."""
    found: list[etree._Element] = []
    unmatched: list[str | Range] = []
    ranges: list[etree._Element] = []
    for selector in selectors:
        if isinstance(selector, Range):
            kept = select_range(doc, selector)
            if kept is None:
                unmatched.append(selector)
            else:
                body = kept.find("body")
                ranges.append(kept if body is None else body)
            continue
        matched = matches(doc, selector)
        if not matched:
            unmatched.append(selector)
        found.extend(matched)
    if len(selectors) > 1 and found:
        order = {el: i for i, el in enumerate(doc.iter())}
        found = sorted(set(found), key=order.__getitem__)
    chosen = set(found)
    roots = [el for el in found if not any(a in chosen for a in el.iterancestors())]
    return roots + ranges, tuple(unmatched)


# --- main content, when nothing is selected ----------------------------------------------------

_MAIN_LANDMARKS = etree.XPath("descendant::main | descendant::*[@role='main']")
_ARTICLES = etree.XPath("descendant::article")
# A landmark whose text is under this share of the body's (both without page chrome) is not the
# document: an empty <main> that scripts fill, or one wrapping only a hero banner while the
# policy sits beside it. The corpus pages with a <main> put 97-100 % of their text in it; a
# page's own chrome left outside nav/header/footer ("Help Center" link, promo) is a few percent.
# 20 % keeps a wide margin on both sides, so a page does not flip between its landmark and its
# body from one fetch to the next (a flip would show as a large change).
_MIN_MAIN_SHARE = 0.2


def _outermost(found: list[etree._Element]) -> list[etree._Element]:
    """The visible elements of `found` that are not inside another one (document order)."""
    chosen = set(found)
    return [
        el
        for el in found
        if not any(a in chosen for a in el.iterancestors())
        and not any(skipped(a, chrome=True) for a in (el, *el.iterancestors()))
    ]


def _landmark(body: etree._Element) -> etree._Element | None:
    """The one element that holds the document's content: the only outermost <main> (or
    role="main"), else the only outermost <article>; None when there is none, or several."""
    mains = _outermost(_MAIN_LANDMARKS(body))
    if mains:  # several main landmarks: ambiguous, an <article> inside one of them is no better
        return mains[0] if len(mains) == 1 else None
    articles = _outermost(_ARTICLES(body))
    return articles[0] if len(articles) == 1 else None


def _walk(root: etree._Element) -> str:
    walker = Walker(chrome=True)
    walker.walk(root)
    return walker.text()


def _main_text(body: etree._Element) -> str:
    """The text of the body's landmark when it holds the document, else of the whole body,
    without page chrome."""
    landmark = _landmark(body)
    if landmark is None or landmark is body:
        return _walk(body)
    main = _walk(landmark)
    # The text outside the landmark: one walk of the body with the landmark swapped out for an
    # empty stand-in (carrying its tail), then put back.
    parent = landmark.getparent()
    stand_in = etree.Element("span")
    stand_in.tail = landmark.tail
    parent.replace(landmark, stand_in)
    try:
        rest = _walk(body)
    finally:
        parent.replace(stand_in, landmark)
    if len(main) >= _MIN_MAIN_SHARE * (len(main) + len(rest)):
        return main
    return _walk(body)


def html_text(body: str | bytes, rules: Rules) -> tuple[str, tuple[str, ...]]:
    """The blocks of an HTML document (text, or UTF-8 bytes), and the `select` entries that
    matched nothing. Without `select`: the document's landmark (its only <main> or
    role="main", else its only <article>) when it holds at least a fifth of the text, else the
    whole body; page chrome is dropped either way."""
    doc = _parse(body)
    if doc is None:
        return "", rules.select
    _remove(doc, rules.remove)
    if not rules.select:
        body_el = doc.find("body")
        return _main_text(doc if body_el is None else body_el), ()
    roots, unmatched = _select(doc, rules.select)
    walker = Walker(chrome=False)
    for root in roots:  # a selected element is kept even if it would be skipped as a descendant
        walker.flush()
        walker.walk(root)
    return walker.text(), unmatched
