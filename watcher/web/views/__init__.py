"""What the pages show, as frozen values: pure functions of texts, findings, versions, events.

Nothing here touches HTTP, the database or the clock, and nothing renders HTML: the templates
do (autoescaped), and the JSON API serializes the same values. Words for people (what a
stance means, how a clause changed) come from `notify.render`, so a page, an alert and a
feed say the same thing the same way.

diffs     `diff_view`: two versions — the changed blocks in document order, each with its
          change class and its words marked as data, unchanged blocks kept around them as
          context (a few shown, the rest folded), the AI-training clauses before and after
          with their stances and the plain-words transition, and counts per change class
clauses   AI-training passages as pages show them: meaning, cues, changes, stances at a glance
watches   `dashboard` (every watch, failing first), `timeline` (versions and events merged,
          newest first), `ai_history` (what a document says about training AI now, and each
          change of it)
"""

from watcher.web.views.clauses import (
    BAN,
    Clause,
    ClauseChange,
    StanceWords,
    clause,
    clause_change,
    stances,
)
from watcher.web.views.diffs import (
    CLASS_ORDER,
    CONTEXT_BLOCKS,
    ChangedBlock,
    ClassCounts,
    DiffView,
    Unchanged,
    change_counts,
    diff_view,
)
from watcher.web.views.watches import (
    AIEvent,
    AIHistory,
    DashboardRow,
    TimelineEntry,
    ai_history,
    dashboard,
    timeline,
    with_counts,
)

__all__ = [
    "BAN",
    "CLASS_ORDER",
    "CONTEXT_BLOCKS",
    "AIEvent",
    "AIHistory",
    "ChangedBlock",
    "ClassCounts",
    "Clause",
    "ClauseChange",
    "DashboardRow",
    "DiffView",
    "StanceWords",
    "TimelineEntry",
    "Unchanged",
    "ai_history",
    "change_counts",
    "clause",
    "clause_change",
    "dashboard",
    "diff_view",
    "stances",
    "timeline",
    "with_counts",
]
