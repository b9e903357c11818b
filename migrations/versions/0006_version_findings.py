"""versions: the AI-training findings of each text

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 13:20:00

What a document says about training AI today is the findings of its latest version: read
when the text becomes a version (the check reads them anyway) and kept with it, so that a
page of a thousand watches does not read a thousand policies. Versions stored before have
none (NULL): their findings are read from their text when asked.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("findings", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("findings")
