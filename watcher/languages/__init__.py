"""What Watcher knows about each language it reads, one small package per language.

Shared text knowledge, like `models` and `dates`: every stage may import it, it imports
nothing of ours, and importing it compiles nothing. Adding a language is adding its package
here (`<code>/__init__.py`, its words; `<code>/detector.py`, the detector's `PATTERNS`) and
its code to `CODES`; each package defines:

* reading text — `STOPWORDS` (language identification), `LETTERS` (letters only it uses),
  `ABBREVIATIONS` (sentence splitting);
* dates — `MONTHS` and `SHORT_MONTHS` (twelve entries each, folded: lower case, no accents,
  alternatives separated by spaces), `DATE_CUES` and `DATE_CUE_WORDS` (what introduces a
  document's own date), `DATE_LINK_WORDS` (little words between a cue and its date);
* relative times — `TIME_UNITS`, `COUNT_WORDS` and `RELATIVE_TIMES` ((hint, pattern) pairs,
  the pattern with `{count}` and `{units}` placeholders): "il y a 3 minutes";
* section numbers — `SECTION_WORDS` ("article", "Absatz") and `JOINERS` ("sections 3 and 4");
* the AI-training vocabulary of the detector — `PATTERNS`, `DATA`, `ACTORS`, `SCOPE` (see
  `watcher.detect.lexicon` for what each group means), `TRIGGERS` (the stems of which every
  rule needs one), `REFERENCES` (words that point back to the previous sentence: "this",
  "y", "hiertegen") and `VERB_LAST` (verbs and negations after their objects).
"""

from __future__ import annotations

from types import ModuleType

from watcher.languages import de, en, es, fr, it, nl, pt

# English first: it is the default, and ties of language identification go to it.
CODES: tuple[str, ...] = ("en", "fr", "de", "es", "it", "pt", "nl")
MODULES: dict[str, ModuleType] = {
    "en": en,
    "fr": fr,
    "de": de,
    "es": es,
    "it": it,
    "pt": pt,
    "nl": nl,
}


def module(code: str) -> ModuleType:
    """The module of one language (KeyError for a language Watcher does not read)."""
    return MODULES[code]


def every_language(name: str) -> list[tuple[str, object]]:
    """(code, value) of one attribute in every language, in `CODES` order."""
    return [(code, getattr(MODULES[code], name)) for code in CODES]
