"""CSS selectors for `select` and `remove`: cssselect's HTML translator, compiled by libxml2."""

from __future__ import annotations

import functools

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from watcher.errors import NormalizeError


@functools.lru_cache(maxsize=512)
def _compiled(selector: str) -> CSSSelector:
    # The "html" translator matches element and attribute names case-insensitively, as browsers
    # do. lxml locks a compiled XPath while it runs, so the cached objects are thread-safe.
    return CSSSelector(selector, translator="html")


def validate_selector(selector: str) -> str | None:
    """None if `selector` is valid CSS for the normalizer's engine, else a short reason."""
    try:
        _compiled(selector)
    except SelectorError as e:
        return f"invalid CSS selector: {e}"
    except etree.XPathError as e:  # cssselect produced XPath that libxml2 refuses
        return f"unsupported CSS selector: {e}"
    return None


def matches(root: etree._Element, selector: str) -> list[etree._Element]:
    """The elements `selector` matches under `root`, in document order."""
    reason = validate_selector(selector)
    if reason:  # the configuration checks selectors; this is for other callers
        raise NormalizeError(f"{selector!r}: {reason}")
    return _compiled(selector)(root)
