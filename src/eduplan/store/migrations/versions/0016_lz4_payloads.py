"""Large stored JSON compressed with lz4 on PostgreSQL: evaluations.payload and cached_pages.payload.

An evaluation's payload is ~100 KB of JSON; PostgreSQL compresses such values (TOAST) with pglz
by default, which took half the time of storing a city's twenty evaluations. lz4 compresses
several times faster for a little less ratio. Only where the server was built with lz4
(PostgreSQL ≥ 14 lists it among `default_toast_compression`'s values); values stored before
keep their compression. SQLite: nothing to do.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (("evaluations", "payload"), ("cached_pages", "payload"))


def _has_lz4() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    return bool(bind.execute(sa.text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                                     "WHERE name = 'default_toast_compression'")).scalar())


def upgrade() -> None:
    if _has_lz4():
        for table, column in _COLUMNS:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION lz4")


def downgrade() -> None:
    if _has_lz4():
        for table, column in _COLUMNS:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION default")
