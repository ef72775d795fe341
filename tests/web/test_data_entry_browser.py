"""Data entry in a real headless chromium: a planner opens the form from the data page, types one
wrong value, sees it refused at its row with nothing saved, fixes it and saves.

Screenshots in test-artifacts/: web-entry-0-data-page.png, web-entry-1-refused.png, web-entry-2-saved.png,
web-entry-3-conflict.png (another user stored a value while the form was open).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eduplan.store.records import load_observations
from eduplan.uow import unit_of_work
from tests.web.browser import ARTIFACTS, browser_page, serving

from .conftest import OWN, Site, password

YEAR = 2023


@pytest.fixture
def server_url(site: Site) -> Iterator[str]:
    with serving(site.app) as url:
        yield url


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-entry-{name}.png"), full_page=False)


def _stored(site: Site) -> dict[str, float]:
    with unit_of_work(site.settings.resolved_database_url) as session:
        return {o.indicator: o.value for o in load_observations(session, region=OWN) if o.year == YEAR}


def _field(page, name: str):  # type: ignore[no-untyped-def]
    return page.locator("#entry-table tr", has=page.locator(f"label:text-is('{name}')"))


def test_a_planner_fixes_a_refused_field_and_saves(site: Site, server_url: str) -> None:
    with browser_page(width=1280, height=1000) as page:
        page.goto(server_url + "/login")
        page.fill("#username", "fuling")
        page.fill("#password", password("fuling"))
        page.click("button[type=submit]")
        page.goto(server_url + "/data")
        page.fill("#entry-link-form input[name=year]", str(YEAR))
        page.locator("#entry-link-form").scroll_into_view_if_needed()
        _shot(page, "0-data-page")
        page.click("#open-entry")
        page.wait_for_url(f"**/data/entry?year={YEAR}")
        assert f"{YEAR}年度监测数据填报" in page.locator("h1").inner_text()

        _field(page, "学前三年毛入园率").locator("input[name=value]").fill("93.8")
        _field(page, "九年义务教育巩固率").locator("input[name=value]").fill("九十几")
        page.click("#entry-save")
        assert "未保存" in page.locator("#entry-refused").inner_text()
        bad = _field(page, "九年义务教育巩固率")
        assert "“九十几”不是数字" in bad.locator(".field-error").inner_text()
        assert bad.locator("input[name=value]").get_attribute("aria-invalid") == "true"
        assert _field(page, "学前三年毛入园率").locator("input[name=value]").input_value() == "93.8"  # kept
        assert _stored(site) == {}
        _shot(page, "1-refused")

        bad.locator("input[name=value]").fill("99.2")
        page.click("#entry-save")
        assert "已保存涪陵区2023年的数据：新增2项" in page.locator("#entry-saved").inner_text()
        saved = _field(page, "九年义务教育巩固率")
        assert "99.2" in saved.locator("td.stored").inner_text() and "fuling" in saved.locator("td.stored").inner_text()
        assert _stored(site) == {"preschool_gross_enrolment_rate": 93.8, "compulsory_retention_rate": 99.2}
        _shot(page, "2-saved")


def test_a_value_changed_by_someone_else_meanwhile_is_refused_and_shown(site: Site, server_url: str) -> None:
    from fastapi.testclient import TestClient

    from .conftest import login

    year = YEAR + 1
    with browser_page(width=1280, height=700) as page:
        page.goto(server_url + "/login")
        page.fill("#username", "fuling")
        page.fill("#password", password("fuling"))
        page.click("button[type=submit]")
        page.goto(f"{server_url}/regions/{OWN}/data/entry?year={year}")
        _field(page, "学前三年毛入园率").locator("input[name=value]").fill("94.1")

        with TestClient(site.app) as other:  # the admin stores a value while the form is open
            token = login(other, "admin")
            response = other.put(f"/api/v1/regions/{OWN}/data/{year}", headers={"X-CSRF-Token": token},
                                 json={"values": {"preschool_gross_enrolment_rate": {"value": "93.9"}}})
            assert response.status_code == 200, response.text

        page.click("#entry-save")
        assert "已被他人修改" in page.locator("#entry-refused").inner_text()
        row = _field(page, "学前三年毛入园率")
        assert "93.9" in row.locator("td.stored").inner_text() and "admin" in row.locator("td.stored").inner_text()
        assert "已被他人修改为 93.9" in row.locator(".conflict").inner_text()
        assert row.locator("input[name=value]").input_value() == "94.1"  # what the user typed is kept
        _shot(page, "3-conflict")
