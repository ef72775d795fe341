"""A stored plan keeps its region's division code and level; two regions of one name hang under different parents."""

from __future__ import annotations

import dataclasses

from sqlalchemy.orm import Session

from eduplan.store.models.regions import RegionRow
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


def test_two_regions_of_one_name_under_different_cities_coexist_in_the_tree(session: Session) -> None:
    fuzhou = save_plan(session, dataclasses.replace(rich_plan(), region="鼓楼区", region_code="350102",
                                                    region_level="county"), actor="tester")
    nanjing = save_plan(session, dataclasses.replace(rich_plan(), region="鼓楼区", title="南京的规划",
                                                     region_code="320106", region_level="county"), actor="tester")
    assert fuzhou.plan_id != nanjing.plan_id
    rows = session.query(RegionRow).filter_by(name="鼓楼区").order_by(RegionRow.code).all()
    assert [r.code for r in rows] == ["320106", "350102"]
    parents = [session.get(RegionRow, r.parent_id).name for r in rows]
    assert parents == ["南京市", "福州市"]
    assert session.get(RegionRow, session.get(RegionRow, rows[1].parent_id).parent_id).name == "福建省"
