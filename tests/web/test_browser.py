"""The main flow in a real headless chromium: sign in, upload a plan, confirm it, read it.

Screenshots of each step are kept in test-artifacts/.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from .conftest import OWN, password
from .documents import synthetic_plan

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_url(site) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def page():
    if not Path(CHROMIUM).exists():
        pytest.skip("未安装 chromium（make test 会安装 Debian 的 chromium）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield browser.new_page(viewport={"width": 1200, "height": 900}, locale="zh-CN")
        browser.close()


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
    assert page.locator("#indicator-table tbody tr").count() == 2
    _shot(page, "2-review")

    page.click("#confirm")
    page.wait_for_url("**/plans/*")
    assert "（浏览器测试）" in page.locator("h1").inner_text()
    first = page.locator("#indicator-table tbody tr").first
    assert "学前三年毛入园率" in first.inner_text() and "14" in first.locator("td.line").inner_text()
    _shot(page, "3-plan")
