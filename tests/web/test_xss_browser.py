"""Payloads planted in every text a plan document or a workbook can fill, in a real headless chromium.

The demo database is built from the bundled plans with every document text (title, 文号, issuer,
indicator names, categories, units and printed values, prose targets, 专栏 titles and items, task
titles, sections, text and units, project names and cells, findings) and every simulated workbook
text (task progress and reporters, project notes, school names, observation sources) prefixed by
HTML/JS payloads. Every page that shows them is loaded, every chart hovered on a grid, a plan
document and a refused workbook are uploaded through the forms; `window.__xss` must never be set,
the payload must be shown as text, and the Content-Security-Policy must report no violation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from eduplan.demo import build as demo_build
from eduplan.demo import schools as demo_schools
from eduplan.demo.build import build_demo
from eduplan.services import accounts
from eduplan.services import collection as collection_service
from eduplan.services.plans import list_plans
from eduplan.settings import Settings
from eduplan.uow import unit_of_work
from eduplan.web.app import create_app

from .browser import browser_page, serving
from .conftest import USERS, password
from .conftest import login as api_login
from .documents import synthetic_plan

IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = '"><script>window.__xss=1</script>'
SVG = "'><svg/onload=window.__xss=1>"
LINK = "javascript:window.__xss=1"
TEMPLATE = "{a}{b}{c}"  # ECharts' label template markers: must be shown, not substituted
MARK = IMG + SCRIPT + SVG + LINK + TEMPLATE

# The text fields filled from a document or a workbook, by the class that carries them.
POISONED: dict[str, tuple[str, ...]] = {
    "Plan": ("title", "doc_number", "issuer"),
    "Indicator": ("name", "category", "unit", "raw_values", "target"),
    "Target": ("raw",),
    "ProseTarget": ("subject", "text", "unit", "programme"),
    "Programme": ("title", "items"),
    "Task": ("title", "section", "text", "lead_units", "responsible_units"),
    "Project": ("name", "group", "nature", "columns"),
    "Finding": ("message",),
    "ResponsibleUnit": ("name", "aliases"),
    "TaskReport": ("progress", "reported_by"),
    "ProjectReport": ("note", "project"),
    "ProjectKey": ("name",),
    "SchoolRecord": ("name",),
    "Observation": ("source",),
}


def poison(value: Any) -> Any:
    """`value` with MARK put before every document or workbook text it carries."""
    if isinstance(value, str):
        return MARK + value
    if isinstance(value, list):
        return [poison(v) for v in value]
    if isinstance(value, tuple):
        return tuple(poison(v) for v in value)
    if isinstance(value, dict):
        return {k: poison(v) for k, v in value.items()}
    return value


def poisoned(obj: Any) -> Any:
    """A copy of a dataclass tree with its document texts poisoned (ids, codes and dates untouched)."""
    if isinstance(obj, list):
        return [poisoned(o) for o in obj]
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    fields = POISONED.get(type(obj).__name__, ())
    changes = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value) or (isinstance(value, list) and value and dataclasses.is_dataclass(value[0])):
            changes[f.name] = poisoned(value)
        elif f.name in fields and value is not None and not hasattr(value, "value"):  # enums stay
            changes[f.name] = poison(value)
    return dataclasses.replace(obj, **changes)


@dataclasses.dataclass
class PoisonedSite:
    settings: Settings
    app: Any
    region: str
    plan_id: int


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Iterator[PoisonedSite]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("xss") / "data")
    with pytest.MonkeyPatch.context() as mp:
        plans = demo_build.bundled_plans
        simulate_schools = demo_schools.simulate_schools
        store_records = collection_service.store_records
        mp.setattr(demo_build, "bundled_plans", lambda: [poisoned(p) for p in plans()])
        mp.setattr(demo_schools, "simulate_schools", lambda *a, **k: poisoned(simulate_schools(*a, **k)))
        mp.setattr(collection_service, "store_records",
                   lambda *, collection, **k: store_records(collection=poisoned(collection), **k))
        with unit_of_work(settings.resolved_database_url) as session:
            build_demo(session=session, plans_dir=None)
            for username, role, region, unit in USERS:
                if username != "admin":
                    accounts.create_user(session=session, username=username, password=password(username),
                                         role=role, region=region, unit=unit)
            accounts.create_user(session=session, username="xss-admin", password=password("xss-admin"), role="admin")
            stored = list_plans(session=session)
    best = max(stored, key=lambda s: (s.projects, s.region))  # the region with the most projects
    yield PoisonedSite(settings=settings, app=create_app(settings), region=best.region, plan_id=best.id)


@pytest.fixture(scope="module")
def server_url(site: PoisonedSite) -> Iterator[str]:
    with serving(site.app) as url:
        yield url


WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + (e.lineNumber || 0));
});
"""


@pytest.fixture
def page() -> Iterator[Any]:
    with browser_page() as p:
        p.add_init_script(WATCH)
        p.console_errors = []  # type: ignore[attr-defined]
        p.on("console", lambda m: p.console_errors.append(m.text) if m.type == "error" else None)
        p.on("pageerror", lambda e: p.console_errors.append(str(e)))
        yield p


def login(page: Any, url: str, username: str) -> None:
    page.goto(url + "/login")
    page.fill("#username", username)
    page.fill("#password", password(username))
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("#current-user").count() == 1, f"{username} 未能登录"


TOOLTIPS = """el => Array.from(el.children).filter(d => d.tagName === 'DIV' && d.innerText).map(d => d.innerText)"""

SHOW_TIPS = """el => {
  const chart = echarts.getInstanceByDom(el), seen = [];
  const series = chart.getOption().series || [];
  series.forEach((s, i) => {
    const n = Math.min((s.data || []).length, 3);
    for (let d = 0; d < n; d++) {
      chart.dispatchAction({type: 'showTip', seriesIndex: i, dataIndex: d});
      Array.from(el.children).forEach(c => { if (c.tagName === 'DIV' && c.innerText) seen.push(c.innerText); });
    }
  });
  chart.dispatchAction({type: 'hideTip'});
  return seen;
}"""


def hover_charts(page: Any) -> list[str]:
    """Every chart of the page: hovered with the mouse on a grid, and each series' first points'
    tooltips shown through ECharts; the tooltips' texts seen."""
    seen: list[str] = []
    for chart in page.locator("div.chart").all():
        if chart.locator("canvas").count() == 0:
            continue
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        if not box:
            continue
        for i in range(1, 7):
            for j in range(1, 6):
                page.mouse.move(box["x"] + box["width"] * i / 7, box["y"] + box["height"] * j / 6)
                seen.extend(chart.evaluate(TOOLTIPS))
        page.mouse.move(0, 0)
        seen.extend(chart.evaluate(SHOW_TIPS))
    return seen


def assert_safe(page: Any, where: str) -> None:
    assert page.evaluate("window.__xss") is None, f"{where}：载荷被执行"
    violations = page.evaluate("window.__csp")
    assert violations == [], f"{where}：违反内容安全策略 {violations}"
    csp_errors = [e for e in page.console_errors if "Content Security Policy" in e]
    assert csp_errors == [], f"{where}：控制台报告 {csp_errors}"


def visit(page: Any, url: str, *, literal: bool = True) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url} 返回 {response and response.status}"
    page.wait_for_load_state("load")
    charts = page.locator("div.chart").count()
    if charts:
        page.locator("div.chart canvas").first.wait_for(state="attached", timeout=30_000)
    tips = hover_charts(page)
    assert_safe(page, url)
    if literal:
        assert IMG in page.locator("main").inner_text(), f"{url} 没有按原文显示载荷"
    injected = "img, svg, [onerror], [onload], script:not([src^='/static/']):not([type='application/json'])"
    assert page.locator(injected).count() == 0, f"{url} 中出现了注入的元素"
    return tips


def region_json(site: PoisonedSite) -> dict[str, Any]:
    client = TestClient(site.app)
    api_login(client, "shi")
    return client.get(f"/api/v1/regions/{site.region}").json()


def test_planted_payloads_never_run_and_are_shown_as_text(page: Any, server_url: str, site: PoisonedSite) -> None:
    board = region_json(site)
    target = next(t["href"] for t in board["targets"] if t.get("href"))
    r = site.region
    login(page, server_url, "xss-admin")
    tips: dict[str, list[str]] = {}
    for path in ["/", f"/plans/{site.plan_id}", "/dashboard", f"/regions/{r}", target, f"/regions/{r}/tasks",
                 f"/regions/{r}/projects", f"/regions/{r}/inspections", f"/regions/{r}/evaluations", "/audit"]:
        tips[path] = visit(page, server_url + path)
    for path in ["/compare?indicator=学前三年毛入园率", f"/data?region={r}", "/uploads/new"]:
        tips[path] = visit(page, server_url + path, literal=False)  # no document text on these
    indicator = page.goto(f"{server_url}/api/v1/plans/{site.plan_id}").json()["indicators"][0]["id"]
    visit(page, f"{server_url}/indicators/{indicator}/edit")

    timeline = [t for t in tips[f"/regions/{r}/projects"] if "工期" in t]
    assert timeline, "项目进度图没有显示提示框"
    assert any(IMG in t for t in timeline), f"提示框没有按原文显示项目名称：{timeline[:2]}"


def test_uploaded_document_and_refused_workbook_show_payloads_as_text(
    page: Any, server_url: str, site: PoisonedSite, tmp_path: Path,
) -> None:
    login(page, server_url, "xss-admin")
    document = tmp_path / "上传规划.txt"
    document.write_bytes(synthetic_plan(region="试验区", title_suffix=IMG + SCRIPT))
    page.goto(server_url + "/uploads/new")
    page.set_input_files("#file", str(document))
    page.click("#upload")
    page.wait_for_url("**/uploads/*")
    assert_safe(page, "上传规划的核对页")
    assert "<script>window.__xss=1</script>" in page.locator("main").inner_text()  # spaces are normalised away

    client = TestClient(site.app)
    api_login(client, "shi")
    template = client.get(f"/data/template.xlsx?region={site.region}&year=2024")
    assert template.status_code == 200
    path = tmp_path / "模板.xlsx"
    path.write_bytes(template.content)
    wb = load_workbook(path)
    ws = wb["指标"]
    ws.cell(row=2, column=10, value=MARK)
    bad = tmp_path / f"{SVG}.xlsx".replace("/", "_")
    wb.save(bad)
    page.goto(f"{server_url}/data?region={site.region}")
    page.set_input_files("#workbook-file", str(bad))
    page.click("#upload-workbook")
    page.wait_for_selector("#upload-issues")
    assert_safe(page, "被拒绝的数据表")
    assert IMG in page.locator("#upload-issues").inner_text()
