"""Where stored plan records sit, for the access policy: a plan's or an indicator's region key and
plan status, and the plan's indicators with their versions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models.plans import IndicatorRow, PlanRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.regions import region_key

__all__ = ["indicator_place", "indicator_versions", "plan_place", "plan_places"]


def plan_place(session: Session, plan_id: int) -> tuple[str, str] | None:
    """(region key, status) of the plan."""
    found = session.execute(select(region_key(), PlanRow.status).join(PlanRow, PlanRow.region_id == RegionRow.id)
                            .where(PlanRow.id == plan_id)).first()
    return (found[0], found[1]) if found is not None else None


def indicator_place(session: Session, indicator_id: int) -> tuple[str, str] | None:
    """(region key, plan status) of the indicator's plan."""
    found = session.execute(
        select(region_key(), PlanRow.status).join(PlanRow, PlanRow.region_id == RegionRow.id)
        .join(IndicatorRow, IndicatorRow.plan_id == PlanRow.id).where(IndicatorRow.id == indicator_id)).first()
    return (found[0], found[1]) if found is not None else None


def indicator_versions(session: Session, plan_id: int) -> list[tuple[int, int]]:
    """(id, version) of the plan's indicators, in the plan's order."""
    rows = session.execute(select(IndicatorRow.id, IndicatorRow.version).where(IndicatorRow.plan_id == plan_id)
                           .order_by(IndicatorRow.position, IndicatorRow.id)).all()
    return [(int(i), int(v)) for i, v in rows]


def plan_places(session: Session) -> dict[int, tuple[str, str]]:
    """Every stored plan's (region key, status), by plan id."""
    rows = session.execute(select(PlanRow.id, region_key(), PlanRow.status)
                           .join(RegionRow, PlanRow.region_id == RegionRow.id))
    return {int(i): (r, s) for i, r, s in rows}
