"""Regions as a tree with codes, on SQLite and PostgreSQL: two 鼓楼区 coexist, a shared name is
refused with its candidates, a code resolves; accounts bound to a node read its subtree; the CSV
import of a code list is all or nothing with the line of the first bad row."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Kind, Resource, can
from eduplan.core.errors import InputError, NotFoundError
from eduplan.data.divisions import load_divisions
from eduplan.services.accounts import create_user
from eduplan.services.plans import PlanStatus, import_plan
from eduplan.services.records import plan_scope
from eduplan.services.regions import build_divisions, import_regions_csv, locate, region_tree, resolve, resolve_key
from eduplan.store.models.regions import RegionRow

from .conftest import fuling_plan

PASSWORD = "Correct-Horse-Battery-9"


def _gulou(session: Session) -> dict[str, int]:
    """Two plans of two 鼓楼区 (福州, 南京) stored with their codes; their plan ids by code."""
    ids = {}
    for code, city in (("350102", "福州"), ("320106", "南京")):
        plan = dataclasses.replace(fuling_plan(), region="鼓楼区", region_code=code, region_level="county",
                                   title=f"{city}市鼓楼区教育事业发展规划")
        ids[code] = import_plan(session=session, plan=plan, actor="测试", status=PlanStatus.DRAFT).plan_id
    return ids


def test_two_gulou_districts_coexist_under_their_cities(db_session: Session) -> None:
    _gulou(db_session)
    rows = db_session.scalars(select(RegionRow).where(RegionRow.name == "鼓楼区").order_by(RegionRow.code)).all()
    assert [(r.code, db_session.get(RegionRow, r.parent_id).name) for r in rows] == [
        ("320106", "南京市"), ("350102", "福州市")]


def test_a_shared_name_is_refused_with_each_candidate_its_parent_and_code(db_session: Session) -> None:
    _gulou(db_session)
    with pytest.raises(InputError) as caught:
        resolve(db_session, "鼓楼区", field="region")
    message = caught.value.message
    assert message.startswith("“鼓楼区”对应多个地区：") and message.endswith("请用代码指定")
    assert "南京市鼓楼区（320106）" in message and "福州市鼓楼区（350102）" in message


def test_a_code_a_full_name_and_a_unique_name_resolve(db_session: Session) -> None:
    _gulou(db_session)
    import_plan(session=db_session, plan=fuling_plan(), actor="测试")
    nanjing = resolve(db_session, "320106")
    assert (nanjing.name, nanjing.parent, nanjing.key, nanjing.label) == ("鼓楼区", "南京市", "320106",
                                                                          "南京市鼓楼区（320106）")
    assert resolve_key(db_session, "福州市鼓楼区") == "350102"
    assert resolve_key(db_session, "涪陵区") == "涪陵区"
    with pytest.raises(NotFoundError, match="没有地区“不存在区”"):
        resolve(db_session, "不存在区")


def test_a_municipal_user_bound_to_a_city_reads_its_districts_and_not_another_citys(db_session: Session) -> None:
    ids = _gulou(db_session)
    build_divisions(db_session, "500000")
    fuling = import_plan(session=db_session, plan=dataclasses.replace(fuling_plan(), region_code="500102"),
                         actor="测试", status=PlanStatus.DRAFT).plan_id
    city = create_user(session=db_session, username="fuzhou", password=PASSWORD, role="municipal", region="350100")
    chongqing = create_user(session=db_session, username="cq", password=PASSWORD, role="municipal", region="重庆市")
    assert city.region == "福州市" and "350102" in (city.scope or ())
    own, other = (plan_scope(session=db_session, plan_id=ids[c]) for c in ("350102", "320106"))
    assert can(city, Action.READ, own) and not can(city, Action.READ, other)
    assert can(chongqing, Action.READ, plan_scope(session=db_session, plan_id=fuling))
    assert not can(chongqing, Action.READ, own)
    assert can(city, Action.REVIEW, Resource(kind=Kind.SUBMISSION, region=own.region))
    assert not can(city, Action.REVIEW, Resource(kind=Kind.SUBMISSION, region=other.region))
    unbound = create_user(session=db_session, username="shi", password=PASSWORD, role="municipal")
    assert can(unbound, Action.READ, own) and can(unbound, Action.READ, other)


def test_a_planner_of_one_gulou_cannot_write_the_other(db_session: Session) -> None:
    ids = _gulou(db_session)
    planner = create_user(session=db_session, username="gulou", password=PASSWORD, role="planner", region="350102")
    assert planner.region == "350102"
    own, other = (plan_scope(session=db_session, plan_id=ids[c]) for c in ("350102", "320106"))
    assert can(planner, Action.WRITE, own) and can(planner, Action.IMPORT, own)
    assert not can(planner, Action.WRITE, other) and not can(planner, Action.READ, other)
    with pytest.raises(InputError, match="对应多个地区"):
        create_user(session=db_session, username="gulou2", password=PASSWORD, role="planner", region="鼓楼区")


def test_binding_an_account_places_its_region_in_the_tree_from_the_division_list(db_session: Session) -> None:
    region = locate(db_session, "500120")
    assert (region.name, region.parent, region.level) == ("璧山区", "重庆市", "county")
    root = db_session.get(RegionRow, region.parent_id)
    assert (root.code, root.level, root.parent_id) == ("500000", "province", None)


def test_the_tree_shows_the_readers_subtree_with_codes_and_levels(db_session: Session) -> None:
    _gulou(db_session)
    build_divisions(db_session, "500000")
    city = create_user(session=db_session, username="fuzhou", password=PASSWORD, role="municipal", region="福州市")
    tree = region_tree(db_session, user=city)
    assert [(t.region.name, t.region.level) for t in tree] == [("福建省", "province")]
    (fuzhou,) = tree[0].children
    assert (fuzhou.region.code, fuzhou.region.level) == ("350100", "prefecture")
    assert [(c.region.label, c.plans) for c in fuzhou.children] == [("福州市鼓楼区（350102）", 1)]
    admin = create_user(session=db_session, username="root", password=PASSWORD, role="admin")
    everything = region_tree(db_session, user=admin, everything=True)
    chongqing = next(t for t in everything if t.region.code == "500000")
    divisions = load_divisions()
    current = {c.code for c in divisions.children(divisions.by_code("500000")) if c.abolished is None}
    assert {c.region.code for c in chongqing.children} == current  # every current 区县 of 重庆市, from the list
    assert len(current) > 30
    assert not any(t.region.code == "500000" for t in region_tree(db_session, user=admin))  # no data there


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regions.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_csv_import_stores_a_tree_of_codes(db_session: Session, tmp_path: Path) -> None:
    path = _csv(tmp_path, "code,name,parent_code\n990101,甲县,990100\n990100,甲市,990000\n990000,甲省,\n")
    result = import_regions_csv(session=db_session, path=path)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    county = resolve(db_session, "990101")
    assert (county.name, county.parent, county.level) == ("甲县", "甲市", "county")
    again = import_regions_csv(session=db_session, path=path)
    assert (again.created, again.unchanged) == (0, 3)


@pytest.mark.parametrize(("body", "line", "column", "words"), [
    ("990000,甲省,\n99010,乙县,990000\n", 3, 1, "不是 6 位数字"),
    ("990000,甲省,\n990101,,990000\n", 3, 2, "name 列为空"),
    ("990000,甲省,\n990101,乙县,880000\n", 3, 3, "既不在文件中也不在库中"),
    ("990000,甲省,\n990000,丙省,\n", 3, 1, "与第 2 行重复"),
    ("990101,乙县,990102\n990102,丙县,990101\n", 2, 3, "成环"),
])
def test_the_csv_import_refuses_a_bad_line_with_its_place_and_writes_nothing(
        db_session: Session, tmp_path: Path, body: str, line: int, column: int, words: str) -> None:
    before = db_session.scalar(select(func.count(RegionRow.id)))
    with pytest.raises(InputError) as caught:
        import_regions_csv(session=db_session, path=_csv(tmp_path, "code,name,parent_code\n" + body))
    assert words in caught.value.message
    assert (caught.value.location.line, caught.value.location.column) == (line, column)
    assert db_session.scalar(select(func.count(RegionRow.id))) == before
