"""National scale through the product's own paths (issue 15, item 1).

Builds the national dataset (benchmarks/national_data.py: ~2,850 counties, their plans,
observations 2015–2025, reports, finance, ~210,000 school records) on SQLite (a temp file) and
on a throwaway PostgreSQL cluster (started as tests/dbfixtures.py starts its own; skipped with a
line when the server binaries are absent), then times the product's service paths and the HTTP
path of the boards (in process: FastAPI's TestClient on the app `eduplan serve` runs, so the
figure is server time without the network), each beside its one-pass limit
(benchmarks/national_limits.py) and the ratio. Every service path runs in its own session,
rolled back afterwards, so the import and the evaluations leave the data as built.

Run: `.venv/bin/python -m benchmarks national` (EDUPLAN_BENCH_BACKENDS=sqlite,postgresql;
EDUPLAN_NATIONAL_COUNTIES=N builds only N counties; EDUPLAN_NATIONAL_PATHS=county_board,workbook_import,…
times only those paths: county_board, city_board, province_board, comparison, readiness, evaluations,
report, workbook_import, http).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from benchmarks.clusters import throwaway_postgres
from benchmarks.imports import fill_workbook
from benchmarks.national_data import REPORT_YEAR, SCHOOL_YEAR, National, build
from benchmarks.national_limits import (
    document_limit,
    monitoring_limit,
    schools_limit,
    targets_limit,
    workbook_limit,
)
from eduplan.store.db import make_engine, make_session_factory

BACKENDS = tuple(os.environ.get("EDUPLAN_BENCH_BACKENDS", "sqlite,postgresql").split(","))
RUNS = 3
IMPORT_YEAR = 2025  # not approved, so the import may write it


@dataclass(frozen=True)
class Timed:
    """One path's product time, its one-pass limit and what it answered (for the sanity checks)."""

    name: str
    seconds: float
    limit: float
    answer: Any
    note: str = ""  # printed after the ratio

    @property
    def ratio(self) -> float:
        return self.seconds / self.limit if self.limit > 0 else float("inf")


def _median(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, answer = [], None
    for _ in range(runs):
        start = time.perf_counter()
        answer = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), answer


def _alternated(product: Callable[[], Any], limit: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """The medians of the product's and the limit's times, run in turn (product, limit, product …),
    so that a machine slowing down or speeding up meanwhile weighs on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    answer = None
    for _ in range(runs):
        for n, fn in enumerate((product, limit)):
            start = time.perf_counter()
            result = fn()
            times[n].append(time.perf_counter() - start)
            if n == 0:
                answer = result
    return statistics.median(times[0]), statistics.median(times[1]), answer


class Paths:
    """The timed paths on one database: each a product call in a rolled-back session and its limit."""

    def __init__(self, national: National, url: str, work: Path, runs: int = RUNS) -> None:
        self.n, self.url, self.work, self.runs = national, url, work, runs
        self.engine = make_engine(url)
        self.sessions = make_session_factory(self.engine)
        with self.sessions() as s:
            from eduplan.store.regions import keys_by_id, subtree_ids

            keys = {v: k for k, v in keys_by_id(s).items()}
            self.ids = {name: keys[name] for name in (national.province, national.city, national.county)}
            self.province_ids = sorted(subtree_ids(s, self.ids[national.province]))
            self.city_ids = sorted(subtree_ids(s, self.ids[national.city]))
            self.every_id = sorted(keys.values())

    def close(self) -> None:
        self.engine.dispose()

    def session(self, fn: Callable[[Session], Any]) -> Callable[[], Any]:
        def run() -> Any:
            with self.sessions() as s:
                try:
                    return fn(s)
                finally:
                    s.rollback()
        return run

    def timed(self, name: str, product: Callable[[Session], Any], limit: Callable[[Session], Any],
              runs: int | None = None) -> Timed:
        seconds, limit_s, answer = _alternated(self.session(product), self.session(limit), runs or self.runs)
        return Timed(name, seconds, limit_s, answer)

    # ---- the paths ---------------------------------------------------------------------------

    def county_board(self) -> Timed:
        from eduplan.services.dashboards import region_dashboard

        return self.timed("区县看板 region_dashboard", lambda s: region_dashboard(
            session=s, region=self.n.county, year=REPORT_YEAR, private=True),
            lambda s: monitoring_limit(s, [self.ids[self.n.county]], REPORT_YEAR)
            + schools_limit(s, [self.ids[self.n.county]], SCHOOL_YEAR))

    def subtree_board(self, key: str, ids: list[int], label: str) -> list[Timed]:
        """The board of a subtree three ways: computed afresh (the memo of assessed plans emptied
        before each run), after one county of it changed (a committed product write, outside the
        timing), and unchanged since the last computation."""
        from eduplan.services.assessment_memo import MEMO
        from eduplan.services.dashboards import statuses_by_plan
        from eduplan.services.regions import resolve, scope_keys

        def product(s: Session) -> Any:
            subtree = scope_keys(s, resolve(s, key).id)
            return statuses_by_plan(session=s, year=REPORT_YEAR, approved_only=True, regions=sorted(subtree))

        def fresh(s: Session) -> Any:
            MEMO.clear()
            return product(s)

        runs = iter(range(1_000))

        def after_a_write(s: Session) -> Any:
            self.touch_county(next(runs))
            return product(s)

        limit_s, _ = _median(self.session(lambda s: targets_limit(s, ids, REPORT_YEAR)), self.runs)
        out = []
        for suffix, fn in (("（首次计算）", fresh), ("（一县数据变更后）", after_a_write), ("（未变更）", product)):
            seconds, answer = _median(self.session(fn), self.runs)
            out.append(Timed(label + suffix, seconds, limit_s, answer))
        return out

    def touch_county(self, n: int) -> None:
        """A committed write to one county (a figure of a year the boards do not read), so that its
        data version moves; through the product's store, as an import would."""
        from eduplan.core.plan import Observation
        from eduplan.store.records import save_observations

        with self.sessions() as s:
            save_observations(s, [Observation(self.n.indicator, self.n.county, REPORT_YEAR + 1, 90.0 + n / 1_000)])
            s.commit()

    def comparison(self) -> Timed:
        from eduplan.services.compare import compare_regions

        return self.timed("全国比较 compare_regions", lambda s: compare_regions(
            session=s, indicator=self.n.indicator, year=REPORT_YEAR, include_drafts=True),
            lambda s: targets_limit(s, [], REPORT_YEAR, indicator=self.n.indicator))

    def readiness(self) -> Timed:
        from eduplan.services.readiness import readiness_of_regions

        return self.timed(f"全省督导准备 readiness_of_regions（{len(self.n.province_counties)}县）",
                          lambda s: readiness_of_regions(session=s, regions=self.n.province_counties, year=SCHOOL_YEAR),
                          lambda s: schools_limit(s, self.province_ids, SCHOOL_YEAR))

    def evaluations(self) -> Timed:
        from eduplan.services.evaluations import evaluate_regions

        return self.timed(f"全市评估 evaluate_regions（{len(self.n.city_counties)}县，存储）",
                          lambda s: evaluate_regions(session=s, regions=self.n.city_counties, kind="annual",
                                                     year=REPORT_YEAR, actor="基准测试"),
                          lambda s: monitoring_limit(s, self.city_ids, REPORT_YEAR))

    def report(self) -> Timed:
        from eduplan.reports.docx import write_docx
        from eduplan.services.evaluations import run_evaluation
        from eduplan.services.reports import evaluation_report_from_store

        dest = self.work / "report.docx"

        written: list[Any] = []

        def product(s: Session) -> Any:
            record = run_evaluation(session=s, region=self.n.county, kind="annual", year=REPORT_YEAR, actor="基准测试")
            report = evaluation_report_from_store(session=s, evaluation_id=record.id)
            written[:] = [report]
            return write_docx(report, dest)

        # Once untimed: the imports and the charts drawn (cached per process: render_chart), and the
        # document the limit writes again in its cheapest form.
        start = time.perf_counter()
        self.session(product)()
        blocks, images = _document(written[0])
        cold = time.perf_counter() - start
        county = [self.ids[self.n.county]]
        return dataclasses.replace(self.timed("区县评估报告 evaluation_report_from_store + write_docx", product,
                          lambda s: monitoring_limit(s, county, REPORT_YEAR) + schools_limit(s, county, SCHOOL_YEAR)
                          + document_limit(blocks, images, self.work / "limit.docx")), note=f"首次 {cold:.2f} s")

    def workbook_import(self) -> Timed:
        from eduplan.exchange.template import write_template
        from eduplan.services.collection import import_workbook
        from eduplan.store.boards import plan_heads
        from eduplan.store.plan_reads import load_plans
        from eduplan.store.records import load_observations

        with self.sessions() as s:
            heads = plan_heads(s)
            loaded = load_plans(s, [h.id for h in heads])
            # each plan's region as its key (a code where two counties share a name), as
            # services.collection._stored_plans gives them to the template
            plans = [dataclasses.replace(loaded[h.id], region=h.region) for h in heads if h.id in loaded]
            known = [o for o in load_observations(s) if o.year in (IMPORT_YEAR - 1, IMPORT_YEAR)]
        last = {(o.region, o.indicator): o.value for o in known if o.year == IMPORT_YEAR - 1}
        stored = {(o.region, o.indicator): o.value for o in known if o.year == IMPORT_YEAR}
        template = write_template(plans, region=None, year=IMPORT_YEAR, previous=last, stored=stored,
                                  dest=self.work / "template.xlsx")  # as services.collection.collection_template
        filled = self.work / "national.xlsx"
        fill_workbook(template, filled, _Filled(last))
        return self.timed(f"全国年度数据导入 import_workbook（{len(plans)}县）", lambda s: import_workbook(
            session=s, paths=[filled], entered_by="基准测试"), lambda s: workbook_limit(str(filled)), runs=1)

    def http(self) -> list[Timed]:
        """The boards through the app `eduplan serve` runs (in process: server time, no network), each
        computed after a write to the county (a committed product write: what makes a cached page
        stale) and then served from the cache; the nation's overview also the first time, with the
        memo of assessed plans empty. The app is warmed first by a page of another county,
        so a process's one-time start (connections, the version mirror, schemas) is not counted."""
        from fastapi.testclient import TestClient

        from eduplan.services.assessment_memo import MEMO as assessment_memo
        from eduplan.settings import Settings
        from eduplan.web.app import create_app

        app = create_app(Settings(data_dir=self.work / "web", database_url=self.url))
        out = []
        writes = iter(range(1_000, 2_000))
        with TestClient(app) as client:
            other = next(c for c in self.n.city_counties if c != self.n.county)
            for first in ("/login", f"/api/v1/regions/{other}?year={REPORT_YEAR}"):
                if client.get(first).status_code != 200:
                    raise RuntimeError(f"{first}：HTTP 状态异常")
            cases: list[tuple[str, str, Callable[[Session], Any]]] = [
                ("HTTP 区县看板 /api/v1/regions/…", f"/api/v1/regions/{self.n.county}?year={REPORT_YEAR}",
                 lambda s: monitoring_limit(s, [self.ids[self.n.county]], REPORT_YEAR)),
                ("HTTP 省级看板 /api/v1/dashboard?region=…", f"/api/v1/dashboard?year={REPORT_YEAR}&region={self.n.province}",
                 lambda s: targets_limit(s, self.province_ids, REPORT_YEAR)),
                ("HTTP 全国比较 /api/v1/compare", f"/api/v1/compare?indicator={self.n.indicator}&year={REPORT_YEAR}",
                 lambda s: targets_limit(s, [], REPORT_YEAR, indicator=self.n.indicator)),
                ("HTTP 全国总览 /api/v1/dashboard", f"/api/v1/dashboard?year={REPORT_YEAR}",
                 lambda s: targets_limit(s, self.every_id, REPORT_YEAR)),
            ]
            for label, path, limit in cases:
                def computed(p: str = path) -> Any:
                    self.touch_county(next(writes))
                    start = time.perf_counter()
                    response = client.get(p)
                    if response.status_code != 200:
                        raise RuntimeError(f"{p}：HTTP {response.status_code} {response.text[:200]}")
                    return time.perf_counter() - start, response

                limit_s, _ = _median(self.session(limit), self.runs)
                if path.endswith(f"dashboard?year={REPORT_YEAR}"):
                    # The nation's overview the first time: every plan assessed (the memo emptied), once.
                    assessment_memo.clear()
                    first, response = computed()
                    out.append(Timed(label + "（首次计算）", first, limit_s, response.json()))
                times = [computed() for _ in range(self.runs)]
                cold = statistics.median(t for t, _ in times)
                warm, _ = _median(functools.partial(client.get, path), self.runs)
                out.append(Timed(label + "（数据变更后计算）", cold, limit_s, times[-1][1].json()))
                out.append(Timed(label + "（缓存）", warm, limit_s, None))
        return out


def _document(report: Any) -> tuple[list[str | list[list[str]]], list[bytes]]:
    """A report's paragraphs and tables (their printed cells as text) in order, and its charts' images."""
    from eduplan.reports.charts import render_chart
    from eduplan.reports.model import Chart, Table, cell_text, date_text

    blocks: list[str | list[list[str]]] = [report.title, report.subtitle, report.addressee]
    images = []
    for section in report.sections:
        blocks.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Table):
                table = block.printed()
                blocks.append(table.caption)
                blocks.append([[c.title for c in table.columns],
                               *([cell_text(v, c) for v, c in zip(row, table.columns, strict=True)]
                                 for row in table.rows)])
            elif isinstance(block, Chart):
                images.append(render_chart(block.spec))
                blocks.append(block.caption)
            else:
                blocks.append(block.text)
    blocks.extend((report.issuer, date_text(report.date), report.annotation))
    return [b for b in blocks if b], images


class _Filled(dict[Any, float]):
    """This year's figure of each (region, indicator) the workbook asks for: last year's stored one."""

    def __missing__(self, key: Any) -> float:
        return 80.0


def run_paths(national: National, url: str, work: Path, *, runs: int = RUNS, only: tuple[str, ...] | None = None,
              show: Callable[[Timed], None] | None = None) -> list[Timed]:
    """Every timed path on the database at `url` (`only`: the named methods of `Paths`), each handed
    to `show` as soon as it is timed."""
    paths = Paths(national, url, work, runs)
    try:
        names = only or ("county_board", "city_board", "province_board", "comparison", "readiness", "evaluations",
                         "report", "workbook_import", "http")
        out: list[Timed] = []
        done = 0
        for name in names:
            if name == "city_board":
                out.extend(paths.subtree_board(national.city, paths.city_ids,
                                               f"市级看板 statuses_by_plan（{national.city}，{len(national.city_counties)}县）"))
            elif name == "province_board":
                out.extend(paths.subtree_board(national.province, paths.province_ids,
                                               f"省级看板 statuses_by_plan（{national.province}，"
                                               f"{len(national.province_counties)}县）"))
            elif name == "http":
                out.extend(paths.http())
            else:
                out.append(getattr(paths, name)())
            for t in out[done:]:
                if show is not None:
                    show(t)
            done = len(out)
        return out
    finally:
        paths.close()


def print_row(backend: str, t: Timed) -> None:
    print(f"{backend:<11}{t.name:<58}{t.seconds:>10.3f}{t.limit:>10.4f}{t.ratio:>8.1f}  {t.note}".rstrip(), flush=True)


def bench(url: str, backend: str, work: Path, limit: int | None) -> None:
    national = build(url, limit=limit)
    counts = "，".join(f"{k} {v:,}" for k, v in national.counts.items())
    print(f"{backend}：建库 {national.seconds:.0f} s（{counts}）", flush=True)
    print(f"{'backend':<11}{'path':<58}{'product s':>10}{'limit s':>10}{'ratio':>8}", flush=True)
    only = tuple(os.environ["EDUPLAN_NATIONAL_PATHS"].split(",")) if os.environ.get("EDUPLAN_NATIONAL_PATHS") else None
    run_paths(national, url, work, only=only, show=lambda t: print_row(backend, t))


def main() -> None:
    """Build the national dataset on each backend and print every path beside its limit."""
    limit = int(os.environ["EDUPLAN_NATIONAL_COUNTIES"]) if os.environ.get("EDUPLAN_NATIONAL_COUNTIES") else None
    print(f"每条路径取{RUNS}次中位数（导入1次；报告先不计时运行一次：导入模块、绘制图表）；limit = 同一批行按列一次读入 NumPy + 向量化内核；"
          "HTTP 在进程内（TestClient，即服务器时间，不含网络）")
    with tempfile.TemporaryDirectory(prefix="eduplan-national-") as tmp:
        work = Path(tmp)
        if "sqlite" in BACKENDS:
            bench(f"sqlite:///{work / 'national.db'}", "SQLite", work, limit)
        if "postgresql" in BACKENDS:
            with throwaway_postgres("eduplan_national") as url:
                if url is None:
                    print("跳过 PostgreSQL：未安装服务器程序（initdb/pg_ctl）")
                    return
                bench(url, "PostgreSQL", work, limit)


if __name__ == "__main__":
    main()
