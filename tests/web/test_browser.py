"""The main flow in a real headless chromium: sign in, upload a plan, confirm it, read it.

Screenshots of each step are kept in test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.browser import ARTIFACTS, browser_page, serving

from .conftest import OWN, password
from .documents import synthetic_plan


@pytest.fixture
def server_url(site) -> Iterator[str]:
    with serving(site.app) as url:
        yield url


@pytest.fixture
def page():
    with browser_page(width=1200) as p:
        yield p


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def test_planner_uploads_reviews_and_confirms_a_plan(page, server_url) -> None:
    page.goto(server_url + "/")
    assert page.locator("h1").inner_text() == "区县教育事业发展规划"
    assert page.locator("#plans tbody tr").count() >= 1
    _shot(page, "1-home")

    page.click("text=登录")
    page.fill("#username", "fuling")
    page.fill("#password", password("fuling"))
    page.click("button[type=submit]")
    assert OWN in page.locator("#current-user").inner_text()

    page.click("text=上传规划")
    page.set_input_files("#file", files=[{"name": "涪陵区学前规划.txt", "mimeType": "text/plain",
                                          "buffer": synthetic_plan(OWN, "（浏览器测试）")}])
    page.click("#upload")
    page.wait_for_url("**/uploads/*")
    assert "核对提取结果" in page.locator("h1").inner_text()
    assert page.locator(".review-item[id^='item-indicators-']").count() == 2
    _shot(page, "2-review")

    page.click("#confirm")
    page.wait_for_url("**/plans/*")
    assert "（浏览器测试）" in page.locator("h1").inner_text()
    first = page.locator("#indicator-table tbody tr").first
    assert "学前三年毛入园率" in first.inner_text() and "14" in first.locator("td.line").inner_text()
    _shot(page, "3-plan")
