"""Web data entry: the form and its JSON twin, who may read and save, CSRF, all or nothing, 409 on stale values.

Each test works on its own year, since the site's database is shared by the module.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from eduplan.store.records import load_observations
from eduplan.uow import unit_of_work
from tests.web.conftest import OTHER, OWN, Site, login

RATE = "preschool_gross_enrolment_rate"  # 学前三年毛入园率, a gross ratio (may pass 100 with a warning)
RETENTION = "compulsory_retention_rate"  # 九年义务教育巩固率, capped at 100
PROSE = "target:建成教育集团｜个"


def stored(site: Site, year: int) -> dict[str, float]:
    with unit_of_work(site.settings.resolved_database_url) as session:
        return {o.indicator: o.value for o in load_observations(session, region=OWN) if o.year == year}


def form(client: TestClient, year: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/regions/{OWN}/data/{year}")
    assert response.status_code == 200, response.text
    return {f["series"]: f for f in response.json()["fields"]}


def put(client: TestClient, token: str, year: int, values: dict[str, Any]) -> Any:
    return client.put(f"/api/v1/regions/{OWN}/data/{year}", json={"values": values},
                      headers={"X-CSRF-Token": token})


def page_form(client: TestClient, year: int, values: dict[str, str], token: str) -> dict[str, Any]:
    """The page's form fields with some values typed, as a browser posts them (lists in row order)."""
    fields = form(client, year)
    return {"csrf_token": token, "key": list(fields), "seen": [str(f["version"] or "") for f in fields.values()],
            "value": [values.get(k, "") for k in fields], "source": ""}


@pytest.mark.parametrize(("user", "status"), [
    ("admin", 200), ("shi", 200), ("fuling", 200), ("danwei", 200), ("pinggu", 200), ("guest", 200),
    ("nanchuan", 403), (None, 401)])
def test_who_may_read_the_form(client: TestClient, user: str | None, status: int) -> None:
    if user:
        login(client, user)
    assert client.get(f"/api/v1/regions/{OWN}/data/2022").status_code == status


@pytest.mark.parametrize(("user", "status"), [
    ("admin", 200), ("fuling", 200), ("shi", 403), ("danwei", 403), ("pinggu", 403), ("guest", 403),
    ("nanchuan", 403)])
def test_only_the_regions_planner_and_admin_may_save(client: TestClient, site: Site, user: str, status: int) -> None:
    token = login(client, user)
    response = put(client, token, 2022, {PROSE: {"value": "3"}})
    assert response.status_code == status, response.text
    if status == 403:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "无权导入" in response.json()["detail"]


def test_a_region_without_a_plan_is_404_naming_nothing_else(client: TestClient) -> None:
    login(client, "admin")
    response = client.get("/api/v1/regions/綦江区/data/2024")
    assert response.status_code == 404 and "綦江区" in response.json()["detail"]
    assert OWN not in response.json()["detail"]


def test_a_save_without_the_csrf_token_is_refused(client: TestClient, site: Site) -> None:
    token = login(client, "fuling")
    assert client.put(f"/api/v1/regions/{OWN}/data/2023", json={"values": {PROSE: {"value": "3"}}}).status_code == 403
    data = page_form(client, 2023, {PROSE: "3"}, token)
    del data["csrf_token"]
    assert client.post(f"/regions/{OWN}/data/entry?year=2023", data=data).status_code == 403
    assert stored(site, 2023) == {}


def test_the_api_saves_all_or_nothing_and_locates_the_bad_field(client: TestClient, site: Site) -> None:
    token = login(client, "fuling")
    refused = put(client, token, 2024, {RATE: {"value": "93.5"}, RETENTION: {"value": "101"}})
    assert refused.status_code == 422
    body = refused.json()
    [error] = [i for i in body["result"]["issues"] if i["severity"] == "error"]
    assert (error["code"], error["series"], error["field"]) == ("rate-above-max", RETENTION, "九年义务教育巩固率/2024年")
    assert stored(site, 2024) == {}
    saved = put(client, token, 2024, {RATE: {"value": "93.5"}, RETENTION: {"value": "99.1"}})
    assert saved.status_code == 200 and saved.json()["result"]["stored"]["inserted"] == 2
    assert stored(site, 2024) == {RATE: 93.5, RETENTION: 99.1}
    fields = {f["series"]: f for f in saved.json()["fields"]}
    assert (fields[RATE]["stored"], fields[RATE]["version"], fields[RATE]["stored_by"]) == (93.5, 1, "fuling")


def test_a_stale_value_is_a_409_naming_the_new_value_and_nothing_is_saved(client: TestClient, site: Site) -> None:
    admin = TestClient(site.app)
    admin_token = login(admin, "admin")
    assert put(admin, admin_token, 2025, {RATE: {"value": "94"}}).status_code == 200
    token = login(client, "fuling")
    seen = form(client, 2025)[RATE]["version"]
    assert put(admin, admin_token, 2025, {RATE: {"value": "94.4", "seen": seen}}).status_code == 200
    response = put(client, token, 2025, {RATE: {"value": "95", "seen": seen}, PROSE: {"value": "4"}})
    assert response.status_code == 409
    assert "学前三年毛入园率/2025年现为94.4（admin录入）" in response.json()["detail"]
    assert stored(site, 2025) == {RATE: 94.4}


def test_the_page_keeps_what_was_typed_and_shows_the_error_at_its_row(client: TestClient, site: Site) -> None:
    token = login(client, "fuling")
    response = client.post(f"/regions/{OWN}/data/entry?year=2026",
                           data=page_form(client, 2026, {RATE: "94", RETENTION: "九十几"}, token))
    assert response.status_code == 422
    html = response.text
    assert "未保存" in html and "“九十几”不是数字" in html and "九年义务教育巩固率/2026年" in html
    assert 'value="九十几"' in html and 'value="94"' in html and 'aria-invalid="true"' in html
    assert stored(site, 2026) == {}
    saved = client.post(f"/regions/{OWN}/data/entry?year=2026",
                        data=page_form(client, 2026, {RATE: "94", RETENTION: "99"}, token))
    assert saved.status_code == 200 and "已保存涪陵区2026年的数据：新增2项" in saved.text
    assert stored(site, 2026) == {RATE: 94.0, RETENTION: 99.0}


def test_the_page_refuses_a_stale_value_and_shows_the_new_one(client: TestClient, site: Site) -> None:
    token = login(client, "fuling")
    assert put(client, token, 2027, {RATE: {"value": "90"}}).status_code == 200
    data = page_form(client, 2027, {RATE: "91"}, token)
    admin = TestClient(site.app)
    admin_token = login(admin, "admin")
    assert put(admin, admin_token, 2027, {RATE: {"value": "92.5", "seen": 1}}).status_code == 200
    response = client.post(f"/regions/{OWN}/data/entry?year=2027", data=data)
    assert response.status_code == 409
    assert "已被他人修改为 92.5" in response.text and 'value="91"' in response.text
    assert stored(site, 2027) == {RATE: 92.5}


def test_a_reader_sees_the_form_without_a_save_button(client: TestClient) -> None:
    login(client, "guest")
    html = client.get(f"/regions/{OWN}/data/entry?year=2024").text
    assert 'id="entry-readonly"' in html and 'id="entry-save"' not in html and " disabled" in html
    assert client.get(f"/regions/{OTHER}/data/entry?year=2024").status_code == 403


def test_the_workbook_template_shows_what_the_form_stored(client: TestClient, site: Site) -> None:
    token = login(client, "fuling")
    assert put(client, token, 2028, {RATE: {"value": "96.5"}}).status_code == 200
    response = client.get(f"/data/template.xlsx?region={OWN}&year=2028")
    ws = load_workbook(BytesIO(response.content))["指标"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[2] == RATE)
    assert row[header.index("已存值（2028年）")] == 96.5 and row[header.index("本年值（2028年）")] is None


def test_the_page_and_its_json_twin_list_the_same_fields(client: TestClient) -> None:
    login(client, "shi")
    fields = form(client, 2024)
    html = client.get(f"/regions/{OWN}/data/entry?year=2024").text
    assert html.count('name="key"') == len(fields) and all(f'value="{k}"' in html for k in fields)
    assert all(f["name"] in html for f in fields.values())


def test_a_visitor_is_sent_to_sign_in(client: TestClient) -> None:
    response = client.get(f"/regions/{OWN}/data/entry?year=2024", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")


def test_the_data_page_links_to_the_form(client: TestClient) -> None:
    login(client, "fuling")
    response = client.get(f"/data/entry?region={OWN}&year=2024", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("/data/entry?year=2024")


def test_a_form_that_no_longer_matches_the_plan_is_refused_on_the_page(client: TestClient, site: Site) -> None:
    token = login(client, "fuling")
    data = {"csrf_token": token, "key": ["不存在的指标", RATE], "value": ["1", "95"], "seen": ["", ""]}
    response = client.post(f"/regions/{OWN}/data/entry?year=2029", data=data)
    assert response.status_code == 422
    assert "未保存：" in response.text and "不在涪陵区2029年的填报表中" in response.text
    assert stored(site, 2029) == {}
