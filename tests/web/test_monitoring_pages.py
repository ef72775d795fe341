"""The monitoring pages through the HTTP API: numbers match the services, and who may write what.

The access matrix drives the three new writes — a task report, running an evaluation, a data
upload — as every role against its own and another region, and checks that a refused write
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from eduplan.demo.schools import district_schools
from eduplan.services import accounts
from eduplan.services.evaluations import list_evaluations
from eduplan.services.inspections import class_sizes, run_quality_balance
from eduplan.services.monitoring import project_board, region_plan, task_board
from eduplan.store.monitoring import load_task_reports
from eduplan.store.records import load_observations, save_school_records
from eduplan.uow import unit_of_work
from tests.web.conftest import OTHER, OWN, Site, csrf, login, password

UNIT_REGION = "黔江区"  # the bundled plan whose tasks name their responsible units
EXTRA_USERS = [("qj-planner", "planner", UNIT_REGION, None), ("qj-unit", "unit", UNIT_REGION, "区教委")]
ROLES = ["admin", "shi", "fuling", "nanchuan", "danwei", "pinggu", "guest", "qj-planner", "qj-unit"]


@pytest.fixture(scope="module", autouse=True)
def seeded_monitoring(site: Site) -> None:
    """Two more users in the region with units, and simulated school records for OWN."""
    with unit_of_work(site.settings.resolved_database_url) as session:
        for username, role, region, unit in EXTRA_USERS:
            accounts.create_user(session=session, username=username, password=password(username), role=role,
                                 region=region, unit=unit)
        save_school_records(session, district_schools(OWN, seed=7, year=2024))


def signed_in(client: TestClient, username: str | None) -> dict[str, str]:
    """Sign in (None: stay anonymous); the CSRF header to send with writes."""
    return {"X-CSRF-Token": login(client, username) if username else csrf(client)}


def unit_tasks(site: Site) -> tuple[str, str]:
    """A 黔江区 task led by 区教委 and one whose units do not include it."""
    with unit_of_work(site.settings.resolved_database_url) as session:
        _, plan = region_plan(session=session, region=UNIT_REGION)
    units = {t.id: (*t.lead_units, *t.responsible_units) for t in plan.tasks}
    mine = next(i for i, u in units.items() if "区教委" in u)
    other = next(i for i, u in units.items() if u and "区教委" not in u)
    return mine, other


# ---------------------------------------------------------------- numbers match the services


def test_task_board_matches_the_service(client: TestClient, site: Site) -> None:
    page = client.get(f"/api/v1/regions/{UNIT_REGION}/tasks").json()
    with unit_of_work(site.settings.resolved_database_url) as session:
        board = task_board(session=session, region=UNIT_REGION)
    assert page["counts"] == {s: sum(1 for t in board.tasks if t.state.value == s) for s in page["counts"]}
    groups = [(g["unit"], g["total"], g["overdue"], g["due_soon"]) for g in page["units"]]
    orphans = [t for t in board.tasks if not t.units]
    assert groups[:len(board.units)] == [(u.unit, u.total, u.overdue, u.due_soon) for u in board.units]
    assert groups[len(board.units):] == [("未注明责任单位", len(orphans), len(orphans), 0)]  # past the deadline
    assert all(len(g["tasks"]) == g["total"] for g in page["units"])
    assert not any(t["can_report"] for g in page["units"] for t in g["tasks"])  # anonymous


def test_unit_user_may_report_only_its_own_tasks(client: TestClient, site: Site) -> None:
    signed_in(client, "qj-unit")
    mine, other = unit_tasks(site)
    tasks = {t["task_id"]: t for g in client.get(f"/api/v1/regions/{UNIT_REGION}/tasks").json()["units"]
             for t in g["tasks"]}
    assert tasks[mine]["can_report"] and not tasks[other]["can_report"]


def test_projects_match_the_service(client: TestClient, site: Site) -> None:
    page = client.get(f"/api/v1/regions/{OTHER}/projects?year=2024").json()
    with unit_of_work(site.settings.resolved_database_url) as session:
        board = project_board(session=session, region=OTHER, year=2024)
    assert [p["name"] for p in page["projects"]] == [p.name for p in board.projects]
    assert sum(page["by_schedule"].values()) == len(board.projects) > 0
    planned = sum(p.planned_to_date for p in board.projects)
    assert sum(i["planned"] for i in page["investment"]) == pytest.approx(planned)
    assert [(p["year"], p["planned"]) for p in page["places"]] == [(p.year, p.planned) for p in board.places]
    assert client.get(f"/regions/{OTHER}/projects?year=2024").status_code == 200


def test_inspections_match_the_service(client: TestClient, site: Site) -> None:
    assert client.get(f"/api/v1/regions/{OWN}/inspections").status_code == 401  # school data is the region's
    signed_in(client, "fuling")
    page = client.get(f"/api/v1/regions/{OWN}/inspections").json()
    with unit_of_work(site.settings.resolved_database_url) as session:
        balance = run_quality_balance(session=session, region=OWN, year=2024)
        sizes = class_sizes(session=session, region=OWN, year=2024)
    assert page["year"] == 2024 and len(page["schools"]) == len(balance.resources.schools)
    failing = [r["label"] for r in page["schools"] if not r["passed"]]
    assert failing == [s.section.label for s in balance.failing_schools]
    cells = [c for r in page["schools"] for c in r["cells"].values() if c["met"] is False]
    assert cells and all(c["gap"] > 0 and c["gap_unit"] for c in cells)
    assert [(c["stage"], c["cv"]) for c in page["cvs"]] == [
        (c.stage, c.dispersion.cv if c.dispersion else None) for c in balance.resources.cvs]
    assert {s["stage"]: s["large"] for s in page["class_sizes"]} == {s.stage: s.large for s in sizes.by_stage}
    assert [p["stage"] for p in page["places"]] == ["小学", "初中"] and page["places"][0]["years"]
    html = client.get(f"/regions/{OWN}/inspections").text
    assert "义务教育优质均衡" in html and "cell-fail" in html and "差异系数" in html


def test_evaluation_list_and_reports(client: TestClient, site: Site) -> None:
    headers = signed_in(client, "fuling")
    created = client.post(f"/api/v1/regions/{OWN}/evaluations", json={"kind": "annual", "year": 2024},
                          headers=headers)
    assert created.status_code == 201, created.text
    again = client.post(f"/api/v1/regions/{OWN}/evaluations", json={"kind": "中期", "year": 2024}, headers=headers)
    page = client.get(f"/api/v1/regions/{OWN}/evaluations").json()
    with unit_of_work(site.settings.resolved_database_url) as session:
        stored = list_evaluations(session=session, region=OWN)
    assert [e["id"] for e in page["evaluations"]] == [r.id for r in stored]
    newest = page["evaluations"][0]
    assert newest["id"] == again.json()["id"] and newest["previous_id"] == created.json()["id"]
    assert newest["summary"] == stored[0].summary and newest["change_summary"].startswith("与上次评估相比")
    assert page["can_run"] and not page["can_compare"]
    docx = client.get(newest["reports"]["docx"])
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "attachment" in docx.headers["content-disposition"]
    assert client.get(f"/evaluations/{newest['id']}/report.txt").status_code == 422
    assert client.get(f"/regions/{OWN}/inspections/report.xlsx").status_code == 200
    assert client.get("/reports/comparison.xlsx?year=2024").status_code == 403  # a district user
    html = client.get(f"/regions/{OWN}/evaluations").text
    assert "运行评估" in html and f"/evaluations/{newest['id']}/report.pdf" in html


def test_other_region_cannot_read_evaluation_reports(client: TestClient) -> None:
    signed_in(client, "fuling")
    ids = [e["id"] for e in client.get(f"/api/v1/regions/{OWN}/evaluations").json()["evaluations"]]
    signed_in(client, "nanchuan")
    assert client.get(f"/api/v1/regions/{OWN}/evaluations").status_code == 403
    if ids:
        assert client.get(f"/evaluations/{ids[0]}/report.docx").status_code == 403


# ---------------------------------------------------------------- the access matrix

TASK_MATRIX = {  # user → (status on a 区教委 task of 黔江区, status on a task of 黔江区 without 区教委)
    None: (401, 401), "admin": (201, 201), "shi": (403, 403), "fuling": (403, 403), "nanchuan": (403, 403),
    "danwei": (403, 403), "pinggu": (403, 403), "guest": (403, 403), "qj-planner": (201, 201),
    "qj-unit": (201, 403),
}


def task_state(site: Site) -> tuple[list[tuple[str, int, str | None]], list[Path]]:
    """The stored task reports of the region and the evidence files kept."""
    with unit_of_work(site.settings.resolved_database_url) as session:
        reports = [(r.task_id, r.year, r.progress) for r in load_task_reports(session, region=UNIT_REGION)]
    folder = site.settings.data_dir / "evidence"
    return sorted(reports), sorted(folder.rglob("*")) if folder.exists() else []


@pytest.mark.parametrize("user", list(TASK_MATRIX))
def test_task_report_matrix(client: TestClient, site: Site, user: str | None) -> None:
    headers = signed_in(client, user)
    for task_id, expected in zip(unit_tasks(site), TASK_MATRIX[user], strict=True):
        before = task_state(site)
        response = client.post(f"/api/v1/regions/{UNIT_REGION}/tasks/{task_id}/report",
                               data={"progress": f"{user}填报的进展", "percent": "40"},
                               files={"evidence": ("佐证.txt", b"evidence")}, headers=headers)
        assert response.status_code == expected, (user, task_id, response.text)
        if expected == 201:
            assert response.json()["task"]["progress"] == f"{user}填报的进展"
            assert response.json()["evidence"] == "佐证.txt"
        else:
            assert task_state(site) == before  # nothing stored, no file kept


def test_stale_task_report_is_refused(client: TestClient, site: Site) -> None:
    headers = signed_in(client, "qj-planner")
    mine, _ = unit_tasks(site)
    board = client.get(f"/api/v1/regions/{UNIT_REGION}/tasks").json()
    seen = next(t["seen"] for g in board["units"] for t in g["tasks"] if t["task_id"] == mine)
    first = client.post(f"/api/v1/regions/{UNIT_REGION}/tasks/{mine}/report",
                        data={"progress": "第一次", "percent": "50", "seen": seen}, headers=headers)
    assert first.status_code == 201
    stale = client.post(f"/api/v1/regions/{UNIT_REGION}/tasks/{mine}/report",
                        data={"progress": "第二次", "percent": "60", "seen": seen}, headers=headers)
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert first.json()["task"]["progress"] == "第一次"
    page = client.post(f"/regions/{UNIT_REGION}/tasks/{mine}/report",
                       data={"progress": "第三次", "seen": seen, "csrf_token": headers["X-CSRF-Token"]})
    assert page.status_code == 409 and "已被他人更新" in page.text
    bad = client.post(f"/api/v1/regions/{UNIT_REGION}/tasks/{mine}/report",
                      data={"progress": "x", "percent": "120"}, headers=headers)
    assert bad.status_code == 422


RUN_MATRIX = {None: (401, 401), "admin": (201, 201), "shi": (403, 403), "fuling": (201, 403),
              "nanchuan": (403, 201), "danwei": (403, 403), "pinggu": (403, 403), "guest": (403, 403)}


def evaluation_count(site: Site) -> int:
    """How many evaluations are stored."""
    with unit_of_work(site.settings.resolved_database_url) as session:
        return len(list_evaluations(session=session))


@pytest.mark.parametrize("user", list(RUN_MATRIX))
def test_run_evaluation_matrix(client: TestClient, site: Site, user: str | None) -> None:
    headers = signed_in(client, user)
    for region, expected in zip((OWN, OTHER), RUN_MATRIX[user], strict=True):
        before = evaluation_count(site)
        response = client.post(f"/api/v1/regions/{region}/evaluations", json={"kind": "annual", "year": 2023},
                               headers=headers)
        assert response.status_code == expected, (user, region, response.text)
        assert evaluation_count(site) == before + (1 if expected == 201 else 0)


UPLOAD_MATRIX = {None: (401, 401), "admin": (201, 201), "shi": (403, 403), "fuling": (201, 403),
                 "nanchuan": (403, 201), "danwei": (403, 403), "pinggu": (403, 403), "guest": (403, 403)}


@pytest.fixture(scope="module")
def workbooks(site: Site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A filled yearly workbook for OWN and for OTHER (one value each)."""
    folder = tmp_path_factory.mktemp("workbooks")
    out = {}
    with TestClient(site.app) as c:
        signed_in(c, "admin")
        for region in (OWN, OTHER):
            template = c.get(f"/data/template.xlsx?region={region}&year=2024")
            assert template.status_code == 200
            (folder / "t.xlsx").write_bytes(template.content)
            wb = load_workbook(folder / "t.xlsx")
            wb["指标"]["J2"] = 1.5
            out[region] = folder / f"{region}.xlsx"
            wb.save(out[region])
    return out


def observation_count(site: Site) -> int:
    """How many observations are stored."""
    with unit_of_work(site.settings.resolved_database_url) as session:
        return len(load_observations(session))


@pytest.mark.parametrize("user", list(UPLOAD_MATRIX))
def test_data_upload_matrix(client: TestClient, site: Site, workbooks: dict[str, Path], user: str | None) -> None:
    headers = signed_in(client, user)
    for region, expected in zip((OWN, OTHER), UPLOAD_MATRIX[user], strict=True):
        before = observation_count(site)
        response = client.post("/api/v1/data/workbook", data={"region": region}, headers=headers,
                               files={"file": (f"{region}.xlsx", workbooks[region].read_bytes())})
        assert response.status_code == expected, (user, region, response.text)
        if expected != 201:
            assert observation_count(site) == before


def test_upload_for_one_region_may_not_carry_another(client: TestClient, workbooks: dict[str, Path]) -> None:
    headers = signed_in(client, "admin")
    response = client.post("/api/v1/data/workbook", data={"region": OWN}, headers=headers,
                           files={"file": ("other.xlsx", workbooks[OTHER].read_bytes())})
    assert response.status_code == 422 and not response.json()["accepted"]


def test_data_page_and_templates(client: TestClient) -> None:
    assert client.get("/data", follow_redirects=False).status_code == 303  # to the login page
    signed_in(client, "guest")
    page = client.get("/api/v1/data").json()
    assert page["region"] == OWN and not page["can_import"] and OWN in page["regions"]
    assert "上传入库须由" in client.get("/data").text
    school = client.get(f"/data/schools-template.xlsx?region={OWN}&year={dt.date.today().year}")
    assert school.status_code == 200 and school.content[:2] == b"PK"
    assert client.get(f"/data/template.xlsx?region={OTHER}&year=2024").status_code == 403


# ---------------------------------------------------------------- the remaining writes: form twins, school upload

#: The write routes the matrices of this module drive (the others are in test_region_isolation.py).
MATRIX_ENDPOINTS = {
    ("POST", "/api/v1/regions/{region}/tasks/{task_id}/report"),
    ("POST", "/regions/{region}/tasks/{task_id}/report"),
    ("POST", "/api/v1/regions/{region}/evaluations"),
    ("POST", "/regions/{region}/evaluations"),
    ("POST", "/api/v1/data/workbook"),
    ("POST", "/data/workbook"),
    ("POST", "/api/v1/data/schools"),
    ("POST", "/data/schools"),
}


def school_count(site: Site) -> int:
    """How many school records are stored."""
    from eduplan.store.records import load_school_records

    with unit_of_work(site.settings.resolved_database_url) as session:
        return len(load_school_records(session))


@pytest.mark.parametrize("path", ["/api/v1/data/schools", "/data/schools"])
def test_another_regions_planner_cannot_upload_school_records(client: TestClient, site: Site, path: str) -> None:
    token = login(client, "fuling")
    before = school_count(site)
    response = client.post(path, data={"region": OTHER, "csrf_token": token}, headers={"X-CSRF-Token": token},
                           files={"file": ("s.xlsx", b"not read: access is checked first")})
    assert response.status_code == 403
    assert school_count(site) == before


def test_form_twins_refuse_another_regions_planner_and_change_nothing(
        client: TestClient, site: Site, workbooks: dict[str, Path]) -> None:
    token = login(client, "fuling")
    form = {"csrf_token": token}
    before = (evaluation_count(site), observation_count(site))
    task_id = unit_tasks(site)[0]
    responses = [
        client.post(f"/regions/{UNIT_REGION}/tasks/{task_id}/report", data={**form, "progress": "x", "percent": "50"}),
        client.post(f"/regions/{OTHER}/evaluations", data={**form, "kind": "annual", "year": "2023"}),
        client.post("/data/workbook", data={**form, "region": OTHER},
                    files={"file": (f"{OTHER}.xlsx", workbooks[OTHER].read_bytes())}),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403], [r.text[:200] for r in responses]
    assert (evaluation_count(site), observation_count(site)) == before


def test_pass_plan_page_its_twin_and_its_workbook(client: TestClient, site: Site) -> None:
    assert client.get(f"/api/v1/regions/{OWN}/inspections/plan?by=2025").status_code == 401  # the region's own
    signed_in(client, "fuling")
    page = client.get(f"/api/v1/regions/{OWN}/inspections/plan?by=2025").json()
    assert page["by"] == 2025 and page["school_year"] == 2024 and page["sections"] > 0
    assert page["after_passing"] >= page["before_passing"] and page["actions"]
    assert page["naive_cost"] is not None and page["total_cost"] <= page["naive_cost"] + 1e-6
    assert abs(sum(a["cost"] for a in page["actions"]) - page["total_cost"]) < 1e-6
    assert page["feasible"] or page["binding"]  # passes, or says which limit binds
    html = client.get(f"/regions/{OWN}/inspections/plan?by=2025").text
    assert "措施表" in html and 'id="action-table"' in html and 'data-chart="pass_plan"' in html
    assert "模拟数据" in html  # the school records of this site are simulated
    workbook = client.get(f"/regions/{OWN}/inspections/plan.xlsx?by=2025")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert client.get(f"/api/v1/regions/{OTHER}/inspections/plan?by=2025").status_code == 403
    assert "pass-plan-link" in client.get(f"/regions/{OWN}/inspections").text
