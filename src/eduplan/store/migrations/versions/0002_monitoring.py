"""Monitoring: yearly task reports (with evidence), project reports and finance records.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('finance_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('budget', sa.Float(), nullable=True),
    sa.Column('per_student', sa.JSON(), nullable=False),
    sa.Column('teacher_salary', sa.Float(), nullable=True),
    sa.Column('civil_servant_salary', sa.Float(), nullable=True),
    sa.Column('training_spend', sa.Float(), nullable=True),
    sa.Column('payroll', sa.Float(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('entered_by', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_finance_records_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_records')),
    sa.UniqueConstraint('region_id', 'year', name=op.f('uq_finance_records_region_id_year'))
    )
    with op.batch_alter_table('finance_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finance_records_region_id'), ['region_id'], unique=False)

    op.create_table('project_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('project_key', sa.Text(), nullable=False),
    sa.Column('project_table', sa.Text(), nullable=True),
    sa.Column('project_seq', sa.Integer(), nullable=True),
    sa.Column('project_name', sa.Text(), nullable=False),
    sa.Column('actual_start', sa.String(length=7), nullable=True),
    sa.Column('actual_finish', sa.String(length=7), nullable=True),
    sa.Column('investment', sa.Float(), nullable=True),
    sa.Column('places', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('entered_by', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_project_reports_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_reports')),
    sa.UniqueConstraint('region_id', 'year', 'project_key', name=op.f('uq_project_reports_region_id_year_project_key'))
    )
    with op.batch_alter_table('project_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_reports_region_id'), ['region_id'], unique=False)

    op.create_table('task_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('task_key', sa.String(length=64), nullable=False),
    sa.Column('progress', sa.Text(), nullable=True),
    sa.Column('percent', sa.Float(), nullable=True),
    sa.Column('evidence_name', sa.Text(), nullable=True),
    sa.Column('evidence_path', sa.Text(), nullable=True),
    sa.Column('reported_by', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('entered_by', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_task_reports_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_reports')),
    sa.UniqueConstraint('region_id', 'year', 'task_key', name=op.f('uq_task_reports_region_id_year_task_key'))
    )
    with op.batch_alter_table('task_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_reports_region_id'), ['region_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('task_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_reports_region_id'))

    op.drop_table('task_reports')
    with op.batch_alter_table('project_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_reports_region_id'))

    op.drop_table('project_reports')
    with op.batch_alter_table('finance_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finance_records_region_id'))

    op.drop_table('finance_records')
