"""Inspection checklist: the bureau's confirmations of preconditions and 一票否决 items.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('inspection_confirmations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=100), nullable=False),
    sa.Column('holds', sa.Boolean(), nullable=False),
    sa.Column('confirmed_by', sa.Text(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_inspection_confirmations_region_id_regions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_confirmations')),
    sa.UniqueConstraint('region_id', 'year', 'item_key', name=op.f('uq_inspection_confirmations_region_id_year_item_key'))
    )
    with op.batch_alter_table('inspection_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_confirmations_region_id'), ['region_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inspection_confirmations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_confirmations_region_id'))
    op.drop_table('inspection_confirmations')
