"""The database: watches, checks, versions, events and the notification outbox.

`Store` writes what the pipeline decided and reads it back for the CLI and the
notifier; it holds no business rules. A check is written in one transaction, so
a crash leaves either the whole check (version, events, outbox rows) or none of it.

core     the Store: watches, states, versions, events
claims   the shared schedule: due watches claimed with a lease, renewed, given back
writer   a batch of checks written with a few statements (fenced by each check's claim)
outbox   each channel's queue of messages, claimed head first
prune    old checks that made no version, deleted in small batches
stats    the database in figures, for /metrics
values   what it gives back (history entries, deliveries, events)
views    read-only views for people: every watch at a glance, a version's findings
"""

from watcher.store.core import Store
from watcher.store.values import Conflict, Delivery, LeaseLost, VersionInfo
from watcher.store.views import WatchOverview

__all__ = ["Conflict", "Delivery", "LeaseLost", "Store", "VersionInfo", "WatchOverview"]
