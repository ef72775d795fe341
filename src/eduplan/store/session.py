"""What every store module needs of a session: the conflict guard, a guarded flush, rows read on its
connection, region ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVarTuple

from sqlalchemy import Row, Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from eduplan.core.errors import ConflictError
from eduplan.store.models.regions import RegionRow

_Ts = TypeVarTuple("_Ts")


@contextmanager
def conflict_guard(what: str) -> Iterator[None]:
    """Turn a stale write or a unique-key clash (someone stored the same record meanwhile) into
    `ConflictError` naming the record; other integrity errors are bugs and stay as they are."""
    try:
        yield
    except StaleDataError as exc:
        raise ConflictError(f"记录已被其他用户修改（{what}），请刷新后重试") from exc
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise ConflictError(f"其他用户同时写入了相同的记录（{what}），本次写入未保存，请重试") from exc


def is_unique_violation(exc: IntegrityError) -> bool:
    """Whether the database refused a duplicate key (PostgreSQL 23505, SQLite UNIQUE / PRIMARY KEY)."""
    if getattr(exc.orig, "sqlstate", None) == "23505":
        return True
    text = str(exc.orig)
    return "UNIQUE constraint failed" in text or "PRIMARY KEY constraint failed" in text


def flush(session: Session, what: str) -> None:
    """Flush the session; a stale write becomes `ConflictError` naming `what`."""
    with conflict_guard(what):
        session.flush()


def core_rows(session: Session, query: Select[*_Ts]) -> Sequence[Row[*_Ts]]:
    """The query's rows read on the session's connection, after what the session holds is flushed
    (as its autoflush would): Core skips the ORM's result machinery, which costs as much again as
    the rows themselves. For SELECTs of columns, never of row objects."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(query).all()


def region_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """The ids of the regions the keys name (a name or a code), creating the missing ones.

    The keys that name one stored region are read in one statement; the others (missing, or a name
    several regions share, which `ensure_key` refuses) go through `ensure_key` one by one."""
    from eduplan.store.regions import ensure_key, is_code, region_in

    keys = sorted(set(names))
    if not keys:
        return {}
    by_code: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    for row_id, name, code in session.execute(select(RegionRow.id, RegionRow.name, RegionRow.code)
                                              .where(region_in(keys))):
        if code is not None:
            by_code[code] = int(row_id)
        by_name.setdefault(name, []).append(int(row_id))
    out: dict[str, int] = {}
    for key in keys:
        found = [by_code[key.strip()]] if is_code(key) and key.strip() in by_code else (
            [] if is_code(key) else by_name.get(key, []))
        out[key] = found[0] if len(found) == 1 else ensure_key(session, key).id
    return out


def lock_regions(session: Session, names: Iterable[str]) -> dict[str, int]:
    """The regions' ids (created when missing), all locked for writing until the transaction ends, in
    one statement: on PostgreSQL their rows `FOR NO KEY UPDATE` in id order (two imports lock in the
    same order: no deadlock), on SQLite a no-op write (the database's write lock)."""
    regions = region_ids(session, names)
    ids = sorted(set(regions.values()))
    if not ids:
        return regions
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(RegionRow.id).where(RegionRow.id.in_(ids)).order_by(RegionRow.id)
                        .with_for_update(key_share=True))
    else:
        session.execute(update(RegionRow).where(RegionRow.id.in_(ids)).values(name=RegionRow.name)
                        .execution_options(synchronize_session=False))
    return regions
