"""Rows upserted by their unique key in a few statements: the stored rows read once, then the new ones
inserted with one executemany and the changed ones updated with another.

It stores what the ORM's row-by-row upsert stored (`save_observations` and the report savers did it
one object at a time): a record whose key is not stored is inserted (version 1, the column defaults
filled in); one whose compared values differ is updated, every value written and its version
increased (the `WHERE version = …` of `version_id_col`, a stale row a `ConflictError`); an equal one is
left as it is. Records are taken in order, so a key given twice is stored once, with the last values.
A unique-key clash on insert (another writer stored the same key meanwhile) is a `ConflictError`, as a
flush's is. The statements run on the session's connection (no ORM event per row): the regions
written are marked for the data versions here, once each, and objects of the updated rows the session
holds are expired, so they read the new values back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, bindparam, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from eduplan.core.errors import ConflictError
from eduplan.store.session import conflict_guard
from eduplan.store.versions import mark_regions

#: Called for each record that changes what is stored: (the values stored before it, None when its key is
#: new; the record's position in the records given).
OnChange = Callable[[Mapping[str, Any] | None, int], None]

_BATCH = 5_000


@dataclass
class Upserted:
    """What an upsert did: how many records it inserted, updated and found unchanged."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    regions: set[int] = field(default_factory=set)


def upsert_rows(session: Session, model: Any, records: Sequence[Mapping[str, Any]], *, key: Sequence[str],
                where: ColumnElement[bool], what: str, ignore: Sequence[str] = (),
                on_change: OnChange | None = None) -> Upserted:
    """Insert or update `records` (column → value, every record the same columns, `region_id` among
    them) of `model`'s table by the unique `key` columns; `where` selects the stored rows any record
    can match (their regions and years), `ignore` the columns a change of which alone is no change."""
    out = Upserted()
    if not records:
        return out
    table = model.__table__
    columns = list(records[0])
    compared = [c for c in columns if c not in ignore]
    with conflict_guard(what):
        session.flush()  # what the session holds is in the database before it is read and written
    stored: dict[tuple[Any, ...], list[Any]] = {}
    read = [table.c.id, table.c.version, *(table.c[c] for c in columns)]
    for row in session.execute(select(*read).where(where)):
        values = dict(zip(columns, row[2:], strict=True))
        stored[tuple(values[k] for k in key)] = [row[0], row[1], values, dict(values)]
    new: dict[tuple[Any, ...], dict[str, Any]] = {}
    changed: dict[tuple[Any, ...], list[Any]] = {}
    for n, record in enumerate(records):
        k = tuple(record[c] for c in key)
        if k in new:
            current: dict[str, Any] | None = new[k]
        elif k in stored:
            current = stored[k][2]
        else:
            current = None
        if current is None:
            new[k] = dict(record)
            out.inserted += 1
            if on_change is not None:
                on_change(None, n)
            continue
        if all(current[c] == record[c] for c in compared):
            out.unchanged += 1
            continue
        if on_change is not None:
            on_change(current, n)
        current.update(record)
        if k not in new:
            changed[k] = stored[k]
        out.updated += 1
    # A row changed and changed back within the records is not written (nor is its version increased):
    # what the ORM's flush did with an object whose values came back to those it had loaded.
    written = [s for s in changed.values() if any(s[2][c] != s[3][c] for c in columns)]
    _insert(session, table, list(new.values()), what)
    _update(session, model, columns, written, what)
    out.regions = {r["region_id"] for r in new.values()} | {s[2]["region_id"] for s in written}
    mark_regions(session, out.regions)
    return out


def _insert(session: Session, table: Any, rows: list[dict[str, Any]], what: str) -> None:
    connection = session.connection()
    with conflict_guard(what):
        for start in range(0, len(rows), _BATCH):
            connection.execute(insert(table), [{**r, "version": 1} for r in rows[start:start + _BATCH]])


def _update(session: Session, model: Any, columns: Sequence[str], rows: list[list[Any]], what: str) -> None:
    """Every value of the changed rows written, each row's version checked and increased."""
    if not rows:
        return
    table = model.__table__
    statement = (update(table).where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
                 .values({**{c: bindparam(f"b_{c}") for c in columns}, "version": table.c.version + 1}))
    connection = session.connection()
    matched = 0
    with conflict_guard(what):
        for start in range(0, len(rows), _BATCH):
            batch = rows[start:start + _BATCH]
            result = connection.execute(statement, [{"b_id": i, "b_version": v, **{f"b_{c}": values[c] for c in columns}}
                                                    for i, v, values, _ in batch])
            matched += result.rowcount
    if connection.dialect.supports_sane_multi_rowcount and matched != len(rows):
        raise ConflictError(f"记录已被其他用户修改（{what}），请刷新后重试")
    for row_id, *_ in rows:  # an object of a row the session holds reads the row as it is now
        obj = session.identity_map.get(identity_key(model, row_id))
        if obj is not None:
            session.expire(obj)
