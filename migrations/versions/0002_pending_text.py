"""pending text awaiting confirmation

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 01:10:00

A watch may ask for a new text to be seen on several consecutive checks before it becomes a
version (`confirm`); the candidate's sha256 and its count live on the watch row.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("watches") as batch:
        batch.add_column(sa.Column("pending_text_sha256", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("pending_count", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("watches") as batch:
        batch.drop_column("pending_count")
        batch.drop_column("pending_text_sha256")
