"""Passages of canonical document text: headings, list items, and sentences inside blocks.

A passage never crosses a block boundary ("\\n\\n"). Headings ("# " … "###### ") and list
items ("- ") are never merged with their neighbours, and their markers are not part of the
passage. Inside a block, text is split after ".", "!" or "?" when a capital (or an opening
quote, bracket or markup) follows, unless the word before the full stop is an abbreviation of
one of the languages, an initial, a dotted acronym (U.S., e.g.) or a clause number; a
line that ends with ":" also ends a passage (a list lead-in), and so does a full stop that
extraction glued to the next sentence ("données.Utilisation").
"""

from __future__ import annotations

import re

from watcher.detect.lexicon import all_abbreviations

_BLOCK_SEP = re.compile(r"\n[ \t]*\n")
_MARKER = re.compile(r"(?:#{1,6}|-)[ \t]+")
# Sentence end: punctuation, optional closing quotes/brackets/markup, then whitespace and a
# character that can start a sentence.
# A run of marks is tried from its first mark only: tried from each, "?????…" costs
# quadratic time.
_END = re.compile(r"(?<![.!?])([.!?]+)[\"')\]»*_]*(?=\s+(?:[\"'(\[«*_¿¡]|[^\W\d_]))")
_COLON_LINE = re.compile(r":[ \t]*(?=\n)")
# Two sentences glued by extraction ("…des données.Utilisation des …"): a full stop between
# a word and a capitalized word, with no space. Initials ("J.Smith") and dotted acronyms
# ("U.S.A") have a single letter before the stop; domain names are lower case.
_GLUED = re.compile(r"(?<=[^\W\d_]{2})\.(?=[^\W\d_a-z][^\W\d_A-Z]{2})")
_TOKEN_BEFORE = re.compile(r"[\w.'-]*$")
_DOTTED = re.compile(r"^(?:\w\.)+\w$")  # U.S, e.g, S.A
# Abbreviations that end sentences as often as not: split after them before a capital.
_MAX_TOKEN = 40  # characters looked at before a full stop to find the word it ends
_LOOKAHEAD = 40  # characters looked at after it to find the next word
# A "sentence" longer than this (a table row or a list without full stops) is cut at a clause
# boundary: a passage is read as a whole, and its rules are not meant for pages of text.
MAX_PASSAGE = 1500
_CUT = re.compile(r"[;,:]\s|\s")
_WEAK = frozenset({"etc", "ecc", "usw", "etc.", "u.s.w"})


def passages(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the passages of canonical text, in document order."""
    spans: list[tuple[int, int]] = []
    for start, end in blocks(text):
        marker = _MARKER.match(text, start, end)
        if marker and text.startswith("#", start):
            _append(spans, text, marker.end(), end)  # a heading is one passage
            continue
        body = marker.end() if marker else start
        spans.extend(sentences(text, body, end))
    return spans


def blocks(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the blocks of text (separated by blank lines)."""
    out = []
    pos = 0
    for sep in _BLOCK_SEP.finditer(text):
        out.append((pos, sep.start()))
        pos = sep.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], which holds no block boundary."""
    cuts = [m.end() for m in _COLON_LINE.finditer(text, start, end)]
    cuts += [m.end() for m in _GLUED.finditer(text, start, end) if text[m.start() - 1].islower()]
    for match in _END.finditer(text, start, end):
        if _is_sentence_end(text, start, match):
            cuts.append(match.end())
    spans: list[tuple[int, int]] = []
    pos = start
    for cut in sorted(set(cuts)):
        _append(spans, text, pos, cut)
        pos = cut
    _append(spans, text, pos, end)
    if any(e - s > MAX_PASSAGE for s, e in spans):
        spans = [piece for span in spans for piece in _cut_long(text, *span)]
    return spans


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of at most MAX_PASSAGE characters, cut after "; " or ", " when there is one."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_PASSAGE:
        window = text[start + MAX_PASSAGE // 2 : start + MAX_PASSAGE]
        cuts = [m.end() for m in _CUT.finditer(window) if m.group()[0] in ";,:"]
        cuts = cuts or [m.end() for m in _CUT.finditer(window)]
        cut = start + MAX_PASSAGE // 2 + cuts[-1] if cuts else start + MAX_PASSAGE
        _append(pieces, text, start, cut)
        start = cut
    _append(pieces, text, start, end)
    return pieces


def _is_sentence_end(text: str, start: int, match: re.Match[str]) -> bool:
    following = text[match.end() : match.end() + _LOOKAHEAD].lstrip()[:1]
    if following.isalpha() and not following.isupper():
        return False  # "etc. and", "e.g. logs": a lower-case word goes on with the sentence
    if match.group(1) != ".":  # "!", "?", "..." always end a sentence
        return True
    dot = match.start(1)
    window = max(start, dot - _MAX_TOKEN)
    token = _TOKEN_BEFORE.search(text[window:dot]).group().lower()  # type: ignore[union-attr]
    token = token.lstrip("'-")
    if not token:
        return True
    if token in _WEAK:
        return True
    if token in all_abbreviations() or _DOTTED.match(token):
        return False
    if len(token) == 1 and token.isalpha():  # an initial, "M.", "S."
        return False
    if token.isdigit() and len(token) <= 3:
        # "1. Introduction", "Art. 4. The": a clause number, unless a sentence ends on it.
        before = text[start : dot - len(token)].rstrip()
        return bool(before) and before[-1] not in ".:;)" and not before.endswith(("§", "Art"))
    return True


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
