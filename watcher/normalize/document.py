"""A fetched document read into canonical text, whatever brought it: one body, a combined
document's envelope, a stored raw body (`rebuild`), a local file (`scan`).

Its text is the parts' canonical texts in order, separated by a blank line, with no heading
of ours in between (the stored text is only the documents' own words), with the watch's
`ignore` expressions cut out.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace

from watcher.envelope import COMBINED_TYPE, Part, unpack
from watcher.errors import NormalizeError
from watcher.models import FetchResult, Normalized, Rules
from watcher.normalize.core import is_pdf, normalize_document
from watcher.normalize.text import canonicalize_text


def reading_copy(result: FetchResult) -> FetchResult:
    """`result` with only what `text_of` reads, to cross to a worker process: its bytes, not
    its decoded text as well. Bytes are copied as they are; a str is encoded to UTF-8 and
    decoded again (for a 210 KB page: 0.37 ms to send the text, 0.1 ms the bytes)."""
    return replace(result, text="")


def text_of(result: FetchResult, rules: Rules) -> Normalized:
    """Canonical text of what `fetch` returned, read from its bytes (decoded with the codec
    the fetcher chose, so the same text as its `text`), as `rebuild` reads a stored body."""
    if result.content_type == COMBINED_TYPE:
        n = _joined(unpack(result.body), rules)
    else:
        n = _part_text(Part(result.url, result.body, result.content_type, result.charset), rules)
    return replace(n, text=without_ignored(n.text, rules)) if rules.ignore else n


def stored_text(body: bytes, stored_type: str, rules: Rules) -> str:
    """Canonical text of a stored raw body (`stored_type` as `stored_type()` wrote it)."""
    media, charset = _split_type(stored_type)
    if media == COMBINED_TYPE:
        text = _joined(unpack(body), rules).text
    else:
        text = _part_text(Part("", body, media, charset), rules).text
    return without_ignored(text, rules)


def without_ignored(text: str, rules: Rules) -> str:
    """Canonical `text` with every match of the rules' `ignore` expressions cut out.

    Applied to the whole canonical text (so an expression may span lines), then made canonical
    again: a line left empty becomes a block break, and spaces around a cut collapse.
    """
    for pattern in rules.ignore:
        text = re.sub(pattern, "", text)
    return canonicalize_text(text) if rules.ignore else text


def stored_type(result: FetchResult) -> str:
    """The content type stored with a raw body; the charset travels with it for `rebuild`."""
    if result.charset:
        return f"{result.content_type}; charset={result.charset}"
    return result.content_type


def _joined(parts: list[Part], rules: Rules) -> Normalized:
    """The parts' texts in order, each read with its own rules when it has some
    (`[[watch.parts]]`), else with the watch's."""
    texts = []
    unmatched: set[str] | None = None
    own: list[str] = []  # parts' own selectors that match nothing in their part
    for i, part in enumerate(parts):
        n = _part_text(part, rules.for_part(i))
        if not n.text.strip():
            why = "the select rules match nothing" if n.unmatched_select else "it has no text"
            raise NormalizeError(f"part {part.url}: {why}")
        texts.append(n.text)
        own += [s for s in n.unmatched_select if s not in own]
        here = set(n.unmatched_select)
        unmatched = here if unmatched is None else unmatched & here
    # Every part's text ends with one newline: joined by another, parts are blocks apart.
    if rules.parts:
        return Normalized("\n".join(texts), tuple(own))
    kept = tuple(s for s in rules.select if s in (unmatched or set()))
    return Normalized("\n".join(texts), kept)


def _part_text(part: Part, rules: Rules) -> Normalized:
    pdf = is_pdf(part.content_type)  # read from its bytes, not from a text
    text, utf8 = ("", None) if pdf else _decode(part.body, part.charset)
    return normalize_document(part.body, text, part.content_type, rules, utf8=utf8)


def _split_type(stored: str) -> tuple[str, str | None]:
    media, _, params = stored.partition(";")
    charset = params.partition("charset=")[2].strip() or None
    return media.strip(), charset


def _decode(body: bytes, charset: str | None) -> tuple[str, bytes | None]:
    """The text the fetcher decoded from `body` with the codec it chose, `charset`; and the
    text's UTF-8 bytes when `body` already is them (the parser reads those, not a new copy).
    """
    codec = charset or "utf-8"
    try:
        if codecs.lookup(codec).name == "utf-8":
            utf8 = body.removeprefix(codecs.BOM_UTF8)  # the fetcher skipped a mark too
            return utf8.decode("utf-8"), utf8
    except (LookupError, UnicodeDecodeError):  # not valid UTF-8: read with U+FFFD below
        pass
    try:
        text = body.decode(codec, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return text.removeprefix("\ufeff"), None  # a byte order mark: the fetcher skipped it too
