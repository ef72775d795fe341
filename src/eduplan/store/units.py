"""The statements on a region's responsible units (责任单位)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models.regions import RegionRow, UnitRow
from eduplan.store.regions import region_is

__all__ = ["add_units", "region_unit_names", "unit_row"]


def unit_row(session: Session, *, region_id: int, name: str) -> UnitRow:
    """The region's unit of this name, created when missing."""
    row = session.scalar(select(UnitRow).where(UnitRow.region_id == region_id, UnitRow.name == name))
    if row is None:
        row = UnitRow(region_id=region_id, name=name)
        session.add(row)
        session.flush()
    return row


def add_units(session: Session, *, region_id: int, kinds: dict[str, str | None]) -> None:
    """Store the units (name → kind) the region does not know yet."""
    wanted = set(kinds)
    known = set(session.scalars(select(UnitRow.name).where(UnitRow.region_id == region_id, UnitRow.name.in_(wanted))))
    for name in sorted(wanted - known):
        session.add(UnitRow(region_id=region_id, name=name, kind=kinds[name]))
    session.flush()


def region_unit_names(session: Session, region: str) -> list[str]:
    """The names of the units known in a region (by its key), in order."""
    query = select(UnitRow.name).join(RegionRow, RegionRow.id == UnitRow.region_id).where(region_is(region))
    return sorted(set(session.scalars(query)))
