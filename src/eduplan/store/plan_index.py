"""Finding and counting stored plans: the statements behind `services.plans`' listings and lookups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ScalarSelect, case, func, select
from sqlalchemy.orm import Session

from eduplan.store.models.base import Base
from eduplan.store.models.plans import FindingRow, IndicatorRow, PlanRow, ProjectRow, ProseTargetRow, TaskRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.region_keys import keys_of
from eduplan.store.regions import region_in, region_is, region_key

#: The kinds of a plan's items counted in listings, by the name the listing gives them.
ITEM_TABLES: dict[str, type[Base]] = {
    "indicators": IndicatorRow, "targets": ProseTargetRow, "tasks": TaskRow, "projects": ProjectRow,
    "findings": FindingRow,
}


@dataclass(frozen=True)
class PlanListing:
    """One stored plan as a listing shows it: its region's key and the number of items of each kind."""

    id: int
    region: str
    title: str
    doc_number: str | None
    issued_on: dt.date | None
    status: str
    counts: dict[str, int]


def item_counts(session: Session, plan_id: int, kinds: Sequence[str] = tuple(ITEM_TABLES)) -> dict[str, int]:
    """How many items of each kind one plan has (one statement)."""
    columns = [_count(ITEM_TABLES[k], PlanRow.id).label(k) for k in kinds]
    row = session.execute(select(*columns).where(PlanRow.id == plan_id)).one_or_none()
    return {k: int(getattr(row, k) or 0) if row is not None else 0 for k in kinds}


def listings(session: Session) -> list[PlanListing]:
    """Every stored plan by region name and title, with its item counts (one statement)."""
    counts = [_count(model, PlanRow.id).label(kind) for kind, model in ITEM_TABLES.items()]
    rows = session.execute(
        select(PlanRow.id, region_key().label("region"), PlanRow.title, PlanRow.doc_number, PlanRow.issued_on,
               PlanRow.status, *counts)
        .join(RegionRow).order_by(RegionRow.name, PlanRow.title)).all()
    return [PlanListing(id=r.id, region=r.region, title=r.title, doc_number=r.doc_number, issued_on=r.issued_on,
                        status=r.status, counts={k: int(getattr(r, k) or 0) for k in ITEM_TABLES}) for r in rows]


def _count(model: type[Base], plan_id: object) -> ScalarSelect[int]:
    table = model.__table__  # type: ignore[attr-defined]
    return select(func.count()).select_from(table).where(table.c.plan_id == plan_id).scalar_subquery()


def plans_of_region(session: Session, region: str, *, published: str) -> list[tuple[int, str, str]]:
    """(id, title, status) of a region's plans, the plan in force first: published (status
    `published`) before drafts, then latest issued, latest period, newest."""
    first = case((PlanRow.status == published, 0), else_=1)
    return [(int(i), t, s) for i, t, s in session.execute(
        select(PlanRow.id, PlanRow.title, PlanRow.status).join(RegionRow).where(region_is(region))
        .order_by(first, PlanRow.issued_on.desc().nulls_last(), PlanRow.period_start.desc().nulls_last(),
                  PlanRow.id.desc())).all()]


def plans_of_regions(session: Session, regions: Sequence[str], *, published: str) -> dict[str, list[tuple[int, str, str]]]:
    """`plans_of_region` of many regions (by key) in one query: each one's plans, the plan in force first."""
    first = case((PlanRow.status == published, 0), else_=1)
    rows = session.execute(
        select(PlanRow.region_id, PlanRow.id, PlanRow.title, PlanRow.status).join(RegionRow).where(region_in(regions))
        .order_by(PlanRow.region_id, first, PlanRow.issued_on.desc().nulls_last(),
                  PlanRow.period_start.desc().nulls_last(), PlanRow.id.desc())).all()
    keys = keys_of(session, {r[0] for r in rows})
    out: dict[str, list[tuple[int, str, str]]] = {}
    for region_id, i, t, s in rows:
        out.setdefault(keys[region_id], []).append((int(i), t, s))
    return out


def plan_exists(session: Session, plan_id: int) -> bool:
    return session.scalar(select(PlanRow.id).where(PlanRow.id == plan_id)) is not None


def plans_where(session: Session, field: str, text: str) -> list[tuple[int, str, str]]:
    """(id, region key, title) of the plans whose 文号 (`doc_number`), title (`title`) or region
    (`region`, a region key) is `text`, by id."""
    condition = {"doc_number": lambda: PlanRow.doc_number == text, "title": lambda: PlanRow.title == text,
                 "region": lambda: region_is(text)}[field]()
    return [(int(i), r, t) for i, r, t in session.execute(
        select(PlanRow.id, region_key(), PlanRow.title).join(RegionRow).where(condition).order_by(PlanRow.id)).all()]


def first_plans(session: Session, limit: int = 10) -> list[tuple[int, str, str]]:
    """(id, region key, title) of the first stored plans, for a message listing what there is."""
    return [(int(i), r, t) for i, r, t in session.execute(
        select(PlanRow.id, region_key(), PlanRow.title).join(RegionRow).order_by(PlanRow.id).limit(limit)).all()]
