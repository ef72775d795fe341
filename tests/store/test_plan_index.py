"""Listing and finding stored plans: counts per kind in one statement, the plan in force first."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session

from eduplan.store import plan_index
from eduplan.store.repo import save_plan

from .sample import rich_plan


def test_listings_count_each_kind_of_item_per_plan_and_zero_for_an_empty_plan(session: Session) -> None:
    plan = rich_plan()
    full = save_plan(session, plan, actor="t").plan_id
    empty = save_plan(session, dataclasses.replace(plan, title="空规划", indicators=[], targets=[], tasks=[],
                                                   projects=[], findings=[], programmes=[]), actor="t").plan_id
    session.commit()
    by_id = {p.id: p for p in plan_index.listings(session)}
    assert by_id[full].counts == {"indicators": len(plan.indicators), "targets": len(plan.targets),
                                  "tasks": len(plan.tasks), "projects": len(plan.projects),
                                  "findings": len(plan.findings)}
    assert set(by_id[empty].counts.values()) == {0}
    assert plan_index.item_counts(session, full, ("tasks",)) == {"tasks": len(plan.tasks)}
    assert plan_index.item_counts(session, 999_999) == dict.fromkeys(plan_index.ITEM_TABLES, 0)


def test_the_published_plan_comes_first_then_the_latest_issued(session: Session) -> None:
    plan = rich_plan()
    older = save_plan(session, dataclasses.replace(plan, title="旧规划", issued_on=dt.date(2016, 1, 1)),
                      actor="t").plan_id
    newer = save_plan(session, dataclasses.replace(plan, title="新规划", issued_on=dt.date(2021, 1, 1)),
                      actor="t").plan_id
    draft = save_plan(session, dataclasses.replace(plan, title="草稿", issued_on=dt.date(2023, 1, 1)),
                      actor="t", status="draft").plan_id
    session.commit()
    assert [i for i, _, _ in plan_index.plans_of_region(session, plan.region, published="published")] == [
        newer, older, draft]
    assert [i for i, _, _ in plan_index.plans_where(session, "title", "草稿")] == [draft]
    assert plan_index.plan_exists(session, draft) and not plan_index.plan_exists(session, draft + 100)
