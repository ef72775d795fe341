"""Importing a national collection workbook: 2,850 regions in the multi-region layout.

Each region has a synthetic plan (every catalog indicator, 5 tasks, 2 projects); the workbook
is the template of all regions with every cell to fill filled (about 1 % of values jump, so
the outlier check has work) and a 2016–2022 history per series. Timed: streaming the .xlsx
and validating/converting it, median of RUNS; peak Python memory by tracemalloc
in a separate run. Run: `.venv/bin/python -m benchmarks imports`.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl import Workbook

from eduplan.core.catalog import Catalog
from eduplan.core.plan import Indicator, Plan, Project, Task
from eduplan.data.catalog import load_catalog
from eduplan.exchange import import_collection, read_workbook, write_template
from eduplan.exchange import workbook as wbk

REGIONS = 2850
YEAR = 2023
HISTORY_YEARS = range(2016, YEAR)
RUNS = 3
#: A base value's range by unit: years of schooling stay below the importer's ceiling of 30 years.
_BASE_RANGE = {"年": (9.0, 14.0)}


def synthetic_plans(catalog: Catalog, rng: np.random.Generator) -> list[Plan]:
    """One plan per region: every catalog indicator with a 2020 value, 5 tasks, 2 projects."""
    plans = []
    for r in range(REGIONS):
        indicators = [Indicator(e.name, unit=e.unit, catalog_id=e.id, table="主要指标",
                                values={"2020": round(float(rng.uniform(*_BASE_RANGE.get(e.unit or "", (50, 95)))), 1)})
                      for e in catalog.entries]
        tasks = [Task(f"{i}", f"任务{i}", lead_units=["区教委"]) for i in range(1, 6)]
        projects = [Project(f"第{i}号学校新建", table="建设项目表", seq=i, period=(2021, 2024)) for i in (1, 2)]
        plans.append(Plan(region=f"区县{r:04d}", title="规划", period=(2021, 2025), indicators=indicators,
                          tasks=tasks, projects=projects))
    return plans


def synthetic_history(plans: list[Plan]) -> tuple[dict[tuple[str, str], dict[int, float]], dict[Any, float]]:
    """A steady 2016–2022 series per region × indicator, and this year's value for each (1 % jump)."""
    rng = np.random.default_rng(2023)
    history: dict[tuple[str, str], dict[int, float]] = {}
    current: dict[Any, float] = {}
    for plan in plans:
        for ind in plan.indicators:
            base, step = float(ind.values["2020"] or 0.0), float(rng.normal(0.5, 0.3))
            cap = 99.9 if ind.unit == "%" else float("inf")  # a rate above 100 would be an error
            series = {y: min(round(base + step * (y - 2020) + float(rng.normal(0, 0.2)), 2), cap)
                      for y in HISTORY_YEARS}
            history[(plan.region, str(ind.catalog_id))] = series
            jump = -min(15.0, base / 2) if rng.random() < 0.01 else 0.0  # a value never falls below 0
            current[(plan.region, str(ind.catalog_id))] = min(round(series[YEAR - 1] + step + jump, 2), cap)
    return history, current


def fill_workbook(template: Path, dest: Path, current: dict[Any, float]) -> int:
    """The template with every cell to fill filled, written as a plain workbook; returns data rows."""
    sheets = read_workbook(template).sheets
    out = Workbook(write_only=True)
    rows = 0
    for name, sheet_rows in sheets.items():
        ws = out.create_sheet(name)
        for n, cells in sheet_rows:
            row = list(cells) + [None] * 12
            if n > 1:
                rows += _fill(name, row, current)
            ws.append(row[: max(len(cells), 12)])
    out.save(dest)
    return rows


def _fill(sheet: str, row: list[Any], current: dict[Any, float]) -> int:
    """Fill one data row of a sheet in place."""
    if sheet == wbk.INDICATORS:
        row[9], row[10] = current[(row[0], row[2])], "教育事业统计"  # J 本年值, K 来源 (I is 已存值)
    elif sheet == wbk.TASKS:
        row[5:9] = ["按计划推进", 60, "佐证.pdf", "张三"]
    elif sheet == wbk.PROJECTS:
        row[7:11] = ["2021-03", None, 1200.5, 300]
    elif sheet == wbk.FINANCE:
        row[5] = 52000
    else:
        return 0
    return 1


def _reader(path: Path) -> str:
    """Which reader reads the workbook: calamine from FAST_READ_BYTES on, else the lxml stream."""
    from eduplan.exchange import workbook

    return "calamine" if path.stat().st_size >= getattr(workbook, "FAST_READ_BYTES", float("inf")) else "lxml 流式"


def _median_seconds(fn: Callable[[], object]) -> float:
    """Median wall seconds of RUNS calls."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Generate the national workbook, then time reading and importing it."""
    catalog = load_catalog()
    plans = synthetic_plans(catalog, np.random.default_rng(2021))
    history, current = synthetic_history(plans)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        template = write_template(plans, region=None, year=YEAR, previous=None, dest=Path(tmp) / "template.xlsx",
                                  catalog=catalog)
        filled = Path(tmp) / "national.xlsx"
        rows = fill_workbook(template, filled, current)
        print(f"生成：{REGIONS}个区县，{rows:,}行数据，模板+填写用时{time.perf_counter() - start:.1f} s，"
              f"文件{filled.stat().st_size / 1e6:.1f} MB")
        book = read_workbook(filled)

        def run_import() -> Any:
            return import_collection(book, plans=plans, catalog=catalog, history=history, entered_by="基准测试")

        read_s = _median_seconds(lambda: read_workbook(filled))
        import_s = _median_seconds(run_import)
        result = run_import()
        tracemalloc.start()
        run_import_full = import_collection(read_workbook(filled), plans=plans, catalog=catalog, history=history)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    c = result.collection
    print(f"读取 .xlsx（{_reader(filled)}）中位数 {read_s:.2f} s；校验与转换中位数 {import_s:.2f} s；"
          f"合计 {read_s + import_s:.2f} s（{RUNS}次取中位数）")
    assert run_import_full.accepted, run_import_full.errors[:3]
    print(f"峰值内存（tracemalloc，读取+导入）{peak / 1e6:.0f} MB")
    print(f"结果：{'可以导入' if c else '拒绝'}；监测值{len(c.observations) if c else 0:,}条，"
          f"警告{len(result.warnings):,}个，错误{len(result.errors)}个")


if __name__ == "__main__":
    main()
