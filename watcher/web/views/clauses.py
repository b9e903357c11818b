"""AI-training passages as pages show them: what each means, the cues that made it one, how
it changed; and what a document says about training AI, at a glance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from watcher import diff
from watcher.models import (
    AIChangeKind,
    ChangeOp,
    Cue,
    Direction,
    Finding,
    FindingReport,
    Segment,
    Stance,
    Topic,
)
from watcher.notify.render import meaning, transition

# A stance at a glance has a key (for a CSS class): the stance, or "ban" for a ban on others
# training AI on the document's service. Listed from most permissive to most protective.
BAN = "ban"
_STANCE_ORDER = {
    Stance.ALLOWED.value: 0,
    Stance.OPT_OUT.value: 1,
    Stance.CONSENT.value: 2,
    Stance.NOT_ALLOWED.value: 3,
    BAN: 4,
}


@dataclass(frozen=True)
class StanceWords:
    """One thing a document says about training AI, in plain words; `key` is the stance (or
    "ban" for a ban on others training on its content)."""

    key: str
    words: str


@dataclass(frozen=True)
class Clause:
    """One AI-training passage, with what it means and the cues that made it one."""

    text: str
    topic: Topic
    stance: Stance | None
    lang: str
    meaning: str
    cues: tuple[Cue, ...]
    parts: tuple[tuple[str, str | None], ...]  # the text cut at its cues: (text, cue kind)


@dataclass(frozen=True)
class ClauseChange:
    """One AI-training clause that appeared, changed or was removed (or is present)."""

    change: AIChangeKind
    direction: Direction | None
    words: str  # "now may train AI on your data unless you opt out (was: …)"
    before: Clause | None
    after: Clause | None
    # The clause's words before → after, marked: when both exist and mostly say the same;
    # () when they are too different for marks to help (a page shows both whole).
    marks: tuple[Segment, ...] = ()


def clause(f: Finding) -> Clause:
    """A finding as a page shows it: its meaning, and its text cut at its cues."""
    return Clause(f.text, f.topic, f.stance, f.lang, meaning(f), f.cues, _cue_parts(f))


def clause_change(item: FindingReport) -> ClauseChange:
    """One finding's change, in plain words, with the clause's changed words marked."""
    before, after = item.before, item.after
    marks: tuple[Segment, ...] = ()
    if before is not None and after is not None and before.text != after.text:
        d = diff.compute(before.text + "\n", after.text + "\n")
        if len(d.changes) == 1 and d.changes[0].op is ChangeOp.MODIFIED:
            marks = d.changes[0].segments
        # else: too different for marks to help; a page shows both passages whole
    return ClauseChange(
        change=item.change,
        direction=item.direction,
        words=transition(item),
        before=clause(before) if before is not None else None,
        after=clause(after) if after is not None else None,
        marks=tuple(marks),
    )


def stances(findings: Iterable[Finding]) -> tuple[StanceWords, ...]:
    """What a document says about training AI, each thing once, most permissive first."""
    seen: dict[str, StanceWords] = {}
    for f in findings:
        if f.topic is Topic.THIRD_PARTY_TRAINING_BAN:
            key = BAN
        elif f.topic is Topic.USER_DATA_TRAINING and f.stance is not None:
            key = f.stance.value
        else:
            continue
        seen.setdefault(key, StanceWords(key, meaning(f)))
    return tuple(sorted(seen.values(), key=lambda s: _STANCE_ORDER[s.key]))


def _cue_parts(f: Finding) -> tuple[tuple[str, str | None], ...]:
    """The passage cut into runs, each cue's run labelled with its kind (overlaps skipped)."""
    parts: list[tuple[str, str | None]] = []
    pos = 0
    for cue in sorted(f.cues, key=lambda c: (c.start, -c.end)):
        if cue.start < pos or cue.end > len(f.text) or cue.end <= cue.start:
            continue
        if f.text[cue.start : cue.end].casefold() != cue.text.casefold():
            continue  # offsets of another reading of the passage: not to be trusted here
        if cue.start > pos:
            parts.append((f.text[pos : cue.start], None))
        parts.append((f.text[cue.start : cue.end], cue.kind))
        pos = cue.end
    if pos < len(f.text):
        parts.append((f.text[pos:], None))
    return tuple(parts)
