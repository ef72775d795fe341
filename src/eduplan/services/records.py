"""Single stored plan records: where one sits (for the access policy) and its current version.

A stored plan is published (public) or a draft (private to its region: its own users,
municipal, evaluators, admin); its indicators follow the plan. Unconfirmed uploads are drafts too,
but of their uploader only (`web/pending_uploads.py`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from eduplan.core.access import Kind, Resource
from eduplan.core.errors import NotFoundError
from eduplan.services.plans import IndicatorEdit, PlanStatus
from eduplan.store import convert as cv
from eduplan.store.models.plans import IndicatorRow
from eduplan.store.scopes import indicator_place, indicator_versions, plan_place, plan_places

__all__ = ["get_indicator", "indicator_refs", "indicator_scope", "plan_scope", "plan_scopes"]

PUBLISHED = PlanStatus.PUBLISHED.value


def plan_scope(*, session: Session, plan_id: int) -> Resource:
    """The plan as the access policy sees it: its region and whether it is published."""
    found = plan_place(session, plan_id)
    if found is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划")
    return Resource(kind=Kind.PLAN, region=found[0], published=found[1] == PUBLISHED)


def indicator_scope(*, session: Session, indicator_id: int) -> Resource:
    """The indicator as the access policy sees it: the region of its plan."""
    found = indicator_place(session, indicator_id)
    if found is None:
        raise NotFoundError(f"找不到编号为 {indicator_id} 的指标")
    return Resource(kind=Kind.INDICATOR, region=found[0], published=found[1] == PUBLISHED)


def indicator_refs(*, session: Session, plan_id: int) -> list[tuple[int, int]]:
    """(id, version) of the plan's indicators, in the order `get_plan` returns them."""
    return indicator_versions(session, plan_id)


def get_indicator(*, session: Session, indicator_id: int) -> IndicatorEdit:
    """One stored indicator with its version, as an edit form starts from it."""
    row = session.get(IndicatorRow, indicator_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {indicator_id} 的指标")
    fields = {c: getattr(row, c) for c in cv.INDICATORS.columns}
    return IndicatorEdit(id=row.id, plan_id=row.plan_id, version=row.version,
                         indicator=cv.indicator_from_fields(fields), changes=[])


def plan_scopes(*, session: Session) -> dict[int, Resource]:
    """Every stored plan as the access policy sees it, by plan id."""
    return {i: Resource(kind=Kind.PLAN, region=r, published=s == PUBLISHED) for i, (r, s) in plan_places(session).items()}
