"""Responsible units through the HTTP API, on SQLite and PostgreSQL: the access matrix over every
new write (assignments of tasks and projects, project progress, the assignment workbook, and a
unit's part of a task), role × own/other region × plan state, where a refused write changes
nothing; the unit pages (我的任务/我的项目/待办), the 督办单 and the workbook round trip."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from eduplan.core.tracking.assignments import ItemKind, Origin
from eduplan.core.tracking.projects import project_key
from eduplan.demo.build import bundled_plans
from eduplan.services import accounts
from eduplan.services.assignments import assign, checked_assignment, region_assignments
from eduplan.services.plans import import_plan, plan_in_force, publish_plan, unpublish_plan
from eduplan.settings import Settings
from eduplan.store.monitoring import load_assignments, load_project_reports, load_task_reports
from eduplan.uow import unit_of_work
from eduplan.web.app import create_app
from tests.dbfixtures import BACKENDS, _pg_database
from tests.web.conftest import csrf, password

FL, NC = "涪陵区", "南川区"  # 涪陵区 has tasks only; 南川区 has tasks and projects
USERS = [
    ("admin", "admin", None, None), ("shi", "municipal", None, None), ("fuling", "planner", FL, None),
    ("nanchuan", "planner", NC, None), ("danwei", "unit", FL, "区教委"), ("fl-cz", "unit", FL, "区财政局"),
    ("nc-jw", "unit", NC, "区教委"), ("nc-cz", "unit", NC, "区财政局"), ("pinggu", "evaluator", None, None),
    ("guest", "viewer", FL, None),
]
ROLES: list[str | None] = [None, *(u[0] for u in USERS)]
REGION_OF = {u[0]: u[2] for u in USERS}
UNIT_OF = {u[0]: u[3] for u in USERS}
ROLE_OF = {u[0]: u[1] for u in USERS}
UNIT_ENDPOINTS = {
    ("PUT", "/api/v1/regions/{region}/tasks/{task_id}/assignment"),
    ("POST", "/regions/{region}/tasks/{task_id}/assignment"),
    ("PUT", "/api/v1/regions/{region}/projects/assignment"),
    ("POST", "/regions/{region}/projects/assignment"),
    ("POST", "/api/v1/regions/{region}/projects/progress"),
    ("POST", "/regions/{region}/projects/progress"),
    ("POST", "/api/v1/regions/{region}/assignments"),
    ("POST", "/regions/{region}/assignments"),
}


@dataclass
class UnitSite:
    """The app, its database, and per region the task and project the 区教委 is assigned to."""

    settings: Settings
    app: FastAPI
    tasks: dict[str, tuple[str, str]]  # region → (task assigned to 区教委, task assigned to 区财政局)
    project: str  # a 南川区 project assigned to 区教委

    def session(self):
        return unit_of_work(self.settings.resolved_database_url)


def _build(data_dir: Path, url: str | None) -> UnitSite:
    settings = Settings(data_dir=data_dir, database_url=url)
    with unit_of_work(settings.resolved_database_url) as session:
        for plan in bundled_plans():
            if plan.region in (FL, NC):
                import_plan(session=session, plan=plan, actor="test")
        for username, role, region, unit in USERS:
            accounts.create_user(session=session, username=username, password=password(username), role=role,
                                 region=region, unit=unit)
        tasks = {}
        for region in (FL, NC):
            current = region_assignments(session=session, region=region)
            ids = [t.id for t in current.plan.tasks if t.actionable][:2]
            for task_id, unit in zip(ids, ("区教委", "区财政局"), strict=True):
                _assign(session, region, ItemKind.TASK, task_id, unit)
            tasks[region] = (ids[0], ids[1])
        first = region_assignments(session=session, region=NC).plan.projects[0]
        key = project_key(first.table, first.seq, first.name)
        _assign(session, NC, ItemKind.PROJECT, key, "区教委")
    return UnitSite(settings, create_app(settings), tasks, key)


def _assign(session, region: str, kind: ItemKind, key: str, unit: str) -> None:
    version = load_assignments(session, region=region).get((kind, key))
    wanted = checked_assignment(kind, key, lead=[unit], co=[], deadline=None,
                                version=version.version if version else 0, origin=Origin.PLANNER)
    assign(session=session, region=region, assignment=wanted, actor="setup")


@pytest.fixture(scope="module", params=BACKENDS)
def usite(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Iterator[UnitSite]:
    """One site per backend for the module (PostgreSQL: a database of its own)."""
    data_dir = tmp_path_factory.mktemp("unit-site") / "data"
    if request.param == "pg":
        databases = _pg_database(request.getfixturevalue("pg_server"), request.getfixturevalue("pg_template"))
        url = next(databases)
        try:
            yield _build(data_dir, url)
        finally:
            databases.close()
    else:
        yield _build(data_dir, None)


@pytest.fixture
def uclient(usite: UnitSite) -> Iterator[TestClient]:
    with TestClient(usite.app) as c:
        yield c


def sign_in(client: TestClient, username: str | None) -> str:
    """Sign in (None: stay anonymous); the CSRF token to send with writes."""
    if username is None:
        return csrf(client)
    response = client.post("/api/v1/session", json={"username": username, "password": password(username)},
                           headers={"X-CSRF-Token": csrf(client)})
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])


def stored(usite: UnitSite) -> tuple[object, ...]:
    """Everything the new writes can change."""
    with usite.session() as session:
        return tuple((sorted(load_assignments(session, region=r).items()), load_task_reports(session, region=r),
                      load_project_reports(session, region=r)) for r in (FL, NC))


def version(usite: UnitSite, region: str, kind: ItemKind, key: str) -> int:
    with usite.session() as session:
        found = load_assignments(session, region=region).get((kind, key))
    return found.version if found else 0


def may_assign(user: str | None, region: str) -> bool:
    return user == "admin" or (user is not None and ROLE_OF[user] == "planner" and REGION_OF[user] == region)


def may_write(user: str | None, region: str, assigned_unit: str) -> bool:
    if may_assign(user, region):
        return True
    return user is not None and ROLE_OF[user] == "unit" and REGION_OF[user] == region and UNIT_OF[user] == assigned_unit


def expect(response, allowed: bool, user: str | None, ok: set[int]) -> None:
    """Allowed: one of `ok` (a page's redirect not to the login); refused: 401 (a page: to the login) or 403."""
    to_login = response.status_code == 303 and response.headers["location"].startswith("/login")
    if allowed:
        assert response.status_code in ok and not to_login, (user, response.status_code, response.text[:300])
    elif user is None:
        assert response.status_code == 401 or to_login, (user, response.status_code)
    else:
        assert response.status_code == 403, (user, response.status_code)


def call(client: TestClient, token: str, method: str, url: str, **kwargs: object):
    return client.request(method, url, headers={"X-CSRF-Token": token}, follow_redirects=False, **kwargs)


@pytest.mark.postgres
@pytest.mark.parametrize("user", ROLES)
@pytest.mark.parametrize("region", [FL, NC])
def test_only_the_regions_planner_and_admin_assign_tasks(uclient: TestClient, usite: UnitSite, user: str | None,
                                                         region: str) -> None:
    token = sign_in(uclient, user)
    task = usite.tasks[region][0]
    for method, url in (("PUT", f"/api/v1/regions/{region}/tasks/{task}/assignment"),
                        ("POST", f"/regions/{region}/tasks/{task}/assignment")):
        before, v = stored(usite), version(usite, region, ItemKind.TASK, task)
        if method == "PUT":
            response = call(uclient, token, method, url, json={"lead_units": ["区教委"], "co_units": ["区民政局"],
                                                                "deadline": "2025-06-30", "version": v})
        else:
            response = call(uclient, token, method, url, data={"lead_units": "区教委", "co_units": "区民政局、区卫生健康委",
                                                                 "deadline": "2025-06-30", "version": str(v),
                                                                 "csrf_token": token})
        expect(response, may_assign(user, region), user, {200, 303})
        if not may_assign(user, region):
            assert stored(usite) == before


@pytest.mark.postgres
@pytest.mark.parametrize("user", ROLES)
def test_only_the_regions_planner_and_admin_assign_projects_and_import_workbooks(
        uclient: TestClient, usite: UnitSite, user: str | None, tmp_path: Path) -> None:
    token = sign_in(uclient, user)
    key = usite.project
    before, v = stored(usite), version(usite, NC, ItemKind.PROJECT, key)
    put = call(uclient, token, "PUT", f"/api/v1/regions/{NC}/projects/assignment", params={"key": key},
               json={"lead_units": ["区教委"], "co_units": ["区住房城乡建委"], "version": v})
    expect(put, may_assign(user, NC), user, {200})
    v = version(usite, NC, ItemKind.PROJECT, key)
    form = call(uclient, token, "POST", f"/regions/{NC}/projects/assignment",
                data={"key": key, "lead_units": "区教委", "co_units": "", "version": str(v), "csrf_token": token})
    expect(form, may_assign(user, NC), user, {303})
    with usite.session() as session:
        from eduplan.services.assignments import assignment_workbook
        sheet = assignment_workbook(session=session, region=NC, dest=tmp_path / "a.xlsx").read_bytes()
    for url in (f"/api/v1/regions/{NC}/assignments", f"/regions/{NC}/assignments"):
        response = call(uclient, token, "POST", url, files={"file": ("分配.xlsx", sheet)}, data={"csrf_token": token})
        expect(response, may_assign(user, NC), user, {201, 303})
    download = uclient.get(f"/regions/{NC}/assignments.xlsx", follow_redirects=False)
    expect(download, may_assign(user, NC), user, {200})
    if not may_assign(user, NC):
        assert stored(usite) == before


@pytest.mark.postgres
@pytest.mark.parametrize("state", ["published", "draft"])
@pytest.mark.parametrize("user", ROLES)
def test_only_the_assigned_unit_its_planner_and_admin_report_progress(uclient: TestClient, usite: UnitSite,
                                                                     user: str | None, state: str) -> None:
    with usite.session() as session:
        plan_id = plan_in_force(session=session, region=NC)
        (unpublish_plan if state == "draft" else publish_plan)(session=session, ref=plan_id, actor="test")
    try:
        token = sign_in(uclient, user)
        for url in (f"/api/v1/regions/{NC}/projects/progress", f"/regions/{NC}/projects/progress"):
            before = stored(usite)
            response = call(uclient, token, "POST", url, data={"key": usite.project, "actual_start": "2022-03",
                                                                "spend_2022": "100", "places_2023": "30",
                                                                "csrf_token": token})
            expect(response, may_write(user, NC, "区教委"), user, {201, 303})
            if not may_write(user, NC, "区教委"):
                assert stored(usite) == before
        for region in (FL, NC):
            for task, unit in zip(usite.tasks[region], ("区教委", "区财政局"), strict=True):
                before = stored(usite)
                response = call(uclient, token, "POST", f"/api/v1/regions/{region}/tasks/{task}/report",
                                data={"progress": f"{user}的部分", "percent": "30"})
                allowed = may_write(user, region, unit)
                expect(response, allowed, user, {201})
                if allowed and user is not None and ROLE_OF[user] == "unit":
                    parts = {p["unit"]: p["progress"] for p in response.json()["task"]["parts"]}
                    assert parts[UNIT_OF[user]] == f"{user}的部分"  # its own part, no one else's
                if not allowed:
                    assert stored(usite) == before
    finally:
        with usite.session() as session:
            publish_plan(session=session, ref=plan_id, actor="test")


@pytest.mark.postgres
def test_two_co_units_report_apart_and_a_stale_part_or_assignment_is_409(uclient: TestClient, usite: UnitSite) -> None:
    task = usite.tasks[FL][0]
    token = sign_in(uclient, "fuling")
    v = version(usite, FL, ItemKind.TASK, task)
    ok = call(uclient, token, "PUT", f"/api/v1/regions/{FL}/tasks/{task}/assignment",
              json={"lead_units": ["区教委"], "co_units": ["区财政局"], "version": v})
    assert ok.status_code == 200 and ok.json()["assignment"]["origin_label"] == "规划科分配"
    stale = call(uclient, token, "PUT", f"/api/v1/regions/{FL}/tasks/{task}/assignment",
                 json={"lead_units": ["区民政局"], "co_units": [], "version": v})
    assert stale.status_code == 409
    seen = {}
    for user, percent in (("danwei", "80"), ("fl-cz", "40")):
        with TestClient(usite.app) as c:
            t = sign_in(c, user)
            board = c.get(f"/api/v1/regions/{FL}/tasks").json()
            line = next(x for g in board["units"] for x in g["tasks"] if x["task_id"] == task)
            seen[user] = line["seen"]
            r = call(c, t, "POST", f"/api/v1/regions/{FL}/tasks/{task}/report",
                     data={"progress": f"{user}部分", "percent": percent, "seen": line["seen"]})
            assert r.status_code == 201, r.text
    with TestClient(usite.app) as c:
        t = sign_in(c, "danwei")
        again = call(c, t, "POST", f"/api/v1/regions/{FL}/tasks/{task}/report",
                     data={"progress": "旧页面", "percent": "90", "seen": seen["danwei"]})
        assert again.status_code == 409
    line = next(x for g in uclient.get(f"/api/v1/regions/{FL}/tasks").json()["units"] for x in g["tasks"]
                if x["task_id"] == task)
    parts = {p["unit"]: (p["percent"], p["progress"]) for p in line["parts"] if p["counted"]}
    assert parts == {"区教委": (80, "danwei部分"), "区财政局": (40, "fl-cz部分")}
    assert line["percent"] == pytest.approx(60)


@pytest.mark.postgres
def test_my_pages_list_the_units_own_work_and_the_supervision_list_downloads(uclient: TestClient,
                                                                           usite: UnitSite) -> None:
    sign_in(uclient, "nc-jw")
    mine = uclient.get("/api/v1/my/tasks").json()
    assert mine["unit"] == "区教委" and usite.tasks[NC][0] in [t["task_id"] for t in mine["tasks"]]
    assert usite.tasks[NC][1] not in [t["task_id"] for t in mine["tasks"]]  # 区财政局's
    projects = uclient.get("/api/v1/my/projects").json()["projects"]
    assert [p["key"] for p in projects] == [usite.project] and projects[0]["can_report"]
    inbox = uclient.get("/api/v1/my/inbox").json()
    assert all(t["state"] in ("临近", "逾期") for t in inbox["tasks"])
    for view in ("tasks", "projects", "inbox"):
        page = uclient.get(f"/my/{view}")
        assert page.status_code == 200 and "区教委" in page.text and "nc-jw（" not in page.text.split("<main>")[1]
    xlsx = uclient.get(f"/regions/{NC}/supervision.xlsx?due_soon=true")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content))["督办单"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} <= {"区教委"}  # the unit's own lines
    assert uclient.get(f"/regions/{FL}/supervision.xlsx").status_code == 403
    anonymous = TestClient(usite.app)
    assert anonymous.get("/api/v1/my/tasks").status_code == 401
    sign_in(uclient, "shi")
    assert uclient.get("/api/v1/my/tasks").status_code == 422  # no region of its own: said in Chinese


@pytest.mark.postgres
def test_a_wrong_workbook_row_is_located_and_stores_nothing(uclient: TestClient, usite: UnitSite, tmp_path: Path) -> None:
    token = sign_in(uclient, "nanchuan")
    path = tmp_path / "分配.xlsx"
    path.write_bytes(uclient.get(f"/regions/{NC}/assignments.xlsx").content)
    wb = load_workbook(path)
    ws = wb["任务分配"]
    ws.cell(3, 5).value = "区财政局"
    ws.cell(4, 6).value = "2025-02-30"
    wb.save(path)
    before = stored(usite)
    bad = call(uclient, token, "POST", f"/api/v1/regions/{NC}/assignments", files={"file": ("分配.xlsx", path.read_bytes())})
    assert bad.status_code == 422 and "第4行" in bad.text and "2025-02-30" in bad.text
    assert stored(usite) == before
