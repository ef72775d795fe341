"""An overview of many plans (a province's, the nation's) is summed by the regions under its scope,
each a link to its own overview, and lists only the first binding targets at risk; its JSON keeps
every plan. The sums are checked against the plans' own rows and the shipped division list."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from eduplan.core.plan import Attribute, Indicator, Observation, Op, Plan, Target
from eduplan.data.divisions import load_divisions
from eduplan.services.plans import import_plan
from eduplan.services.regions import build_divisions, resolve
from eduplan.store.records import save_observations
from eduplan.uow import unit_of_work
from eduplan.web.schemas.dashboard import overview

from .conftest import Site, build_site, login

YEAR = 2023
CITIES = ("130100", "130200")  # 石家庄市, 唐山市
PER_CITY = 3


def _plan(region: str) -> Plan:
    return Plan(region=region, title=f"{region}教育事业发展“十四五”规划", period=(2021, 2025), indicators=[
        Indicator("学前三年毛入园率", unit="%", values={"2020": 90.0}, table="主要指标",
                  catalog_id="preschool_gross_enrolment_rate", target=Target(Op.GE, 95.0, year=2025),
                  attribute=Attribute.BINDING)])


@pytest.fixture(scope="module")
def hebei(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> tuple[Site, dict[str, str]]:
    """The demo site with 河北省 stored and a plan for the first three counties of two of its cities,
    each with a falling figure (a binding target at risk); the counties' city codes by key."""
    site = build_site(tmp_path_factory.mktemp("hebei") / "data")
    divisions = load_divisions()
    counties = [c for city in CITIES for c in
                [r for r in divisions.regions if r.parent_code == city and r.abolished is None][:PER_CITY]]
    with unit_of_work(site.settings.resolved_database_url) as session:
        build_divisions(session, "130000")
        keys = {c.code: resolve(session, c.code).key for c in counties}
        for c in counties:
            import_plan(session=session, actor="测试", plan=_plan(keys[c.code]))
        save_observations(session, [Observation("preschool_gross_enrolment_rate", keys[c.code], YEAR, 80.0)
                                    for c in counties])
    return site, {keys[c.code]: str(c.parent_code) for c in counties}


@pytest.fixture
def reader(hebei: tuple[Site, dict[str, str]]) -> Iterator[TestClient]:
    with TestClient(hebei[0].app) as client:
        login(client, "shi")  # 市教委: reads every plan, drafts included
        yield client


@pytest.fixture
def small_roll_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overview, "ROLL_UP", 2)
    monkeypatch.setattr(overview, "FLAGGED_SHOWN", 2)


def test_a_province_s_overview_sums_its_counties_by_city(reader: TestClient, hebei: tuple[Site, dict[str, str]],
                                                         small_roll_up: None) -> None:
    city_of = hebei[1]
    page = reader.get(f"/api/v1/dashboard?year={YEAR}&region=河北省").json()
    assert page["rolled_up"] and len(page["regions"]) == len(city_of)  # the JSON keeps every plan
    names = {code: r.name for r in load_divisions().regions for code in CITIES if r.code == code}
    expected: dict[str, Counter[str]] = {}
    for row in page["regions"]:
        sums = expected.setdefault(names[city_of[row["region"]]], Counter())
        sums.update({**row["status_counts"], "plans": 1, "targets": row["targets"], "flagged": row["flagged"]})
    groups = {g["region"]: g for g in page["groups"]}
    assert list(groups) == [names[c] for c in CITIES]  # in division code order
    cities = [city_of[f["region"]] for f in page["flagged"]]
    assert cities == sorted(cities) and len(set(cities)) == 2  # targets at risk listed as the groups are
    for name, sums in expected.items():
        g = groups[name]
        assert Counter({**g["status_counts"], "plans": g["plans"], "targets": g["targets"],
                        "flagged": g["flagged"]}) + Counter() == sums + Counter()
        assert g["plans"] == PER_CITY and g["href"] == f"/dashboard?year={YEAR}&region={quote(g['key'], safe='')}"


def test_the_rolled_up_page_links_each_city_and_lists_the_first_targets_at_risk(
        reader: TestClient, small_roll_up: None) -> None:
    html = reader.get(f"/dashboard?year={YEAR}&region=河北省").text
    assert 'id="groups"' in html and 'id="regions"' not in html
    assert f'href="/dashboard?year={YEAR}&amp;region={quote("石家庄市")}"' in html
    assert len(re.findall(r'<tr class="flagged">', html)) == 2 and "此处列出前2项" in html
    assert "约束性指标预警（6项）" in html
    chart = re.search(r'<script type="application/json" id="chart-data" data-chart="overview">(.*?)</script>', html, re.DOTALL)
    assert chart is not None
    assert [r["region"] for r in json.loads(chart.group(1))["regions"]] == ["石家庄市", "唐山市"]  # the groups, not every plan


def test_a_city_s_overview_lists_its_plans(reader: TestClient, small_roll_up: None) -> None:
    page = reader.get(f"/api/v1/dashboard?year={YEAR}&region=石家庄市").json()
    assert not page["rolled_up"] and len(page["regions"]) == PER_CITY  # a group per plan: nothing to sum
    html = reader.get(f"/dashboard?year={YEAR}&region=石家庄市").text
    assert 'id="regions"' in html and 'id="groups"' not in html


def test_the_overview_of_everything_sums_by_province_and_few_plans_are_not_rolled_up(
        reader: TestClient, small_roll_up: None, monkeypatch: pytest.MonkeyPatch) -> None:
    page = reader.get(f"/api/v1/dashboard?year={YEAR}").json()
    assert [(g["region"], g["plans"]) for g in page["groups"]] == [("河北省", 2 * PER_CITY), ("重庆市", 5)]
    assert page["rolled_up"] and "全部地区监测总览" in reader.get(f"/dashboard?year={YEAR}").text
    monkeypatch.setattr(overview, "ROLL_UP", 60)
    assert not reader.get(f"/api/v1/dashboard?year={YEAR + 1}").json()["rolled_up"]


def test_a_city_s_counties_are_compared_and_ranked_among_themselves(reader: TestClient,
                                                                   hebei: tuple[Site, dict[str, str]]) -> None:
    city_of = hebei[1]
    everything = reader.get(f"/api/v1/compare?indicator=毛入园率&year={YEAR}").json()
    page = reader.get(f"/api/v1/compare?indicator=毛入园率&year={YEAR}&region=石家庄市").json()
    assert page["scope_name"] == "石家庄市" and len(everything["rows"]) > len(page["rows"])
    assert {r["region"] for r in page["rows"]} == {k for k, city in city_of.items() if city == CITIES[0]}
    assert all(r["target"] == "≥95" for r in page["rows"])
    html = reader.get(f"/compare?indicator=毛入园率&year={YEAR}&region=石家庄市").text
    assert "石家庄市各区县比较" in html and '<input type="hidden" name="region" value="石家庄市">' in html
    overview_html = reader.get(f"/dashboard?year={YEAR}&region=石家庄市").text
    assert '<input type="hidden" name="region" value="石家庄市">' in overview_html  # its compare form keeps the scope


def test_a_county_whose_name_another_shares_is_named_with_its_city_and_code(
        reader: TestClient, hebei: tuple[Site, dict[str, str]]) -> None:
    shared = [k for k in hebei[1] if k.isdigit()]
    assert shared, "the first counties of 石家庄市 include 桥西区 and 新华区, names other cities have too"
    divisions = {r.code: r for r in load_divisions().regions}
    expected = {code: f"{divisions[str(divisions[code].parent_code)].name}{divisions[code].name}（{code}）"
                for code in shared}
    rows = {r["region"]: r for r in reader.get(f"/api/v1/dashboard?year={YEAR}&region=河北省").json()["regions"]}
    compared = {r["region"]: r for r in reader.get(f"/api/v1/compare?indicator=毛入园率&year={YEAR}").json()["rows"]}
    for code, label in expected.items():
        assert rows[code]["label"] == compared[code]["label"] == label
        assert f"<h1>{label} 监测看板" in reader.get(f"/regions/{code}?year={YEAR}").text
    assert rows[next(k for k in hebei[1] if not k.isdigit())]["label"] == next(k for k in hebei[1] if not k.isdigit())


def test_the_plans_of_a_province_are_listed_by_their_names(reader: TestClient, hebei: tuple[Site, dict[str, str]]) -> None:
    city_of = hebei[1]
    page = reader.get("/api/v1/plans?region=河北省").json()
    assert page["scope_name"] == "河北省" and {p["region"] for p in page["plans"]} == set(city_of)
    assert {p["region"] for p in reader.get("/api/v1/plans").json()["plans"]} > set(city_of)  # Chongqing's too
    shared = next(k for k in city_of if k.isdigit())
    assert next(p for p in page["plans"] if p["region"] == shared)["label"].endswith(f"（{shared}）")
    html = reader.get("/?region=河北省").text
    assert "河北省各区县教育事业发展规划" in html and 'id="plans-chart"' in html  # six plans: charted
    assert reader.get("/?region=火星市").status_code == 404
    assert reader.get("/?region=" + "省" * 51).status_code == 422
