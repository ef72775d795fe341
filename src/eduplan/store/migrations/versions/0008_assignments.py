"""Assignments of tasks and projects to responsible units; one task report per unit; reporters as units.

- `assignments`: lead and co-units and a deadline per task or project of a region, kept apart
  from the plan (keyed by the item's key).
- `task_reports.unit`: whose part of the task a report is ("" for the task as a whole); the
  unique key becomes (region, year, task, unit), so co-units never overwrite one another.
- Reporters stored as login names (observations and task reports entered on the web) become
  the account's unit or role title, which public pages may show.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from eduplan.core.access import ROLE_TITLES, Role

revision: str = '0008'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'assignments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('item_kind', sa.String(length=16), nullable=False),
        sa.Column('item_key', sa.Text(), nullable=False),
        sa.Column('lead_units', sa.JSON(), nullable=False),
        sa.Column('co_units', sa.JSON(), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=True),
        sa.Column('origin', sa.String(length=16), nullable=False),
        sa.Column('updated_by', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_assignments_region_id_regions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments')),
        sa.UniqueConstraint('region_id', 'item_kind', 'item_key',
                            name=op.f('uq_assignments_region_id_item_kind_item_key')),
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_region_id'), ['region_id'], unique=False)
    with op.batch_alter_table('task_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit', sa.Text(), server_default='', nullable=False))
        batch_op.drop_constraint('uq_task_reports_region_id_year_task_key', type_='unique')
        batch_op.create_unique_constraint('uq_task_reports_region_id_year_task_key_unit',
                                          ['region_id', 'year', 'task_key', 'unit'])
    _reporters_as_units()


def _reporters_as_units() -> None:
    """Replace login names in `reported_by` by the account's unit, else its role title."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT u.username, r.name, ru.name FROM users u JOIN roles r ON r.id = u.role_id "
        "LEFT JOIN responsible_units ru ON ru.id = u.unit_id")).all()
    for username, role, unit in rows:
        try:
            label = unit or ROLE_TITLES[Role(role)]
        except ValueError:
            continue
        for table in ('observations', 'task_reports'):
            bind.execute(sa.text(f"UPDATE {table} SET reported_by = :label WHERE reported_by = :name"),
                         {"label": label, "name": username})


def downgrade() -> None:
    op.execute("DELETE FROM task_reports WHERE unit <> ''")  # the units' parts cannot be kept apart any more
    with op.batch_alter_table('task_reports', schema=None) as batch_op:
        batch_op.drop_constraint('uq_task_reports_region_id_year_task_key_unit', type_='unique')
        batch_op.create_unique_constraint('uq_task_reports_region_id_year_task_key',
                                          ['region_id', 'year', 'task_key'])
        batch_op.drop_column('unit')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_region_id'))
    op.drop_table('assignments')
