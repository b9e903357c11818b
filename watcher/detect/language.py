"""Language identification by stopword profile: cheap, deterministic, good enough for policies."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from watcher.detect.lexicon import LANGUAGES, stopwords
from watcher.detect.reading import blank_addresses

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

_LETTER_WEIGHT = 0.5
_MAX_CHARS = 5000  # a language shows long before that

DEFAULT = "en"


@cache
def _letters() -> tuple[tuple[str, str], ...]:
    """(language, letters only some languages use): a tie-breaker for short passages."""
    return tuple((lang, m.LETTERS) for lang, m in LANGUAGES.items() if m.LETTERS)


@cache
def _profile() -> dict[str, tuple[str, ...]]:
    """word -> the languages it is a stopword of."""
    out: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for word in stopwords(lang):
            out.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in out.items()}


def detect_language(text: str) -> str:
    """The language of `text` (a code of `watcher.languages`), by stopwords; "en" if unsure."""
    # Addresses say nothing of a passage's language ("com" is a Portuguese word).
    text = blank_addresses(text[:_MAX_CHARS])
    profile = _profile()
    counts = Counter(filter(profile.__contains__, _WORD.findall(text.lower())))
    scores = dict.fromkeys(LANGUAGES, 0.0)
    for word, n in counts.items():
        for lang in profile[word]:
            scores[lang] += n
    if not text.isascii():  # none of the tie-breaking letters is ASCII
        for lang, letters in _letters():
            scores[lang] += _LETTER_WEIGHT * sum(1 for char in letters if char in text)
    best = max(scores.values())
    if best == 0:
        return DEFAULT
    # Ties go to the first language in LANGUAGES order (English first).
    return next(lang for lang in LANGUAGES if scores[lang] == best)
