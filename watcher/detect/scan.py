"""A whole normalized document -> its findings of AI-training language.

Every passage is classified on its own. A list item whose own words make it AI-training
language is classified again together with its lead-in, the sentence ending with ":" before
the list ("We will never use your data to:" / "You may not:"), because the lead-in often holds
the negation or the prohibition. The finding then spans from the lead-in to the item, so that
its cues keep their offsets; only the item's classification decides whether there is one.

A permission is read together with the sentence after it when that sentence, which says
nothing of training on its own, states how to refuse: "We use your messages to train our
models. You can object to this in the settings." is one opt-out; a refusal, when it states
an opt-in exception ("… The exception is when you choose to rate a response.").

The findings of a document are a set: a clause repeated on the page (an upcoming policy
shown above the current one, a summary repeating a section) is found once, where it first
appears.

Speed: trigger words are located once for the whole document (one Aho-Corasick pass), and
only the blocks holding one are read: split into sentences and classified. A list item's
lead-in is found by looking back from the item, past the items before it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache

from watcher.detect.classify import Analysis, analyse
from watcher.detect.evidence import trigger_positions
from watcher.detect.language import detect_language
from watcher.detect.lexicon import refers_back
from watcher.detect.passages import blocks, sentences
from watcher.models import Cue, Finding, Stance, Topic

FINDING_TOPICS = frozenset({Topic.USER_DATA_TRAINING, Topic.THIRD_PARTY_TRAINING_BAN})
MAX_LEAD_IN = 400  # characters: longer "lead-ins" are paragraphs of their own
MAX_WITH_CONDITION = 1200  # characters of a permission and the sentence after it
MIN_SEPARATORS = 2  # ";" after the colon: a list of three items at least, not "Note: …; …"
# The stances a finding may take when read with the sentence after it.
_LOOSER = {
    Stance.ALLOWED: (Stance.OPT_OUT, Stance.CONSENT),
    Stance.NOT_ALLOWED: (Stance.CONSENT,),
}
SHORT_PASSAGE = 40  # characters: too few to tell a passage's language from its document's
_HEADING = re.compile(r"#{1,6}[ \t]+")
_ITEM = re.compile(r"-[ \t]+")
_LEAD_IN_END = re.compile(r":[*_\s]*$")
# Items of a list inside one sentence: cut after each ";"; an item may open with "(a)", "b)",
# "(iv)", "2." or "and"/"or".
_ITEM_SEPARATOR = re.compile(r";")
_ITEM_MARKER = re.compile(
    r"\s*(?:(?:and|or|et|ou|und|oder|y|o|e|en|of)\s+)?(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[).]\s+)?"
)
_WORDS = re.compile(r"\w+")
_CUT_WORD = re.compile(r"-\n")


def scan(text: str) -> tuple[Finding, ...]:
    """Findings (user_data_training and third_party_training_ban) of a normalized document."""
    triggers = trigger_positions(text)
    if "-\n" in text:  # "trai-\nning": a word cut at a line end may hide a trigger word
        triggers = sorted(triggers + [m.start() for m in _CUT_WORD.finditer(text)])
    if not triggers:
        return ()
    # The document's language, for passages too short to tell their own: found when needed.
    doc_lang = cache(lambda: detect_language(text))
    spans_of = blocks(text)
    starts = [start for start, _ in spans_of]
    # Only the blocks holding a trigger word are read (a few in a hundred); a list item's
    # lead-in is looked for when an item needs it.
    hot = sorted({bisect.bisect_right(starts, t) - 1 for t in triggers} - {-1})
    anchors: dict[int, int] = {}
    findings: list[Finding] = []
    seen: set[str] = set()
    for i in hot:
        start, end = spans_of[i]
        if not _holds(triggers, start, end):  # the trigger was in the blank after the block
            continue
        heading = _HEADING.match(text, start, end)
        item = _ITEM.match(text, start, end)
        if heading:
            spans = [(heading.end(), end)]
        else:
            spans = sentences(text, item.end() if item else start, end)
        lead_in = _lead_in(text, spans_of, i, anchors) if item and not heading else None
        for k, (span_start, span_end) in enumerate(spans):
            if not _holds(triggers, span_start, span_end):
                continue
            items = _inline_list(text, span_start, span_end, doc_lang)
            for finding in items or [_finding(text, span_start, span_end, doc_lang, lead_in)]:
                if finding is not None and k + 1 < len(spans):
                    finding = _with_condition(text, finding, spans[k + 1])
                if finding is not None and (key := clause_key(finding)) not in seen:
                    seen.add(key)
                    findings.append(finding)
    return tuple(findings)


def _with_condition(text: str, finding: Finding, following: tuple[int, int]) -> Finding:
    """A permission read with the sentence after it when that sentence, pointing back to it
    ("this", "y", "hiertegen"), says how to refuse ("We use your messages to train our
    models. You can object to this in the settings."); a refusal, with the opt-in exception
    after it ("We do not train on your chats. The exception is when you choose to rate a
    response."). The finding then spans both and takes the stance they state together."""
    if finding.topic is not Topic.USER_DATA_TRAINING or finding.stance not in _LOOSER:
        return finding
    start, end = following
    if end - finding.start > MAX_WITH_CONDITION or "\n" in finding.text:
        return finding  # a list item's finding spans its siblings: not read further
    if not refers_back(text[start:end], finding.lang):
        return finding  # "You can opt out of cookies in your browser settings."
    alone = analyse(text[start:end], finding.lang)
    if alone.topic in FINDING_TOPICS:
        return finding  # a clause of its own, found on its own
    joined = analyse(text[finding.start : end], finding.lang)
    if joined.topic is not Topic.USER_DATA_TRAINING or joined.stance not in _LOOSER[finding.stance]:
        return finding
    return _make(text, finding.start, end, joined, joined.cues)


def _inline_list(text: str, start: int, end: int, doc_lang: Callable[[], str]) -> list[Finding]:
    """The findings of a list written inside one sentence ("You may not: (a) copy …; (b) use
    the Service to train …; (c) …"), each item read with its lead-in; [] when the sentence
    is no such list, or none of its items is AI-training language (the sentence is then read
    whole)."""
    colon = text.find(": ", start, end)
    if colon < 0 or colon - start > MAX_LEAD_IN or text.count(";", colon, end) < MIN_SEPARATORS:
        return []
    lead = (start, colon + 1)
    lang = doc_lang() if end - start < SHORT_PASSAGE else detect_language(text[start:end])
    found: list[Finding] = []
    pos = colon + 1
    for cut in [m.end() for m in _ITEM_SEPARATOR.finditer(text, colon, end)] + [end]:
        item = _ITEM_MARKER.match(text, pos, cut)
        item_start = item.end() if item else pos
        while item_start < cut and text[item_start].isspace():
            item_start += 1
        if cut - item_start > 3 and analyse(text[item_start:cut], lang).topic in FINDING_TOPICS:
            finding = _with_lead_in(text, lead, item_start, cut, lang)
            if finding is not None:
                found.append(finding)
        pos = cut
    whole = analyse(text[start:end], lang)
    if whole.stance in (Stance.OPT_OUT, Stance.CONSENT) and any(f.stance in _LOOSER for f in found):
        return []  # the sentence states a condition its items lose: read it whole
    return found


def clause_key(finding: Finding) -> str:
    """What makes two findings one clause: the same words (a clause shown twice on a page, as
    an upcoming and a current policy, is one finding)."""
    return " ".join(_WORDS.findall(finding.text.lower()))


def _lead_in(
    text: str, spans_of: list[tuple[int, int]], i: int, anchors: dict[int, int]
) -> tuple[int, int] | None:
    """The lead-in of the list item in block `i`: the last sentence of the nearest block
    before it that is not an item, when that block ends with ":" and is not a heading."""
    j, walked = i - 1, []
    while j >= 0 and j not in anchors and _ITEM.match(text, *spans_of[j]):
        walked.append(j)
        j -= 1
    j = anchors.get(j, j)  # an item already walked from: its anchor
    for k in walked:
        anchors[k] = j
    if j < 0:
        return None
    start, end = spans_of[j]
    if _HEADING.match(text, start, end) or not _LEAD_IN_END.search(text, start, end):
        return None
    spans = sentences(text, start, end)
    if not spans:
        return None
    last = spans[-1]
    return last if last[1] - last[0] <= MAX_LEAD_IN else None


def _holds(triggers: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(triggers, start)
    return i < len(triggers) and triggers[i] < end


def _finding(
    text: str,
    start: int,
    end: int,
    doc_lang: Callable[[], str],
    lead_in: tuple[int, int] | None,
) -> Finding | None:
    passage = text[start:end].rstrip()
    end = start + len(passage)
    lang = doc_lang() if len(passage) < SHORT_PASSAGE else detect_language(passage)
    analysis = analyse(passage, lang)
    if analysis.topic not in FINDING_TOPICS:
        return None
    if lead_in is not None:
        combined = _with_lead_in(text, lead_in, start, end, lang)
        if combined is not None:
            return combined
    return _make(text, start, end, analysis, analysis.cues)


def _with_lead_in(
    text: str, lead_in: tuple[int, int], start: int, end: int, lang: str
) -> Finding | None:
    """The item read with its lead-in; None when that reading is not AI-training language."""
    head = text[lead_in[0] : lead_in[1]]
    joined = f"{head} {text[start:end]}"
    analysis = analyse(joined, lang)
    if analysis.topic not in FINDING_TOPICS:
        return None
    # Offsets in `joined` -> offsets in the finding's text, document[lead_in[0]:end].
    item_at, shift = len(head) + 1, start - lead_in[0] - len(head) - 1
    cues = []
    for c in analysis.cues:
        if c.end <= len(head):
            cues.append(c)
        elif c.start >= item_at:
            cues.append(Cue(c.kind, c.text, c.start + shift, c.end + shift))
        # a cue straddling the join exists in neither text: dropped
    return _make(text, lead_in[0], end, analysis, tuple(cues))


def _make(text: str, start: int, end: int, a: Analysis, cues: tuple[Cue, ...]) -> Finding:
    return Finding(
        text=text[start:end],
        start=start,
        end=end,
        lang=a.lang,
        topic=a.topic,
        stance=a.stance,
        confidence=a.confidence,
        cues=cues,
        data=a.data,
        actors=a.actors,
    )
