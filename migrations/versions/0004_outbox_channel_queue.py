"""outbox: each channel's queue in event order

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 02:00:00

Delivery sends each channel's messages oldest first and holds a channel's newer messages
behind the one that failed; it reads the head of every channel's queue (its oldest pending
row) through this index.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.create_index(
            "ix_outbox_channel_queue", ["state", "notifier", "channel", "event_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_channel_queue")
