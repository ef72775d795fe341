"""Tasks: a kind, heading (only groups tasks) or task (actionable); stored headings are found.

A stored node with children and no units of its own is a heading, as the extractor now
classifies it (`eduplan.core.plan.task_kind`); every other node stays an actionable task.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite cannot alter a table in place: batch mode copies it.
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='task', nullable=False))
    op.execute(
        "UPDATE tasks SET kind = 'heading' "
        "WHERE id IN (SELECT parent_id FROM tasks WHERE parent_id IS NOT NULL) "
        "AND id NOT IN (SELECT task_id FROM task_units)"
    )


def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_column('kind')
