"""Is a 200 page the document, or something standing in its place?

`suspicion` looks at a fetched page's canonical text, its `<title>` and the last good
version's text, and names what the page looks like instead: a bot challenge, a login wall,
a consent interstitial, an error page, or a document that lost most of its text.
A suspicious check stores nothing: it counts as a failed check (kind `suspicious`).

Real policies talk about signing in, cookies and captchas, so phrases in the text only count
on a short page (`SHORT_WORDS`), where they are what the page is about; titles and the
markup of challenge pages are strong signals on any page. Pure: no I/O.
"""

from __future__ import annotations

import html
import re

# A page of fewer words is "short": an interstitial or an error page, not a policy. Real
# policies run to thousands of words; the shortest real excerpt in tests/data has ~170.
SHORT_WORDS = 120
LONGEST_WORD = 40  # characters, spaces included: SHORT_WORDS of these make a long text
# A text shorter than this share of the last good version's is taken for a broken page, not an
# edit: policies grow or are rewritten section by section, they rarely lose half at once,
# while a truncated render, a half-loaded app shell or a wrong `select` does exactly that.
MIN_LENGTH_RATIO = 0.5
HEAD_CHARS = 32 * 1024  # how much of the raw page the caller passes as `raw_html_head`

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile("|".join(phrases), re.I)


# Titles that are never a document's: anchored at the start of the title.
_TITLES = {
    "a bot challenge": _any(
        r"^just a moment",
        r"^attention required",
        r"^checking your browser",
        r"^(are you a (robot|human))",
        r"^(please )?verify(ing)? (that )?you are (a )?human",
        r"^security check",
        r"^captcha",
        r"^ddos-guard",
        r"^access denied",
        r"^request blocked",
        r"^you have been blocked",
        r"^pardon our interruption",
        r"^one more step",
    ),
    "a login wall": _any(r"^(sign|log)[ -]?in\b", r"^login\b"),
    "a consent interstitial": _any(r"^before you continue", r"^(cookie|privacy) consent"),
    "an error page": _any(
        r"^(error )?[45]\d\d(\s*[-:|]|\s+(not|error|forbidden|internal|service|bad|page)|$)",
        r"^(page )?not found",
        r"^internal server error",
        r"^service (temporarily )?unavailable",
        r"^bad gateway",
        r"^gateway time-?out",
        r"^error\b",
    ),
}
# Markup only challenge pages carry, on any page length.
# Plain substrings of the lower-cased head: a case-blind regex alternation over 32 KB cost
# a millisecond a page.
_CHALLENGE_MARKUP = ("cf-challenge", "_cf_chl_opt", "/cdn-cgi/challenge-platform", "cf-chl-")
# Phrases that make a short page what it is.
_PHRASES = {
    "a bot challenge": _any(
        r"checking (if the site connection is secure|your browser)",
        r"verify (that )?you are (a )?human",
        r"are you a robot",
        r"captcha",
        r"access denied",
        r"enable javascript and cookies to continue",
        r"unusual traffic",
        r"you have been blocked",
    ),
    "a login wall": _any(
        r"(sign|log) ?in to (continue|view|access|read)",
        r"please (sign|log) ?in",
        r"you (must|need to) (be logged in|sign in|log in)",
    ),
    "a consent interstitial": _any(r"\b(accept|reject) all\b", r"manage (cookies|consent)"),
    "an error page": _any(
        r"\b404\b",
        r"page (was )?not found",
        r"internal server error",
        r"service (temporarily )?unavailable",
        r"bad gateway",
        r"(page|document) (you requested |you are looking for )?(does not|doesn't) exist",
    ),
}
_PASSWORD = re.compile(r"<input[^>]*type\s*=\s*[\"']?password", re.I)


def title_of(raw_html_head: str) -> str:
    """The page's `<title>`, unescaped and with whitespace collapsed; "" when none."""
    m = _TITLE.search(raw_html_head)
    return " ".join(html.unescape(m.group(1)).split()) if m else ""


def suspicion(new_text: str, old_text: str | None, raw_html_head: str) -> str | None:
    """A short reason why the page does not look like the document, or None when it does."""
    return impostor(new_text, raw_html_head) or shrinkage(new_text, old_text)


def impostor(new_text: str, raw_html_head: str) -> str | None:
    """Why the page is something else than the document (challenge, login, error page)."""
    title = title_of(raw_html_head)
    for what, pattern in _TITLES.items():
        if pattern.search(title):
            return f'{what} (title "{title[:80]}")'
    low = raw_html_head.lower()
    if any(marker in low for marker in _CHALLENGE_MARKUP):
        return "a bot challenge (challenge markup)"
    # A text far longer than SHORT_WORDS words of any length is not short: no need to
    # split a whole policy into words to know it.
    if len(new_text) <= SHORT_WORDS * LONGEST_WORD and len(new_text.split()) <= SHORT_WORDS:
        for what, pattern in _PHRASES.items():
            m = pattern.search(new_text)
            if m:
                return f'{what} (a short page saying "{m.group()}")'
        if _PASSWORD.search(raw_html_head):
            return "a login wall (a short page with a password field)"
    return None


def shrinkage(new_text: str, old_text: str | None) -> str | None:
    """Why the text looks truncated: it lost most of its length since the last version.

    Headings are not counted: a redesign often turns headings into bold paragraphs
    (a real rewrite in the replay corpus went from 15 headings to 1 at 86 % length).
    """
    if not old_text:
        return None
    old_len, new_len = len(old_text), len(new_text)
    if new_len < MIN_LENGTH_RATIO * old_len:
        lost = round(100 * (1 - new_len / old_len))
        return f"the text lost {lost}% of its length since the last version"
    return None


def clean_removal(new_text: str, old_text: str | None) -> bool:
    """True when `new_text` is `old_text` with whole blocks dropped and nothing else: every
    block of the new text is a block of the old one, in the same order, and the old text's
    first and last blocks are still there.

    That is a real removal (a policy dropping the "upcoming version" it showed above the
    current one, or a section), not a broken page: a truncated page loses its end, a page
    cut mid-block or an error page has blocks of its own, an app shell keeps only its frame.
    """
    if not old_text:
        return False
    old_blocks, new_blocks = _blocks(old_text), _blocks(new_text)
    if len(new_blocks) < 2 or new_blocks[0] != old_blocks[0] or new_blocks[-1] != old_blocks[-1]:
        return False
    remaining = iter(old_blocks)
    return all(block in remaining for block in new_blocks)  # an ordered subsequence


def _blocks(text: str) -> list[str]:
    return [b for b in (part.strip() for part in text.split("\n\n")) if b]
