"""watches: the last check's outcome and failure

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 13:30:00

A dashboard shows every watch's last check: kept on the watch row by each check, it costs one
row per watch instead of a search of the checks table. Filled from each watch's latest check.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("watches") as batch:
        batch.add_column(sa.Column("last_outcome", sa.String(20), nullable=True))
        batch.add_column(sa.Column("last_error_kind", sa.String(50), nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
    op.execute(
        """
        UPDATE watches SET
            last_outcome = (SELECT c.outcome FROM checks c WHERE c.watch_id = watches.id
                            ORDER BY c.id DESC LIMIT 1),
            last_error_kind = (SELECT c.error_kind FROM checks c WHERE c.watch_id = watches.id
                               ORDER BY c.id DESC LIMIT 1),
            last_error = (SELECT c.error FROM checks c WHERE c.watch_id = watches.id
                          ORDER BY c.id DESC LIMIT 1)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("watches") as batch:
        batch.drop_column("last_error")
        batch.drop_column("last_error_kind")
        batch.drop_column("last_outcome")
