"""Two versions of a document compared, as a diff page (and the JSON diff) shows them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from watcher import detect, diff
from watcher.diff.summary import minor_counts
from watcher.models import (
    AIChangeKind,
    BlockChange,
    ChangeClass,
    ChangeOp,
    Diff,
    Direction,
    Finding,
    FindingReport,
    Segment,
)
from watcher.models.report import Severity
from watcher.notify.render import meaning
from watcher.web.views.clauses import Clause, ClauseChange, clause, clause_change

# Unchanged blocks shown on each side of a change; the others are folded (a page shows them
# on request). One block is usually the paragraph or the section heading a change sits in.
CONTEXT_BLOCKS = 1

# Change classes in the order pages list them.
CLASS_ORDER = (
    ChangeClass.SUBSTANTIVE,
    ChangeClass.COSMETIC,
    ChangeClass.RENUMBERING,
    ChangeClass.DATE_ONLY,
    ChangeClass.MOVED,
)

ClassCounts = tuple[tuple[ChangeClass, int], ...]


@dataclass(frozen=True)
class ChangedBlock:
    """One changed block: its words as kept (0), deleted (-1) and inserted (1) runs."""

    op: ChangeOp
    kind: ChangeClass
    old_index: int | None
    new_index: int | None
    segments: tuple[Segment, ...]
    ai_before: tuple[str, ...] = ()  # what the AI-training clauses it held meant
    ai_after: tuple[str, ...] = ()  # what those it holds now mean

    @property
    def ai(self) -> bool:
        """True when the block holds (or held) AI-training language."""
        return bool(self.ai_before or self.ai_after)


@dataclass(frozen=True)
class Unchanged:
    """A run of unchanged blocks between changes: `head` follows the previous change and
    `tail` precedes the next one (both shown), `folded` is the rest."""

    head: tuple[str, ...]
    folded: tuple[str, ...]
    tail: tuple[str, ...]


@dataclass(frozen=True)
class DiffView:
    """Two versions of a document compared, as a diff page shows them."""

    items: tuple[ChangedBlock | Unchanged, ...]  # in document order
    counts: ClassCounts  # changes per class (a move counts once), classes with none left out
    summary: str  # diff.summarize's one line
    ai_change: AIChangeKind | None
    ai_direction: Direction | None
    ai_severity: Severity | None
    clause_changes: tuple[ClauseChange, ...]
    clauses_before: tuple[Clause, ...]
    clauses_after: tuple[Clause, ...]

    @property
    def changed(self) -> int:
        """How many blocks changed."""
        return sum(1 for item in self.items if isinstance(item, ChangedBlock))


def diff_view(
    old_text: str,
    new_text: str,
    old_findings: Sequence[Finding],
    new_findings: Sequence[Finding],
    context: int = CONTEXT_BLOCKS,
) -> DiffView:
    """Two versions' texts and findings → what a diff page shows (see `DiffView`)."""
    d = diff.compute(old_text, new_text)
    old_blocks, new_blocks = diff.split_blocks(old_text), diff.split_blocks(new_text)
    old_ai = _block_meanings(old_text, old_blocks, old_findings)
    new_ai = _block_meanings(new_text, new_blocks, new_findings)
    changed = [_changed_block(c, old_ai, new_ai) for c in d.changes]
    ai = detect.compare(list(old_findings), list(new_findings))
    reports = (
        [FindingReport(c.kind, c.before, c.after, c.direction) for c in ai.changes] if ai else []
    )
    return DiffView(
        items=_with_context(d, changed, old_blocks, new_blocks, context),
        counts=change_counts(d),
        summary=diff.summarize(d),
        ai_change=ai.kind if ai else None,
        ai_direction=ai.direction if ai else None,
        ai_severity=Severity(ai.severity) if ai else None,
        clause_changes=tuple(clause_change(r) for r in reports),
        clauses_before=tuple(clause(f) for f in old_findings),
        clauses_after=tuple(clause(f) for f in new_findings),
    )


def change_counts(d: Diff) -> ClassCounts:
    """Changes per class, in CLASS_ORDER, without the classes that have none."""
    counts = dict(minor_counts(d))
    substantive = sum(1 for c in d.changes if c.kind is ChangeClass.SUBSTANTIVE)
    if substantive:
        counts[ChangeClass.SUBSTANTIVE] = substantive
    return tuple((kind, counts[kind]) for kind in CLASS_ORDER if kind in counts)


def _changed_block(
    c: BlockChange, old_ai: Mapping[int, tuple[str, ...]], new_ai: Mapping[int, tuple[str, ...]]
) -> ChangedBlock:
    if c.op is ChangeOp.MODIFIED:
        segments = c.segments or (Segment(-1, c.old or ""), Segment(1, c.new or ""))
    elif c.op is ChangeOp.ADDED:
        segments = (Segment(1, c.new or ""),)
    else:
        segments = (Segment(-1, c.old or ""),)
    return ChangedBlock(
        op=c.op,
        kind=c.kind,
        old_index=c.old_index,
        new_index=c.new_index,
        segments=tuple(segments),
        ai_before=old_ai.get(c.old_index, ()) if c.old_index is not None else (),
        ai_after=new_ai.get(c.new_index, ()) if c.new_index is not None else (),
    )


def _with_context(
    d: Diff,
    changed: list[ChangedBlock],
    old_blocks: list[str],
    new_blocks: list[str],
    context: int,
) -> tuple[ChangedBlock | Unchanged, ...]:
    """The changes with the unchanged blocks around them, in document order."""
    old_changed = {c.old_index for c in d.changes if c.old_index is not None}
    new_changed = {c.new_index for c in d.changes if c.new_index is not None}
    kept_old = [i for i in range(len(old_blocks)) if i not in old_changed]
    kept_new = [j for j in range(len(new_blocks)) if j not in new_changed]
    if len(kept_old) != len(kept_new):  # not from compute(); then place by the new text only
        kept_old = kept_new
    kept = list(zip(kept_old, kept_new, strict=True))
    sequence: list[ChangedBlock | list[str]] = []
    k = 0
    for block in changed:
        run_start = k
        if block.new_index is not None:
            while k < len(kept) and kept[k][1] < block.new_index:
                k += 1
        else:
            assert block.old_index is not None
            while k < len(kept) and kept[k][0] < block.old_index:
                k += 1
        if k > run_start:
            sequence.append([new_blocks[j] for _, j in kept[run_start:k]])
        sequence.append(block)
    if k < len(kept):
        sequence.append([new_blocks[j] for _, j in kept[k:]])
    last = len(sequence) - 1
    return tuple(
        _unchanged(entry, context if n > 0 else 0, context if n < last else 0)
        if isinstance(entry, list)
        else entry
        for n, entry in enumerate(sequence)
    )


def _unchanged(run: list[str], head: int, tail: int) -> Unchanged:
    """A run with `head` blocks shown at its start and `tail` at its end; a fold of a single
    block is not worth a click, so it is shown too."""
    if head + tail + 1 >= len(run):
        return Unchanged(tuple(run), (), ())
    return Unchanged(
        tuple(run[:head]), tuple(run[head : len(run) - tail]), tuple(run[len(run) - tail :])
    )


def _block_meanings(
    text: str, blocks: list[str], findings: Iterable[Finding]
) -> dict[int, tuple[str, ...]]:
    """For each block holding (part of) a finding, what its findings mean, in plain words."""
    findings = list(findings)
    if not findings:
        return {}
    spans = []
    pos = 0
    for block in blocks:
        start = text.find(block, pos)
        if start < 0:  # not canonical text: no offsets to go by
            return {}
        spans.append((start, start + len(block)))
        pos = start + len(block)
    out: dict[int, list[str]] = {}
    for f in findings:
        for index, (start, end) in enumerate(spans):
            if start < f.end and f.start < end:
                words = out.setdefault(index, [])
                if meaning(f) not in words:
                    words.append(meaning(f))
    return {index: tuple(words) for index, words in out.items()}
