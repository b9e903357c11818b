"""Two versions' findings -> how their AI-training terms changed (or None).

Findings are a set (a clause found twice counts once), matched by what they say, not by
their exact words:

1. same *signature* — topic, stance, data categories, actors, data scope (all / partial /
   de-identified) and whether training is named explicitly or only as "improving" a model —
   best wording first: unchanged, unless the clause now reaches further or less far (a plan
   dropped from a no-training commitment, a ban extended to every kind of AI: see `scope`)
   -> CHANGED;
2. same language, same topic, similar wording (word overlap >= SIMILAR), or same stance: the
   same clause with a changed substance -> CHANGED;
3. different languages, same topic and stance: the same clause in another rendering of the
   page (a translation names data differently, so only topic and stance can be compared);
   a leftover with the topic and stance of a finding in another language on the other side
   is taken for a translation that splits or words the clause differently;
4. what is left -> REMOVED (old) and APPEARED (new).

Direction: a stance moving up PERMISSIVENESS, a restriction (not_allowed, consent, or a
third-party training ban) removed, or a permission (allowed, opt_out) appearing is
MORE_PERMISSIVE; the reverse is LESS_PERMISSIVE; for the same stance, more data, actors or
scope under a permission (or less under a restriction) is MORE_PERMISSIVE and the reverse
LESS_PERMISSIVE; anything else is NEUTRAL. A removed third-party training ban counts as
MORE_PERMISSIVE: third parties lose a prohibition on training on the service's content,
users' posts included. The overall direction is MORE_PERMISSIVE if any change is, else
LESS_PERMISSIVE if all are, else NEUTRAL; severity is high / low / medium accordingly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cache

from watcher.detect.lexicon import LANGUAGES, lexicon
from watcher.detect.reading import reading_form
from watcher.detect.scan import clause_key
from watcher.detect.scope import widened
from watcher.models import (
    PERMISSIVENESS,
    AIChange,
    AIChangeKind,
    Direction,
    Finding,
    FindingChange,
    Stance,
    Topic,
)

SIMILAR = 0.35  # word-set Jaccard above which two same-language findings are one clause
SEVERITY = {
    Direction.MORE_PERMISSIVE: "high",
    Direction.NEUTRAL: "medium",
    Direction.LESS_PERMISSIVE: "low",
}
_WORD = re.compile(r"\w+")
_SCOPE_RANK = {"deidentified": 0, "partial": 1, "all": 2}
_PERMISSIONS = frozenset({Stance.ALLOWED, Stance.OPT_OUT})
# Pairs of findings weighed against each other in one group (same signature, same language
# and topic …). Beyond, a group is paired in reading order: a hostile page of a thousand
# near-identical clauses must not cost a million comparisons.
MAX_WEIGHED = 20_000


@dataclass(frozen=True)
class _Item:
    finding: Finding
    signature: tuple
    words: frozenset[str]


def compare(old: Sequence[Finding], new: Sequence[Finding]) -> AIChange | None:
    """The change of AI-training terms from `old` to `new` findings; None if they did not."""
    olds = [_item(f) for f in _unique(old)]
    news = [_item(f) for f in _unique(new)]
    changes: list[FindingChange] = []

    # The same words under the same signature: the same clause, unchanged (most of them,
    # between two versions), set aside at once; only the others are weighed.
    _pair_unchanged(olds, news)
    for before, after in _pair(olds, news, _signature, 0.0):
        wider = widened(before.finding, after.finding)
        if wider is not None:  # the same clause, reaching further or less far
            changes.append(_rescoped(before.finding, after.finding, wider))
    for before, after in _pair(olds, news, _lang_topic, SIMILAR):
        changes.append(_changed(before.finding, after.finding))
    for before, after in _pair(olds, news, _lang_topic_stance, 0.0):
        changes.append(_changed(before.finding, after.finding))
    _pair(olds, news, _topic_stance, 0.0, other_language=True)
    in_old, in_new = _languages(old), _languages(new)
    changes += [_removed(i.finding) for i in olds if _untranslated(i.finding, in_new)]
    changes += [_appeared(i.finding) for i in news if _untranslated(i.finding, in_old)]
    if not changes:
        return None

    kinds = {c.kind for c in changes}
    kind = kinds.pop() if len(kinds) == 1 else AIChangeKind.CHANGED
    directions = [c.direction for c in changes]
    if Direction.MORE_PERMISSIVE in directions:
        direction = Direction.MORE_PERMISSIVE
    elif all(d is Direction.LESS_PERMISSIVE for d in directions):
        direction = Direction.LESS_PERMISSIVE
    else:
        direction = Direction.NEUTRAL
    changes.sort(key=lambda c: (c.after or c.before).start)  # type: ignore[union-attr]
    return AIChange(kind, tuple(changes), direction, SEVERITY[direction])


# --- matching -----------------------------------------------------------------------------


def _unique(findings: Sequence[Finding]) -> list[Finding]:
    """One finding per clause: versions stored before `scan` made findings a set may hold a
    clause twice, and a duplicate added or dropped is no change of terms."""
    seen: set[str] = set()
    out = []
    for f in findings:
        if (key := clause_key(f)) not in seen:
            seen.add(key)
            out.append(f)
    return out


def _pair_unchanged(olds: list[_Item], news: list[_Item]) -> list[tuple[_Item, _Item]]:
    """Pair the items whose text and signature are the same on both sides; they leave both
    lists (texts are unique on each side: findings are a set)."""
    index = {(b.finding.text, b.signature): j for j, b in enumerate(news)}
    pairs, used = [], set()
    for a in olds:
        j = index.get((a.finding.text, a.signature))
        if j is not None and j not in used:
            used.add(j)
            pairs.append((a, news[j]))
    if pairs:
        paired = {id(a) for a, _ in pairs}
        olds[:] = [a for a in olds if id(a) not in paired]
        news[:] = [b for j, b in enumerate(news) if j not in used]
    return pairs


def _pair(
    olds: list[_Item],
    news: list[_Item],
    key: Callable[[_Item], Hashable],
    floor: float,
    other_language: bool = False,
) -> list[tuple[_Item, _Item]]:
    """Pair items of the same `key` (and, with `other_language`, of different languages),
    most similar wording first; paired items leave both lists."""
    groups: dict[Hashable, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, a in enumerate(olds):
        groups[key(a)][0].append(i)
    for j, b in enumerate(news):
        if (k := key(b)) in groups:
            groups[k][1].append(j)
    candidates = []
    for left, right in groups.values():
        if len(left) * len(right) > MAX_WEIGHED:
            weighed = zip(left, right, strict=False)  # reading order: findings are sorted
        else:
            weighed = ((i, j) for i in left for j in right)
        for i, j in weighed:
            a, b = olds[i], news[j]
            if other_language and a.finding.lang == b.finding.lang:
                continue
            sim = _similarity(a, b)
            if sim >= floor:
                candidates.append((-sim, i, j))
    candidates.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((olds[i], news[j]))
    olds[:] = [a for i, a in enumerate(olds) if i not in used_old]
    news[:] = [b for j, b in enumerate(news) if j not in used_new]
    return pairs


def _signature(a: _Item) -> Hashable:
    return a.signature


def _lang_topic(a: _Item) -> Hashable:
    return a.finding.lang, a.finding.topic


def _lang_topic_stance(a: _Item) -> Hashable:
    return a.finding.lang, a.finding.topic, a.finding.stance


def _topic_stance(a: _Item) -> Hashable:
    return a.finding.topic, a.finding.stance


def _languages(findings: Sequence[Finding]) -> dict[tuple, set[str]]:
    """The languages each (topic, stance) is found in."""
    out: dict[tuple, set[str]] = defaultdict(set)
    for f in findings:
        out[f.topic, f.stance].add(f.lang)
    return out


def _untranslated(f: Finding, languages: dict[tuple, set[str]]) -> bool:
    """True unless the other version says the same in another language (a page flipping
    language): then `f` did not appear or go, it was translated."""
    return not (languages.get((f.topic, f.stance), set()) - {f.lang})


def _similarity(a: _Item, b: _Item) -> float:
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / len(a.words | b.words)


def _item(f: Finding) -> _Item:
    signature = (
        f.topic,
        f.stance,
        frozenset(f.data),
        frozenset(f.actors),
        frozenset(scope_labels(f)),
        explicit_training(f),
    )
    return _Item(f, signature, frozenset(w.lower() for w in _WORD.findall(f.text)))


# --- signature parts ----------------------------------------------------------------------


def scope_labels(finding: Finding) -> set[str]:
    """Scope of the data a finding names: "all", "partial", "deidentified"."""
    out = set()
    for cue in finding.cues:
        if cue.kind == "scope":
            text = reading_form(cue.text)[0]  # "de-identiﬁed" reads "de-identified"
            for lang in LANGUAGES:
                label = lexicon(lang).scope.label_of(text)
                if label is not None:
                    out.add(label)
                    break
    return out


def explicit_training(finding: Finding) -> bool:
    """True when a training cue names training itself, not just improving a model."""
    return any(
        cue.kind == "training"
        and any(p.search(reading_form(cue.text)[0]) for p in _training_patterns())
        for cue in finding.cues
    )


@cache
def _training_patterns() -> tuple[re.Pattern[str], ...]:
    names = ("train", "ml_purpose", "training_data")
    return tuple(
        p for lang in LANGUAGES for n in names if (p := lexicon(lang).group(n)) is not None
    )


# --- directions ---------------------------------------------------------------------------


def _appeared(f: Finding) -> FindingChange:
    return FindingChange(AIChangeKind.APPEARED, None, f, _presence(f, appeared=True))


def _removed(f: Finding) -> FindingChange:
    return FindingChange(AIChangeKind.REMOVED, f, None, _presence(f, appeared=False))


def _presence(f: Finding, appeared: bool) -> Direction:
    permission = f.topic is Topic.USER_DATA_TRAINING and f.stance in _PERMISSIONS
    if permission == appeared:
        return Direction.MORE_PERMISSIVE
    return Direction.LESS_PERMISSIVE


def _rescoped(before: Finding, after: Finding, wider: bool) -> FindingChange:
    if after.stance is Stance.CONSENT:  # more data, but only with consent: neither way
        return FindingChange(AIChangeKind.CHANGED, before, after, Direction.NEUTRAL)
    permission = after.topic is Topic.USER_DATA_TRAINING and after.stance in _PERMISSIONS
    more = wider == permission
    direction = Direction.MORE_PERMISSIVE if more else Direction.LESS_PERMISSIVE
    return FindingChange(AIChangeKind.CHANGED, before, after, direction)


def _changed(before: Finding, after: Finding) -> FindingChange:
    return FindingChange(AIChangeKind.CHANGED, before, after, _direction(before, after))


def _direction(before: Finding, after: Finding) -> Direction:
    if before.topic != after.topic:  # a permission turned into a ban or back: no stance order
        return Direction.NEUTRAL
    if before.stance and after.stance and before.stance != after.stance:
        up = PERMISSIVENESS[after.stance] - PERMISSIVENESS[before.stance]
        return Direction.MORE_PERMISSIVE if up > 0 else Direction.LESS_PERMISSIVE
    wider = _coverage(after) - _coverage(before)
    if not wider:
        return Direction.NEUTRAL
    permissive = after.topic is Topic.USER_DATA_TRAINING and after.stance in _PERMISSIONS
    more = (wider > 0) == permissive
    return Direction.MORE_PERMISSIVE if more else Direction.LESS_PERMISSIVE


def _coverage(f: Finding) -> int:
    """How much a finding covers: data categories and actors named, and the data's scope.

    Only strict growth or shrinkage counts, so a reworded finding naming different but as
    many categories stays NEUTRAL.
    """
    scope = scope_labels(f)
    rank = min((_SCOPE_RANK[s] for s in scope), default=_SCOPE_RANK["all"])
    return len(f.data) + len(f.actors) + rank
