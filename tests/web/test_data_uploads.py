"""Uploading yearly data and school records: refused whole with located Chinese errors, or stored whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from eduplan.store.records import load_observations, load_school_records
from eduplan.uow import unit_of_work
from tests.web.conftest import OWN, Site, login

GROSS = "preschool_gross_enrolment_rate"


def stored(site: Site) -> tuple[int, int]:
    """How many observations and school records are stored for OWN."""
    with unit_of_work(site.settings.resolved_database_url) as session:
        return len(load_observations(session, region=OWN)), len(load_school_records(session, region=OWN))


@pytest.fixture
def template(client: TestClient, tmp_path: Path) -> Path:
    """The yearly template of OWN for 2024, downloaded by its planner."""
    response = client.get(f"/data/template.xlsx?region={OWN}&year=2024")
    assert response.status_code == 200
    path = tmp_path / "模板.xlsx"
    path.write_bytes(response.content)
    return path


def filled(template: Path, values: dict[str, object], name: str) -> Path:
    """The template with the 本年值 of the given indicators (by catalog id) set."""
    wb = load_workbook(template)
    ws = wb["指标"]
    rows = {ws.cell(row=r, column=3).value: r for r in range(2, ws.max_row + 1)}
    for indicator, value in values.items():
        ws.cell(row=rows[indicator], column=10, value=value)
    out = template.with_name(name)
    wb.save(out)
    return out


@pytest.fixture
def planner(client: TestClient) -> str:
    return login(client, "fuling")


def test_refused_workbook_lists_located_errors_and_stores_nothing(
    client: TestClient, site: Site, planner: str, template: Path,
) -> None:
    before = stored(site)
    bad = filled(template, {GROSS: "九十几", "compulsory_retention_rate": 101}, "有错.xlsx")
    response = client.post("/api/v1/data/workbook", data={"region": OWN}, headers={"X-CSRF-Token": planner},
                           files={"file": (bad.name, bad.read_bytes())})
    assert response.status_code == 422
    body = response.json()
    assert not body["accepted"] and body["summary"].startswith("导入被拒绝") and body["stored"] == {}
    located = {(i["code"], i["sheet"], i["column"]) for i in body["issues"]}
    assert ("not-a-number", "指标", "J") in located and ("rate-above-max", "指标", "J") in located
    assert all(i["row"] and i["message"] for i in body["issues"])
    assert any("不是数字" in i["message"] for i in body["issues"])
    assert stored(site) == before

    page = client.post("/data/workbook", data={"region": OWN, "csrf_token": planner},
                       files={"file": (bad.name, bad.read_bytes())})
    assert page.status_code == 422
    assert "未入库" in page.text and "“九十几”不是数字" in page.text and 'id="upload-issues"' in page.text
    assert stored(site) == before


def test_accepted_workbook_is_stored_and_changes_a_status(
    client: TestClient, site: Site, planner: str, template: Path,
) -> None:
    before = stored(site)
    good = filled(template, {GROSS: 97.5}, "正确.xlsx")
    response = client.post("/api/v1/data/workbook", data={"region": OWN}, headers={"X-CSRF-Token": planner},
                           files={"file": (good.name, good.read_bytes())})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["accepted"] and body["stored"]["observations"]["inserted"] == 1
    assert stored(site)[0] == before[0] + 1
    assert any(c["name"] == "学前三年毛入园率" and c["before"] != c["after"] and c["latest_value"] == 97.5
               for c in body["changes"]), body["changes"]
    again = client.post("/data/workbook", data={"region": OWN, "csrf_token": planner},
                        files={"file": (good.name, good.read_bytes())})
    assert again.status_code == 200 and "已入库" in again.text and "未变1条" in again.text
    assert stored(site)[0] == before[0] + 1  # the same workbook twice changes nothing


def test_wrong_file_type_is_refused(client: TestClient, planner: str) -> None:
    response = client.post("/api/v1/data/workbook", data={"region": OWN}, headers={"X-CSRF-Token": planner},
                           files={"file": ("规划.docx", b"not a workbook")})
    assert response.status_code == 422 and ".xlsx" in response.json()["detail"]


def test_school_records_refused_then_accepted(client: TestClient, site: Site, planner: str, tmp_path: Path) -> None:
    response = client.get(f"/data/schools-template.xlsx?region={OWN}&year=2024")
    path = tmp_path / "学校.xlsx"
    path.write_bytes(response.content)
    wb = load_workbook(path)
    ws = wb["学校"]
    headers = [c.value for c in ws[1]]
    row = {"区县": OWN, "年度": 2024, "学校代码": "5001020001", "学校名称": "测试小学", "学校类型": "小学",
           "办学性质": "公办", "在校生数（人）": "很多"}
    for name, value in row.items():
        ws.cell(row=2, column=headers.index(name) + 1, value=value)
    wb.save(path)
    before = stored(site)
    refused = client.post("/api/v1/data/schools", data={"region": OWN}, headers={"X-CSRF-Token": planner},
                          files={"file": (path.name, path.read_bytes())})
    assert refused.status_code == 422 and not refused.json()["accepted"]
    issue = next(i for i in refused.json()["issues"] if i["severity"] == "error")
    assert issue["sheet"] == "学校" and issue["row"] == 2 and issue["column"]
    assert stored(site) == before

    ws.cell(row=2, column=headers.index("在校生数（人）") + 1, value=420)
    wb.save(path)
    accepted = client.post("/api/v1/data/schools", data={"region": OWN}, headers={"X-CSRF-Token": planner},
                           files={"file": (path.name, path.read_bytes())})
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["stored"]["schools"]["inserted"] == 1
    assert stored(site)[1] == before[1] + 1
