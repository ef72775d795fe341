"""The 模拟数据 oracle: every page of the demo, crawled in chromium, marks every part that shows simulated figures.

The demo database is built (bundled plans, seeded 模拟数据, evaluations); the crawler follows
every link of the navigation and the pages, as an anonymous reader and as the administrator.
Which parts of a page draw on simulated records is read from the database with plain SQL (not
through the application), and for each such part the mark (`.sim-mark`, the one macro of
`_simulated.html`) must be visible inside that part's element. Screenshots: test-artifacts/sim/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
from sqlalchemy import create_engine, text

from eduplan.services import accounts
from eduplan.uow import unit_of_work

from .browser import ARTIFACTS, browser_page, serving
from .conftest import Site, password
from .dashboard_site import build_demo_site

SHOTS = ARTIFACTS / "sim"
#: Not crawled: the API, files and downloads, the login, and the indicators' pages (a plan's own printed
#: figures, reached one per indicator from the plan page, which is crawled).
SKIP = re.compile(r"^/(api/|static/|openapi|docs|redoc|logout|login|indicators/)|\.(docx|pdf|xlsx|csv|json)$|/evidence$")
MAX_PAGES = 600
#: Pages that link only back to pages already found (a target's page): visited when they show simulated figures.
LEAF = re.compile(r"^/regions/[^/]+/targets/")
#: Pages reached through a GET form rather than a link (the comparison).
FORM_PAGES = ("/compare?indicator=preschool_gross_enrolment_rate&year=2024", "/regions/涪陵区/data/entry?year=2024")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Site:
    """The demo database with the test users; the demo's admin gets the test password."""
    found = build_demo_site(tmp_path_factory.mktemp("sim-marks") / "data")
    with unit_of_work(found.settings.resolved_database_url) as session:
        accounts.set_password(session=session, username="admin", password=password("admin"), actor="test")
    return found


@pytest.fixture(scope="module")
def server_url(site: Site) -> Iterator[str]:
    with serving(site.app) as url:
        yield url


class Truth:
    """What the database says is simulated, asked with plain SQL."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)

    def _any(self, sql: str, **params: object) -> bool:
        with self.engine.connect() as conn:
            return bool(conn.execute(text(sql), params).scalar())

    def figures(self, table: str, region: str | None, up_to: int | None, *, indicator: str | None = None) -> bool:
        """Any simulated row of `table` (for the region, up to the year, of the indicator)."""
        sql = f"SELECT 1 FROM {table} t JOIN regions r ON r.id = t.region_id WHERE t.simulated"
        if region is not None:
            sql += " AND r.name = :region"
        if up_to is not None:
            sql += " AND t.year <= :year"
        if indicator is not None:
            sql += " AND t.indicator = :indicator"
        return self._any(sql + " LIMIT 1", region=region, year=up_to, indicator=indicator)

    def year_figures(self, region: str, year: int) -> bool:
        """Any simulated observation of the region in exactly `year`."""
        return self._any("SELECT 1 FROM observations t JOIN regions r ON r.id = t.region_id "
                         "WHERE t.simulated AND r.name = :region AND t.year = :year LIMIT 1", region=region, year=year)

    def schools(self, region: str, year: int | None) -> bool:
        sql = ("SELECT 1 FROM school_records t JOIN regions r ON r.id = t.region_id "
               "WHERE t.simulated AND r.name = :region" + (" AND t.year = :year" if year else "") + " LIMIT 1")
        return self._any(sql, region=region, year=year)

    def any_figures(self, region: str, up_to: int | None) -> bool:
        return any(self.figures(t, region, up_to) for t in
                   ("observations", "task_reports", "project_reports", "finance_records"))

    def evaluations(self, region: str) -> list[tuple[int, int]]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT e.id, e.year FROM evaluations e JOIN regions r ON r.id = e.region_id "
                                     "WHERE r.name = :region"), {"region": region})
            return [(int(i), int(y)) for i, y in rows]


@dataclass(frozen=True)
class Part:
    """A part of a page: its element, and whether the figures it shows are simulated."""

    name: str
    selector: str
    simulated: bool


def _year(query: dict[str, list[str]], key: str = "year") -> int | None:
    value = query.get(key, [None])[0]
    return int(value) if value and value.isdigit() else None


def parts_of(path: str, query: dict[str, list[str]], truth: Truth) -> list[Part]:
    """The parts of the page at `path` that show stored figures, each with the database's answer."""
    year = _year(query)
    if path == "/dashboard":
        return [Part("各区县目标进展", "#regions", truth.figures("observations", None, year))]
    if path == "/compare":
        return [Part("区县比较", "#comparison", truth.figures("observations", None, year,
                                                         indicator=query["indicator"][0]))]
    m = re.fullmatch(r"/regions/([^/]+)(/.*)?", path)
    if m is None:
        return []
    region, rest = m.group(1), m.group(2) or ""
    if rest == "":
        return [Part("目标进展", "#targets", truth.figures("observations", region, year)),
                Part("任务进展", "#tasks-summary", truth.figures("task_reports", region, year)),
                Part("建设项目", "#projects-summary", truth.figures("project_reports", region, year)),
                Part("经费保障", "#funding", truth.figures("finance_records", region, year)),
                Part("最近一次评估", "#evaluation", truth.any_figures(region, year)),
                Part("督导评估准备情况", "#readiness", truth.schools(region, year))]
    if rest.startswith("/targets/"):
        indicator = rest.removeprefix("/targets/").split("｜", 1)[0]
        return [Part("监测值", "#observations", truth.figures("observations", region, None, indicator=indicator))]
    if rest == "/tasks":
        return [Part("任务推进", "main", truth.figures("task_reports", region, None))]
    if rest == "/projects":
        return [Part("建设项目", "main", truth.figures("project_reports", region, year))]
    if rest == "/inspections":
        return [Part("督导评估", "main", truth.schools(region, year))]
    if rest == "/inspections/plan":
        return [Part("达标方案", "main", truth.schools(region, None))]
    if rest == "/data/entry":  # the values stored for the year
        return [Part("已存值", "main", year is not None and truth.year_figures(region, year))]
    if rest == "/evaluations":
        return [Part(f"评估第{i}号", f"#evaluation-{i}", truth.any_figures(region, y))
                for i, y in truth.evaluations(region)]
    return []


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", password(username))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#current-user").count() == 1, f"{username} 未能登录"


def crawl(page, base: str, truth: Truth, who: str) -> tuple[int, list[str], set[str]]:
    """Visit every page reachable from the home page; the unmarked simulated parts, and the parts checked."""
    queue, seen = ["/", *FORM_PAGES], {"/", *FORM_PAGES}
    missing: list[str] = []
    checked: set[str] = set()
    shots: set[str] = set()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"{who}_*.png"):
        old.unlink()
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.pop(0)
        planned = urlsplit(url)
        if LEAF.search(unquote(planned.path)) and not any(
                p.simulated for p in parts_of(unquote(planned.path), parse_qs(planned.query), truth)):
            continue  # a target without simulated figures: nothing to check, and it links only back
        response = page.goto(base + url, wait_until="domcontentloaded")
        visited += 1
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        parts = urlsplit(page.url)  # where it ended: a private page sends an anonymous reader to the login
        path, query = unquote(parts.path), parse_qs(parts.query)
        shot = False
        for part in parts_of(path, query, truth):
            element = page.locator(part.selector)
            if not part.simulated or element.count() == 0:
                continue  # not simulated, or not shown to this reader
            checked.add(part.name)
            marks = element.first.locator(".sim-mark")
            if not any(marks.nth(i).is_visible() for i in range(marks.count())):
                missing.append(f"{who} {url}：“{part.name}”（{part.selector}）含模拟数据但没有可见的“模拟数据”标记")
                shot = True
        kind = re.sub(r"/regions/[^/]+", "/regions/R", re.sub(r"/targets/.*", "/targets/K", path))
        if shot or kind not in shots:  # one of each kind of page, and every page with an unmarked part
            shots.add(kind)
            name = re.sub(r"\W+", "_", f"{who}{path}")[:100] + ("-unmarked" if shot else "")
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        for href in page.eval_on_selector_all("header nav a[href], main a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urlsplit(urljoin(base + url, href))
            if target.netloc != urlsplit(base).netloc:
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            key = unquote(link)  # /regions/涪陵区 and /regions/%E6%B6%AA… are one page
            if SKIP.search(unquote(target.path)) or key in seen:
                continue
            seen.add(key)
            queue.append(link)
    return visited, missing, checked


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_every_simulated_part_of_every_demo_page_is_marked(site: Site, server_url: str, who: str) -> None:
    truth = Truth(site.settings.resolved_database_url)
    with browser_page() as page:
        page.route("**/static/vendor/**", lambda route: route.abort())  # charts are not what is checked here
        if who == "admin":
            _login(page, server_url, "admin")
        visited, missing, checked = crawl(page, server_url, truth, who)
    print(f"{who}: {visited} pages, parts checked: {sorted(checked)}")
    assert 20 < visited < MAX_PAGES, f"访问了 {visited} 个页面"
    kinds = checked
    expected = {"各区县目标进展", "区县比较", "目标进展", "任务进展", "任务推进", "建设项目", "监测值"}
    if who == "admin":
        expected |= {"经费保障", "督导评估", "达标方案", "督导评估准备情况", "任务进展", "最近一次评估", "已存值"}
        assert any(k.startswith("评估第") for k in kinds), kinds
    assert expected <= kinds, f"未检查到的部分：{expected - kinds}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"unmarked-{who}.txt").write_text("\n".join(missing), encoding="utf-8")
    assert not missing, "\n".join(missing)
