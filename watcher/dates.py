"""Dates in policy text, in every language of `watcher.languages`.

Shared text knowledge, like `models`: `diff` masks dates to tell a date-only change from
an edit, and a document's declared effective / last-updated date is worth showing.
Pure functions, standard library only.

Rules (docs/decisions/0006-change-classes.md):

* A date needs a four-digit year (1900-2199); "1/3/26" and bare years are not dates.
* Month-name dates in any of the languages, accents and case ignored, with
  ordinals ("1st", "1er", "1°", "1.") and abbreviations ("Mar.", "févr.", "Okt.").
* A month and a year alone ("March 2026", "mars 2026") stand for the first of the month.
* Numeric dates: year first is ISO (year, month, day). "01.03.2026" (dots) is always
  day.month. With slashes or dashes, a part over 12 settles the order; otherwise the
  order the same text uses elsewhere wins (US "March 1, 2026" or "03/25/2026" votes
  month first, "1 March 2026" or "25/03/2026" day first), and day first on a tie, as in
  most of the world. `find_dates(text, month_first=...)` overrides the vote.
* `effective_date` is the date a cue introduces ("Last updated", "Stand:", "En vigueur
  le" …): right after a single cue word, within a few words of a cue phrase; the first
  in the document's head wins, then one opening a line. No cue, no date: never a
  random date of the text. Input is NFC text, as `normalize` gives.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from watcher.languages import every_language


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: where it is, what it says, and its calendar value."""

    start: int
    end: int
    value: datetime.date
    text: str


# --- folding ------------------------------------------------------------------


def _fold_table() -> dict[str, str]:
    table = {}
    for cp in range(0xC0, 0x250):  # Latin-1 Supplement, Latin Extended-A and -B
        base, lower = unicodedata.normalize("NFD", chr(cp))[0], chr(cp).lower()
        if base.isascii() and base.isalpha() and len(lower) == 1:
            table[lower] = base.lower()
    table.update(dict.fromkeys("\u2018\u2019\u02bc\u00b4`", "'"))
    table.update(dict.fromkeys("\u00a0\u202f\u2009\u2007", " "))
    table.update(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014", "-"))
    return table


_FOLD = _fold_table()
_FOLDABLE = re.compile("[{}]".format("".join(map(re.escape, sorted(_FOLD)))))


def fold(text: str) -> str:
    """Lower case without accents, same length: "Dernière MàJ" → "derniere maj" (NFC text)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lowers to two characters: keep offsets right
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if lowered.isascii():
        return lowered
    # A regular expression finds the few accented letters far faster than str.translate.
    return _FOLDABLE.sub(lambda m: _FOLD[m.group()], lowered)


# --- dates --------------------------------------------------------------------

# Folded month names of every language (full names first: only they may stand with a year
# alone), number -> names.
_FULL_MONTHS = {
    n + 1: " ".join(months[n] for _, months in every_language("MONTHS")) for n in range(12)
}
_SHORT_MONTHS = {
    n + 1: " ".join(months[n] for _, months in every_language("SHORT_MONTHS")) for n in range(12)
}
_MONTH_NUMBER = {
    name: month
    for names in (_FULL_MONTHS, _SHORT_MONTHS)
    for month, words in names.items()
    for name in words.split()
}


MONTH_NAMES = frozenset(_MONTH_NUMBER)  # folded, full and short, every language


def _alternation(names: list[str]) -> str:
    # Longest first, so that "marzo" is tried before "mar".
    return "|".join(sorted(names, key=lambda n: (-len(n), n)))


_FULL = _alternation([n for words in _FULL_MONTHS.values() for n in words.split()])
_ANY = _alternation(list(_MONTH_NUMBER))
_YEAR = r"(?P<y>(?:19|20|21)\d\d)(?!\d)"
# Day ordinals: 1st 2nd 3rd 4th (en), 1er 1re 2e (fr), 1° 1º (it, es), "1." (de).
_ORDINAL = r"(?:st|nd|rd|th|er|re|eme|e|°|º|\.)?"

# Dates are looked for around each four-digit year: a few short searches instead of
# scanning whole texts with month-name alternations. Patterns ending in the year are
# anchored at its end (\Z, with `endpos`); day and month lie within _LOOKBACK characters.
_LOOKBACK = 40
_YEAR_AT_END = r"(?P<y>(?:19|20|21)\d\d)\Z"
_ISO = re.compile(r"(?<![\d.])(?:19|20|21)\d\d(?P<s>[-/.])(?P<m>\d\d?)(?P=s)(?P<d>\d\d?)(?!\d)")
_NUMERIC = re.compile(r"(?<![\d./-])(?P<a>\d\d?)(?P<s>[./-]) ?(?P<b>\d\d?)(?P=s) ?" + _YEAR_AT_END)
_MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<m>{_ANY})\b\.? ?(?P<d>\d\d?)(?:st|nd|rd|th)?(?!\d),? +{_YEAR_AT_END}"
)
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\d.])(?P<d>\d\d?) ?{_ORDINAL} *(?:of +|de +)?(?P<m>{_ANY})\b\.?,? +(?:de +|del +)?"
    + _YEAR_AT_END
)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_FULL}) +(?:de +|del +|of +)?{_YEAR_AT_END}")
# Every date above has a four-digit year that is not part of a longer word or number.
_YEAR = re.compile(r"(?<!\w)(?:19|20|21)\d\d(?!\d)")
_NUMBER_GOES_ON = re.compile(r"[./-]\d")


def find_dates(text: str, *, month_first: bool | None = None) -> list[DateMatch]:
    """Every date in `text`, in order, without overlaps (see the module doc for formats)."""
    years = [m.span() for m in _YEAR.finditer(text)]
    if not years:
        return []
    folded = fold(text)
    found: list[tuple[int, int, tuple[int, int, int]]] = []
    numeric = []
    votes = 0  # > 0: this text writes month first; < 0: day first
    for year_start, year_end in years:
        year = int(folded[year_start:year_end])
        lo = max(0, year_start - _LOOKBACK)
        for pattern, order in ((_MONTH_DAY_YEAR, 1), (_DAY_MONTH_YEAR, -1), (_MONTH_YEAR, 0)):
            m = pattern.search(folded, lo, year_end)
            if m:
                day = int(m["d"]) if order else 1
                found.append((m.start(), year_end, (year, _MONTH_NUMBER[m["m"]], day)))
                votes += order
        m = _NUMERIC.search(folded, lo, year_end)
        if m and not _NUMBER_GOES_ON.match(folded, year_end):
            a, b = int(m["a"]), int(m["b"])
            if m["s"] == ".":
                found.append((m.start(), year_end, (year, b, a)))
            else:
                numeric.append((m.start(), year_end, a, b, year))
                votes += (b > 12) - (a > 12)
        m = _ISO.match(folded, year_start)
        if m:
            found.append((year_start, m.end(), (year, int(m["m"]), int(m["d"]))))
    first = month_first if month_first is not None else votes > 0
    for start, end, a, b, year in numeric:
        month, day = (a, b) if (first and a <= 12) or b > 12 else (b, a)
        found.append((start, end, (year, month, day)))

    matches: list[DateMatch] = []
    # Earliest first, then longest: "1 March 2026" wins over the "March 2026" inside it.
    for start, end, ymd in sorted(found, key=lambda f: (f[0], -f[1])):
        if matches and start < matches[-1].end:
            continue
        try:
            value = datetime.date(*ymd)
        except ValueError:  # 31/02/2026, month 13 ...
            continue
        matches.append(DateMatch(start, end, value, text[start:end]))
    return matches


# --- effective date -----------------------------------------------------------

# Phrases that introduce the document's own date (folded). Strong cues may be separated
# from their date by a few words ("Effective date of these Terms: 1 March 2026").
_STRONG_CUES = [cue for _, cues in every_language("DATE_CUES") for cue in cues]
# Single words that are cues only when a date follows at once ("Effective March 1, 2026").
_WEAK_CUES = [word for _, words in every_language("DATE_CUE_WORDS") for word in words]
_CUE = re.compile(
    r"(?<!\w)(?:(?P<strong>{})|(?P<weak>{}))(?!\w)".format(
        "|".join(_STRONG_CUES), "|".join(_WEAK_CUES)
    )
)
# Little words allowed between a cue and its date, and in a line that is only a date.
_LINK_WORDS = "|".join(
    dict.fromkeys(w for _, words in every_language("DATE_LINK_WORDS") for w in words.split())
)
_STRICT_GAP = re.compile(rf"[\s:|,.()\-]*(?:(?:{_LINK_WORDS})\b[\s:,]*)*")
_LOOSE_GAP_CHARS = 40  # "Effective date of these Terms of Service: " fits
_LOOSE_GAP = re.compile(r"[^\d\n.;!?]*")
# A cue in the first characters of the document is its header; past that, a cue that opens
# a line ("Last updated: …" at the bottom) still beats one inside a sentence.
HEAD_CHARS = 2000
_LINE_OPENING = re.compile(r"[\s#>*|\-]*")  # block markers, table bars


def _cue_dates(folded: str, dates: list[DateMatch]) -> list[tuple[int, DateMatch]]:
    """(cue start, date) for every cue followed by its date."""
    found = []
    k = 0
    for cue in _CUE.finditer(folded):
        while k < len(dates) and dates[k].start < cue.end():
            k += 1
        if k == len(dates):
            break
        date = dates[k]
        gap = folded[cue.end() : date.start]
        strict = _STRICT_GAP.fullmatch(gap) is not None
        loose = len(gap) <= _LOOSE_GAP_CHARS and _LOOSE_GAP.fullmatch(gap) is not None
        if strict or (cue["strong"] and loose):
            found.append((cue.start(), date))
    return found


def cue_dates(text: str) -> list[DateMatch]:
    """The dates that a cue such as "Last updated" or "Stand:" introduces, in order."""
    dates = find_dates(text)
    return [date for _, date in _cue_dates(fold(text), dates)] if dates else []


def effective_date(text: str) -> DateMatch | None:
    """The document's declared effective / last-updated date, or None when no cue names one."""
    # Most documents declare their date in their head, and a cue there outranks any
    # later one: look there first, and read the whole text only when the head is silent.
    if len(text) > _HEAD_SCAN:
        head = _effective_date(text[:_HEAD_SCAN])
        # A numeric d/m/y date is read in the light of the whole document's dates.
        if head is not None and head[0] < HEAD_CHARS and "/" not in head[1].text:
            return head[1]
    found = _effective_date(text)
    return found[1] if found else None


# The head, plus room for a cue's date that starts before HEAD_CHARS and ends after it.
_HEAD_SCAN = HEAD_CHARS + 200


def _effective_date(text: str) -> tuple[int, DateMatch] | None:
    dates = find_dates(text)
    if not dates:
        return None
    candidates = _cue_dates(fold(text), dates)

    def rank(candidate: tuple[int, DateMatch]) -> tuple[int, int]:
        start = candidate[0]
        if start < HEAD_CHARS:
            return 0, start
        line = text.rfind("\n", 0, start) + 1
        return (1 if _LINE_OPENING.fullmatch(text, line, start) else 2), start

    return min(candidates, key=rank) if candidates else None


_WORD = re.compile(r"\w+")
_LINK_WORD_SET = frozenset(_LINK_WORDS.split("|"))


def is_date_line(text: str) -> bool:
    """True when `text` holds dates and nothing but date cues ("Last updated: 1 March 2026")."""
    dates = find_dates(text)
    if not dates:
        return False
    folded = fold(text)
    rest = []
    position = 0
    for date in dates:
        rest.append(folded[position : date.start])
        position = date.end
    rest.append(folded[position:])
    words = _WORD.findall(_CUE.sub(" ", " ".join(rest)))
    return all(word in _LINK_WORD_SET for word in words)
