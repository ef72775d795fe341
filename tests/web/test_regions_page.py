"""The region tree (/regions and /api/v1/regions), a region in the URL by its code, a name two
regions share refused with its candidates, and a municipal account bound to 重庆市 reading its
districts only; a chromium screenshot of the tree in test-artifacts/regions.png."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from eduplan.demo.build import bundled_plans
from eduplan.services import accounts
from eduplan.services.plans import PlanStatus, import_plan
from eduplan.services.regions import build_divisions
from eduplan.uow import unit_of_work
from tests.web.browser import ARTIFACTS, browser_page, serving

from .conftest import OWN, Site, login, password


@pytest.fixture(scope="module")
def tree_site(site: Site) -> Site:
    """The site with 重庆市's 区县 built, two 鼓楼区 (福州 published, 南京 a draft) and accounts bound to nodes."""
    plan = bundled_plans()[0]
    with unit_of_work(site.settings.resolved_database_url) as session:
        build_divisions(session, "500000")
        for code, city, status in (("350102", "福州", PlanStatus.PUBLISHED), ("320106", "南京", PlanStatus.DRAFT)):
            import_plan(session=session, plan=dataclasses.replace(
                plan, region="鼓楼区", region_code=code, title=f"{city}市鼓楼区教育事业发展规划"),
                actor="test", status=status)
        for username, role, region in (("cq", "municipal", "重庆市"), ("fz", "municipal", "福州市"),
                                       ("gulou", "planner", "350102")):
            accounts.create_user(session=session, username=username, password=password(username), role=role,
                                 region=region)
    return site


@pytest.fixture
def tree_client(tree_site: Site) -> Iterator[TestClient]:
    with TestClient(tree_site.app) as c:
        yield c


def _names(nodes: list[dict]) -> list[str]:
    return [n["label"] for n in nodes] + [x for n in nodes for x in _names(n["children"])]


def test_a_region_in_the_url_by_its_code_is_the_same_board_as_by_its_name(tree_client: TestClient) -> None:
    by_code = tree_client.get("/api/v1/regions/500102")
    assert by_code.status_code == 200, by_code.text
    assert by_code.json() == tree_client.get(f"/api/v1/regions/{quote(OWN)}").json()
    assert tree_client.get("/regions/500102").status_code == 200


def test_a_shared_name_in_the_url_is_refused_with_its_candidates(tree_client: TestClient) -> None:
    login(tree_client, "admin")
    response = tree_client.get(f"/api/v1/regions/{quote('鼓楼区')}")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "“鼓楼区”对应多个地区" in detail and "福州市鼓楼区（350102）" in detail and "南京市鼓楼区（320106）" in detail
    assert tree_client.get("/api/v1/regions/350102").status_code == 200


def test_the_tree_lists_province_city_county_with_codes_for_the_admin(tree_client: TestClient) -> None:
    login(tree_client, "admin")
    page = tree_client.get("/api/v1/regions").json()
    tops = {n["name"]: n for n in page["tree"]}
    assert set(tops) == {"重庆市", "福建省", "江苏省"}
    chongqing = tops["重庆市"]
    assert (chongqing["code"], chongqing["level"]) == ("500000", "province")
    fuling = next(c for c in chongqing["children"] if c["code"] == "500102")
    assert (fuling["name"], fuling["level_title"], fuling["plans"], fuling["url"]) == (OWN, "县级", 1, "/regions/" + quote(OWN))
    gulou = tops["福建省"]["children"][0]["children"][0]
    assert (gulou["label"], gulou["url"]) == ("福州市鼓楼区（350102）", "/regions/350102")
    everything = tree_client.get("/api/v1/regions?all=true").json()
    assert everything["regions"] > page["regions"]


def test_a_municipal_account_bound_to_a_city_reads_its_subtree_only(tree_client: TestClient) -> None:
    login(tree_client, "fz")
    labels = _names(tree_client.get("/api/v1/regions").json()["tree"])
    assert "福州市鼓楼区（350102）" in labels and "南京市鼓楼区（320106）" not in labels and OWN not in labels
    assert tree_client.get("/api/v1/regions/350102").status_code == 200
    assert tree_client.get("/api/v1/regions/320106").status_code == 403
    login(tree_client, "cq")
    labels = _names(tree_client.get("/api/v1/regions").json()["tree"])
    assert OWN in labels and not any("鼓楼区" in label for label in labels)


def test_a_planner_of_one_gulou_writes_neither_the_other_nor_reads_its_draft(tree_client: TestClient) -> None:
    login(tree_client, "gulou")
    assert tree_client.get("/api/v1/regions/350102").status_code == 200
    assert tree_client.get("/api/v1/regions/320106").status_code == 403


def test_a_visitor_sees_the_regions_with_a_published_plan_only(tree_client: TestClient) -> None:
    labels = _names(tree_client.get("/api/v1/regions").json()["tree"])
    assert OWN in labels and "福州市鼓楼区（350102）" in labels and "南京市鼓楼区（320106）" not in labels


def test_the_tree_page_in_chromium(tree_site: Site) -> None:
    with serving(tree_site.app) as url, browser_page(width=1200) as page:
        page.goto(url + "/login?next=/regions")
        page.fill("#username", "admin")
        page.fill("#password", password("admin"))
        page.click("button[type=submit]")
        page.goto(url + "/regions")
        assert page.locator("h1").inner_text() == "地区"
        assert page.locator("#region-500000 td").first.inner_text() == "重庆市 各区县总览 规划"
        page.click("#region-500000 a.overview")
        page.wait_for_url("**/dashboard?region=*")
        assert page.locator("h1").inner_text().startswith("重庆市各区县监测总览")
        page.goto(url + "/regions")
        assert page.locator("#region-350102 td").first.inner_text() == "福州市鼓楼区（350102）"
        assert page.locator("#region-500102[data-depth='1'] a").inner_text() == OWN
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "regions.png"), full_page=True)


def test_a_province_in_the_tree_links_to_the_overview_of_its_counties(tree_client: TestClient) -> None:
    login(tree_client, "admin")
    html = tree_client.get("/regions").text
    assert f'href="/dashboard?region={quote("福建省")}">各区县总览</a>' in html
    fujian = tree_client.get("/api/v1/dashboard", params={"region": "福建省"}).json()
    assert [r["region"] for r in fujian["regions"]] == ["350102"]  # 南京's is a draft, and not under 福建省
    assert {r["region"] for r in tree_client.get("/api/v1/dashboard", params={"region": "500000"}).json()["regions"]} \
        >= {OWN} and "350102" not in {r["region"] for r in tree_client.get(
            "/api/v1/dashboard", params={"region": "重庆市"}).json()["regions"]}
    page = tree_client.get("/dashboard", params={"region": "福建省"}).text
    assert "<h1>福建省各区县监测总览" in page
