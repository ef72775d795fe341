"""The dashboards' JSON twins against the services, their pages, and who sees what.

Policy (docs/web.md): a region's progress on its published plan (targets, tasks, projects) is
public; its funding checks, evaluations and inspection readiness are the region's own (its
users, 市教委, 第三方评估, admin) and are null for everyone else.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from eduplan.services.compare import compare_regions
from eduplan.services.evaluations import list_evaluations
from eduplan.services.inspections import inspection_readiness
from eduplan.services.monitoring import assess_region, funding_checks, project_board
from eduplan.store.records import load_observations
from eduplan.uow import unit_of_work

from .conftest import OTHER, OWN, Site, login
from .dashboard_site import build_demo_site

YEAR = 2024  # the latest year of the demo's simulated observations


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Site:
    """The demo database (with 模拟数据) and the test users."""
    return build_demo_site(tmp_path_factory.mktemp("dashboard") / "data")


@pytest.fixture
def session(site: Site):
    with unit_of_work(site.settings.resolved_database_url) as s:
        yield s


def region_url(region: str, rest: str = "") -> str:
    return f"/api/v1/regions/{quote(region)}{rest}"


def test_region_twin_matches_the_services(client: TestClient, session) -> None:
    login(client, "shi")
    page = client.get(region_url(OTHER), params={"year": YEAR}).json()
    targets = assess_region(session=session, region=OTHER, year=YEAR)
    assert page["year"] == YEAR and page["plan_title"]
    assert page["status_counts"] == {s: n for s, n in page["status_counts"].items()}
    counted = Counter(t.status.value for t in targets)
    unmonitored = counted.pop("未纳入监测", 0)
    assert {k: v for k, v in page["status_counts"].items() if v} == dict(counted)
    assert page["unmonitored"] == unmonitored and "未纳入监测" not in page["status_counts"]
    assert page["flagged"] == sum(t.flagged for t in targets) > 0
    assert [t["key"] for t in page["targets"]] == [t.key for t in targets]
    first = next(t for t in targets if t.latest_value is not None)
    row = next(r for r in page["targets"] if r["key"] == first.key)
    assert (row["status"], row["likelihood"], row["latest_value"], row["forecast"]) == (
        first.status.value, first.likelihood.value, first.latest_value, first.forecast)
    assert row["simulated"] is True and page["simulated"] is True
    projects = project_board(session=session, region=OTHER, year=YEAR).projects
    assert page["projects"]["total"] == len(projects)
    assert page["projects"]["by_schedule"] == dict(Counter(p.schedule.value for p in projects))
    assert sum(page["tasks"]["by_state"].values()) == page["tasks"]["total"] > 0
    assert page["tasks"]["as_of"] == f"{YEAR}-12-31"
    funding = funding_checks(session=session, region=OTHER, year=YEAR)
    assert [(f["code"], f["verdict"]) for f in page["funding"]] == [(f.code, f.verdict) for f in funding]
    assert page["evaluation"]["id"] == list_evaluations(session=session, region=OTHER)[0].id
    readiness = inspection_readiness(session=session, region=OTHER, year=YEAR)
    assert page["readiness"]["schools_failing"] == readiness.schools_failing
    assert [g["message"] for g in page["readiness"]["largest_gaps"]] == [g.message for g in readiness.largest_gaps]
    assert page["links"]["tasks"] == f"/regions/{quote(OTHER)}/tasks"


def test_the_default_year_is_the_latest_with_observations(client: TestClient) -> None:
    assert client.get(region_url(OWN)).json()["year"] == YEAR
    assert client.get("/api/v1/dashboard").json()["year"] == YEAR


@pytest.mark.parametrize(("username", "private"), [
    (None, False),          # the public: the plan's progress only
    ("nanchuan", False),    # a planner of another region
    ("danwei", True),       # a responsible unit of the region
    ("guest", True),        # a viewer of the region
    ("fuling", True),       # the region's planner
    ("shi", True),          # 市教委 reads every region
    ("pinggu", True),       # 第三方评估 reads every region
])
def test_funding_evaluation_and_inspections_are_the_regions_own(client: TestClient, username: str | None,
                                                                 private: bool) -> None:
    if username:
        login(client, username)
    page = client.get(region_url(OWN)).json()
    assert page["targets"] and page["tasks"]["total"]  # progress is public
    assert page["restricted"] is not private
    for part in ("funding", "evaluation", "readiness"):
        assert (page[part] is not None) is private, part
    html = client.get(f"/regions/{quote(OWN)}").text
    assert ("restricted-notice" in html) is not private
    assert ('id="funding"' in html) is private


def test_an_unknown_region_is_not_found(client: TestClient) -> None:
    response = client.get(region_url("不存在区"))
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_target_twin_has_trajectory_observations_and_reason(client: TestClient, session) -> None:
    target = next(t for t in assess_region(session=session, region=OTHER, year=YEAR)
                  if t.latest_value is not None and t.baseline is not None and t.forecast is not None)
    page = client.get(region_url(OTHER, "/targets/" + quote(target.key, safe="")), params={"year": YEAR}).json()
    assert page["target"]["key"] == target.key and page["target"]["reason"] == target.reason
    assert page["target"]["status"] == target.status.value
    trajectory = page["trajectory"]
    assert trajectory[0] == {"year": target.baseline_year, "value": target.baseline}
    assert trajectory[-1]["year"] == target.target_year
    assert next(p["value"] for p in trajectory if p["year"] == YEAR) == pytest.approx(target.expected)
    observed = load_observations(session, region=OTHER, indicator=target.indicator_id)
    assert [(o["year"], o["value"], o["source"], o["simulated"]) for o in page["observations"]] == [
        (o.year, o.value, o.source, o.simulated) for o in observed]
    assert page["simulated"] is True
    html = client.get(page["target"]["href"]).text
    assert str(escape(target.reason)) in html and "模拟数据" in html and 'id="target-chart"' in html


def test_the_overview_of_a_region_lists_the_plans_under_it(client: TestClient, site: Site) -> None:
    whole = client.get("/api/v1/dashboard", params={"year": YEAR}).json()
    city = client.get("/api/v1/dashboard", params={"year": YEAR, "region": "重庆市"}).json()
    assert (city["scope"], city["scope_name"]) == ("重庆市", "重庆市")
    assert city["regions"] == whole["regions"] and whole["scope"] is None  # the demo's regions are all under it
    one = client.get("/api/v1/dashboard", params={"year": YEAR, "region": OWN}).json()
    assert [r["region"] for r in one["regions"]] == [OWN]
    assert one["regions"][0] == next(r for r in whole["regions"] if r["region"] == OWN)
    assert {f["region"] for f in one["flagged"]} <= {OWN}
    html = client.get("/dashboard", params={"year": YEAR, "region": OWN}).text
    assert f"<h1>{OWN}监测总览 · {YEAR}年</h1>" in html and f'name="region" value="{OWN}"' in html
    assert "<h1>重庆市各区县监测总览" in client.get("/dashboard", params={"year": YEAR, "region": "重庆市"}).text
    assert "<h1>市级监测总览" in client.get("/dashboard", params={"year": YEAR}).text
    missing = client.get("/api/v1/dashboard", params={"region": "没有这个地区"})
    assert missing.status_code == 404 and "没有这个地区" in missing.text


def test_an_unknown_target_is_not_found(client: TestClient) -> None:
    assert client.get(region_url(OTHER, "/targets/" + quote("没有这个目标"))).status_code == 404


def test_overview_twin_counts_every_plan(client: TestClient, session, site: Site) -> None:
    page = client.get("/api/v1/dashboard", params={"year": YEAR}).json()
    assert {r["region"] for r in page["regions"]} == set(site.plans)
    flagged = []
    for row in page["regions"]:
        # a visitor's overview reads approved figures only (docs/approval.md)
        targets = assess_region(session=session, region=row["region"], year=YEAR, approved_only=True)
        counted = Counter(t.status.value for t in targets)
        unmonitored = counted.pop("未纳入监测", 0)
        assert row["targets"] == len(targets) == sum(row["status_counts"].values()) + row["unmonitored"]
        assert {k: v for k, v in row["status_counts"].items() if v} == dict(counted)
        assert row["unmonitored"] == unmonitored
        flagged += [(row["region"], t.key) for t in targets if t.flagged]
    assert [(f["region"], f["target"]["key"]) for f in page["flagged"]] == flagged
    assert all(f["target"]["binding"] for f in page["flagged"])
    assert any(o["name"] == "学前三年毛入园率" for o in page["indicators"])
    html = client.get("/dashboard").text
    assert 'id="overview-chart"' in html and "模拟数据" in html and 'action="/compare"' in html


def test_compare_twin_matches_the_service(client: TestClient, session) -> None:
    page = client.get("/api/v1/compare", params={"indicator": "毛入园率", "year": YEAR}).json()
    expected = compare_regions(session=session, indicator="毛入园率", year=YEAR, approved_only=True)  # a visitor's
    assert page["indicator_id"] == expected.indicator_id and page["reported"] == expected.reported
    assert [(r["region"], r["value"], r["rank"], r["target"], r["status"]) for r in page["rows"]] == [
        (r.region, r.value, r.rank, r.target, r.status.value if r.status else None) for r in expected.rows]
    assert all(r["target_value"] is not None for r in page["rows"] if r["target"])
    html = client.get("/compare", params={"indicator": expected.indicator_id, "year": YEAR}).text
    assert 'id="compare-chart"' in html and "模拟数据" in html


def test_compare_an_unknown_indicator_is_not_found(client: TestClient) -> None:
    assert client.get("/api/v1/compare", params={"indicator": "不存在的指标"}).status_code == 404


def test_the_nav_links_the_dashboards(client: TestClient) -> None:
    assert 'href="/dashboard"' in client.get("/").text
    login(client, "fuling")
    html = client.get("/").text
    assert f'href="/regions/{quote(OWN)}"' in html and 'href="/data"' in html
