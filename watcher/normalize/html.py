"""HTML to block text: parse, remove, select, walk (Open Terms Archive's select/remove)."""

from __future__ import annotations

from lxml import etree

from watcher.errors import NormalizeError
from watcher.models import Rules
from watcher.normalize.css import matches
from watcher.normalize.walk import Walker

# Comments and processing instructions never hold document text. The body is parsed as UTF-8
# bytes: a little faster than str, and lxml then ignores any charset the page declares (the
# text is already decoded). lxml locks a parser while it parses: one shared parser is safe.
_PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, collect_ids=False
)


def _parse(body: str) -> etree._Element | None:
    """The document's root element, or None when it has no element at all."""
    # "replace" only matters for lone surrogates, which are not text anyway.
    try:
        return etree.HTML(body.encode("utf-8", "replace"), _PARSER)
    except etree.LxmlError as e:
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
        for el in matches(doc, selector):
            _drop(el)


def _select(
    doc: etree._Element, selectors: tuple[str, ...]
) -> tuple[list[etree._Element], tuple[str, ...]]:
    """The union of the selectors' matches in document order without nested duplicates, and
    the selectors that matched nothing."""
    found: list[etree._Element] = []
    unmatched = []
    for selector in selectors:
        matched = matches(doc, selector)
        if not matched:
            unmatched.append(selector)
        found.extend(matched)
    if len(selectors) > 1 and found:
        order = {el: i for i, el in enumerate(doc.iter())}
        found = sorted(set(found), key=order.__getitem__)
    chosen = set(found)
    roots = [el for el in found if not any(a in chosen for a in el.iterancestors())]
    return roots, tuple(unmatched)


def html_text(body: str, rules: Rules) -> tuple[str, tuple[str, ...]]:
    """The blocks of an HTML document (not yet canonical), and the `select` entries that
    matched nothing. Without `select`: the whole body, minus page chrome."""
    doc = _parse(body)
    if doc is None:
        return "", rules.select
    _remove(doc, rules.remove)
    if rules.select:
        roots, unmatched = _select(doc, rules.select)
    else:
        body_el = doc.find("body")
        roots, unmatched = [doc if body_el is None else body_el], ()
    walker = Walker(chrome=not rules.select)
    for root in roots:  # a selected element is kept even if it would be skipped as a descendant
        walker.flush()
        walker.walk(root)
    return walker.text(), unmatched
