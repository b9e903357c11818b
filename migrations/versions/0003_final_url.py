"""final URL of the last successful fetch

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 01:30:00

The watch row keeps where its last successful fetch ended (after redirects): a check that
ends at another final URL records one `moved` event, and the next checks stay quiet.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("watches") as batch:
        batch.add_column(sa.Column("final_url", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("watches") as batch:
        batch.drop_column("final_url")
