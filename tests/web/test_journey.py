"""A planner's year in a real headless chromium: plan → data with an error → fixed data → evaluation report.

Sign in; upload a small plan document (written here, with an indicator table) and confirm it;
download the yearly data template, upload it with an error and read the located error; fix it
and see a target's status change; run an evaluation and download its Word report, which must
open with python-docx. Screenshots of each step are kept in test-artifacts/journey-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from eduplan.services import accounts
from eduplan.uow import unit_of_work
from tests.web.browser import ARTIFACTS, browser_page, serving
from tests.web.conftest import Site, password

REGION = "大足区"  # a region of its own (no other test stores its plan): the one uploaded in the journey
PLANNER = "lvcheng"
PLAN_TEXT = f"""重庆市{REGION}人民政府
关于印发《{REGION}教育事业发展“十四五”规划》的通知
大足府发〔2022〕3号
重庆市{REGION}人民政府
2022年3月1日
{REGION}教育事业发展“十四五”规划
（2021—2025年）
一、发展目标
到2025年，学前三年毛入园率达到95%以上。
专栏1 {REGION}“十四五”教育发展主要指标
类别\t指标\t单位\t2020年\t2025年\t属性
学前教育\t学前三年毛入园率\t%\t90\t≥95\t预期性
义务教育\t九年义务教育巩固率\t%\t96\t≥97\t约束性
二、主要任务
（一）推动学前教育普及普惠
1.扩大普惠性资源。新建公办幼儿园2所。（责任单位：区教委、区发展改革委）
"""



@pytest.fixture
def server_url(site: Site) -> Iterator[str]:
    with unit_of_work(site.settings.resolved_database_url) as session:
        accounts.create_user(session=session, username=PLANNER, password=password(PLANNER), role="planner",
                             region=REGION)
    with serving(site.app) as url:
        yield url


@pytest.fixture
def page() -> Iterator[Any]:
    with browser_page(width=1200, accept_downloads=True) as p:
        yield p


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"journey-{name}.png"), full_page=True)


def fill_gross_rate(template: Path, value: object, dest: Path) -> Path:
    """The template with this year's 学前三年毛入园率 set to `value`."""
    wb = load_workbook(template)
    ws = wb["指标"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=4).value == "学前三年毛入园率")
    ws.cell(row=row, column=10, value=value)
    wb.save(dest)
    return dest


def upload_workbook(page: Any, path: Path) -> None:
    page.set_input_files("#workbook-file", str(path))
    page.click("#upload-workbook")
    page.wait_for_selector("#upload-result")


def test_planner_journey(page: Any, server_url: str, tmp_path: Path) -> None:
    page.goto(server_url + "/login")
    page.fill("#username", PLANNER)
    page.fill("#password", password(PLANNER))
    page.click("button[type=submit]")
    assert REGION in page.locator("#current-user").inner_text()
    shot(page, "1-signed-in")

    # the plan: upload, review the extracted indicator table, confirm
    page.goto(server_url + "/uploads/new")
    page.set_input_files("#file", files=[{"name": f"{REGION}规划.txt", "mimeType": "text/plain",
                                          "buffer": PLAN_TEXT.encode()}])
    page.click("#upload")
    page.wait_for_url("**/uploads/*")
    assert page.locator(".review-item[id^='item-indicators-']").count() == 2
    shot(page, "2-review")
    page.click("#confirm")
    page.wait_for_url("**/plans/*")
    assert "学前三年毛入园率" in page.locator("#indicator-table").inner_text()
    shot(page, "3-plan")

    # the yearly data: download the template, upload it with an error, read the error
    page.goto(server_url + f"/data?region={REGION}&year=2023")
    with page.expect_download() as download:
        page.click("#template-form button:not([formaction])")
    template = tmp_path / "模板.xlsx"
    download.value.save_as(template)
    upload_workbook(page, fill_gross_rate(template, "九十几", tmp_path / "有错.xlsx"))
    shot(page, "4-refused")
    assert page.locator("#upload-refused").is_visible(), page.locator("#upload-result").inner_text()
    error = page.locator("#upload-issues tbody tr").first.inner_text()
    assert "指标" in error and "J" in error and "不是数字" in error
    shot(page, "4-refused")

    # fixed: stored, and the target's status changes
    upload_workbook(page, fill_gross_rate(template, 94.0, tmp_path / "已改正.xlsx"))
    assert page.locator("#upload-accepted").is_visible()
    change = page.locator("#status-changes tbody tr").filter(has_text="学前三年毛入园率").first.inner_text()
    assert "数据不足" in change and "94" in change
    shot(page, "5-accepted")

    # an evaluation and its Word report
    page.goto(server_url + f"/regions/{REGION}/evaluations")
    page.fill("#run-evaluation input[name=year]", "2023")
    page.click("#run-evaluation button[type=submit]")
    page.wait_for_selector("#created")
    shot(page, "6-evaluation")
    with page.expect_download() as download:
        page.locator("section.evaluation a.download[href$='.docx']").first.click()
    report = tmp_path / "报告.docx"
    download.value.save_as(report)
    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert REGION in text and "评估" in text
