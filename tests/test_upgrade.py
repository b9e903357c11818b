"""A database made by release 0.1 keeps working: migrated, read, checked again.

tests/data/db/release-0.1.0.db was written by release 0.1's own `watcher check` (five
passes over two watches served on 127.0.0.1: first versions with AI findings, an AI change
toward opt-out, a move, a plain change, a run of failures and a recovery);
release-0.1.0.events.json is what its `events --json` printed then.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from httpserver import Reply
from sqlalchemy import MetaData, create_engine, func, select, text

from watcher import db as database
from watcher import migrate
from watcher.cli import main
from watcher.store import Store

DATA = Path(__file__).resolve().parent / "data" / "db"
RENDERED = ("diff_text", "diff_markdown", "diff_html")
RELEASE_0_1_REVISION = "0004"


def _workspace(tmp_path: Path, server, url: str | None = None) -> Path:
    """A configuration of the release-0.1 database: a copy of its file, or `url` if given."""
    if url is None:
        db = tmp_path / "watcher.db"
        shutil.copy(DATA / "release-0.1.0.db", db)
        url = f"sqlite:///{db}"
    config = tmp_path / "watcher.toml"
    config.write_text(f"""
[storage]
url = "{url}"
[fetch]
retries = 0
timeout = "2s"
[[watch]]
name = "Example Terms"
url = "{server.url("/terms")}"
[[watch]]
name = "Flaky"
url = "{server.url("/gone")}"
""")
    return config


def _events(config: Path, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["--config", str(config), "events", "--json"], environ={}) == 0
    return json.loads(capsys.readouterr().out)


def test_a_release_0_1_database_is_migrated_and_reads_the_same_events(
    tmp_path, http_server, capsys
):
    config = _workspace(tmp_path, http_server)
    assert main(["--config", str(config), "db", "upgrade"], environ={}) == 0
    _assert_the_events_of_release_0_1(_events(config, capsys))
    with sqlite3.connect(tmp_path / "watcher.db") as db:
        stored = [json.loads(d) for (d,) in db.execute("SELECT details FROM events")]
    assert all(d["v"] == 2 and not set(RENDERED) & set(d) for d in stored)
    assert "diff_html" not in json.dumps(stored)
    # The watches' last outcomes are filled from their latest checks (0.1's last passes:
    # Example Terms unchanged, Flaky fetched again), and versions stored then have no
    # findings read yet.
    engine = database.create(f"sqlite:///{tmp_path / 'watcher.db'}")
    try:
        seen = {w.id: w for w in Store(engine).overview()}
    finally:
        engine.dispose()
    assert (seen["example-terms"].last_outcome, seen["flaky"].last_outcome) == (
        "unchanged",
        "unchanged",
    )
    assert seen["example-terms"].latest_version == 3 and seen["example-terms"].findings is None


def _assert_the_events_of_release_0_1(after: list[dict]) -> None:
    before = json.loads((DATA / "release-0.1.0.events.json").read_text())
    # The same events, word for word, but for the excerpts rendered at check time, which
    # are no longer stored (messages and pages render them when they are read).
    for item in (i for e in before for i in e["ai_findings"]):
        for key in RENDERED:
            item.pop(key, None)
    # A move now also says where from and where to, as data.
    [move] = [e for e in after if e["kind"] == "moved"]
    was = move["summary"].split("(was ")[1].rstrip(")")
    assert (move.pop("from_url"), move.pop("to_url")) == (was, was + "-new")
    assert after == before


def _moved_to(url: str) -> None:
    """The release-0.1 database's rows, copied into the empty database at `url` built by the
    migrations up to release 0.1's revision (as a move to another server would copy them)."""
    from alembic import command

    target = database.create(url)
    source = create_engine(f"sqlite:///{DATA / 'release-0.1.0.db'}")
    try:
        with target.begin() as conn:
            cfg = migrate._alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, RELEASE_0_1_REVISION)
        old, new = MetaData(), MetaData()
        old.reflect(source)
        new.reflect(target)
        with source.connect() as read, target.begin() as write:
            for table in old.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows = [
                    {k: _aware(v) for k, v in row._mapping.items()}
                    for row in read.execute(select(table))
                ]
                if not rows:
                    continue
                write.execute(new.tables[table.name].insert(), rows)
                serial = "id" in table.c and table.c.id.type.python_type is int
                if write.dialect.name == "postgresql" and serial:
                    # Rows copied with their ids leave the id sequence behind them.
                    write.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT max(id) FROM {table.name}))"
                        )
                    )
    finally:
        source.dispose()
        target.dispose()


def _aware(value):
    # SQLite keeps times as naive UTC text; the server's columns keep the instant.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


@pytest.mark.database
def test_a_release_0_1_database_moved_to_another_database_is_migrated_and_checked_on(
    tmp_path, database_url, http_server, capsys
):
    """The data migrations on every backend: release 0.1's rows in a database at its
    revision, then migrated, read and checked again."""
    _moved_to(database_url)
    http_server.route("/terms", Reply(body=(DATA / "release-0.1.0.page.html").read_text()))
    http_server.route("/gone", Reply(status=500))
    config = _workspace(tmp_path, http_server, database_url)
    assert main(["--config", str(config), "db", "upgrade"], environ={}) == 0
    engine = database.create(database_url)
    try:
        assert migrate.current(engine) == migrate.HEAD
        with engine.connect() as conn:
            stored = conn.execute(select(database.EventRow.details)).scalars().all()
            outcomes = dict(
                conn.execute(select(database.WatchRow.id, database.WatchRow.last_outcome)).all()
            )
    finally:
        engine.dispose()
    assert stored and all(d["v"] == 2 and not set(RENDERED) & set(d) for d in stored)  # 0005
    assert outcomes == {"example-terms": "unchanged", "flaky": "unchanged"}  # 0007
    _assert_the_events_of_release_0_1(_events(config, capsys))
    before = _count_checks(database_url)
    capsys.readouterr()
    assert main(["--config", str(config), "check"], environ={}) == 0  # new rows, new ids
    assert "example-terms: unchanged" in capsys.readouterr().out
    assert _count_checks(database_url) == before + 2
    kinds = [e["kind"] for e in _events(config, capsys)]
    assert kinds == [
        "first_seen",
        "first_seen",
        "changed",
        "moved",
        "changed",
        "fetch_error",
        "recovered",
    ]  # nothing lost, nothing doubled; one failure is no error yet


def _count_checks(url: str) -> int:
    engine = database.create(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(database.CheckRow))
    finally:
        engine.dispose()


def test_a_release_0_1_database_is_checked_on_as_before(tmp_path, http_server, capsys):
    page = (DATA / "release-0.1.0.page.html").read_text()
    http_server.route("/terms", Reply(body=page))
    http_server.route("/gone", Reply(status=500))
    config = _workspace(tmp_path, http_server)
    capsys.readouterr()
    assert main(["--config", str(config), "check"], environ={}) == 0  # migrates on open
    out = capsys.readouterr().out
    assert "example-terms: unchanged" in out  # the last stored text, read again
    kinds = [e["kind"] for e in _events(config, capsys)]
    assert kinds[:7] == [
        "first_seen",
        "first_seen",
        "changed",
        "moved",
        "changed",
        "fetch_error",
        "recovered",
    ]


def test_the_readmes_example_alert_is_what_watcher_sends(tmp_path, http_server, capsys):
    """The README shows a real message: the AI change of this database, rendered now."""
    import dataclasses
    import re

    from watcher import migrate, notify
    from watcher.pipeline import presentation

    _workspace(tmp_path, http_server)
    engine = database.create(f"sqlite:///{tmp_path / 'watcher.db'}")
    try:
        migrate.upgrade(engine)
        store = Store(engine)
        [event] = [e for e in store.events() if e.kind.value == "changed" and e.report.ai_change]
        _, old = store.text(event.watch, event.version_from)
        _, new = store.text(event.watch, event.version_to)
    finally:
        engine.dispose()
    shown = presentation.excerpts(event.report, old, new, 3000)
    event = dataclasses.replace(event, url="https://example.com/terms")
    message = notify.render(event, "https://watcher.example.org", shown)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    example = re.search(r"the message looks like this.*?```text\n(.+?)\n```", readme, re.S)
    assert example.group(1) == f"{message.title}\n\n{message.text}"
