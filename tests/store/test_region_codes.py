"""A stored plan keeps its region's division code and level; a second region of the same name conflicts."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.orm import Session

from eduplan.core.errors import ConflictError
from eduplan.store.models import RegionRow
from eduplan.store.repo import load_plan, save_plan

from .sample import rich_plan


def test_region_code_and_level_survive_the_store(session: Session) -> None:
    plan = dataclasses.replace(rich_plan(), region="鼓楼区", region_code="350102", region_level="county")
    result = save_plan(session, plan, actor="tester")
    session.commit()
    session.expunge_all()
    loaded = load_plan(session, result.plan_id)
    assert (loaded.region, loaded.region_code, loaded.region_level) == ("鼓楼区", "350102", "county")
    assert loaded == plan
    again = save_plan(session, plan, actor="tester")
    assert not again.created and again.changes == []


def test_a_plan_without_a_code_leaves_the_regions_code_alone(session: Session) -> None:
    save_plan(session, dataclasses.replace(rich_plan(), region="璧山区", region_code="500120",
                                           region_level="county"), actor="tester")
    save_plan(session, dataclasses.replace(rich_plan(), region="璧山区", title="另一规划"), actor="tester")
    row = session.query(RegionRow).filter_by(name="璧山区").one()
    assert (row.code, row.level) == ("500120", "county")


def test_another_region_of_the_same_name_is_a_conflict_in_chinese(session: Session) -> None:
    save_plan(session, dataclasses.replace(rich_plan(), region="鼓楼区", region_code="350102",
                                           region_level="county"), actor="tester")
    other = dataclasses.replace(rich_plan(), region="鼓楼区", title="南京的规划", region_code="320106",
                                region_level="county")
    with pytest.raises(ConflictError, match="同名的两个行政区"):
        save_plan(session, other, actor="tester")
