"""The submission cycle in a real headless chromium: the district enters a figure in the web form
and submits, the municipal user returns with a reason, the district fixes it by workbook and
resubmits, the municipal user approves, the public board shows the approved figure, an upload into
the locked year is refused, the approver unlocks with a reason and the change is audited old → new.
Screenshots: test-artifacts/submission-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest

from eduplan.services.collection import collection_template
from eduplan.uow import unit_of_work

from .browser import ARTIFACTS, browser_page, serving
from .conftest import OWN, Site, password

YEAR = 2024
RATE = "preschool_gross_enrolment_rate"


@pytest.fixture
def server_url(site: Site) -> Iterator[str]:
    with serving(site.app) as url:
        yield url


@pytest.fixture
def page() -> Iterator[Any]:
    with browser_page(height=800) as p:
        yield p


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"submission-{name}.png"), full_page=True)


def _as(page: Any, url: str, username: str | None) -> None:
    page.context.clear_cookies()
    if username is None:
        return
    page.goto(url + "/login")
    page.fill("#username", username)
    page.fill("#password", password(username))
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("#current-user").count() == 1


def _workbook(site: Site, folder: Path, value: float) -> Path:
    with unit_of_work(site.settings.resolved_database_url) as session:
        book = collection_template(session=session, region=OWN, year=YEAR, dest=folder / f"{OWN}{YEAR}-{value}.xlsx")
    wb = openpyxl.load_workbook(book)
    sheet = wb["指标"]
    column = next(i for i, c in enumerate(sheet[1], 1) if str(c.value).startswith("本年值"))
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == RATE)
    sheet.cell(row, column).value = value
    wb.save(book)
    return book


def _upload(page: Any, url: str, book: Path) -> None:
    page.goto(url + "/data")
    page.select_option("#workbook-form select[name=region]", OWN)
    page.set_input_files("#workbook-file", str(book))
    page.click("#upload-workbook")
    page.wait_for_load_state("load")


def _enter(page: Any, url: str, value: float) -> None:
    """The district types the figure in the web form (网页填报) and saves it."""
    page.goto(f"{url}/regions/{quote(OWN)}/data/entry?year={YEAR}")
    field = page.locator("#entry-table tr", has=page.locator("label:text-is('学前三年毛入园率')"))
    field.locator("input[name=value]").fill(str(value))
    page.click("#entry-save")
    page.wait_for_load_state("load")
    assert "已保存" in page.locator("#entry-saved").inner_text()


def _status(page: Any, url: str) -> Any:
    page.goto(f"{url}/data/status?year={YEAR}")
    return page.locator(f"tr[id='status-{OWN}']")


def _public_rate(page: Any, url: str) -> dict[str, Any]:
    page.goto(f"{url}/api/v1/regions/{quote(OWN)}?year={YEAR}")
    import json

    data = json.loads(page.locator("body").inner_text())
    return next(t for t in data["targets"] if t["indicator_id"] == RATE)


def test_submit_return_resubmit_approve_lock_and_unlock_in_the_browser(page: Any, server_url: str, site: Site,
                                                                      tmp_path: Path) -> None:
    url = server_url
    _as(page, url, "fuling")
    _enter(page, url, 93.0)
    _shot(page, "1-district-entry-form")
    row = _status(page, url)
    assert row.get_attribute("data-state") == "filling"
    _shot(page, "1-district-filling")
    row.locator("form.action-submit button").click()
    page.wait_for_url("**/data/status?year=2024")
    assert _status(page, url).get_attribute("data-state") == "submitted"

    _as(page, url, "shi")
    row = _status(page, url)
    assert row.locator("form.action-approve").count() == 1
    _shot(page, "2-municipal-review")
    row.locator("form.action-return input[name=reason]").fill("学前三年毛入园率与上年差距过大，请核实")
    row.locator("form.action-return button").click()
    page.wait_for_url("**/data/status?year=2024")
    row = _status(page, url)
    assert row.get_attribute("data-state") == "returned" and "请核实" in row.inner_text()
    _shot(page, "3-returned")

    _as(page, url, "fuling")
    _upload(page, url, _workbook(site, tmp_path, 94.0))
    assert page.locator("#upload-accepted").is_visible()
    _status(page, url).locator("form.action-submit button").click()
    page.wait_for_url("**/data/status?year=2024")

    _as(page, url, None)
    before = _public_rate(page, url)
    assert before["latest_year"] != YEAR  # not yet approved: the public does not see 2024

    _as(page, url, "shi")
    _status(page, url).locator("form.action-approve button").click()
    page.wait_for_url("**/data/status?year=2024")
    assert _status(page, url).get_attribute("data-state") == "approved"
    _shot(page, "4-approved")

    _as(page, url, None)
    public = _public_rate(page, url)
    assert (public["latest_year"], public["latest_value"]) == (YEAR, 94.0)
    page.goto(f"{url}/regions/{quote(OWN)}?year={YEAR}")
    assert page.locator("#unapproved-notice").count() == 0
    _shot(page, "5-public-board")

    _as(page, url, "fuling")
    _upload(page, url, _workbook(site, tmp_path, 99.0))
    body = page.locator("main").inner_text()
    assert "已由 shi 于" in body and "审核锁定" in body and "本次未写入任何数据" in body
    _shot(page, "6-upload-refused")

    _as(page, url, "shi")
    row = _status(page, url)
    row.locator("form.action-unlock input[name=reason]").fill("区统计局更正了在园幼儿数")
    row.locator("form.action-unlock button").click()
    page.wait_for_url("**/data/status?year=2024")
    assert _status(page, url).get_attribute("data-state") == "filling"
    _shot(page, "7-unlocked")

    _as(page, url, "fuling")
    _upload(page, url, _workbook(site, tmp_path, 99.0))
    assert page.locator("#upload-accepted").is_visible()
    page.goto(f"{url}/regions/{quote(OWN)}?year={YEAR}")
    assert page.locator("#unapproved-notice").is_visible()
    _shot(page, "8-district-board-unapproved")

    _as(page, url, "admin")
    page.goto(f"{url}/audit?entity=observation")
    audit = page.locator("main").inner_text()
    assert "94" in audit and "99" in audit and "区统计局更正了在园幼儿数" in audit
    _shot(page, "9-audit")


def test_the_demo_leaves_2024_in_every_state(page: Any, tmp_path: Path, fast_hashing: None) -> None:
    from .dashboard_site import build_demo_site

    demo = build_demo_site(tmp_path / "demo")
    with serving(demo.app) as url:
        _as(page, url, "shi")
        page.goto(f"{url}/data/status?year={YEAR}")
        states = {r.get_attribute("id"): r.get_attribute("data-state")
                  for r in page.locator("#submission-status tbody tr").all()}
        assert sorted(states.values()) == ["approved", "filling", "filling", "returned", "submitted"]
        assert page.locator("form.action-approve").count() == 1 and page.locator("form.action-unlock").count() == 1
        _shot(page, "0-demo-municipal")
        _as(page, url, "fuling")
        page.goto(f"{url}/data/status?year={YEAR}")
        assert page.locator("#submission-status tbody tr").count() == 1  # a district sees its own region
        _shot(page, "0-demo-district")
        page.goto(f"{url}/data/status?year={YEAR - 1}")
        assert page.locator("#submission-status tbody tr").get_attribute("data-state") == "approved"
