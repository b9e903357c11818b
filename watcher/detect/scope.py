"""Whether one clause, kept with the same meaning, now covers more or less than before.

Two findings that say the same thing (same topic, stance, data categories …) may still differ
in reach: a plan dropped from a no-training commitment ("Enterprise, Team and Edu" ->
"Enterprise and Edu"), data added to a permission ("your posts" -> "your posts and
comments"), a ban extended from one kind of AI to all of it ("generative AI models" -> "AI
models"). Only a change that does nothing but add or drop words is read this way:

* the words differ by one run of inserted or deleted words (words such as "any" and "all"
  aside: "train any AI models" is "train AI models");
* the run is short, on one line (a list item's finding spans the items between it and its
  lead-in, which are not part of the clause), and stands in an enumeration — next to a
  comma, a slash or a word such as "and", "or", "et", "und" — or inside the AI term itself;
  a clause appended at the end of the sentence (", as explained below") is neither;
* words added to an enumeration widen the clause, words added to its AI term ("AI models" ->
  "generative AI models") narrow it, and the reverse.

Anything else (a rewording, words both added and dropped) is left to the other rules.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from watcher.detect.lexicon import words
from watcher.models import Finding

MAX_RUN = 5  # words: an item of a list, not a sentence
_TOKEN = re.compile(r"\w+(?:['-]\w+)*")
# Words that widen nothing by themselves: "train (any) AI models".
_UNIVERSAL = words(
    """
any all every entire tout tous toute toutes alle jede jeder jedes cualquier todos todas
qualsiasi tutti tutte qualquer quaisquer elke
"""
)
# "of" (Dutch "or") is left out: in English it joins a noun to its complement.
_JOINTS = words("and or nor et ou ni und oder sowie y o e ed oppure nem en noch")
# Words that make an inserted run an exception, which narrows what it seems to add.
_EXCEPTIONS = words(
    "except excluding sauf excepté hormis außer ausgenommen excepto salvo tranne"
    " eccetto exceto behalve uitgezonderd"
)
_CLOSING = " \t\n*_)]\"'”’»"


def widened(before: Finding, after: Finding) -> bool | None:
    """True if `after` covers more than `before`, False if less, None if neither or unclear."""
    old, new = _tokens(before.text), _tokens(after.text)
    ops = [
        op
        for op in SequenceMatcher(
            None, [t for t, _, _ in old], [t for t, _, _ in new]
        ).get_opcodes()
        if op[0] != "equal"
    ]
    if len(ops) != 1 or ops[0][0] not in ("insert", "delete"):
        return None
    tag, i1, i2, j1, j2 = ops[0]
    finding, tokens, lo, hi = (after, new, j1, j2) if tag == "insert" else (before, old, i1, i2)
    if hi - lo > MAX_RUN:
        return None
    start, end = tokens[lo][1], tokens[hi - 1][2]
    outer_start = tokens[lo - 1][2] if lo > 0 else start
    outer_end = tokens[hi][1] if hi < len(tokens) else end
    if "\n" in finding.text[outer_start:outer_end]:
        return None  # other items of a list between a lead-in and its item: not this clause
    in_ai_term = any(
        c.kind == "ai_term" and c.start <= start and end <= c.end for c in finding.cues
    )
    if not in_ai_term and not _in_enumeration(finding.text, tokens, lo, hi):
        return None
    added = tag == "insert"
    return added != in_ai_term


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [
        (m.group().lower(), m.start(), m.end())
        for m in _TOKEN.finditer(text)
        if m.group().lower() not in _UNIVERSAL
    ]


def _in_enumeration(text: str, tokens: list[tuple[str, int, int]], lo: int, hi: int) -> bool:
    """The run tokens[lo:hi] is an item of a list: a joint word or mark on one side, and more
    of the sentence after it."""
    start, end = tokens[lo][1], tokens[hi - 1][2]
    if text[end:].strip(_CLOSING) in ("", ".", ";", ":", "!", "?"):
        return False  # appended at the end: a clause, not an item
    if any(tokens[k][0] in _EXCEPTIONS for k in range(lo, hi)):
        return False  # "your posts, except private ones": an exception, not an item
    before = text[tokens[lo - 1][2] : start] if lo > 0 else ""
    after = text[end : tokens[hi][1]] if hi < len(tokens) else ""
    marks = any(m in before + after for m in (",", "/", ";"))
    joints = (lo > 0 and tokens[lo - 1][0] in _JOINTS) or (
        hi < len(tokens) and tokens[hi][0] in _JOINTS
    )
    inner = tokens[lo][0] in _JOINTS or tokens[hi - 1][0] in _JOINTS  # "and comments"
    # A qualifier glued to the next word ("and public comments") is no item of its own.
    qualifier = (
        not inner and hi < len(tokens) and not after.strip() and (tokens[hi][0] not in _JOINTS)
    )
    return (marks or joints or inner) and not qualifier
