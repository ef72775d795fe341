"""The checklist in headless chromium: a planner confirms a 一票否决 item on the inspections page, the
readiness table changes, and the page raises no console or CSP error. Screenshot in test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eduplan.demo.schools import district_schools
from eduplan.store.records import save_school_records
from eduplan.uow import unit_of_work
from tests.web.browser import ARTIFACTS, browser_page, serving

from .conftest import OWN, Site, password


@pytest.fixture
def server_url(site: Site) -> Iterator[str]:
    with unit_of_work(site.settings.resolved_database_url) as session:
        save_school_records(session, district_schools(OWN, seed=7, year=2024))
    with serving(site.app) as url:
        yield url


def test_a_planner_confirms_a_veto_item_on_the_page(server_url: str) -> None:
    with browser_page(width=1400) as page:
        errors: list[str] = []  # script errors and CSP violations (the browser's own favicon probe aside)
        page.on("console", lambda m: errors.append(m.text)
                if m.type == "error" and not str(m.location.get("url", "")).endswith("/favicon.ico") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server_url + "/login")
        page.fill("#username", "fuling")
        page.fill("#password", password("fuling"))
        page.click("button[type=submit]")
        page.goto(f"{server_url}/regions/{OWN}/inspections?year=2024")
        assert "待确认" in page.locator("#readiness-table").inner_text()
        row = page.locator("#check-balance\\.veto\\.key_schools")
        row.locator("input[value=no]").check()
        row.locator("input[name=note]").fill("城区一中设有实验班")
        row.locator("button[type=submit]").click()
        page.wait_for_selector("#checklist-saved")
        assert "不符合" in page.locator("#check-balance\\.veto\\.key_schools").inner_text()
        assert "1项不符合" in page.locator("#readiness-table").inner_text()
        assert "一票否决" in page.locator("#checklist-note").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#readiness").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "web-inspections-checklist.png"), full_page=False)
        page.screenshot(path=str(ARTIFACTS / "web-inspections-full.png"), full_page=True)
        assert not errors, errors
