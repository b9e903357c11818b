"""events: the change report as data, without rendered diff excerpts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 13:00:00

Release 0.1 stored, in each event's `details`, the diff excerpts of the change rendered at
check time (plain text, Markdown and HTML, for the document and for each changed AI-training
clause). Messages, pages and feeds now render them when they are read, from the two stored
versions: the excerpts are dropped, and the report is marked as the typed report's version 2
(`watcher.models.report`), which reads both. The AI change, kept in its own column, is
copied into the report. Plain JSON editing, so that this step never depends on the code of a
later release.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

RENDERED = ("diff_text", "diff_markdown", "diff_html")
BATCH = 500


def upgrade() -> None:
    conn = op.get_bind()
    events = sa.table(
        "events",
        sa.column("id", sa.Integer),
        sa.column("ai_change", sa.String),
        sa.column("details", sa.JSON),
    )
    last = 0
    while True:
        rows = conn.execute(
            sa.select(events.c.id, events.c.ai_change, events.c.details)
            .where(events.c.id > last)
            .order_by(events.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for event_id, ai_change, details in rows:
            last = event_id
            report = _upgraded(_loaded(details), ai_change)
            conn.execute(events.update().where(events.c.id == event_id).values(details=report))


def downgrade() -> None:
    pass  # release 0.1 reads these reports too (it shows no excerpt where none is stored)


def _loaded(details) -> dict:
    if isinstance(details, str):  # a JSON column read back as text on some backends
        details = json.loads(details)
    return dict(details or {})


def _upgraded(report: dict, ai_change: str | None) -> dict:
    for key in RENDERED:
        report.pop(key, None)
    findings = []
    for item in report.get("ai_findings") or ():
        findings.append({k: v for k, v in item.items() if k not in RENDERED})
    report["ai_findings"] = findings
    if ai_change and "ai_change" not in report:
        report["ai_change"] = ai_change
    report["v"] = 2
    return report
