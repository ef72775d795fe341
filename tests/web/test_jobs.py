"""Large uploads run as background jobs: 202 with the job, progress, a result, a time limit and 取消.

The work runs in a real child process (services/guarded.py). The slow work of the time-limit and
cancel tests is a module-level function of this file standing in for a runaway parse.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eduplan.store.records import load_observations
from eduplan.uow import unit_of_work
from eduplan.web import jobs as web_jobs
from eduplan.web.routes import uploads as uploads_routes
from tests.web.conftest import OWN, Site, login
from tests.web.test_data_uploads import GROSS, filled

ENDED = ("完成", "失败", "已取消")


def runaway_parse(data: bytes, filename: str, pid_file: str = "") -> None:
    """A parse that never ends (writes its pid first, so the test can see it killed)."""
    if pid_file:
        Path(pid_file).write_text(str(os.getpid()))
    while True:
        time.sleep(0.05)


def finished(client: TestClient, url: str, *, seconds: float = 60) -> dict:
    """The job's JSON once it has ended (polled like the page does)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        job = client.get(url).json()
        if job["state"] in ENDED:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {url} still {job['state']} after {seconds} s")


@pytest.fixture
def planner(client: TestClient) -> str:
    return login(client, "fuling")


@pytest.fixture
def plan_text(plans_dir: Path) -> bytes:
    """A sample plan's text (skipped, with the reason, when ../shared/plans is absent)."""
    return (plans_dir / "fuling.txt").read_bytes()


def test_a_document_upload_in_the_background_answers_202_and_ends_in_the_draft_to_review(
        client: TestClient, planner: str, plan_text: bytes) -> None:
    response = client.post("/api/v1/uploads?background=true", headers={"X-CSRF-Token": planner},
                           files={"file": ("fuling.txt", plan_text)})
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"] == job["url"] and job["state"] in ("排队", "运行中", "完成")
    done = finished(client, job["url"])
    assert done["state"] == "完成" and done["progress"] == 100 and done["error"] is None
    token = done["result"]["token"]
    assert done["result_url"] == f"/uploads/{token}"
    draft = client.get(f"/api/v1/uploads/{token}")
    assert draft.status_code == 200 and draft.json()["plan"]["title"] and draft.json()["plan"]["region"] == OWN
    assert draft.json()["indicators"]
    page = client.get(done["page_url"])
    assert page.status_code == 200 and "完成" in page.text and f'href="/uploads/{token}"' in page.text
    assert "<script>" not in page.text and 'src="/static/jobs.js"' in page.text


def test_a_small_upload_keeps_the_immediate_answer(client: TestClient, planner: str, plan_text: bytes) -> None:
    response = client.post("/api/v1/uploads", headers={"X-CSRF-Token": planner},
                           files={"file": ("fuling.txt", plan_text)})
    assert response.status_code == 201 and response.json()["token"]


def test_a_large_page_upload_redirects_to_the_job_page(client: TestClient, site: Site, planner: str,
                                                       plan_text: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site.settings, "job_threshold_bytes", 100)
    response = client.post("/uploads", data={"csrf_token": planner}, files={"file": ("fuling.txt", plan_text)},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    job = finished(client, "/api/v1" + response.headers["location"])
    assert job["state"] == "完成"


def test_a_parse_over_the_time_limit_is_killed_and_the_job_fails_in_chinese(
        client: TestClient, site: Site, planner: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(site.settings, "extract_timeout_seconds", 1.0)
    monkeypatch.setattr(web_jobs, "extract_bytes_with_lines", runaway_parse)
    response = client.post("/api/v1/uploads?background=true", headers={"X-CSRF-Token": planner},
                           files={"file": ("慢.txt", "规划".encode())})
    assert response.status_code == 202
    done = finished(client, response.json()["url"])
    assert done["state"] == "失败" and "解析超过1秒，已停止" in done["error"] and done["result"] is None


def test_cancel_kills_the_parse_and_a_second_cancel_is_a_conflict(
        client: TestClient, site: Site, planner: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    monkeypatch.setattr(uploads_routes, "document_task", _document_task_with(pid_file))
    response = client.post("/api/v1/uploads?background=true", headers={"X-CSRF-Token": planner},
                           files={"file": ("慢.txt", "规划".encode())})
    job = response.json()
    _wait_for(pid_file, client, job["url"])
    pid = int(pid_file.read_text())
    cancelled = client.post(f"{job['url']}/cancel", headers={"X-CSRF-Token": planner})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "已取消"
    site.app.state.jobs.wait(job["id"], timeout=15)
    assert not _alive(pid)
    again = client.post(f"{job['url']}/cancel", headers={"X-CSRF-Token": planner})
    assert again.status_code == 409 and "已取消" in again.json()["detail"]
    assert client.get(job["url"]).json()["state"] == "已取消"


def test_a_job_is_its_uploaders_alone(client: TestClient, site: Site, planner: str, plan_text: bytes) -> None:
    job = client.post("/api/v1/uploads?background=true", headers={"X-CSRF-Token": planner},
                      files={"file": ("fuling.txt", plan_text)}).json()
    finished(client, job["url"])
    with TestClient(site.app) as other:
        assert other.get(job["url"]).status_code == 401
        token = login(other, "shi")
        assert other.get(job["url"]).status_code == 403
        assert other.post(f"{job['url']}/cancel", headers={"X-CSRF-Token": token}).status_code == 403
        assert other.get(f"/api/v1/data?job={job['id']}").status_code == 404


def test_a_workbook_import_in_the_background_stores_all_and_shows_the_import_report(
        client: TestClient, site: Site, planner: str, tmp_path: Path) -> None:
    template = tmp_path / "模板.xlsx"
    template.write_bytes(client.get(f"/data/template.xlsx?region={OWN}&year=2024").content)
    good = filled(template, {GROSS: 91.5}, "后台.xlsx")
    response = client.post("/api/v1/data/workbook?background=true", data={"region": OWN},
                           headers={"X-CSRF-Token": planner}, files={"file": (good.name, good.read_bytes())})
    assert response.status_code == 202, response.text
    done = finished(client, response.json()["url"])
    assert done["state"] == "完成", done
    report = done["result"]["upload"]
    assert report["accepted"] and report["stored"]["observations"]["inserted"] + \
        report["stored"]["observations"]["updated"] >= 1
    with unit_of_work(site.settings.resolved_database_url) as session:
        assert any(o.indicator == GROSS and o.year == 2024 and o.value == 91.5
                   for o in load_observations(session, region=OWN))
    page = client.get(done["result_url"])
    assert page.status_code == 200 and 'id="upload-result"' in page.text and "已导入" in page.text
    assert client.get(f"/api/v1/data?job={done['id']}").json()["result"]["accepted"]


def _document_task_with(pid_file: Path):
    original = web_jobs.document_task

    def task(request, *, owner, filename, data):
        made = original(request, owner=owner, filename=filename, data=data)
        made.work, made.args = runaway_parse, (data, filename, str(pid_file))
        return made

    return task


def _wait_for(path: Path, client: TestClient, url: str, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not path.exists() or not path.read_text():
        assert time.monotonic() < end, f"the child never started: {client.get(url).json()}"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child not yet reaped by its forkserver parent is a zombie: dead for our purpose
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False




def test_a_workbook_bomb_in_the_background_fails_with_the_limits_message_and_stores_nothing(
        client: TestClient, site: Site, planner: str, tmp_path: Path) -> None:
    from tests.exchange.test_workbook_limits import _NS, MB, xlsx

    rows = '<row r="1"><c r="A1"><v>1</v></c></row>'
    bomb = xlsx(tmp_path, "", sheet_xml=f'<worksheet xmlns="{_NS}"><sheetData>{rows}</sheetData>{" " * (8 * MB)}'
                                        f"</worksheet>".encode())
    with unit_of_work(site.settings.resolved_database_url) as session:
        before = len(load_observations(session, region=OWN))
    response = client.post("/api/v1/data/workbook?background=true", data={"region": OWN},
                           headers={"X-CSRF-Token": planner}, files={"file": (bomb.name, bomb.read_bytes())})
    assert response.status_code == 202
    done = finished(client, response.json()["url"])
    assert done["state"] == "失败" and "压缩比" in done["error"] and "Traceback" not in done["error"]
    with unit_of_work(site.settings.resolved_database_url) as session:
        assert len(load_observations(session, region=OWN)) == before
