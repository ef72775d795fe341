"""Submission and approval of yearly figures: one row per region and year (no row: 填报中).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'data_submissions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('changed_by', sa.String(length=200), nullable=True),
        sa.Column('changed_at', sa.DateTime(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('last_transition', sa.String(length=16), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_data_submissions_region_id_regions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_submissions')),
        sa.UniqueConstraint('region_id', 'year', name=op.f('uq_data_submissions_region_id_year')),
    )
    with op.batch_alter_table('data_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_submissions_region_id'), ['region_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('data_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_submissions_region_id'))
    op.drop_table('data_submissions')
