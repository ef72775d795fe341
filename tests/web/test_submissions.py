"""The submission endpoints over HTTP, on SQLite and PostgreSQL: the access matrix (role × own or
other region × state × transition × page or API), the 报送情况 page and its twin, and the lock
seen by the upload API."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from eduplan.core.access import Principal, Role
from eduplan.core.collection.approval import SubmissionState, Transition
from eduplan.demo.build import bundled_plans
from eduplan.services import accounts
from eduplan.services.approval import apply_transition
from eduplan.services.collection import collection_template
from eduplan.services.plans import import_plan, list_plans
from eduplan.settings import Settings
from eduplan.store.records import load_observations
from eduplan.store.submissions import load_submission, save_submission
from eduplan.uow import unit_of_work
from eduplan.web.app import create_app
from tests.dbfixtures import BACKENDS, _clear
from tests.web.conftest import OTHER, OWN, USERS, csrf, login, password

YEAR = 2024
TRANSITIONS = [Transition.SUBMIT, Transition.APPROVE, Transition.RETURN, Transition.UNLOCK]
SUBMISSION_ENDPOINTS = {(method, f"{prefix}/data/status/{{region}}/{{year}}/{t.value}")
                        for t in TRANSITIONS for method, prefix in (("POST", "/api/v1"), ("POST", ""))}
#: who may ask for each transition, by region (then the state decides).
MAY = {Transition.SUBMIT: {("admin", OWN), ("admin", OTHER), ("fuling", OWN), ("nanchuan", OTHER)},
       **{t: {(u, r) for u in ("admin", "shi") for r in (OWN, OTHER)}
          for t in (Transition.APPROVE, Transition.RETURN, Transition.UNLOCK)}}
FROM = {Transition.SUBMIT: {SubmissionState.FILLING, SubmissionState.RETURNED},
        Transition.APPROVE: {SubmissionState.SUBMITTED}, Transition.RETURN: {SubmissionState.SUBMITTED},
        Transition.UNLOCK: {SubmissionState.APPROVED}}
TO = {Transition.SUBMIT: SubmissionState.SUBMITTED, Transition.APPROVE: SubmissionState.APPROVED,
      Transition.RETURN: SubmissionState.RETURNED, Transition.UNLOCK: SubmissionState.FILLING}


@dataclasses.dataclass
class SubmissionSite:
    settings: Settings
    client_app: object


@pytest.fixture(scope="module", params=BACKENDS)
def backend_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                 fast_hashing: None) -> Iterator[SubmissionSite]:
    """The bundled plans and one user per role, on a SQLite file or the PostgreSQL work database."""
    data_dir = tmp_path_factory.mktemp("submissions") / "data"
    url = request.getfixturevalue("pg_work_url") if request.param == "pg" else None
    settings = Settings(data_dir=data_dir, database_url=url)
    with unit_of_work(settings.resolved_database_url) as session:
        for plan in bundled_plans():
            import_plan(session=session, plan=plan, actor="test")
        for username, role, region, unit in USERS:
            accounts.create_user(session=session, username=username, password=password(username), role=role,
                                 region=region, unit=unit)
    try:
        yield SubmissionSite(settings=settings, client_app=create_app(settings))
    finally:
        if url:
            _clear(url)


@pytest.fixture
def web(backend_site: SubmissionSite) -> Iterator[TestClient]:
    with TestClient(backend_site.client_app) as c:  # type: ignore[arg-type]
        yield c


def _set_state(site: SubmissionSite, region: str, state: SubmissionState) -> None:
    with unit_of_work(site.settings.resolved_database_url) as session:
        current = load_submission(session, region=region, year=YEAR)
        save_submission(session, dataclasses.replace(current, state=state, by="test", at=dt.datetime.now(dt.UTC),
                                                     last=Transition.SUBMIT))


def _state(site: SubmissionSite, region: str) -> SubmissionState:
    with unit_of_work(site.settings.resolved_database_url) as session:
        return load_submission(session, region=region, year=YEAR).state


def _post(client: TestClient, token: str, region: str, transition: Transition, api: bool) -> httpx.Response:
    path = f"/data/status/{quote(region)}/{YEAR}/{transition.value}"
    if api:
        return client.post("/api/v1" + path, json={"reason": "核实数据"}, headers={"X-CSRF-Token": token})
    return client.post(path, data={"csrf_token": token, "reason": "核实数据"}, follow_redirects=False)


def _outcome(response: httpx.Response) -> str:
    location = response.headers.get("location", "")
    if response.status_code == 401 or (response.status_code == 303 and location.startswith("/login")):
        return "login"
    if response.status_code == 403:
        return "denied"
    if response.status_code == 409:
        return "conflict"
    assert response.status_code in (200, 303), response.text
    return "ok"


@pytest.mark.parametrize("username", [None] + [u[0] for u in USERS], ids=lambda u: u or "visitor")
def test_submission_access_matrix(web: TestClient, backend_site: SubmissionSite, username: str | None) -> None:
    token = login(web, username) if username else csrf(web)
    wrong = []
    for region in (OWN, OTHER):
        for transition in TRANSITIONS:
            for state in SubmissionState:
                for api in (True, False):
                    _set_state(backend_site, region, state)
                    got = _outcome(_post(web, token, region, transition, api))
                    if username is None:
                        expected = "login"
                    elif (username, region) not in MAY[transition]:
                        expected = "denied"
                    else:
                        expected = "ok" if state in FROM[transition] else "conflict"
                    after = _state(backend_site, region)
                    if got != expected or after != (TO[transition] if expected == "ok" else state):
                        wrong.append((region, transition.value, state.value, "api" if api else "page", got, after))
    assert not wrong


def test_the_matrix_lists_every_submission_endpoint(backend_site: SubmissionSite) -> None:
    from fastapi.routing import APIRoute, iter_route_contexts

    app = backend_site.client_app
    found = {("POST", c.path) for c in iter_route_contexts(app.routes)  # type: ignore[attr-defined]
             if isinstance(c.original_route, APIRoute) and "/data/status/" in c.path and "POST" in c.original_route.methods}
    assert found == SUBMISSION_ENDPOINTS


def test_refusals_are_chinese_problems_naming_the_reason(web: TestClient, backend_site: SubmissionSite) -> None:
    _set_state(backend_site, OWN, SubmissionState.SUBMITTED)
    token = login(web, "shi")
    missing = web.post(f"/api/v1/data/status/{quote(OWN)}/{YEAR}/return", json={"reason": " "},
                       headers={"X-CSRF-Token": token})
    assert missing.status_code == 422 and missing.json()["detail"] == "退回须填写原因"
    stale = web.post(f"/api/v1/data/status/{quote(OWN)}/{YEAR}/approve", json={"version": 0},
                     headers={"X-CSRF-Token": token})
    assert stale.status_code == 409 and "已被其他用户更改" in stale.json()["detail"]
    planner = TestClient(backend_site.client_app)  # type: ignore[arg-type]
    denied = planner.post(f"/api/v1/data/status/{quote(OWN)}/{YEAR}/approve",
                          headers={"X-CSRF-Token": login(planner, "fuling")})
    assert denied.status_code == 403 and denied.json()["detail"] == (
        "用户“fuling”（区教委规划科·涪陵区）无权审核年度数据（属于涪陵区）")
    unknown = web.post(f"/api/v1/data/status/{quote('不存在区')}/{YEAR}/approve", headers={"X-CSRF-Token": token})
    assert unknown.status_code == 404


def test_the_status_page_and_its_twin_show_each_visible_region_and_its_buttons(
        web: TestClient, backend_site: SubmissionSite) -> None:
    _set_state(backend_site, OWN, SubmissionState.SUBMITTED)
    _set_state(backend_site, OTHER, SubmissionState.APPROVED)
    login(web, "shi")
    twin = web.get(f"/api/v1/data/status?year={YEAR}").json()
    rows = {r["submission"]["region"]: (r["submission"]["state"], r["allowed"]) for r in twin["regions"]}
    assert rows[OWN] == ("submitted", ["approve", "return"]) and rows[OTHER] == ("approved", ["unlock"])
    assert len(rows) == len({p.region for p in _plans(backend_site)})
    page = web.get(f"/data/status?year={YEAR}")
    assert page.status_code == 200
    assert f'action="/data/status/{quote(OWN)}/{YEAR}/approve"' in page.text
    assert 'name="reason" required' in page.text

    district = TestClient(backend_site.client_app)  # type: ignore[arg-type]
    login(district, "fuling")
    mine = district.get(f"/api/v1/data/status?year={YEAR}").json()["regions"]
    assert [(r["submission"]["region"], r["allowed"]) for r in mine] == [(OWN, [])]  # submitted: wait for review
    visitor = TestClient(backend_site.client_app)  # type: ignore[arg-type]
    assert visitor.get(f"/api/v1/data/status?year={YEAR}").status_code == 401


def _plans(site: SubmissionSite) -> list[object]:
    with unit_of_work(site.settings.resolved_database_url) as session:
        return list(list_plans(session=session))


def test_an_upload_into_a_locked_year_is_a_409_naming_who_locked_it_and_stores_nothing(
        web: TestClient, backend_site: SubmissionSite, tmp_path: Path) -> None:
    url = backend_site.settings.resolved_database_url
    with unit_of_work(url) as session:
        book = collection_template(session=session, region=OWN, year=YEAR, dest=tmp_path / "book.xlsx")
        before = load_observations(session, region=OWN)
    _set_state(backend_site, OWN, SubmissionState.SUBMITTED)
    with unit_of_work(url) as session:
        apply_transition(session=session, user=Principal("shi", Role.MUNICIPAL), region=OWN, year=YEAR,
                         transition=Transition.APPROVE)
    wb = openpyxl.load_workbook(book)
    sheet = wb["指标"]
    column = next(i for i, c in enumerate(sheet[1], 1) if str(c.value).startswith("本年值"))
    sheet.cell(2, column).value = 95.0
    data = io.BytesIO()
    wb.save(data)
    token = login(web, "fuling")
    response = web.post("/api/v1/data/workbook", data={"region": OWN}, headers={"X-CSRF-Token": token},
                        files={"file": ("涪陵区2024.xlsx", data.getvalue(), "application/octet-stream")})
    assert response.status_code == 409, response.text
    assert response.json()["detail"].startswith(f"{OWN}{YEAR}年数据已由 shi 于 ")
    with unit_of_work(url) as session:
        assert load_observations(session, region=OWN) == before


def test_visitors_see_approved_figures_and_the_district_its_latest_marked_unapproved(
        web: TestClient, backend_site: SubmissionSite) -> None:
    from eduplan.core.collection.yearly import Collection
    from eduplan.core.plan import Observation
    from eduplan.services.collection import store_records

    rate = "preschool_gross_enrolment_rate"
    url = backend_site.settings.resolved_database_url
    for year, value in ((2022, 91.0), (2023, 92.0)):
        with unit_of_work(url) as session:
            store_records(session=session, collection=Collection(observations=[Observation(rate, OWN, year, value)]),
                          source="年报.xlsx", actor="fuling")
            for transition, who in ((Transition.SUBMIT, Principal("fuling", Role.PLANNER, OWN)),
                                    (Transition.APPROVE, Principal("shi", Role.MUNICIPAL))):
                apply_transition(session=session, user=who, region=OWN, year=year, transition=transition)
    _set_state(backend_site, OWN, SubmissionState.FILLING)  # 2024 stays unapproved
    with unit_of_work(url) as session:
        store_records(session=session, collection=Collection(observations=[Observation(rate, OWN, YEAR, 97.0)]),
                      source="年报.xlsx", actor="fuling")

    def rate_row(client: TestClient) -> tuple[dict[str, object], list[int]]:
        page = client.get(f"/api/v1/regions/{quote(OWN)}", params={"year": YEAR}).json()
        return next(t for t in page["targets"] if t["indicator_id"] == rate), page["unapproved_years"]

    public, unapproved = rate_row(web)
    assert (public["latest_year"], public["latest_value"], public["unapproved"], unapproved) == (2023, 92.0, False, [])
    visitor = web.get(f"/api/v1/regions/{quote(OWN)}", params={"year": YEAR}).json()
    assert visitor["withheld_years"] == [YEAR]  # the visitor is told that the year's figures are left out
    assert 'id="withheld-notice"' in web.get(f"/regions/{quote(OWN)}", params={"year": YEAR}).text
    compared = web.get("/api/v1/compare", params={"indicator": rate, "year": YEAR}).json()
    assert next(r for r in compared["rows"] if r["region"] == OWN)["value"] is None
    login(web, "fuling")
    own, unapproved = rate_row(web)
    assert (own["latest_year"], own["latest_value"], own["unapproved"], unapproved) == (YEAR, 97.0, True, [YEAR])
    assert web.get(f"/api/v1/regions/{quote(OWN)}", params={"year": YEAR}).json()["withheld_years"] == []
    html = web.get(f"/regions/{quote(OWN)}", params={"year": YEAR}).text
    assert 'id="unapproved-notice"' in html and 'class="tag unapproved"' in html
    story = web.get(f"/api/v1/regions/{quote(OWN)}/targets/{quote(own['key'], safe='')}",
                    params={"year": YEAR}).json()
    assert [(o["year"], o["unapproved"]) for o in story["observations"]] == [(2022, False), (2023, False),
                                                                           (YEAR, True)]
    assert story["target"]["unapproved"] is True
