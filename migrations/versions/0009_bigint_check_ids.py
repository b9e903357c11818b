"""checks: 64-bit ids on PostgreSQL

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:00:00

A check is written on every poll: PostgreSQL's INTEGER (and the sequence SERIAL made for it)
stops at 2^31 - 1, which a hundred thousand hourly watches reach within three years. The column
becomes BIGINT and its sequence counts as far. SQLite's INTEGER PRIMARY KEY is its 64-bit rowid
already: nothing to do there.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger(), "bigint")


def downgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer(), "integer")


def _retype(old: sa.types.TypeEngine, new: sa.types.TypeEngine, sequence_type: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    op.alter_column("checks", "id", existing_type=old, type_=new, existing_nullable=False)
    if bind.dialect.name == "postgresql":
        sequence = bind.execute(sa.text("SELECT pg_get_serial_sequence('checks', 'id')")).scalar()
        if sequence:
            op.execute(f"ALTER SEQUENCE {sequence} AS {sequence_type}")
