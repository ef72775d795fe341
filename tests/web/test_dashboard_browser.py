"""The dashboards in a real headless chromium: the overview, a region's board and a target's chart.

Screenshots go to test-artifacts/dashboard-*.png; the region board is also docs/screenshot.png
(the README shows it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import ARTIFACTS, browser_page, serving
from .conftest import OTHER, Site, password
from .dashboard_site import build_demo_site

README_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Site:
    """The demo database (with 模拟数据) and the test users."""
    return build_demo_site(tmp_path_factory.mktemp("dashboard-browser") / "data")


@pytest.fixture
def server_url(site: Site) -> Iterator[str]:
    with serving(site.app) as url:
        yield url


@pytest.fixture
def page():
    with browser_page() as p:
        yield p


def _shot(page, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"dashboard-{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def _chart_drawn(page, selector: str) -> None:
    """ECharts drew into the element (a canvas of non-zero size)."""
    page.wait_for_selector(f"{selector} canvas")
    width = page.eval_on_selector(f"{selector} canvas", "c => c.width")
    assert width > 100


def test_overview_region_board_and_target_chart(page, server_url: str) -> None:
    page.goto(server_url + "/login?next=/dashboard")
    page.fill("#username", "shi")
    page.fill("#password", password("shi"))
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard")
    assert page.locator("h1").inner_text().startswith("市级监测总览")
    assert page.locator("#simulated-notice").is_visible()
    _chart_drawn(page, "#overview-chart")
    assert page.locator("#regions tbody tr").count() == 5
    _shot(page, "1-overview")

    page.select_option("#indicator", label="学前教育 · 学前三年毛入园率（%）")
    page.click("#compare-form button[type=submit]")
    page.wait_for_url("**/compare?**")
    _chart_drawn(page, "#compare-chart")
    assert page.locator("#comparison tbody tr").count() == 5
    _shot(page, "2-compare")

    page.click(f"#comparison a:text('{OTHER}')")
    page.wait_for_url("**/regions/**")
    assert page.locator("h1").inner_text().startswith(f"{OTHER} 监测看板")
    _chart_drawn(page, "#status-chart")
    assert page.locator("#targets .tag.sim").count() > 0
    assert page.locator("#funding").is_visible() and page.locator("#readiness").is_visible()
    _shot(page, "3-region")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(README_SCREENSHOT), full_page=False)  # the first screenful, 1280×900

    page.locator("#targets tbody a").first.click()
    page.wait_for_url("**/targets/**")
    _chart_drawn(page, "#target-chart")
    assert page.locator("#reason").inner_text()
    assert page.locator("#observations .tag.sim").count() > 0
    _shot(page, "4-target")
