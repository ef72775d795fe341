"""A large upload in headless chromium: the job page shows progress, opens the review when done, cancels.

Screenshots are kept in test-artifacts/jobs/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from eduplan.web.routes import uploads as uploads_routes
from tests.web.browser import ARTIFACTS, browser_page, serving
from tests.web.test_jobs import runaway_parse

from .conftest import OWN, Site, password
from .documents import synthetic_plan

SHOTS = ARTIFACTS / "jobs"


@pytest.fixture
def server_url(site: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(site.settings, "job_threshold_bytes", 100)  # every upload becomes a job
    with serving(site.app) as url:
        yield url


def _signed_in(page, server_url: str) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server_url + "/login")
    page.fill("#username", "fuling")
    page.fill("#password", password("fuling"))
    page.click("button[type=submit]")
    return violations


def _upload(page, server_url: str, name: str, text: bytes) -> None:
    page.goto(server_url + "/uploads/new")
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/plain", "buffer": text}])
    page.click("#upload")


def test_the_job_page_follows_the_extraction_to_the_review(server_url: str) -> None:
    with browser_page() as page:
        violations = _signed_in(page, server_url)
        _upload(page, server_url, "涪陵区后台.txt", synthetic_plan(OWN, "（后台提取）"))
        page.wait_for_url("**/uploads/*", timeout=60_000)  # via /jobs/N, by static/jobs.js
        assert "/jobs/" not in page.url and page.locator("#item-indicators-0").count() == 1
        page.go_back()
        page.wait_for_selector("#job-state")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "done.png"), full_page=True)
        assert violations == []


def test_cancel_on_the_job_page_stops_the_parse(server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    original = uploads_routes.document_task

    def slow(request, *, owner, filename, data):
        task = original(request, owner=owner, filename=filename, data=data)
        task.work, task.args = runaway_parse, (data, filename)
        return task

    monkeypatch.setattr(uploads_routes, "document_task", slow)
    with browser_page() as page:
        violations = _signed_in(page, server_url)
        _upload(page, server_url, "很慢.txt", "规划文本".encode() * 100)
        page.wait_for_url("**/jobs/*")
        expect(page.locator("#job-state")).to_have_text("运行中", timeout=30_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "running.png"), full_page=True)
        page.click("#job-cancel button")
        page.wait_for_url("**/jobs/*")
        assert page.locator("#job-state").inner_text() == "已取消"
        assert page.locator("#job-cancel").count() == 0
        page.screenshot(path=str(SHOTS / "cancelled.png"), full_page=True)
        assert violations == []


def test_the_delete_page_asks_for_the_title(server_url: str, site: Site) -> None:
    with browser_page() as page:
        _signed_in(page, server_url)
        page.goto(f"{server_url}/plans/{site.plans[OWN]}")
        page.click("#delete-plan")
        page.wait_for_url("**/delete")
        page.fill("#confirm_title", "错误的标题")
        page.click("#delete")
        assert "确认文字与规划标题不一致" in page.locator("#delete-error").inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "delete.png"), full_page=True)
