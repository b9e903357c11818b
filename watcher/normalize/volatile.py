"""Volatile fragments: visible text that changes on every visit while the document does not.

Build and request ids, session tokens, clock times with seconds, "updated 3 minutes ago":
pages print them in footers and widgets that no `remove` rule names, and each one would be
a change. They are masked with a fixed placeholder, so the stored text keeps their place but
never their value.

Only shapes that a policy's own wording never takes are masked:

* a UUID, anywhere;
* a time of day with seconds, anywhere;
* on a short line (200 characters at most: a widget's, not a paragraph's) that names it
  (build, ID, token, SHA): a run of eight or more hexadecimal characters holding digits and
  letters, or a token of twenty or more letters and digits of both cases that switches
  between kinds of character as randomness does ("MicrosoftServicesAgreement2024" switches
  five times in thirty characters and is kept);
* on a short line, a relative time counted in seconds, minutes or hours, in every language
  of `watcher.languages` ("3 minutes ago", "il y a une heure", "vor 3 Minuten", "hace 2
  horas", "10 minuti fa", "há 2 horas", "3 minuten geleden").

Numbers in general are left alone ("30 days" becoming "90 days" is a change), and so are
days ago ("deleted 30 days ago" may be policy). Pure and idempotent.

Speed: Python's regular expressions try every position of a pattern that does not start
with a literal, which over a whole policy costs more than the rest of normalization. So
each kind is first found by a hint that starts with a literal, and its pattern is tried on
the lines the hint finds. Each hint is a pass over the whole text (about 25 µs for a
policy), so there are few: UUIDs and clock times by their punctuation, ids by the labels
"build", "ID", "token" and "SHA", relative times by each language's hint ("ago", "il y a")
(lower case: "Vor 3 Minuten" opening a line is not masked).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

from watcher.languages import every_language

ID = "[id]"
TIME = "[time]"

_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_UUID_HINT = re.compile(r"-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b")
_CLOCK_HINT = re.compile(r":\d\d:\d\d")

# A word of eight characters or more; `_as_id` tells whether it is a hexadecimal id (a hash,
# a request id) or a token (session, CSRF, nonce: base64 or base64url).
_WORD = re.compile(r"[\w-]{8,}")
_HEX_CHARS = frozenset("0123456789abcdefABCDEF")
_TOKEN_LENGTH = 20
# A random base64 string switches between digits, lower and upper case about twice in three
# characters; words with a number a few times in all.
_TOKEN_SWITCHES = 1 / 4  # per character
# The labels of ids, "Build"/"build" as "uild": each hint is a pass over the whole text.
_ID_HINTS = ("uild ", "ID", "oken", "SHA")

_UNITS = "(?:{})".format("|".join(units for _, units in every_language("TIME_UNITS")))
_COUNT = r"(?:\d+|{})".format(
    "|".join(c for _, counts in every_language("COUNT_WORDS") for c in counts.split())
)
_RELATIVE = re.compile(
    "|".join(
        pattern.format(count=_COUNT, units=_UNITS)
        for _, times in every_language("RELATIVE_TIMES")
        for _, pattern in times
    ),
    re.I,
)
_RELATIVE_HINTS = tuple(hint for _, times in every_language("RELATIVE_TIMES") for hint, _ in times)

_WIDGET_LINE = 200  # characters


Search = Callable[[str, int], "tuple[int, int] | None"]  # text, from -> (start, end)


def mask_volatile(text: str) -> str:
    """`text` with its volatile fragments replaced by "[id]" or "[time]"."""
    text = _in_lines(text, functools.partial(_match, _UUID_HINT), _mask_uuids)
    text = _in_lines(text, functools.partial(_match, _CLOCK_HINT), _mask_clocks)
    for hints, fix in ((_ID_HINTS, _mask_ids), (_RELATIVE_HINTS, _mask_relative)):
        for hint in hints:
            text = _in_lines(text, functools.partial(_find, hint), fix, _WIDGET_LINE)
    return text


def _in_lines(
    text: str, search: Search, fix: Callable[[str], str], max_len: int | None = None
) -> str:
    """`text` with `fix` applied to each line (of at most `max_len` characters) in which
    `search` finds something."""
    out: list[str] = []
    done = at = 0
    while (found := search(text, at)) is not None:
        start = text.rfind("\n", 0, found[0]) + 1
        end = text.find("\n", found[1])
        at = end = len(text) if end < 0 else end
        if max_len is not None and end - start > max_len:
            continue
        line = text[start:end]
        fixed = fix(line)
        if fixed != line:
            out += (text[done:start], fixed)
            done = end
    return "".join(out) + text[done:] if out else text


def _find(literal: str, text: str, at: int) -> tuple[int, int] | None:
    i = text.find(literal, at)
    return None if i < 0 else (i, i + len(literal))


def _match(pattern: re.Pattern[str], text: str, at: int) -> tuple[int, int] | None:
    m = pattern.search(text, at)
    return None if m is None else m.span()


def _mask_uuids(line: str) -> str:
    return _UUID.sub(ID, line)


def _mask_clocks(line: str) -> str:
    return _CLOCK.sub(TIME, line)


def _mask_ids(line: str) -> str:
    return _WORD.sub(_as_id, line)


def _mask_relative(line: str) -> str:
    return _RELATIVE.sub(TIME, line)


def _as_id(match: re.Match[str]) -> str:
    word = match.group()
    if not any(c.isdigit() for c in word) or word.isdigit():
        return word
    if _HEX_CHARS.issuperset(word):
        return ID
    chars = word.replace("-", "").replace("_", "")
    if len(word) < _TOKEN_LENGTH or chars.islower() or chars.isupper():
        return word
    return ID if _switches(chars) >= _TOKEN_SWITCHES * len(chars) else word


def _kind(char: str) -> int:
    return 0 if char.isdigit() else 1 if char.islower() else 2 if char.isupper() else 3


def _switches(chars: str) -> int:
    return sum(1 for a, b in itertools.pairwise(chars) if _kind(a) != _kind(b))
