"""An overview's groups: each region as the region directly under the overview's scope it lies in
(a nation's provinces, a province's cities, a city's counties), the scope's own plans apart, and
the labels of repeated names spelled out — checked against the shipped division list."""

from __future__ import annotations

from sqlalchemy.orm import Session

from eduplan.data.divisions import load_divisions
from eduplan.services.dashboards import groups_under
from eduplan.services.regions import build_divisions, resolve

HEBEI, SHIJIAZHUANG, ZHANGJIAKOU = "130000", "130100", "130700"
QIAOXI_SJZ, QIAOXI_ZJK = "130104", "130703"  # 桥西区 of 石家庄市 and of 张家口市: one name, two counties


def _stored(session: Session) -> dict[str, str]:
    """河北省 and every division under it stored; their keys by code, once all are stored (a name is a
    key only while no other stored region has it)."""
    return {r.code: resolve(session, r.code).key for r in build_divisions(session, HEBEI) if r.code}


def test_without_a_scope_every_region_falls_in_its_province(db_session: Session) -> None:
    keys = _stored(db_session)
    found = groups_under(db_session, None, [keys[QIAOXI_SJZ], keys[SHIJIAZHUANG], keys[HEBEI]])
    assert {g.key for g in found.values()} == {"河北省"}


def test_under_a_province_each_county_falls_in_its_city_and_the_province_s_own_plan_apart(db_session: Session) -> None:
    keys = _stored(db_session)
    divisions = load_divisions()
    counties = [r for r in divisions.regions if r.code.startswith("1301") and r.code != SHIJIAZHUANG
                and r.abolished is None][:4]
    found = groups_under(db_session, resolve(db_session, "河北省").id,
                         [keys[c.code] for c in counties] + [keys[QIAOXI_ZJK], keys[HEBEI]])
    assert {found[keys[c.code]].label for c in counties} == {"石家庄市"}
    assert found[keys[QIAOXI_ZJK]].label == "张家口市"
    own = found[keys[HEBEI]]
    assert own.own and own.label == "河北省（本级）" and own.order < found[keys[QIAOXI_ZJK]].order


def test_under_a_city_a_county_is_its_own_group_with_a_repeated_name_spelled_out(db_session: Session) -> None:
    keys = _stored(db_session)
    assert keys[QIAOXI_SJZ] == QIAOXI_SJZ  # a shared name: the code is the key
    found = groups_under(db_session, resolve(db_session, "石家庄市").id, [keys[QIAOXI_SJZ], keys[QIAOXI_ZJK]])
    assert list(found) == [QIAOXI_SJZ]  # 张家口's 桥西区 is not under 石家庄市
    assert found[QIAOXI_SJZ].label == f"石家庄市桥西区（{QIAOXI_SJZ}）"


def test_groups_follow_division_code_order(db_session: Session) -> None:
    keys = _stored(db_session)
    found = groups_under(db_session, resolve(db_session, "河北省").id, [keys[ZHANGJIAKOU], keys[QIAOXI_SJZ]])
    assert [g.label for g in sorted(found.values(), key=lambda g: g.order)] == ["石家庄市", "张家口市"]
