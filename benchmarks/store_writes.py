"""What recording a check costs in the database: per check, in batches as a pass writes them.

    python benchmarks/store_writes.py [--n 1024] [--batch 64] [--url sqlite:///PATH]

Writes N new watches (`sync_watches`), then N first versions (each with a first_seen event,
a ~30 KB text and its ~90 KB body, compressed as the pipeline does), then N unchanged checks,
with `Store.record_many` in batches of --batch (the group commit's size), and prints the
milliseconds per watch or check. Synthetic text: the cost measured here is the database's,
not the corpus's. The default database is a new SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import platform
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from watcher import db, migrate
from watcher.blobs import prepare
from watcher.models import CheckRecord, EventKind, NewEvent, Validators, Watch
from watcher.store import Store

WORDS = [
    "we",
    "may",
    "use",
    "the",
    "content",
    "you",
    "share",
    "with",
    "us",
    "to",
    "provide",
    "improve",
    "and",
    "secure",
    "our",
    "services",
]


def text_of(i: int, rng: random.Random) -> str:
    paragraphs = (" ".join(rng.choices(WORDS, k=60)) for _ in range(80))
    return f"# Terms of watch {i}\n\n" + "\n\n".join(paragraphs) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=1024, help="watches (default 1024)")
    p.add_argument("--batch", type=int, default=64, help="checks per transaction (default 64)")
    p.add_argument("--url", help="database URL (default: a new SQLite file)")
    args = p.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = db.create(url)
    migrate.upgrade(engine)
    store, now, rng = Store(engine), datetime.now(UTC), random.Random(1)
    ids = [f"w{i}" for i in range(args.n)]

    t0 = time.perf_counter()
    store.sync_watches([Watch(id=i, name=i, url=f"https://example.org/{i}") for i in ids], now)
    sync = time.perf_counter() - t0

    def check(i: int, **kw) -> CheckRecord:
        return CheckRecord(
            watch_id=ids[i],
            url=f"https://example.org/{ids[i]}",
            started_at=now,
            duration_ms=5,
            status=200,
            validators=Validators(f'"{i}-{kw["outcome"]}"', None),
            body_fingerprint="f",
            **kw,
        )

    firsts = []
    for i in range(args.n):
        text = text_of(i, rng)
        version = prepare(text, f"<main>{text}</main>".encode() * 3, "text/html", "f")
        event = NewEvent(EventKind.FIRST_SEEN, "first version recorded", None, 1)
        firsts.append(
            check(
                i,
                outcome="new_version",
                body_sha256=version.body_sha256,
                version=version,
                events=(event,),
            )
        )
    same = [check(i, outcome="unchanged", body_sha256="0" * 64) for i in range(args.n)]

    def timed(recs: list[CheckRecord]) -> float:
        t0 = time.perf_counter()
        for k in range(0, len(recs), args.batch):
            results = store.record_many(recs[k : k + args.batch])
            if any(isinstance(r, Exception) for r in results):
                raise SystemExit(f"a check was refused: {results}")
        return time.perf_counter() - t0

    first, unchanged = timed(firsts), timed(same)
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"database: {engine.url.render_as_string(hide_password=True)}")
    for name, seconds in (
        ("new watch (sync_watches)", sync),
        ("first version + event", first),
        ("unchanged check", unchanged),
    ):
        print(f"{name:28s} {1000 * seconds / args.n:7.3f} ms each")


if __name__ == "__main__":
    main()
