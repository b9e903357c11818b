"""What the lexicon finds in one passage, with the geometry the rules need (words, clauses)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from watcher.detect.lexicon import LANGUAGES, Lexicon, lexicon

# Same-length folding, so that offsets found in the folded text hold in the original.
_FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)
_WORD = re.compile(r"\w+")
# A ";" that goes on with an enumeration ("…; (ii) …", "…; or b) …") does not end a clause.
_SEMICOLON = r";(?!\s*(?:(?:and|or|et|ou|und|oder|y|o|e)\s+)?\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})\))"
# Clause boundaries for relations: ";", a table cell, a line break, the end of a sentence.
_SEGMENT = re.compile(rf"{_SEMICOLON}|\s\|\s|\n|[.!?](?=\s)")
# Boundaries of a negation's scope: the above plus ":" and ")".
_SCOPE_END = re.compile(rf"{_SEMICOLON}|\s\|\s|\n|[.!?:](?=\s)|\)(?!\s*(?:[a-z]|\())")
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
# Groups whose English patterns are looked for in every language (loanwords).
_LOANED = ("ai", "ai_cs", "tdm")


@dataclass(frozen=True)
class Hit:
    """One match of a lexicon group (or of a labelled table entry) in the passage."""

    group: str
    label: str
    start: int
    end: int


def fold(text: str) -> str:
    """Typographic quotes, dashes and spaces folded to ASCII, keeping every offset."""
    return text.translate(_FOLD)


# Cheap pre-filter: a passage holding none of the languages' trigger stems (each language
# module's TRIGGERS, looked for in the lower-cased passage) nor of these acronyms (as written)
# can be about neither AI nor training; every rule of the lexicon needs one of them
# (tests/test_detect.py checks it on the corpus).
_ACRONYMS = ("AI", "IA", "KI", "ML", "LLM", "GPT", "NLP", "TDM", "A.I", "I.A", "K.I")


@cache
def stems() -> tuple[str, ...]:
    """The trigger stems of every language, without repeats."""
    return tuple(dict.fromkeys(s for module in LANGUAGES.values() for s in module.TRIGGERS))


def triggered(text: str) -> bool:
    """False when `text` holds no word any rule needs (most passages of a policy)."""
    if any(a in text for a in _ACRONYMS):
        return True
    low = text.lower()
    return any(stem in low for stem in stems())


def trigger_positions(text: str) -> list[int]:
    """Sorted offsets of every trigger word in `text`.

    One Aho-Corasick pass over the text for all the stems and one for the acronyms: 1.3 ms
    for a 32,000-character policy, where a `str.find` loop per word took 2.2 ms.
    """
    low = text.lower()
    if len(low) != len(text):  # lower() changed lengths ("İ"): every offset is a candidate
        return list(range(len(text)))
    acronyms, stems = _automata()
    out = [end - size + 1 for end, size in stems.iter(low)]
    out += [end - size + 1 for end, size in acronyms.iter(text)]
    return sorted(out)


@cache
def _automata() -> tuple[ahocorasick.Automaton, ahocorasick.Automaton]:
    """(acronyms, stems) as automata reporting each match's length; built on first use."""
    built = []
    for needles in (_ACRONYMS, stems()):
        automaton = ahocorasick.Automaton()
        for needle in needles:
            automaton.add_word(needle, len(needle))
        automaton.make_automaton()
        built.append(automaton)
    return built[0], built[1]


class Evidence:
    """Lazily computed hits of every lexicon group in one passage."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = fold(text)
        low = self.text.lower()
        self._low = low if len(low) == len(self.text) else None  # "İ" lowers to two chars
        self.lang = lang
        self.lex: Lexicon = lexicon(lang)
        self._hits: dict[str, list[Hit]] = {}
        self._words = [m.start() for m in _WORD.finditer(self.text)]
        self._segments = [m.start() for m in _SEGMENT.finditer(self.text)]
        self._scope_ends = [m.start() for m in _SCOPE_END.finditer(self.text)]
        self._sentence_ends = [m.start() for m in _SENTENCE_END.finditer(self.text)]

    # --- hits -------------------------------------------------------------------------

    def hits(self, group: str) -> list[Hit]:
        """Non-overlapping matches of a group, leftmost-longest first."""
        if group not in self._hits:
            sources = [self.lex]
            if group in _LOANED and self.lang != "en":
                sources.append(lexicon("en"))
            found = []
            for source in sources:
                compiled = source.groups[group]
                if compiled is not None:
                    found += [
                        Hit(group, group, m.start(), m.end())
                        for m in compiled.finditer(self.text, self._low)
                        if m.end() > m.start()
                    ]
            self._hits[group] = _non_overlapping(found)
        return self._hits[group]

    def labelled(self, table: str) -> list[Hit]:
        """Matches of a labelled table (data, actors, scope); specific labels beat generic."""
        key = f"@{table}"
        if key not in self._hits:
            found = [
                Hit(table, label, start, end)
                for label, start, end in getattr(self.lex, table).finditer(self.text, self._low)
                if end > start
            ]
            self._hits[key] = _non_overlapping(found)
        return self._hits[key]

    def mentions(self, needles: tuple[str, ...]) -> bool:
        """True when the lower-cased passage holds one of `needles` (a cheap gate)."""
        low = self._low if self._low is not None else self.text.lower()
        return any(n in low for n in needles)

    def inside(self, hit: Hit, group: str) -> bool:
        """True when `hit` lies within a match of `group`."""
        hits = self.hits(group)  # sorted and non-overlapping: only one can hold `hit`
        i = bisect.bisect_right(hits, hit.start, key=_start) - 1
        return i >= 0 and hits[i].end >= hit.end

    def between(self, group: str, start: int, end: int) -> bool:
        """True when a match of `group` lies in text[start:end]."""
        hits = self.hits(group)
        i = bisect.bisect_left(hits, start, key=_start)
        return i < len(hits) and hits[i].end <= end

    # --- geometry ---------------------------------------------------------------------

    def words_between(self, a: Hit, b: Hit) -> int:
        """Number of words strictly between two hits (whichever comes first)."""
        first, second = (a, b) if a.start <= b.start else (b, a)
        if second.start <= first.end:
            return 0
        lo = bisect.bisect_left(self._words, first.end)
        hi = bisect.bisect_left(self._words, second.start)
        return max(0, hi - lo)

    def same_segment(self, a: Hit, b: Hit) -> bool:
        """True when no clause boundary separates two hits."""
        lo, hi = min(a.end, b.end), max(a.start, b.start)
        return not _any_in(self._segments, lo, hi)

    def sentence(self, pos: int) -> int:
        """Index of the sentence holding `pos` (passages may hold a few sentences)."""
        return bisect.bisect_left(self._sentence_ends, pos)

    def segment_end(self, pos: int) -> int:
        """Where the clause holding `pos` ends."""
        i = bisect.bisect_right(self._segments, pos)
        return self._segments[i] if i < len(self._segments) else len(self.text)

    def first_word(self) -> int:
        """Offset of the first word of the passage."""
        return self._words[0] if self._words else 0

    def scope_open(self, start: int, end: int) -> bool:
        """True when a negation at `start` may still govern words up to `end`."""
        return not _any_in(self._scope_ends, start, end)


def _start(hit: Hit) -> int:
    return hit.start


def _any_in(positions: list[int], lo: int, hi: int) -> bool:
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def _non_overlapping(hits: list[Hit]) -> list[Hit]:
    """Leftmost, then longest, then specific (label != 'data') hits; overlaps dropped."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), h.label == "data"))
    out: list[Hit] = []
    end = -1
    for hit in hits:
        if hit.start >= end:
            out.append(hit)
            end = hit.end
    return out
