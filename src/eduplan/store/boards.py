"""What the boards, the comparison and the evaluations read, one query per kind of row for a
whole subtree: plan heads, the latest observation year, one indicator's series and targets,
stored evaluations. Named here so that services write no statement of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from eduplan.core.plan import Attribute
from eduplan.store.models.monitoring import EvaluationRow, ObservationRow
from eduplan.store.models.plans import IndicatorRow, PlanRow, ProseTargetRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.records import approved_clause
from eduplan.store.region_keys import keys_of
from eduplan.store.regions import region_in, region_is


@dataclass(frozen=True)
class PlanHead:
    """A stored plan's id, its region's key and its title."""

    id: int
    region: str
    title: str


def plan_heads(session: Session, *, regions: Sequence[str] | None = None) -> list[PlanHead]:
    """Every stored plan (of the regions named by key, when given), by region name and title."""
    query = select(PlanRow.id, PlanRow.region_id, PlanRow.title).join(RegionRow).order_by(RegionRow.name, PlanRow.title)
    if regions is not None:
        query = query.where(region_in(regions))
    rows = session.execute(query).all()
    keys = keys_of(session, {r for _, r, _ in rows})
    return [PlanHead(int(i), keys[r], t) for i, r, t in rows]


def latest_observation_year(session: Session, *, region: str | None = None) -> int | None:
    """The latest year with an observation (of one region, by key, or of any)."""
    query = select(func.max(ObservationRow.year))
    if region is not None:
        query = query.join(RegionRow).where(region_is(region))
    year = session.scalar(query)
    return int(year) if year is not None else None


def indicator_series(session: Session, *, indicator: str, approved_only: bool = False
                     ) -> list[tuple[str, int, float, str | None, bool]]:
    """(region key, year, value, source, simulated) of every observation of one indicator."""
    query = (select(ObservationRow.region_id, ObservationRow.year, ObservationRow.value, ObservationRow.source,
                    ObservationRow.simulated).where(ObservationRow.indicator == indicator))
    if approved_only:
        query = query.where(approved_clause())
    rows = session.execute(query).all()
    keys = keys_of(session, {r[0] for r in rows})
    return [(keys[r], int(y), float(v), s, bool(sim)) for r, y, v, s, sim in rows]


def plan_statuses(session: Session) -> list[tuple[str, str]]:
    """(region key, status) of every stored plan."""
    rows = session.execute(select(PlanRow.region_id, PlanRow.status)).all()
    keys = keys_of(session, {r for r, _ in rows})
    return [(keys[r], s) for r, s in rows]


@dataclass(frozen=True)
class StoredTarget:
    """A target on one indicator in a stored plan: a table row (`values` its printed columns) or a
    prose target (`values` empty, `binding` False)."""

    region: str
    plan_title: str
    period_start: int | None
    period_end: int | None
    op: str | None
    value: float | None
    value_max: float | None
    year: int | None
    values: dict[str, Any]
    binding: bool


def indicator_targets(session: Session, *, indicator: str, include_drafts: bool,
                      prose: bool = False) -> list[StoredTarget]:
    """The table rows (or, `prose`, the prose targets) on one catalog indicator of every stored plan
    (published ones only unless `include_drafts`), by region name, plan and position."""
    visible = true() if include_drafts else PlanRow.status == "published"
    head = (PlanRow.region_id, PlanRow.title, PlanRow.period_start, PlanRow.period_end)
    if prose:
        t = ProseTargetRow
        query = (select(*head, t.op, t.value, t.value_max, t.year).join(PlanRow, t.plan_id == PlanRow.id)
                 .join(RegionRow, PlanRow.region_id == RegionRow.id).where(t.catalog_id == indicator, visible)
                 .order_by(RegionRow.name, PlanRow.id, t.position))
        rows = session.execute(query).all()
        keys = keys_of(session, {r[0] for r in rows})
        return [StoredTarget(keys[r], title, s, e, op, v, vmax, y, {}, False) for r, title, s, e, op, v, vmax, y in rows]
    i = IndicatorRow
    query = (select(*head, i.target_op, i.target_value, i.target_value_max, i.target_year, i.values, i.attribute)
             .join(PlanRow, i.plan_id == PlanRow.id).join(RegionRow, PlanRow.region_id == RegionRow.id)
             .where(i.catalog_id == indicator, visible).order_by(RegionRow.name, PlanRow.id, i.position))
    found: list[Any] = list(session.execute(query).all())  # ten columns: beyond what the typed Row spells
    keys = keys_of(session, {r[0] for r in found})
    return [StoredTarget(keys[r], title, s, e, op, v, vmax, y, dict(values or {}), attribute == Attribute.BINDING.value)
            for r, title, s, e, op, v, vmax, y, values, attribute in found]


@dataclass(frozen=True)
class StoredEvaluation:
    """A stored evaluation row with its region's key."""

    id: int
    region: str
    plan_id: int | None
    plan_title: str | None
    kind: str
    year: int
    created_at: dt.datetime | None
    payload: dict[str, Any]


def stored_evaluations(session: Session, *, region: str | None = None, evaluation_id: int | None = None,
                       regions: Sequence[str] | None = None) -> list[StoredEvaluation]:
    """Stored evaluations, newest first: all, of one region or of the regions named (by key), or one by id."""
    query = (select(EvaluationRow).join(RegionRow)
             .order_by(EvaluationRow.created_at.desc(), EvaluationRow.id.desc()))
    if region is not None:
        query = query.where(region_is(region))
    if regions is not None:
        query = query.where(region_in(regions))
    if evaluation_id is not None:
        query = query.where(EvaluationRow.id == evaluation_id)
    rows = session.scalars(query).all()
    keys = keys_of(session, {row.region_id for row in rows})
    return [StoredEvaluation(row.id, keys[row.region_id], row.plan_id, row.plan_title, row.kind, row.year,
                             row.created_at, dict(row.payload)) for row in rows]
