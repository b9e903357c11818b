"""Section, clause and article numbers in a block, in every language of `watcher.languages`.

A renumbering ("3. Privacy" → "4. Privacy", "Section 4.2" → "Section 5.2", "(b)" → "(c)",
"Article 12" → "Article 13", "§ 3" → "§ 4", "IV." → "V.") changes numbers that only say
where a passage sits. Other numbers — "30 days", "13 years", "€10" — are wording and are
never taken for numbering: only these count:

* an enumerator opening a line, after any block marker: "3.", "3)", "3.2", "3.2.1.",
  "(b)", "b)", "b.", "IV.", "(iv)"; a bare "3" only in a heading ("## 3 Privacy");
* a number after a word that names a part of a document: "Section 4.2", "Art. 5",
  "§ 3", "Ziff. 4", "Abs. 2", "apartado 3", "comma 2", "sections 3 and 4";
* a letter, roman numeral or one- or two-digit number in parentheses, after a space,
  an opening parenthesis or a number: "(b)", "4(b)", "(iv)", "(3)". "user(s)" is not one.
"""

from __future__ import annotations

import re

from watcher.dates import fold
from watcher.languages import every_language

# Valid roman numerals from 1 to 89; a word like "civil" is not one.
ROMAN = r"(?=[ivxl])(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_TENS = ("", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx")
_UNITS = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
ROMAN_NUMERALS = frozenset(_TENS[n // 10] + _UNITS[n % 10] for n in range(1, 90))  # = ROMAN
_MARKER = r"(?:(?:#{1,6}|[-*+•])[ \t]+)?"
_LEADING = re.compile(
    rf"^{_MARKER}(?P<n>\d+(?:\.\d+)+\.?|\d+[.)]|\(?(?:\d+|{ROMAN}|[a-z])\)"
    rf"|(?:{ROMAN}|[a-z])\.)(?=[ \t]|$)",
    re.MULTILINE,
)
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<n>\d+)(?=[ \t])", re.MULTILINE)
_PART_WORDS = "|".join(words for _, words in every_language("SECTION_WORDS"))
# A roman numeral must end its word: not the "l" of "l'annexe".
_NUMBER = rf"(?:\d+(?:\.\d+)*[a-z]?(?:\((?:\d{{1,2}}|[a-z]|{ROMAN})\))*|{ROMAN}(?![\w']))"
# Words that join numbers: "sections 3 and 4", "Abs. 2 bis 4". Public: a rough key in
# `classify` must leave out every word a number mask can cover.
JOINERS = frozenset(w for _, words in every_language("JOINERS") for w in words.split())
_JOINER = r"(?:,|-|{})".format("|".join(sorted(JOINERS, key=len, reverse=True)))
_REFERENCE = re.compile(
    rf"(?<!\w)(?:{_PART_WORDS}|§+)\.?[ \t]*(?P<n>{_NUMBER}(?:[ \t]*{_JOINER}[ \t]*{_NUMBER})*)"
)
# Starts with its "(" so that the search skips ahead fast; what precedes is checked after.
_PARENTHESIZED = re.compile(rf"(?P<n>\((?:\d{{1,2}}|{ROMAN}|[a-z])\))")
_ENUMERATION_FOLLOWS = re.compile(r"[\s(\d]")


def number_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every section / clause number in `text`, in order, merged."""
    folded = fold(text)
    spans = [
        m.span("n")
        for pattern in (_LEADING, _HEADING, _REFERENCE)
        for m in pattern.finditer(folded)
    ]
    spans.extend(
        m.span()
        for m in _PARENTHESIZED.finditer(folded)
        if m.start() == 0 or _ENUMERATION_FOLLOWS.match(folded, m.start() - 1)
    )
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
