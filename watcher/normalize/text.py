"""Canonical text: Unicode and whitespace canonicalization, and the block convention.

Canonical text is NFC; typographic quotes, dashes and the ellipsis are folded to ASCII;
invisible characters are dropped; lines are stripped with single spaces inside; blocks are
separated by exactly one blank line; it ends with one newline, or is "" when there is no text.
The only whitespace characters left are " " and "\\n".
"""

from __future__ import annotations

import re
import unicodedata

# Every character str.split() and str.strip() treat as whitespace (the test suite checks the
# list against str.isspace); of these only " " is printable, which the fast paths rely on.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space, non-joiner and joiner; LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible math operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # byte order mark, zero-width no-break space
)
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F])
_C1_CONTROLS = "".join(chr(c) for c in range(0x80, 0xA0) if c != 0x85)

# Look-alikes that must compare equal. Unicode spaces need no entry: str.split() collapses them.
_TYPOGRAPHY = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a", "'"),  # ‘ ’ ‚ ‛ ‹ ›
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb", '"'),  # “ ” „ ‟ « »
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),  # hyphens, dashes, minus
    "\u2026": "...",
}
_FOLD = {
    **_TYPOGRAPHY,
    **dict.fromkeys("\r\v\f\x85\u2028", "\n"),  # line breaks ("\r\n" is handled first)
    "\u2029": "\n\n",  # paragraph separator: a block break
    **dict.fromkeys("\x1c\x1d\x1e\x1f", " "),  # information separators
    **dict.fromkeys(INVISIBLE + _CONTROLS + _C1_CONTROLS, ""),
}
_FOLD_RE = re.compile("[" + "".join(re.escape(char) for char in sorted(_FOLD)) + "]")


def _fold_match(match: re.Match[str]) -> str:
    return _FOLD[match.group()]


def canonicalize_text(text: str) -> str:
    """Canonical form of text: folded, NFC, whitespace collapsed, blank-line blocks kept."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # a lone "\r" is folded below
    # Printable means no control, format or whitespace character but " " (newlines aside): the
    # common case, where a few str.replace calls cost far less than a regex pass.
    printable = text.replace("\n", "").isprintable()
    if printable:
        for char, simple in _TYPOGRAPHY.items():
            if char in text:
                text = text.replace(char, simple)
    else:
        # Fold before NFC: dropping an invisible character can join a letter and its combining
        # mark. NFC never produces a character that folding changes (the test suite checks it).
        text = _FOLD_RE.sub(_fold_match, text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if not (printable and _tidy_spaces(text)):
        text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    text = text.strip("\n")
    return text + "\n" if text else ""


def _tidy_spaces(text: str) -> bool:
    """True when no line has a leading, trailing or double space."""
    return (
        "  " not in text
        and " \n" not in text
        and "\n " not in text
        and text[:1] != " "
        and text[-1:] != " "
    )


_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def blocks(text: str) -> list[str]:
    """The blocks of canonical text: for canonical text, text[:-1].split("\\n\\n")."""
    return [block for block in _BLANK_LINES.split(text.strip("\n")) if block.strip()]
