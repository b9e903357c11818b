"""Which changed blocks matter: each `BlockChange` gets its `ChangeClass`.

Blocks are compared through keys, their words with what a reader does not count as
wording taken out (docs/decisions/0006-change-classes.md):

* the plain key drops block markers ("## ", "- "), whitespace, case, typographic variants
  (NFKC, curly quotes, dashes) and the punctuation *between* words. Punctuation inside a
  word stays ("entity's" vs "entity''s", "e-mail"), and every word must be the same:
  a typo fix is an edit. Equal plain keys: COSMETIC.
* the loose key also has the dates found by `watcher.dates` and the section, clause and
  article numbers found by `numbering` masked. Different loose keys: SUBSTANTIVE.
* equal loose keys: RENUMBERING when numbers differ; DATE_ONLY when dates differ in value
  and each is the document's own date (after a cue such as "Last updated", or in a line
  that is only dates and cues); COSMETIC when dates differ only in how they are written.
  A date in a clause ("before 1 May 2020") is a term of the contract: SUBSTANTIVE.
* a removed block and an added one with equal loose keys are MOVED (both of them),
  unless that same rule makes the pair SUBSTANTIVE.

Other ADDED and REMOVED blocks are SUBSTANTIVE unless they have no words at all
(COSMETIC: a separator) or only give a date ("Last updated: 1 March 2026": DATE_ONLY)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from watcher.dates import MONTH_NAMES, DateMatch, cue_dates, find_dates, fold, is_date_line
from watcher.diff.numbering import JOINERS, ROMAN_NUMERALS, number_spans
from watcher.models import BlockChange, ChangeClass, ChangeOp

# Placeholders; canonical text has no control characters, so they cannot collide.
DATE_MARK = "\x00"
NUMBER_MARK = "\x01"

_MARKER = re.compile(r"^(?:#{1,6}|[-*+•])[ \t]+", re.MULTILINE)
# A word keeps the punctuation that joins it to a next word piece: it's, e-mail, U.S,
# 1.2, 1,000, legal@example.com.
_TOKEN = re.compile(r"[\x00\x01]|\w+(?:[-'./@&+]\w+|,(?=\d)\w+)*")
_APOSTROPHES = re.compile("[\u2018\u2019\u02bc\u00b4`]")
_HYPHENS = re.compile("[\u2010\u2011]")
# Rough keys: runs of four word characters or more from an (ASCII, folded) letter on, but
# not those a date or number mask can cover: month names, words joining numbers, roman
# numerals. Any such function of the text outside the masks will do; this one is fast.
_ROUGH_WORD = re.compile(r"[a-z]\w{3,}")
_MASKABLE = MONTH_NAMES | JOINERS | ROMAN_NUMERALS
# Only short blocks can be a date line; longer ones are not worth a search for dates.
DATE_LINE_MAX_CHARS = 160
_HAS_WORD = re.compile(r"\w")


def _words(text: str, spans: Iterable[tuple[int, int, str]] = ()) -> str:
    """The block's words, casefolded, with each (start, end, mark) span replaced by its mark."""
    pieces = []
    position = 0
    for start, end, mark in spans:
        pieces.append(text[position:start])
        pieces.append(f" {mark} ")
        position = end
    pieces.append(text[position:])
    text = _MARKER.sub("", "".join(pieces))
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = _HYPHENS.sub("-", _APOSTROPHES.sub("'", text))
    return " ".join(_TOKEN.findall(text)).casefold()


def rough_key(block: str) -> str:
    """A cheap key that blocks with equal loose keys always share (the converse is not true).

    Working out loose keys costs regular expressions for dates and numbers; a full
    rewrite has hundreds of blocks and almost none with a twin, so twins are looked
    for among blocks with equal rough keys only.
    """
    words = _ROUGH_WORD.findall(fold(block))
    if not _MASKABLE.isdisjoint(words):
        words = [w for w in words if w not in _MASKABLE]
    return " ".join(words).casefold()


def _date_spans(text: str) -> list[tuple[int, int, str]]:
    return [(d.start, d.end, DATE_MARK) for d in find_dates(text)]


def _number_spans(text: str, dates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Number spans that are not part of a date ("1." in "1. März 2026")."""
    spans = []
    for start, end in number_spans(text):
        if not any(start < d_end and d_start < end for d_start, d_end, _ in dates):
            spans.append((start, end, NUMBER_MARK))
    return spans


def plain_key(block: str) -> str:
    """The block's words without cosmetics: markers, case, punctuation between words."""
    return _words(block)


def loose_key(block: str) -> str:
    """The plain key with dates and section numbers masked: equal when the words say the same."""
    dates = _date_spans(block)
    numbers = _number_spans(block, dates)
    return _words(block, sorted(dates + numbers)) if dates or numbers else _words(block)


class BlockKeys:
    """The keys of a list of blocks, each worked out the first time it is asked for."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self._cache: dict[tuple[Callable[[str], str], int], str] = {}

    def _key(self, function: Callable[[str], str], k: int) -> str:
        key = self._cache.get((function, k))
        if key is None:
            key = self._cache[function, k] = function(self.blocks[k])
        return key

    def plain(self, k: int) -> str:
        """The plain key of block `k`."""
        return self._key(plain_key, k)

    def loose(self, k: int) -> str:
        """The loose key of block `k`."""
        return self._key(loose_key, k)

    def rough(self, k: int) -> str:
        """The rough key of block `k`."""
        return self._key(rough_key, k)


def twin_keys(
    old_ids: Iterable[int], new_ids: Iterable[int], old_keys: BlockKeys, new_keys: BlockKeys
) -> tuple[dict[int, str], dict[int, str]]:
    """Loose keys of the old and new blocks that may have a twin on the other side.

    Blocks whose rough key the other side lacks, and blocks without words, are left out.
    """
    old_ids, new_ids = list(old_ids), list(new_ids)
    old_rough = {old_keys.rough(i) for i in old_ids}
    new_rough = {new_keys.rough(j) for j in new_ids}
    old_loose = {
        i: old_keys.loose(i)
        for i in old_ids
        if old_keys.rough(i) in new_rough and old_keys.plain(i)
    }
    new_loose = {
        j: new_keys.loose(j)
        for j in new_ids
        if new_keys.rough(j) in old_rough and new_keys.plain(j)
    }
    return old_loose, new_loose


def pair_kind(old_keys: BlockKeys, i: int, new_keys: BlockKeys, j: int) -> ChangeClass:
    """The class of old block `i` become new block `j`."""
    if old_keys.plain(i) == new_keys.plain(j):
        return ChangeClass.COSMETIC
    # Different rough keys mean different loose keys, which cost more to work out.
    if old_keys.rough(i) != new_keys.rough(j) or old_keys.loose(i) != new_keys.loose(j):
        return ChangeClass.SUBSTANTIVE
    old, new = old_keys.blocks[i], new_keys.blocks[j]
    old_dates, new_dates = find_dates(old), find_dates(new)
    # Equal loose keys: as many dates on each side, in the same places.
    changed = [(a, b) for a, b in zip(old_dates, new_dates, strict=False) if a.value != b.value]
    if changed and not _document_dates(old, new, changed):
        return ChangeClass.SUBSTANTIVE  # "before 1 May 2020" → "before 1 May 2021" is an edit
    old_spans = [(d.start, d.end, DATE_MARK) for d in old_dates]
    new_spans = [(d.start, d.end, DATE_MARK) for d in new_dates]
    if _words(old, old_spans) == _words(new, new_spans):
        # Only dates differ: in value, or only in how they are written ("2026-03-01").
        return ChangeClass.DATE_ONLY if changed else ChangeClass.COSMETIC
    # Numbers differ too (and maybe dates): the date is the news.
    return ChangeClass.DATE_ONLY if changed else ChangeClass.RENUMBERING


def _document_dates(old: str, new: str, changed: list[tuple[DateMatch, DateMatch]]) -> bool:
    """True when every changed date is the document's own: a date line, or after a cue."""
    if len(old) <= DATE_LINE_MAX_CHARS and is_date_line(old) and is_date_line(new):
        return True
    old_cued = {d.start for d in cue_dates(old)}
    new_cued = {d.start for d in cue_dates(new)}
    return all(a.start in old_cued and b.start in new_cued for a, b in changed)


def _lone_kind(text: str) -> ChangeClass:
    """The class of a block added or removed that has no counterpart anywhere."""
    if not _HAS_WORD.search(text):  # block markers have no word characters
        return ChangeClass.COSMETIC  # no word at all: a rule, a lone bullet
    if len(text) <= DATE_LINE_MAX_CHARS and is_date_line(text):
        return ChangeClass.DATE_ONLY
    return ChangeClass.SUBSTANTIVE


def classify(
    changes: list[BlockChange], old_keys: BlockKeys, new_keys: BlockKeys
) -> tuple[BlockChange, ...]:
    """`changes` with their `kind` set; a removed and an added block that match become MOVED."""
    lone = [k for k, c in enumerate(changes) if c.op is not ChangeOp.MODIFIED]
    old_loose, new_loose = twin_keys(
        (changes[k].old_index for k in lone if changes[k].op is ChangeOp.REMOVED),
        (changes[k].new_index for k in lone if changes[k].op is ChangeOp.ADDED),
        old_keys,
        new_keys,
    )
    removed: dict[str, list[int]] = defaultdict(list)
    added: dict[str, list[int]] = defaultdict(list)
    for k in lone:
        change = changes[k]
        if change.old_index in old_loose and change.op is ChangeOp.REMOVED:
            removed[old_loose[change.old_index]].append(k)
        elif change.new_index in new_loose and change.op is ChangeOp.ADDED:
            added[new_loose[change.new_index]].append(k)
    moved = set()
    for key, ks in removed.items():
        # In text order: the first removed copy went to the first added copy.
        for r, a in zip(ks, added.get(key, ()), strict=False):
            # Equal loose keys, but a date in a clause may have changed on the way.
            kind = pair_kind(old_keys, changes[r].old_index, new_keys, changes[a].new_index)
            if kind is not ChangeClass.SUBSTANTIVE:
                moved.update((r, a))

    out = []
    for k, change in enumerate(changes):
        if k in moved:
            kind = ChangeClass.MOVED
        elif change.op is ChangeOp.MODIFIED:
            kind = pair_kind(old_keys, change.old_index, new_keys, change.new_index)
        else:
            kind = _lone_kind(change.new if change.op is ChangeOp.ADDED else change.old)
        out.append(change if change.kind is kind else replace(change, kind=kind))
    return tuple(out)
