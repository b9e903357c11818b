"""Range selectors, as Open Terms Archive declares them: the part of a document between two
boundaries in document order (`startBefore`/`startAfter` one element, `endBefore`/`endAfter`
another), whatever elements it starts or ends inside of.

Positions are numbered on the start and end tags in document order: an element's text sits
half a step after its start tag, its tail half a step after its end tag, and a boundary a
quarter step before a start tag or after an end tag, so no two positions meet.
"""

from __future__ import annotations

import copy

from lxml import etree

from watcher.models.config import Range
from watcher.normalize.css import matches


def _bounds(root: etree._Element, rng: Range) -> tuple[dict, dict, float, float] | None:
    """The positions of each element's start and end tags, and the range's two ends; None
    when a boundary matches nothing or the range is empty."""
    starts, ends = matches(root, rng.start), matches(root, rng.end)
    if not starts or not ends:
        return None
    index: dict = {}  # start tag positions, in document order
    last: dict = {}  # end tag positions
    for n, (event, el) in enumerate(etree.iterwalk(root, events=("start", "end"))):
        (index if event == "start" else last)[el] = n
    start, end = starts[0], ends[0]
    s = last[start] + 0.25 if rng.start_after else index[start] - 0.25
    e = last[end] + 0.25 if rng.end_after else index[end] - 0.25
    return (index, last, s, e) if s < e else None


def _prune(root: etree._Element, rng: Range, keep_inside: bool) -> bool:
    """Drop from `root` what is outside the range (`keep_inside`) or inside it; False when
    the range is not found. Elements partly inside keep their part."""
    bounds = _bounds(root, rng)
    if bounds is None:
        return False
    index, last, s, e = bounds

    def kept(position: float) -> bool:
        return (s < position < e) == keep_inside

    for el in list(index):
        if el is root:
            continue
        if not kept(last[el] + 0.5):
            el.tail = None
        whole_in = s < index[el] and last[el] < e
        whole_out = last[el] < s or index[el] > e
        if (whole_out if keep_inside else whole_in) and el.getparent() is not None:
            _drop_keeping_tail(el)
        elif not kept(index[el] + 0.5):
            el.text = None
    if not kept(index[root] + 0.5):
        root.text = None
    return True


def _drop_keeping_tail(el: etree._Element) -> None:
    parent, tail = el.getparent(), el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def select_range(doc: etree._Element, rng: Range) -> etree._Element | None:
    """A copy of `doc` holding only what lies in the range (None when it is not found)."""
    kept = copy.deepcopy(doc)
    return kept if _prune(kept, rng, keep_inside=True) else None


def remove_range(doc: etree._Element, rng: Range) -> bool:
    """Drop what lies in the range from `doc`; False when it is not found."""
    return _prune(doc, rng, keep_inside=False)
