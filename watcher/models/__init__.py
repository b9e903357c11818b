"""Typed, frozen values that cross stage boundaries.

Durations are seconds (float), sizes are bytes (int), datetimes are timezone-aware UTC.
Nothing here does I/O. One module per kind of value; everything is imported from here.

config     settings of each stage, rules, watches
documents  a fetched document and its canonical text
changes    a diff and its change classes
detection  AI-training findings and their change
events     events and messages
report     the change report an event carries, and the one codec of events to JSON
checks     what one check came to (the pipeline and the store exchange these)
"""

from watcher.models.changes import (
    BlockChange,
    ChangeClass,
    ChangeOp,
    Diff,
    Segment,
)
from watcher.models.checks import (
    CheckRecord,
    Claim,
    NewEvent,
    NewVersion,
    Outcome,
    WatchState,
)
from watcher.models.config import (
    SECONDS_PER_HOUR,
    Config,
    FetchSettings,
    NotifierSettings,
    NotifyOn,
    NotifySettings,
    Rules,
    ScheduleSettings,
    StorageSettings,
    Watch,
)
from watcher.models.detection import (
    PERMISSIVENESS,
    AIChange,
    AIChangeKind,
    Classification,
    Cue,
    Direction,
    Finding,
    FindingChange,
    Stance,
    Topic,
)
from watcher.models.documents import (
    FetchResult,
    Normalized,
    Validators,
)
from watcher.models.events import (
    Event,
    EventKind,
    Excerpt,
    Excerpts,
    Message,
)
from watcher.models.report import (
    ChangeReport,
    FindingReport,
    Severity,
    event_contract,
    finding_from_json,
    finding_json,
    report_from_json,
    report_json,
)

__all__ = [
    "PERMISSIVENESS",
    "SECONDS_PER_HOUR",
    "AIChange",
    "AIChangeKind",
    "BlockChange",
    "ChangeClass",
    "ChangeOp",
    "ChangeReport",
    "CheckRecord",
    "Claim",
    "Classification",
    "Config",
    "Cue",
    "Diff",
    "Direction",
    "Event",
    "EventKind",
    "Excerpt",
    "Excerpts",
    "FetchResult",
    "FetchSettings",
    "Finding",
    "FindingChange",
    "FindingReport",
    "Message",
    "NewEvent",
    "NewVersion",
    "Normalized",
    "NotifierSettings",
    "NotifyOn",
    "NotifySettings",
    "Outcome",
    "Rules",
    "ScheduleSettings",
    "Segment",
    "Severity",
    "Stance",
    "StorageSettings",
    "Topic",
    "Validators",
    "Watch",
    "WatchState",
    "event_contract",
    "finding_from_json",
    "finding_json",
    "report_from_json",
    "report_json",
]
