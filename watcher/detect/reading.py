"""A passage as a reader reads it: what extraction from PDFs and web pages garbles, undone.

* Compatibility characters are folded (NFKC): the ligature "ﬁ" of a PDF reads "fi",
  full-width letters read as letters;
* a word hyphenated at a line end is joined ("entraî-\\nner" reads "entraîner");
* an address (a URL, a domain with a path, an e-mail address) is blanked: "…/footnote-algorithm"
  or "support-chatbot?nodeId=…" in a link says nothing about what the passage says.

The first two change lengths, so the reading form comes with a map from its offsets back to
the passage's, and cues found in it are reported where they are in the passage.
"""

from __future__ import annotations

import re
import unicodedata

# Every part bounded and anchored at the start of its run: linear on hostile text.
_URL = re.compile(
    r"(?:https?://|www\.)[^\s)\]>\"']+|(?<![\w.-])[\w-]{1,63}(?:\.[\w-]{1,63})+/[^\s)\]>\"']*"
    r"|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"
)
# A word cut at a line end: letters on both sides, a lower-case one after ("AI-\ntraining"
# and "KI-\nTraining" are compounds, kept).
_HYPHENATED = re.compile(r"(?<=[^\W\d_])(?<![A-Z][A-Z])-\n(?=[a-zà-ÿ])")


def blank_addresses(text: str) -> str:
    """`text` with its addresses replaced by as many spaces (every offset kept)."""
    if "://" in text or "www." in text or "@" in text:
        # A bare "domain/path" is blanked only in the company of a scheme, "www." or "@": a
        # "/" alone is mostly "and/or", and looking for addresses costs more than it finds.
        return _URL.sub(lambda m: " " * len(m.group()), text)
    return text


def reading_form(text: str) -> tuple[str, tuple[int, ...] | None]:
    """(reading form, map) — map[i] is the offset in `text` of the reading form's character i,
    with one more entry for the end; None when the reading form is `text` with its addresses
    blanked (same offsets)."""
    text = blank_addresses(text)
    if "-\n" not in text and (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    changed = False
    skip = {m.start() + k for m in _HYPHENATED.finditer(text) for k in (0, 1)}
    for i, char in enumerate(text):
        if i in skip:
            changed = True
            continue
        folded = unicodedata.normalize("NFKC", char) if not char.isascii() else char
        if folded != char:
            changed = True
        pieces.append(folded)
        offsets.extend([i] * len(folded))
    if not changed:
        return text, None
    offsets.append(len(text))
    return "".join(pieces), tuple(offsets)
