"""Plans: a publication state (draft / published); existing plans stay published.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite cannot alter a table in place: batch mode copies it.
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), server_default='published', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('status')
