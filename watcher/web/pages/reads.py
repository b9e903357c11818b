"""What pages read from the store, and what they keep of it between requests.

`store.overview()` reads every watch (a thousand watches: about 100 ms, most of a page's
time), yet a page is often asked for again before anything changed. `Overview` keeps the last
answer and reads again as soon as a check was recorded since (`store.last_checks()`, one
light query, tells: every check sets its watch's time) or after `OVERVIEW_SECONDS`, which
bounds how long what no check touches (a watch renamed in the configuration, versions
re-derived after a rules change) can show as it was. `Counts` keeps the change classes of
version pairs: texts never change, so neither do they.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from watcher import detect, diff
from watcher.errors import NotFound
from watcher.models import Finding
from watcher.store import Store, VersionInfo, WatchOverview
from watcher.web import views

OVERVIEW_SECONDS = 30.0
COUNTS_SIZE = 4096  # version pairs whose change counts are kept


class Overview:
    """`store.overview()`, read again once a check was recorded or OVERVIEW_SECONDS passed."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.clock = clock
        self._lock = threading.Lock()  # pages render in several worker threads
        self._kept: tuple[float, dict[str, datetime], list[WatchOverview]] | None = None

    def watches(self) -> list[WatchOverview]:
        """Every watch, as `store.overview()` gives them."""
        checked = self.store.last_checks()
        now = self.clock()
        with self._lock:
            kept = self._kept
        if kept is not None and kept[1] == checked and now - kept[0] < OVERVIEW_SECONDS:
            return kept[2]
        found = self.store.overview()
        with self._lock:
            self._kept = (now, checked, found)
        return found

    def watch(self, watch_id: str) -> WatchOverview:
        """One watch, read on its own; NotFound when the database has none with this id."""
        for w in self.store.overview(watch_id):
            return w
        raise NotFound(f"no watch with id {watch_id!r}")


class Counts:
    """The change classes between two versions, by their texts' digests, most recent kept."""

    def __init__(self, store: Store, size: int = COUNTS_SIZE) -> None:
        self.store = store
        self.size = size
        self._items: OrderedDict[tuple[str, str], views.ClassCounts] = OrderedDict()
        self._lock = threading.Lock()

    def between(self, old: VersionInfo, new: VersionInfo) -> views.ClassCounts:
        key = (old.text_sha256, new.text_sha256)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        d = diff.compute(self.store.text_of(old.text_sha256), self.store.text_of(new.text_sha256))
        counts = views.change_counts(d)
        with self._lock:
            self._items[key] = counts
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return counts


def version(store: Store, watch_id: str, number: int) -> tuple[str, tuple[Finding, ...]]:
    """A version's text and findings; findings never read (a version stored before release
    0.2, or re-derived since) are read now."""
    _, text = store.text(watch_id, number)
    findings = store.findings(watch_id, number)
    return text, tuple(detect.scan(text) if findings is None else findings)
