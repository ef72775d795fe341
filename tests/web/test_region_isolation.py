"""Region isolation, enforced in one place: every write endpoint × every role × own/other region.

The test first checks that the matrix covers every write route of the app, and that each
of them declares the one `authorize` dependency; then it drives each endpoint as each user
against a record of the user's own region and of another region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from eduplan.core.plan import Plan
from eduplan.services.documents import extract_upload
from eduplan.services.plans import PlanStatus, import_plan, publish_plan, unpublish_plan
from eduplan.services.records import plan_scope
from eduplan.uow import unit_of_work

from .conftest import OTHER, OWN, USERS, Site, csrf, login
from .documents import synthetic_plan

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SESSION_ROUTES = {("POST", "/login"), ("POST", "/logout"), ("POST", "/api/v1/session"),
                  ("DELETE", "/api/v1/session")}
DRAFT_TITLE = "（矩阵测试）"
PUBLICATION_TITLE = "（矩阵发布测试）"  # a plan of its own, so that the region's plan stays published


@dataclass
class Call:
    """One request to a write endpoint, as a user, against a region."""

    client: object
    token: str
    site: Site
    username: str | None
    region: str
    publication_plan: int = 0


def _indicator(call: Call) -> tuple[int, int]:
    iid = call.site.indicators[call.region]
    return iid, call.client.get(f"/api/v1/indicators/{iid}").json()["indicator"]["version"]


def _draft_token(call: Call) -> str:
    plan = extract_upload(data=synthetic_plan(call.region, DRAFT_TITLE), filename="matrix.txt")
    return call.site.app.state.drafts.save(owner=call.username or "nobody", filename="matrix.txt", plan=plan).token


def patch_indicator(call: Call) -> httpx.Response:
    iid, version = _indicator(call)
    return call.client.patch(f"/api/v1/indicators/{iid}", headers={"X-CSRF-Token": call.token},
                             json={"version": version, "changes": {"category": f"测试-{call.username}"}})


def post_indicator_form(call: Call) -> httpx.Response:
    iid, version = _indicator(call)
    return call.client.post(f"/indicators/{iid}/edit", follow_redirects=False, data={
        "csrf_token": call.token, "version": version, "name": "学前三年毛入园率", "category": f"表单-{call.username}"})


def api_upload(call: Call) -> httpx.Response:
    files = {"file": ("plan.txt", synthetic_plan(call.region, DRAFT_TITLE), "text/plain")}
    return call.client.post("/api/v1/uploads", headers={"X-CSRF-Token": call.token}, files=files)


def form_upload(call: Call) -> httpx.Response:
    files = {"file": ("plan.txt", synthetic_plan(call.region, DRAFT_TITLE), "text/plain")}
    return call.client.post("/uploads", data={"csrf_token": call.token}, files=files, follow_redirects=False)


def api_confirm(call: Call) -> httpx.Response:
    return call.client.post(f"/api/v1/uploads/{_draft_token(call)}/confirm", headers={"X-CSRF-Token": call.token})


def form_confirm(call: Call) -> httpx.Response:
    return call.client.post(f"/uploads/{_draft_token(call)}/confirm", data={"csrf_token": call.token},
                            follow_redirects=False)


def api_region(call: Call) -> httpx.Response:
    return call.client.post(f"/api/v1/uploads/{_draft_token(call)}/region", headers={"X-CSRF-Token": call.token},
                            data={"region": call.region})


def form_region(call: Call) -> httpx.Response:
    return call.client.post(f"/uploads/{_draft_token(call)}/region", data={"csrf_token": call.token,
                            "region": call.region}, follow_redirects=False)


def api_correct(call: Call) -> httpx.Response:
    return call.client.patch(f"/api/v1/uploads/{_draft_token(call)}/items/indicators/0",
                             headers={"X-CSRF-Token": call.token}, json={"value": "96"})


def form_correct(call: Call) -> httpx.Response:
    return call.client.post(f"/uploads/{_draft_token(call)}/items/indicators/0",
                            data={"csrf_token": call.token, "excluded": "1"}, follow_redirects=False)


def api_discard(call: Call) -> httpx.Response:
    return call.client.delete(f"/api/v1/uploads/{_draft_token(call)}", headers={"X-CSRF-Token": call.token})


def form_discard(call: Call) -> httpx.Response:
    return call.client.post(f"/uploads/{_draft_token(call)}/discard", data={"csrf_token": call.token},
                            follow_redirects=False)


def _publication(call: Call, path: str, *, api: bool) -> httpx.Response:
    if api:
        return call.client.post(f"/api/v1/plans/{call.publication_plan}/{path}", headers={"X-CSRF-Token": call.token})
    return call.client.post(f"/plans/{call.publication_plan}/{path}", data={"csrf_token": call.token},
                            follow_redirects=False)


def api_publish(call: Call) -> httpx.Response:
    return _publication(call, "publish", api=True)


def form_publish(call: Call) -> httpx.Response:
    return _publication(call, "publish", api=False)


def api_unpublish(call: Call) -> httpx.Response:
    return _publication(call, "unpublish", api=True)


def form_unpublish(call: Call) -> httpx.Response:
    return _publication(call, "unpublish", api=False)


def _entry_series(call: Call) -> str:
    """The first figure of the region's entry form (read in the store, whoever the user is)."""
    from eduplan.services.data_entry import entry_form

    with unit_of_work(call.site.settings.resolved_database_url) as session:
        return entry_form(session=session, region=call.region, year=2021).fields[0].series


def api_entry(call: Call) -> httpx.Response:
    return call.client.put(f"/api/v1/regions/{call.region}/data/2021", headers={"X-CSRF-Token": call.token},
                           json={"values": {_entry_series(call): {"value": "1"}}})


def form_entry(call: Call) -> httpx.Response:
    return call.client.post(f"/regions/{call.region}/data/entry?year=2021", follow_redirects=False, data={
        "csrf_token": call.token, "key": _entry_series(call), "value": "1", "seen": ""})


ENDPOINTS: dict[tuple[str, str], Callable[[Call], httpx.Response]] = {
    ("PATCH", "/api/v1/indicators/{indicator_id}"): patch_indicator,
    ("POST", "/indicators/{indicator_id}/edit"): post_indicator_form,
    ("POST", "/api/v1/uploads"): api_upload,
    ("POST", "/uploads"): form_upload,
    ("POST", "/api/v1/uploads/{token}/confirm"): api_confirm,
    ("POST", "/uploads/{token}/confirm"): form_confirm,
    ("POST", "/api/v1/uploads/{token}/region"): api_region,
    ("POST", "/uploads/{token}/region"): form_region,
    ("PATCH", "/api/v1/uploads/{token}/items/{kind}/{index}"): api_correct,
    ("POST", "/uploads/{token}/items/{kind}/{index}"): form_correct,
    ("DELETE", "/api/v1/uploads/{token}"): api_discard,
    ("POST", "/uploads/{token}/discard"): form_discard,
    ("POST", "/api/v1/plans/{plan_id}/publish"): api_publish,
    ("POST", "/plans/{plan_id}/publish"): form_publish,
    ("POST", "/api/v1/plans/{plan_id}/unpublish"): api_unpublish,
    ("POST", "/plans/{plan_id}/unpublish"): form_unpublish,
    ("PUT", "/api/v1/regions/{region}/data/{year}"): api_entry,
    ("POST", "/regions/{region}/data/entry"): form_entry,
}
# The state the publication plan is put in before the call, so that the call has work to do.
PREPARED = {
    ("POST", "/api/v1/plans/{plan_id}/publish"): PlanStatus.DRAFT,
    ("POST", "/plans/{plan_id}/publish"): PlanStatus.DRAFT,
    ("POST", "/api/v1/plans/{plan_id}/unpublish"): PlanStatus.PUBLISHED,
    ("POST", "/plans/{plan_id}/unpublish"): PlanStatus.PUBLISHED,
}
# Who may write, per endpoint family: (own region, other region). Uploading only makes a
# private draft, so a planner may upload another region's document but never store it.
EDIT = {"admin": ("ok", "ok"), "fuling": ("ok", "denied")}
UPLOAD = {"admin": ("ok", "ok"), "fuling": ("ok", "ok")}
EXPECTED = {
    ("PATCH", "/api/v1/indicators/{indicator_id}"): EDIT,
    ("POST", "/indicators/{indicator_id}/edit"): EDIT,
    ("POST", "/api/v1/uploads"): UPLOAD,
    ("POST", "/uploads"): UPLOAD,
    ("POST", "/api/v1/uploads/{token}/confirm"): EDIT,
    ("POST", "/uploads/{token}/confirm"): EDIT,
    ("POST", "/api/v1/uploads/{token}/region"): UPLOAD,  # the uploader's own draft; storing is checked later
    ("POST", "/uploads/{token}/region"): UPLOAD,
    ("PATCH", "/api/v1/uploads/{token}/items/{kind}/{index}"): UPLOAD,  # the uploader's own draft
    ("POST", "/uploads/{token}/items/{kind}/{index}"): UPLOAD,
    ("DELETE", "/api/v1/uploads/{token}"): UPLOAD,
    ("POST", "/uploads/{token}/discard"): UPLOAD,
    ("POST", "/api/v1/plans/{plan_id}/publish"): EDIT,
    ("POST", "/plans/{plan_id}/publish"): EDIT,
    ("POST", "/api/v1/plans/{plan_id}/unpublish"): EDIT,
    ("POST", "/plans/{plan_id}/unpublish"): EDIT,
    ("PUT", "/api/v1/regions/{region}/data/{year}"): EDIT,  # storing yearly figures is an import
    ("POST", "/regions/{region}/data/entry"): EDIT,
}
ROLES = [None] + [u[0] for u in USERS if u[0] != "nanchuan"]


def _write_routes(site: Site) -> dict[tuple[str, str], APIRoute]:
    routes = {}
    for c in iter_route_contexts(site.app.routes):
        route = c.original_route
        if isinstance(route, APIRoute):
            for method in route.methods & WRITE_METHODS:
                routes[(method, c.path)] = route
    return routes


def _guards(route: APIRoute) -> list[object]:
    found, stack = [], list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if hasattr(dep.call, "authorizes"):
            found.append(dep.call.authorizes)
        stack.extend(dep.dependencies)
    return found


def test_the_matrix_covers_every_write_endpoint(site) -> None:
    from tests.web.test_monitoring_pages import MATRIX_ENDPOINTS

    assert set(_write_routes(site)) - SESSION_ROUTES == set(ENDPOINTS) | MATRIX_ENDPOINTS


def test_every_write_endpoint_declares_the_access_check(site) -> None:
    unguarded = [key for key, route in _write_routes(site).items() if key not in SESSION_ROUTES and not _guards(route)]
    assert not unguarded


@pytest.fixture(scope="module")
def publication_plans(site: Site) -> dict[str, int]:
    """A plan of each region for the publication endpoints to act on."""
    with unit_of_work(site.settings.resolved_database_url) as session:
        return {r: import_plan(session=session, plan=Plan(region=r, title=PUBLICATION_TITLE), actor="test").plan_id
                for r in (OWN, OTHER)}


def _prepare(site: Site, plan_id: int, status: PlanStatus | None) -> None:
    if status is not None:
        with unit_of_work(site.settings.resolved_database_url) as session:
            change = publish_plan if status is PlanStatus.PUBLISHED else unpublish_plan
            change(session=session, ref=plan_id, actor="test")


def _published(site: Site, plan_id: int) -> bool:
    with unit_of_work(site.settings.resolved_database_url) as session:
        return plan_scope(session=session, plan_id=plan_id).published


def _state(client, site: Site, region: str, publication_plan: int) -> tuple[object, ...]:
    """What a write could change: the indicator written to, the plans stored for the region, and the
    publication state of the region's publication plan (read from the database, whoever the user is)."""
    indicator = client.get(f"/api/v1/indicators/{site.indicators[region]}").json()["indicator"]
    plans = sorted(p["title"] for p in client.get("/api/v1/plans").json()["plans"] if p["region"] == region)
    return indicator, plans, _published(site, publication_plan)


def _outcome(response: httpx.Response) -> str:
    location = response.headers.get("location", "")
    if response.status_code == 401 or (response.status_code == 303 and location.startswith("/login")):
        return "login"
    if response.status_code == 403:
        return "denied"
    assert response.status_code in (200, 201, 204, 303), response.text
    return "ok"


@pytest.mark.parametrize("endpoint", list(ENDPOINTS), ids=lambda e: f"{e[0]} {e[1]}")
@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("username", ROLES, ids=lambda u: u or "visitor")
def test_write_access_matrix(client, site, publication_plans, endpoint, target, username) -> None:
    token = login(client, username) if username else csrf(client)
    region = OWN if target == "own" else OTHER
    _prepare(site, publication_plans[region], PREPARED.get(endpoint))
    before = _state(client, site, region, publication_plans[region])
    response = ENDPOINTS[endpoint](Call(client=client, token=token, site=site, username=username, region=region,
                                        publication_plan=publication_plans[region]))
    expected = "login" if username is None else EXPECTED[endpoint].get(username, ("denied", "denied"))[target != "own"]
    assert _outcome(response) == expected, response.text
    if expected == "ok" and endpoint in PREPARED:
        assert _published(site, publication_plans[region]) is (PREPARED[endpoint] is PlanStatus.DRAFT)
    if expected != "ok":
        assert _state(client, site, region, publication_plans[region]) == before, "a refused write changed something"
    if expected == "denied" and endpoint[1].startswith("/api/"):
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "无权" in response.json()["detail"]


def test_a_district_user_cannot_read_another_users_upload(client, site) -> None:
    plan = extract_upload(data=synthetic_plan(OTHER, DRAFT_TITLE), filename="other.txt")
    token = site.app.state.drafts.save(owner="nanchuan", filename="other.txt", plan=plan).token
    login(client, "fuling")
    assert client.get(f"/api/v1/uploads/{token}").status_code == 403
    assert client.post(f"/api/v1/uploads/{token}/confirm", headers={"X-CSRF-Token": csrf(client)}).status_code == 403
    assert client.get(f"/uploads/{token}").status_code == 403
    assert client.patch(f"/api/v1/uploads/{token}/items/indicators/0", headers={"X-CSRF-Token": csrf(client)},
                        json={"value": "50", "excluded": True}).status_code == 403
    assert client.post(f"/uploads/{token}/items/indicators/0", data={"csrf_token": csrf(client), "value": "50"},
                       follow_redirects=False).status_code == 403
    assert client.delete(f"/api/v1/uploads/{token}", headers={"X-CSRF-Token": csrf(client)}).status_code == 403
    assert client.post(f"/uploads/{token}/discard", data={"csrf_token": csrf(client)},
                       follow_redirects=False).status_code == 403
    kept = site.app.state.drafts.load(token)  # nothing of the owner's draft changed
    assert kept.plan.indicators[0].target.value == plan.indicators[0].target.value and kept.excluded == {}
    assert token not in client.get("/uploads/new").text
    assert all(d["token"] != token for d in client.get("/api/v1/uploads").json()["drafts"])
