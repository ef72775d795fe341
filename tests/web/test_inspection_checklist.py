"""The inspection checklist on the web: listed on the page and in its JSON twin, confirmed through the
form (CSRF) and the API (version → 409), only by those who may write the region's data."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eduplan.demo.schools import district_schools
from eduplan.store.records import save_school_records
from eduplan.uow import unit_of_work
from tests.web.conftest import OWN, Site, csrf, login

KEY = "balance.veto.key_schools"


@pytest.fixture(scope="module", autouse=True)
def school_records(site: Site) -> None:
    with unit_of_work(site.settings.resolved_database_url) as session:
        save_school_records(session, district_schools(OWN, seed=7, year=2024))


def checklist(client: TestClient) -> dict[str, dict]:
    page = client.get(f"/api/v1/regions/{OWN}/inspections?year=2024").json()
    return {c["key"]: c for c in page["checklist"]}


def test_the_page_and_its_json_list_the_checklist_and_hold_readiness_back(client: TestClient) -> None:
    login(client, "guest")
    page = client.get(f"/api/v1/regions/{OWN}/inspections?year=2024").json()
    kinds = {(c["inspection"], c["kind"]) for c in page["checklist"]}
    assert ("balance", "precondition") in kinds and ("balance", "veto") in kinds
    assert page["balance_ready"] is not True and page["can_confirm"] is False  # a viewer reads, cannot confirm
    html = client.get(f"/regions/{OWN}/inspections?year=2024").text
    assert "申请条件与一票否决" in html and "不存在重点学校或重点班" in html and 'class="checklist-form"' not in html


def test_a_planner_confirms_through_the_form_and_a_stale_form_is_a_409(client: TestClient) -> None:
    token = login(client, "fuling")
    before = checklist(client)[KEY]
    form = {"csrf_token": token, "year": "2024", "key": KEY, "holds": "yes", "note": "全县无重点班",
            "version": str(before["version"] or "")}
    response = client.post(f"/regions/{OWN}/inspections/checklist", data=form)
    assert response.status_code == 200 and "已记录" in response.text
    after = checklist(client)[KEY]
    assert (after["holds"], after["confirmed_by"], after["note"]) == (True, "fuling", "全县无重点班")
    stale = client.post(f"/regions/{OWN}/inspections/checklist", data=form | {"holds": "no"})
    assert stale.status_code == 409 and "您的确认没有保存" in stale.text
    assert checklist(client)[KEY]["holds"] is True  # nothing overwritten


def test_the_form_needs_the_csrf_token(client: TestClient) -> None:
    login(client, "fuling")
    response = client.post(f"/regions/{OWN}/inspections/checklist",
                           data={"year": "2024", "key": KEY, "holds": "no", "version": ""})
    assert response.status_code == 403


def test_the_api_confirms_with_the_version_read_and_refuses_a_stale_one(client: TestClient) -> None:
    token = login(client, "fuling")
    key = "balance.precondition.basic_balance_recognised"
    seen = checklist(client)[key]["version"]
    url = f"/api/v1/regions/{OWN}/inspections/checklist/{key}"
    ok = client.put(url, json={"year": 2024, "holds": True, "version": seen}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200 and ok.json()["status"] == "符合"
    again = client.put(url, json={"year": 2024, "holds": False, "version": seen}, headers={"X-CSRF-Token": token})
    assert again.status_code == 409 and again.headers["content-type"].startswith("application/problem+json")
    bad = client.put(f"/api/v1/regions/{OWN}/inspections/checklist/balance.veto.none",
                     json={"year": 2024, "holds": True}, headers={"X-CSRF-Token": token})
    assert bad.status_code == 422 and "不是督导评估的确认事项" in bad.text


def test_another_region_planner_cannot_confirm(client: TestClient) -> None:
    token = login(client, "nanchuan")
    response = client.put(f"/api/v1/regions/{OWN}/inspections/checklist/{KEY}",
                          json={"year": 2024, "holds": False}, headers={"X-CSRF-Token": token})
    assert response.status_code == 403


def test_an_anonymous_visitor_cannot_confirm(client: TestClient) -> None:
    response = client.put(f"/api/v1/regions/{OWN}/inspections/checklist/{KEY}",
                          json={"year": 2024, "holds": False}, headers={"X-CSRF-Token": csrf(client)})
    assert response.status_code == 401


#: The write routes of the checklist, driven by the matrix below (test_region_isolation.py checks coverage).
CHECKLIST_ENDPOINTS = {
    ("PUT", "/api/v1/regions/{region}/inspections/checklist/{key}"),
    ("POST", "/regions/{region}/inspections/checklist"),
}
CONFIRM_MATRIX = {None: (401, 401), "admin": (200, 200), "shi": (403, 403), "fuling": (200, 403),
                  "nanchuan": (403, 200), "danwei": (403, 403), "pinggu": (403, 403), "guest": (403, 403)}
MATRIX_KEY = "balance.veto.exam_admission"


def stored_version(site: Site, region: str) -> int | None:
    from eduplan.services.inspections import inspection_checklist

    with unit_of_work(site.settings.resolved_database_url) as session:
        entry = next(e for e in inspection_checklist(session=session, region=region, year=2023)
                     if e.item.key == MATRIX_KEY)
    return entry.confirmation.version if entry.confirmation else None


@pytest.mark.parametrize("form", [False, True], ids=["api", "form"])
@pytest.mark.parametrize("user", list(CONFIRM_MATRIX))
def test_confirm_access_matrix(client: TestClient, site: Site, user: str | None, form: bool) -> None:
    token = login(client, user) if user else csrf(client)
    for region, expected in zip((OWN, "南川区"), CONFIRM_MATRIX[user], strict=True):
        before = stored_version(site, region)
        if form:
            response = client.post(f"/regions/{region}/inspections/checklist", data={
                "csrf_token": token, "year": "2023", "key": MATRIX_KEY, "holds": "yes", "version": before or ""},
                follow_redirects=False)
            expected = 303 if expected == 401 else expected  # a page sends a visitor to the login page
        else:
            response = client.put(f"/api/v1/regions/{region}/inspections/checklist/{MATRIX_KEY}",
                                  json={"year": 2023, "holds": True, "version": before}, headers={"X-CSRF-Token": token})
        assert response.status_code == expected, (user, region, response.text[:300])
        after = stored_version(site, region)
        assert after == (before or 0) + 1 if expected == 200 else after == before


def test_the_region_dashboard_readiness_says_what_the_checklist_allows(client: TestClient, site: Site) -> None:
    from eduplan.services.inspections import inspection_readiness

    login(client, "fuling")
    board = client.get(f"/api/v1/regions/{OWN}?year=2024").json()
    with unit_of_work(site.settings.resolved_database_url) as session:
        ready = inspection_readiness(session=session, region=OWN, year=2024)
    assert board["readiness"]["checklist_note"] == ready.checklist_note != ""
    assert board["readiness"]["balance_ready"] == ready.balance_ready is not True
