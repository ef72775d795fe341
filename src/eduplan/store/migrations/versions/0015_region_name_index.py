"""Regions found by name: an index on regions.name.

A region's key is its name unless another stored region shares it (`store.regions.region_key`),
and most lookups are by name; the unique (parent_id, name) index cannot serve a name alone, so
both scanned the table — at national scale (~3,200 divisions) once per listed row.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f('ix_regions_name'), 'regions', ['name'])


def downgrade() -> None:
    op.drop_index(op.f('ix_regions_name'), table_name='regions')
