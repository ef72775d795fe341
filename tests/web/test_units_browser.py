"""Responsible units in headless chromium: a planner assigns two units to a task, each unit user
reports its part, the task shows both parts and the roll-up; a planner assigns a project and
its unit reports the project's progress; the unit pages (我的任务, 我的项目, 待办).

Screenshots are kept in test-artifacts/units/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eduplan.services import accounts
from eduplan.services.assignments import region_assignments
from eduplan.uow import unit_of_work
from tests.web.browser import ARTIFACTS, browser_page, serving

from .conftest import OTHER, OWN, Site, password

SHOTS = ARTIFACTS / "units"
EXTRA = [("caizheng", "unit", OWN, "区财政局"), ("nc-jw", "unit", OTHER, "区教委")]


@pytest.fixture(scope="module")
def usite(site: Site) -> Site:
    with unit_of_work(site.settings.resolved_database_url) as session:
        for username, role, region, unit in EXTRA:
            accounts.create_user(session=session, username=username, password=password(username), role=role,
                                 region=region, unit=unit)
    return site


@pytest.fixture
def server_url(usite: Site) -> Iterator[str]:
    with serving(usite.app) as url:
        yield url


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _sign_in(page, base: str, username: str) -> None:
    if page.locator("header .who form button").count():
        page.locator("header .who form button").click()
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", password(username))
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _open_all(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def _first_task(site: Site, region: str) -> tuple[str, str]:
    with unit_of_work(site.settings.resolved_database_url) as session:
        task = next(t for t in region_assignments(session=session, region=region).plan.tasks if t.actionable)
    return task.id, task.title


def test_two_units_report_their_parts_and_the_task_rolls_them_up(server_url: str, usite: Site) -> None:
    task_id, _ = _first_task(usite, OWN)
    board = f"{server_url}/regions/{OWN}/tasks"
    with browser_page(width=1400) as page:
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        _sign_in(page, server_url, "fuling")
        page.goto(board)
        _open_all(page)
        form = page.locator(f"[id='task-{task_id}'] form.assign-form")
        form.locator("input[name=lead_units]").fill("区教委")
        form.locator("input[name=co_units]").fill("区财政局")
        form.locator("input[name=deadline]").fill("2026-03-31")
        _shot(page, "1-planner-assigns")
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"**#task-{task_id}")
        assert "牵头：区教委；配合：区财政局（规划科分配）" in page.locator(f"[id='task-{task_id}']").inner_text()

        for user, percent, text in (("danwei", "80", "已完成集团挂牌"), ("caizheng", "40", "首批经费已拨付")):
            _sign_in(page, server_url, user)
            page.goto(server_url + "/my/tasks")
            assert task_id in page.locator("#my-tasks").inner_text()
            _shot(page, f"2-my-tasks-{user}")
            page.goto(board)
            _open_all(page)
            row = page.locator(f"[id='task-{task_id}']")
            form = row.locator("form.report-form")
            form.locator("textarea[name=progress]").fill(text)
            form.locator("input[name=percent]").fill(percent)
            form.locator("button[type=submit]").click()
            page.wait_for_url(f"**#task-{task_id}")
            assert "已保存" in page.locator("#saved").inner_text()

        _sign_in(page, server_url, "fuling")
        page.goto(board)
        row = page.locator(f"[id='task-{task_id}']")
        parts = row.locator("table.parts").inner_text()
        assert "区教委" in parts and "80%" in parts and "已完成集团挂牌" in parts
        assert "区财政局" in parts and "40%" in parts and "首批经费已拨付" in parts
        assert row.locator("td.roll-up").inner_text().startswith("60%")  # (80 + 40) / 2
        assert "danwei" not in row.inner_text() and "caizheng" not in row.inner_text()
        row.scroll_into_view_if_needed()
        _shot(page, "3-task-parts-and-roll-up")
        page.goto(server_url + "/my/inbox")
        assert page.locator("#my-counts").count() == 1
        _shot(page, "4-planner-inbox")
        assert not violations


def test_a_unit_reports_a_projects_progress(server_url: str, usite: Site) -> None:
    with unit_of_work(usite.settings.resolved_database_url) as session:
        project = region_assignments(session=session, region=OTHER).plan.projects[0]
    projects = f"{server_url}/regions/{OTHER}/projects"
    with browser_page(width=1600) as page:
        _sign_in(page, server_url, "nanchuan")
        page.goto(projects)
        row = page.locator("#projects tbody tr").first
        row.locator("details.assign summary").click()
        row.locator("input[name=lead_units]").fill("区教委")
        row.locator("form.assign-form button[type=submit]").click()
        page.wait_for_load_state()
        assert "区教委" in page.locator("#projects tbody tr").first.inner_text()

        _sign_in(page, server_url, "nc-jw")
        page.goto(server_url + "/my/projects")
        assert project.name in page.locator("#my-projects").inner_text()
        _shot(page, "5-my-projects")
        page.goto(projects)
        row = page.locator("#projects tbody tr").first
        row.locator("details.report summary").click()
        form = row.locator("form.progress-form")
        form.locator("input[name=actual_start]").fill("2022-13")
        form.locator("button[type=submit]").click()
        assert "实际开工“2022-13”应写成" in page.content()  # the located error, nothing stored
        _shot(page, "6-project-progress-error")
        page.goto(projects)
        row = page.locator("#projects tbody tr").first
        row.locator("details.report summary").click()
        form = row.locator("form.progress-form")
        form.locator("input[name=actual_start]").fill("2022-03")
        year = form.locator("input[name^=spend_]").first
        year.fill("321.5")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "已保存" in page.locator("#saved").inner_text()
        first = page.locator("#projects tbody tr").first
        assert "2022-03" in first.inner_text()
        _shot(page, "7-project-progress-saved")
        page.goto(server_url + "/my/inbox")
        _shot(page, "8-unit-inbox")
