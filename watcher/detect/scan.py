"""A whole normalized document -> its findings of AI-training language.

Every passage is classified on its own. A list item whose own words make it AI-training
language is classified again together with its lead-in, the sentence ending with ":" before
the list ("We will never use your data to:" / "You may not:"), because the lead-in often holds
the negation or the prohibition. The finding then spans from the lead-in to the item, so that
its cues keep their offsets; only the item's classification decides whether there is one.

Speed: trigger words are located once for the whole document (str.find), and only blocks
holding one are split into sentences and classified.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache

from watcher.detect.classify import Analysis, analyse
from watcher.detect.evidence import trigger_positions
from watcher.detect.language import detect_language
from watcher.detect.passages import blocks, sentences
from watcher.models import Cue, Finding, Topic

FINDING_TOPICS = frozenset({Topic.USER_DATA_TRAINING, Topic.THIRD_PARTY_TRAINING_BAN})
MAX_LEAD_IN = 400  # characters: longer "lead-ins" are paragraphs of their own
SHORT_PASSAGE = 40  # characters: too few to tell a passage's language from its document's
_HEADING = re.compile(r"#{1,6}[ \t]+")
_ITEM = re.compile(r"-[ \t]+")
_LEAD_IN_END = re.compile(r":[*_\s]*$")


def scan(text: str) -> tuple[Finding, ...]:
    """Findings (user_data_training and third_party_training_ban) of a normalized document."""
    triggers = trigger_positions(text)
    if not triggers:
        return ()
    # The document's language, for passages too short to tell their own: found when needed.
    doc_lang = cache(lambda: detect_language(text))
    findings: list[Finding] = []
    lead_in: tuple[int, int] | None = None
    for start, end in blocks(text):
        heading = _HEADING.match(text, start, end)
        item = _ITEM.match(text, start, end)
        hot = _holds(triggers, start, end)
        ends_with_colon = bool(_LEAD_IN_END.search(text, start, end))
        spans: list[tuple[int, int]] = []
        if heading:
            spans = [(heading.end(), end)] if hot else []
        elif hot or ends_with_colon:
            spans = sentences(text, item.end() if item else start, end)
        for span_start, span_end in spans:
            if not _holds(triggers, span_start, span_end):
                continue
            finding = _finding(text, span_start, span_end, doc_lang, lead_in if item else None)
            if finding is not None:
                findings.append(finding)
        if not item:
            lead_in = None
            if ends_with_colon and not heading and spans:
                last = spans[-1]
                lead_in = last if last[1] - last[0] <= MAX_LEAD_IN else None
    return tuple(findings)


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
