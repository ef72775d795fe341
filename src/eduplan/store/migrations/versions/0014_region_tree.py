"""Regions as a tree: a parent row (parent_id), a unique division code, names unique within a parent.

Existing rows get their code and level from the shipped division list (by their code, else by
their name when the list has exactly one current division of that name), and their ancestors
are created as rows (重庆市 above 涪陵区) so every coded region hangs in the tree. The old
`parent` name column goes; downgrade writes the parent's name back into it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _attach_to_divisions(conn: sa.Connection) -> None:
    from eduplan.data.divisions import load_divisions

    divisions = load_divisions()
    regions = sa.table('regions', sa.column('id', sa.Integer), sa.column('name', sa.String),
                       sa.column('code', sa.String), sa.column('level', sa.String),
                       sa.column('parent_id', sa.Integer), sa.column('version', sa.Integer))
    rows = conn.execute(sa.select(regions.c.id, regions.c.name, regions.c.code)).all()
    by_code = {code: rid for rid, _, code in rows if code}
    created: list[int] = []

    def row_for(division_code: str) -> int:
        """The id of the division's row, created (with its ancestors) when missing."""
        if division_code in by_code:
            return by_code[division_code]
        division = divisions.by_code(division_code)
        assert division is not None
        parent = row_for(division.parent_code) if division.parent_code else None
        # An explicit id: rows inserted with their ids (a restored backup) leave a PostgreSQL sequence behind.
        new_id = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(regions.c.id), 0))).scalar_one()) + 1
        conn.execute(regions.insert().values(id=new_id, name=division.name, code=division.code,
                                             level=str(division.level), parent_id=parent, version=1))
        created.append(new_id)
        by_code[division_code] = new_id
        return new_id

    matched = []
    for rid, name, code in rows:  # every stored row first, so an ancestor already stored is reused
        division = divisions.by_code(code) if code else None
        if division is None and not code:
            named = [r for r in divisions.named(name, short=False) if r.abolished is None]
            division = named[0] if len(named) == 1 and named[0].code not in by_code else None
        if division is not None:
            by_code[division.code] = rid
            matched.append((rid, division))
    for rid, division in matched:
        parent = row_for(division.parent_code) if division.parent_code else None
        conn.execute(regions.update().where(regions.c.id == rid)
                     .values(code=division.code, level=str(division.level), parent_id=parent))
    if created and conn.dialect.name == "postgresql":  # the sequence past the ids written here
        conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('regions', 'id'), (SELECT max(id) FROM regions))"))


def upgrade() -> None:
    # SQLite cannot alter a table in place: batch mode copies it.
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_regions_parent_id_regions'), 'regions', ['parent_id'], ['id'],
                                    ondelete='RESTRICT')
        batch_op.create_index(batch_op.f('ix_regions_parent_id'), ['parent_id'], unique=False)
    _attach_to_divisions(op.get_bind())
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_regions_name', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_regions_code'), ['code'])
        batch_op.create_unique_constraint(batch_op.f('uq_regions_parent_id_name'), ['parent_id', 'name'])
        batch_op.drop_column('parent')
    # Unique (parent_id, name) leaves NULL parents free: root names are kept unique by a partial index.
    op.create_index('uq_regions_root_name', 'regions', ['name'], unique=True,
                    sqlite_where=sa.text('parent_id IS NULL'), postgresql_where=sa.text('parent_id IS NULL'))


def downgrade() -> None:
    op.drop_index('uq_regions_root_name', table_name='regions')
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent', sa.String(length=100), nullable=True))
    op.execute("UPDATE regions SET parent = (SELECT p.name FROM regions p WHERE p.id = regions.parent_id)")
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_regions_parent_id_name', type_='unique')
        batch_op.drop_constraint('uq_regions_code', type_='unique')
        batch_op.drop_index(batch_op.f('ix_regions_parent_id'))
        batch_op.drop_constraint(batch_op.f('fk_regions_parent_id_regions'), type_='foreignkey')
        batch_op.drop_column('parent_id')
        # Names are unique again: a downgrade with two regions of one name fails here, as it must.
        batch_op.create_unique_constraint('uq_regions_name', ['name'])
