"""Every public page and JSON, walked as an anonymous visitor with a draft plan present: no login
name appears anywhere (reporters are shown as units or roles), and none of the draft's figures
(its own values, observations of its region) shows, the comparison included."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from eduplan.core.collection.approval import Transition
from eduplan.core.collection.yearly import Collection, TaskReport
from eduplan.core.plan import Observation
from eduplan.services import accounts
from eduplan.services.approval import apply_transition, principal_named
from eduplan.services.collection import store_records
from eduplan.services.monitoring import report_task
from eduplan.services.plans import list_plans, plan_in_force, unpublish_plan
from eduplan.services.records import indicator_refs
from eduplan.uow import unit_of_work
from tests.web.conftest import Site, build_site, login, password

RATE = "preschool_gross_enrolment_rate"
DRAFT_REGION = "渝中区"
PUBLIC_MARK, DRAFT_MARK = 91.37, 97.61  # observed values: the first must show, the second never
# Login names that cannot occur in a plan (file names such as fuling.txt would match the shared users').
LOGINS = ("fl_zhang_login", "fl_unit_login", "yz_admin_login")


@pytest.fixture(scope="module")
def psite(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Site:
    site = build_site(tmp_path_factory.mktemp("privacy") / "data")
    with unit_of_work(site.settings.resolved_database_url) as session:
        for username, role, region, unit in (("fl_zhang_login", "planner", "涪陵区", None),
                                             ("fl_unit_login", "unit", "涪陵区", "区教委"),
                                             ("yz_admin_login", "admin", None, None)):
            accounts.create_user(session=session, username=username, password=password(username), role=role,
                                 region=region, unit=unit)
        store_records(session=session, source="上传的年度数据表", actor="fl_zhang_login", collection=Collection(
            observations=[Observation(RATE, "涪陵区", 2024, PUBLIC_MARK)]))
        store_records(session=session, source="上传的年度数据表", actor="yz_admin_login", collection=Collection(
            observations=[Observation(RATE, DRAFT_REGION, 2024, DRAFT_MARK)]))
        task = next(t for t in _plan_tasks(session, "涪陵区"))
        report_task(session=session, actor="fl_zhang_login", report=TaskReport(
            "涪陵区", 2024, task, progress="推进中", percent=30, reported_by="区教委规划科", entered_by="fl_zhang_login"))
    with TestClient(site.app) as client:  # a unit's part through the web, as a unit user sends it
        token = login(client, "fl_unit_login")
        with unit_of_work(site.settings.resolved_database_url) as session:
            from eduplan.core.tracking.assignments import ItemKind, Origin
            from eduplan.services.assignments import assign, checked_assignment
            assign(session=session, region="涪陵区", actor="fl_zhang_login", assignment=checked_assignment(
                ItemKind.TASK, task, lead=["区教委"], co=[], deadline=None, version=0, origin=Origin.PLANNER))
        response = client.post(f"/api/v1/regions/涪陵区/tasks/{task}/report", headers={"X-CSRF-Token": token},
                               data={"progress": "本单位部分", "percent": "50"})
        assert response.status_code == 201, response.text
    with unit_of_work(site.settings.resolved_database_url) as session:
        # both regions' 2024 figures go through 报送 and 审核: the public reads approved figures only,
        # and the draft region's stay hidden although approved
        admin = principal_named(session=session, username="yz_admin_login")
        for region in ("涪陵区", DRAFT_REGION):
            for transition in (Transition.SUBMIT, Transition.APPROVE):
                apply_transition(session=session, user=admin, region=region, year=2024, transition=transition)
        unpublish_plan(session=session, ref=plan_in_force(session=session, region=DRAFT_REGION), actor="admin")
    return site


def _plan_tasks(session, region: str) -> Iterator[str]:
    from eduplan.services.monitoring import region_plan

    _, plan = region_plan(session=session, region=region)
    return (t.id for t in plan.tasks if t.actionable)


def public_urls(site: Site) -> list[str]:
    """Every GET route, with each region, plan and indicator filled in, plus the comparison."""
    with unit_of_work(site.settings.resolved_database_url) as session:
        plans = list_plans(session=session)
        indicators = [i for p in plans for i, _ in indicator_refs(session=session, plan_id=p.id)[:2]]
    regions = sorted({p.region for p in plans})
    urls = ["/compare?indicator=" + RATE + "&year=2024", "/api/v1/compare?indicator=" + RATE + "&year=2024"]
    for c in iter_route_contexts(site.app.routes):
        route = c.original_route
        if not isinstance(route, APIRoute) or "GET" not in route.methods:
            continue
        names = set(re.findall(r"{(\w+)(?::\w+)?}", c.path))
        values = {"region": regions, "plan_id": [str(p.id) for p in plans], "indicator_id": [str(i) for i in indicators]}
        if not names <= set(values):
            continue
        fills = [{}]
        for name in names:
            fills = [{**f, name: v} for f in fills for v in values[name]]
        for f in fills:
            urls.append(re.sub(r"{(\w+)(?::\w+)?}", lambda m: f[m.group(1)], c.path))  # noqa: B023
    return urls


def test_public_pages_show_no_login_names_and_no_draft_figures(psite: Site) -> None:
    seen_public = False
    with TestClient(psite.app) as client:
        for url in public_urls(psite):
            response = client.get(url, follow_redirects=False)
            if response.status_code != 200 or not response.headers.get("content-type", "").startswith(
                    ("text/html", "application/json")):
                continue
            body = response.text
            for name in LOGINS:
                assert not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", body.replace("/login", "")), (url, name)
            assert str(DRAFT_MARK) not in body, url
            seen_public |= str(PUBLIC_MARK) in body
    assert seen_public  # the published region's figure is shown somewhere: the walk reaches the figures


def test_the_draft_region_stays_out_of_the_public_comparison(psite: Site) -> None:
    with TestClient(psite.app) as client:
        rows = client.get(f"/api/v1/compare?indicator={RATE}&year=2024").json()
        assert DRAFT_REGION not in str(rows)
        login(client, "shi")  # the municipal commission reads every region, drafts included
        assert DRAFT_REGION in str(client.get(f"/api/v1/compare?indicator={RATE}&year=2024").json())


def test_the_reporter_is_stored_as_the_unit_or_role(psite: Site) -> None:
    from eduplan.store.monitoring import load_task_reports
    from eduplan.store.records import load_observations

    with unit_of_work(psite.settings.resolved_database_url) as session:
        found = {o.region: o.reported_by for o in load_observations(session) if o.indicator == RATE and o.year == 2024}
        parts = {r.unit: r.reported_by for r in load_task_reports(session, region="涪陵区")}
    assert found["涪陵区"] == "区教委规划科" and found[DRAFT_REGION] == "系统管理员"
    assert parts["区教委"] == "区教委"
