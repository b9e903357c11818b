"""A `Diff` in one line, and the counts of minor changes that renderers leave out.

The line says whether anything substantive changed: counts without a qualifier are
substantive changes ("2 paragraphs changed, 1 added"); minor ones are named as such
("; 3 minor changes", "(cosmetic only)", "date changed only", "wording unchanged").
A moved block is one REMOVED and one ADDED change, both MOVED: it counts as one change.
"""

from __future__ import annotations

from watcher.models import BlockChange, ChangeClass, ChangeOp, Diff

# How a minor change is labelled, and named when counted ("2 cosmetic, 1 date").
KIND_LABEL = {
    ChangeClass.COSMETIC: "cosmetic",
    ChangeClass.RENUMBERING: "renumbering",
    ChangeClass.DATE_ONLY: "date only",
    ChangeClass.MOVED: "moved",
}
KIND_NAME = {
    ChangeClass.COSMETIC: "cosmetic",
    ChangeClass.RENUMBERING: "renumbering",
    ChangeClass.DATE_ONLY: "date",
    ChangeClass.MOVED: "moved",
}


def summarize(diff: Diff) -> str:
    """One line such as "2 paragraphs changed, 1 added; 3 minor changes" or "date changed only".

    Counts without a qualifier are substantive changes; anything else says "minor",
    "only" or "wording unchanged", so the line alone tells whether the document says
    something new.
    """
    if diff.empty:
        return "no text change"
    substantive = [c for c in diff.changes if c.kind is ChangeClass.SUBSTANTIVE]
    minor = minor_counts(diff)
    total = sum(minor.values())
    if substantive:
        head = _op_counts(substantive)
        return f"{head}; {plural(total, 'minor change')}" if total else head
    if len(minor) > 1:
        parts = ", ".join(f"{n} {KIND_NAME[kind]}" for kind, n in minor.items())
        return f"{plural(total, 'minor change')} only: {parts}"
    ((kind, n),) = minor.items()
    changes = [c for c in diff.changes if c.kind is kind]
    if kind is ChangeClass.MOVED:
        return f"{plural(n, 'paragraph')} moved, wording unchanged"
    if kind is ChangeClass.DATE_ONLY:
        if n == 1:
            return f"date {_VERB[changes[0].op]} only"
        return f"dates changed only ({n} paragraphs)"
    return f"{_op_counts(changes)} ({KIND_LABEL[kind]} only)"


_VERB = {ChangeOp.MODIFIED: "changed", ChangeOp.ADDED: "added", ChangeOp.REMOVED: "removed"}


def plural(n: int, noun: str) -> str:
    """ "1 paragraph", "2 paragraphs"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _op_counts(changes: list[BlockChange]) -> str:
    """ "2 paragraphs changed, 1 added, 3 removed": only the first figure names the unit."""
    parts = []
    for op in (ChangeOp.MODIFIED, ChangeOp.ADDED, ChangeOp.REMOVED):
        n = sum(1 for c in changes if c.op is op)
        if n:
            parts.append(f"{plural(n, 'paragraph') if not parts else n} {_VERB[op]}")
    return ", ".join(parts)


def minor_counts(diff: Diff) -> dict[ChangeClass, int]:
    """Minor changes by class, in a fixed order; a move (removed + added) counts once."""
    counts = {}
    for kind in KIND_NAME:
        of_kind = [c for c in diff.changes if c.kind is kind]
        if kind is ChangeClass.MOVED:
            n = max(
                sum(c.op is ChangeOp.ADDED for c in of_kind),
                sum(c.op is ChangeOp.REMOVED for c in of_kind),
            )
        else:
            n = len(of_kind)
        if n:
            counts[kind] = n
    return counts


def omitted(diff: Diff) -> str | None:
    """The last line when minor changes are left out, or None when there are none."""
    minor = minor_counts(diff)
    if not minor:
        return None
    total = sum(minor.values())
    parts = ", ".join(f"{n} {KIND_NAME[kind]}" for kind, n in minor.items())
    lead = "and " if diff.substantive else ""
    return f"({lead}{plural(total, 'minor change')} not shown: {parts})"
