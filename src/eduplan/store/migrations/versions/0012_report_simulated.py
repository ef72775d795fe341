"""Yearly reports: a `simulated` flag on task reports, project reports and finance records.

Observations and school records already carry it; reports inferred it from their source.
Rows stored before this revision from the demo's seeded collection (source “模拟数据”, the
only writer of that source) are marked simulated; every other row is a real report.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('task_reports', 'project_reports', 'finance_records')
SIMULATED_SOURCE = '模拟数据'


def upgrade() -> None:
    for table in TABLES:
        # SQLite cannot alter a table in place: batch mode copies it.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('simulated', sa.Boolean(), server_default=sa.false(), nullable=False))
        rows = sa.table(table, sa.column('source', sa.Text()), sa.column('simulated', sa.Boolean()))
        op.execute(rows.update().where(rows.c.source == SIMULATED_SOURCE).values(simulated=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('simulated')
