"""The upload review in headless chromium: items beside their source lines, a correction with a
located error and then saved, an item left out, the preview of what confirming changes, confirm.

Screenshots are kept in test-artifacts/review/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.browser import ARTIFACTS, browser_page, serving

from .conftest import OWN, password
from .documents import synthetic_plan

SHOTS = ARTIFACTS / "review"
PAYLOAD = "<img src=x onerror=\"window.__xss=1\">"


@pytest.fixture
def server_url(site) -> Iterator[str]:
    with serving(site.app) as url:
        yield url


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_planner_reviews_beside_the_source_corrects_drops_and_confirms(server_url) -> None:
    text = synthetic_plan(OWN, "（浏览器核对）").decode().replace("一、发展目标", f"一、发展目标{PAYLOAD}")
    with browser_page(width=1280) as page:
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(server_url + "/login")
        page.fill("#username", "fuling")
        page.fill("#password", password("fuling"))
        page.click("button[type=submit]")
        page.goto(server_url + "/uploads/new")
        page.set_input_files("#file", files=[{"name": "涪陵区核对.txt", "mimeType": "text/plain",
                                              "buffer": text.encode()}])
        page.click("#upload")
        page.wait_for_url("**/uploads/*")
        rate = page.locator("#item-indicators-0")
        assert "学前三年毛入园率" in rate.locator(".item-label").inner_text()
        hit = rate.locator("ol.source li.hit")
        assert hit.count() == 1 and hit.locator(".n").inner_text() == "14"
        assert rate.locator("ol.source li").count() == 5
        assert page.evaluate("getComputedStyle(document.querySelector('#item-indicators-0 li.hit'))"
                             ".backgroundColor") != "rgba(0, 0, 0, 0)"
        prose = page.locator("#item-targets-0 ol.source")
        assert PAYLOAD in prose.inner_text() and page.evaluate("window.__xss") is None
        assert page.locator("#preview-created").count() == 1
        _shot(page, "1-review")

        form = page.locator("#item-indicators-1 form.correct-form")
        form.locator("input[name=value]").fill("百分之九十")
        form.locator("button.save").click()
        error = page.locator("#review-error")
        assert "第15行" in error.inner_text() and "indicators[1].value" in error.inner_text()
        assert page.locator("#item-indicators-1.has-error").count() == 1
        _shot(page, "2-located-error")

        form = page.locator("#item-indicators-1 form.correct-form")
        form.locator("input[name=value]").fill("98")
        form.locator("button.save").click()
        page.wait_for_url("**#item-indicators-1")
        assert page.locator("#review-error").count() == 0
        assert "≥98" in page.locator("#item-indicators-1 dl").inner_text()
        page.locator("#item-targets-0 form.exclude-form button").click()
        page.wait_for_url("**#item-targets-0")
        assert "已剔除" in page.locator("#item-targets-0").inner_text()
        assert "已作的更正（2 处）" in page.locator("#corrections summary").inner_text()
        _shot(page, "3-corrected-and-dropped")

        page.click("#confirm")
        page.wait_for_url("**/plans/*")
        assert "≥98" in page.locator("#indicator-table").inner_text()
        _shot(page, "4-confirmed-plan")
        assert page.evaluate("window.__xss") is None and not violations, violations
