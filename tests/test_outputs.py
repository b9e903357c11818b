"""What the commands print, as a user reads it: pipes, grammar, reports, renderers."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from httpserver import Reply
from sqlalchemy import insert
from test_pipeline import Workspace, page

from watcher import db
from watcher.db import EventRow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ws(tmp_path, http_server, capsys):
    w = Workspace(tmp_path, http_server, capsys)
    w.write()
    return w


def test_a_closed_pipe_ends_quietly_with_status_0(ws, http_server):
    http_server.route("/terms", Reply(body=page()))
    assert ws.run("check")[0] == 0
    engine = db.create(ws.db_url)
    try:
        with engine.begin() as conn:
            row = dict(
                watch_id="example-terms",
                kind="changed",
                at=datetime(2026, 1, 1, tzinfo=UTC),
                url=http_server.url("/terms"),
                version_from=1,
                version_to=2,
                summary="a change " + "x" * 200,
                details={},
            )
            conn.execute(insert(EventRow), [row] * 3000)  # far more than a pipe's buffer
    finally:
        engine.dispose()
    for argv in (["events", "--json"], ["events"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "watcher", "--config", str(ws.config), *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ws.dir,
        )
        assert proc.stdout.read(100)
        proc.stdout.close()  # `| head -c 100`
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 0, err
        assert err == b""
