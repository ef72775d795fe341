"""Stored regions as a tree (migration 0014): rows by key, ancestors created from the division list.

A region's **key** is the string the rest of eduplan passes around for it: its name while no
other stored region shares that name (涪陵区), else its division code (350102). `region_key()` is
that key as an SQL expression, `region_is(key)` the condition selecting the row a key names.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from eduplan.core.errors import InputError
from eduplan.core.regions import Region
from eduplan.data.divisions import load_divisions
from eduplan.store.models.monitoring import ObservationRow, SchoolRecordRow
from eduplan.store.models.plans import PlanRow
from eduplan.store.models.regions import RegionRow

CODE_RE = re.compile(r"^\d{6}$")


def is_code(text: str) -> bool:
    return bool(CODE_RE.match(text.strip()))


def region_key() -> ColumnElement[str]:
    """The region's key as a column: its name, or its code when another stored region has that name."""
    other = aliased(RegionRow)
    shared = exists().where(and_(other.name == RegionRow.name, other.id != RegionRow.id))
    return case((and_(shared, RegionRow.code.is_not(None)), RegionRow.code), else_=RegionRow.name)


def region_is(key: str) -> ColumnElement[bool]:
    """The condition on `RegionRow` selecting the region a key names (a code, else a name)."""
    return RegionRow.code == key.strip() if is_code(key) else RegionRow.name == key


def region_in(keys: Iterable[str]) -> ColumnElement[bool]:
    """The condition selecting the regions some keys name."""
    wanted = set(keys)
    codes = {k.strip() for k in wanted if is_code(k)}
    return or_(RegionRow.code.in_(codes), RegionRow.name.in_({k for k in wanted if not is_code(k)}))


def key_of(session: Session, row: RegionRow) -> str:
    """The key of a stored region."""
    if row.code is None:
        return row.name
    shared = session.scalar(select(func.count(RegionRow.id)).where(RegionRow.name == row.name, RegionRow.id != row.id))
    return row.code if shared else row.name


def rows_for(session: Session, key: str) -> list[RegionRow]:
    """The stored regions a key names: one by code, or every region of that name."""
    return list(session.scalars(select(RegionRow).where(region_is(key)).order_by(RegionRow.code, RegionRow.id)))


def row_for(session: Session, key: str) -> RegionRow | None:
    """The one stored region a key names; None when none or several (a name shared) do."""
    found = rows_for(session, key)
    return found[0] if len(found) == 1 else None


def codes_of(session: Session, keys: Iterable[str]) -> list[str]:
    """The division codes of the stored regions some keys name (regions without a code left out)."""
    return [c for c in session.scalars(select(RegionRow.code).where(region_in(keys))) if c]


def describe(session: Session, rows: Iterable[RegionRow]) -> str:
    """“福州市鼓楼区（350102）、南京市鼓楼区（320106）” for a message."""
    parts = []
    for row in rows:
        parent = session.get(RegionRow, row.parent_id) if row.parent_id is not None else None
        parts.append(f"{parent.name if parent else ''}{row.name}（{row.code or '无代码'}）")
    return "、".join(parts)


def division_row(session: Session, division: Region) -> RegionRow:
    """The stored row of a division of the list, created with its missing ancestors (by code).

    A stored region of the same name under the same parent without a code yet is that division:
    it gets the code rather than a twin."""
    row = session.scalar(select(RegionRow).where(RegionRow.code == division.code))
    if row is not None:
        return row
    parent_code = division.parent_code
    parent_division = load_divisions().by_code(parent_code) if parent_code else None
    parent = division_row(session, parent_division) if parent_division else None
    parent_id = parent.id if parent else None
    row = session.scalar(select(RegionRow).where(RegionRow.name == division.name, RegionRow.code.is_(None),
                                                 (RegionRow.parent_id == parent_id) if parent_id
                                                 else RegionRow.parent_id.is_(None)))
    if row is None and parent_id is not None:  # an uncoded root of this name (stored before the tree)
        row = session.scalar(select(RegionRow).where(RegionRow.name == division.name, RegionRow.code.is_(None),
                                                     RegionRow.parent_id.is_(None)))
    if row is None:
        row = RegionRow(name=division.name)
        session.add(row)
    row.code, row.level, row.parent_id = division.code, str(division.level), parent_id
    session.flush()
    return row


def ensure_key(session: Session, key: str) -> RegionRow:
    """The row a key names, created when missing: a code from the division list (with its
    ancestors), a name as a region of its own (no code, no parent).
    A name several stored regions share is not a key: the first of them is never guessed —
    callers resolve a person's input first (services.regions)."""
    found = rows_for(session, key)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise InputError(f"“{key}”对应多个地区：{describe(session, found)}，请用代码指定")
    known = load_divisions().by_code(key.strip()) if is_code(key) else None
    if known is not None:
        return division_row(session, known)
    # A name only (a plan or a workbook without a code): stored as before the tree, outside it;
    # `services.regions.locate` and the plan's code are what place a region in the tree.
    row = RegionRow(name=key)
    session.add(row)
    session.flush()
    return row


def keys_by_id(session: Session, ids: Iterable[int] | None = None) -> dict[int, str]:
    """The keys of stored regions (all, or the given ids) by id."""
    query = select(RegionRow.id, region_key())
    if ids is not None:
        query = query.where(RegionRow.id.in_(set(ids)))
    return {int(i): str(k) for i, k in session.execute(query)}


def tree_rows(session: Session) -> list[tuple[int, int | None, str, str, str | None]]:
    """Every stored region as (id, parent id, key, name, code), in one statement."""
    return [(int(i), p, str(k), n, c) for i, p, k, n, c in session.execute(
        select(RegionRow.id, RegionRow.parent_id, region_key(), RegionRow.name, RegionRow.code))]


def codes_by_id(session: Session, ids: Iterable[int]) -> dict[int, str | None]:
    """The division code of each stored region id given (None: a region without one)."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {int(i): c for i, c in session.execute(select(RegionRow.id, RegionRow.code).where(RegionRow.id.in_(wanted)))}


def subtree_ids(session: Session, root_id: int) -> set[int]:
    """The region and every stored region below it."""
    pairs = session.execute(select(RegionRow.id, RegionRow.parent_id)).all()
    children: dict[int, list[int]] = {}
    for rid, parent in pairs:
        if parent is not None:
            children.setdefault(parent, []).append(rid)
    out, todo = set(), [root_id]
    while todo:
        current = todo.pop()
        if current not in out:
            out.add(current)
            todo.extend(children.get(current, ()))
    return out


def rows_with_codes(session: Session, codes: Iterable[str]) -> list[RegionRow]:
    """The stored regions with these division codes, by code."""
    wanted = list(codes)
    if not wanted:
        return []
    return list(session.scalars(select(RegionRow).where(RegionRow.code.in_(wanted)).order_by(RegionRow.code)))


def all_rows(session: Session) -> list[RegionRow]:
    """Every stored region, by code then name."""
    return list(session.scalars(select(RegionRow).order_by(RegionRow.code, RegionRow.name)))


def coded_rows(session: Session) -> dict[str, RegionRow]:
    """The stored regions that have a division code, by code."""
    return {r.code: r for r in session.scalars(select(RegionRow).where(RegionRow.code.is_not(None))) if r.code}


def name_clash(session: Session, *, name: str, code: str, parent_id: int | None) -> RegionRow | None:
    """Another region (not of this code) with this name under the same parent (or at the root)."""
    return session.scalar(select(RegionRow).where(
        RegionRow.name == name, RegionRow.code.is_distinct_from(code),
        (RegionRow.parent_id == parent_id) if parent_id is not None else RegionRow.parent_id.is_(None)))


@dataclasses.dataclass(frozen=True)
class RegionCounts:
    """What each region (by row id) holds: plans, published plans, observations, school records."""

    plans: dict[int, int]
    published: dict[int, int]
    figures: dict[int, int]
    schools: dict[int, int]


def region_counts(session: Session) -> RegionCounts:
    """How many plans, published plans, observations and school records each region holds."""
    def counts(column: Any, *where: ColumnElement[bool]) -> dict[int, int]:
        query = select(column, func.count()).where(*where).group_by(column)
        return {int(r): int(n) for r, n in session.execute(query)}

    return RegionCounts(plans=counts(PlanRow.region_id), published=counts(PlanRow.region_id, PlanRow.status == "published"),
                        figures=counts(ObservationRow.region_id), schools=counts(SchoolRecordRow.region_id))
