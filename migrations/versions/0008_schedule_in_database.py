"""watches: the schedule in the database (due time, claims, leases); checks pruned by age

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 14:30:00

Several instances share one schedule: each watch's next due time lives on its row, and an
instance claims a due watch by writing a claim token and a lease on it (see
docs/decisions/0016). `active` is false for a watch no longer in the configuration (its history
stays); `host` and `interval_s` are the configuration's, kept for the claim's per-host budget
and for noticing a changed interval. Existing watches get their due time on the next start.
`ix_checks_started` lets old checks be pruned without reading the whole table.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("watches") as batch:
        batch.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("host", sa.String(255), nullable=True))
        batch.add_column(sa.Column("interval_s", sa.Float(), nullable=True))
        batch.add_column(sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("claim_token", sa.String(32), nullable=True))
        batch.add_column(sa.Column("claimed_by", sa.String(200), nullable=True))
        batch.add_column(sa.Column("claim_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_watches_due", "watches", ["active", "next_due_at"])
    op.create_index("ix_watches_claim_until", "watches", ["claim_until"])
    op.create_index("ix_checks_started", "checks", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_checks_started", table_name="checks")
    op.drop_index("ix_watches_claim_until", table_name="watches")
    op.drop_index("ix_watches_due", table_name="watches")
    with op.batch_alter_table("watches") as batch:
        for column in (
            "claim_until",
            "claimed_by",
            "claim_token",
            "next_due_at",
            "interval_s",
            "host",
            "active",
        ):
            batch.drop_column(column)
