"""A diff between two texts: its blocks and their change classes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChangeOp(StrEnum):
    """What happened to one block."""

    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"


@dataclass(frozen=True)
class Segment:
    """A run of words inside a modified block: -1 removed, 0 kept, 1 inserted."""

    op: int
    text: str


class ChangeClass(StrEnum):
    """Whether a changed block matters to a reader of the document."""

    SUBSTANTIVE = "substantive"  # the words say something else
    COSMETIC = "cosmetic"  # whitespace, punctuation, quotes, case, block markers
    RENUMBERING = "renumbering"  # only section / clause numbers changed
    DATE_ONLY = "date_only"  # only an effective / last-updated date changed
    MOVED = "moved"  # the same block, elsewhere in the document


@dataclass(frozen=True)
class BlockChange:
    """One changed block (paragraph, heading, list item) between two versions."""

    op: ChangeOp
    old: str | None  # None when added
    new: str | None  # None when removed
    old_index: int | None  # block position in the old text
    new_index: int | None
    segments: tuple[Segment, ...] = ()  # word-level detail for MODIFIED
    kind: ChangeClass = ChangeClass.SUBSTANTIVE


@dataclass(frozen=True)
class Diff:
    """A structured diff of two versions' texts, block by block."""

    changes: tuple[BlockChange, ...]

    @property
    def empty(self) -> bool:
        """True when the texts have the same blocks."""
        return not self.changes

    def count(self, op: ChangeOp) -> int:
        """How many blocks underwent `op`."""
        return sum(1 for c in self.changes if c.op is op)

    @property
    def substantive(self) -> bool:
        """True when at least one change alters what the document says."""
        return any(c.kind is ChangeClass.SUBSTANTIVE for c in self.changes)
