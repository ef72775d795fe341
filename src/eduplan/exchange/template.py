"""Write the yearly collection workbook (年度数据采集表) for one region, or many, and a year.

Sheets: 说明 (instructions), 指标, 文中目标, 任务进展, 项目进展, 经费. Every data sheet starts with a
区县 and a 年度 column, so the single-region workbook and the multi-region (national) one
have one layout and one reader. Prefilled cells are locked (the sheet is protected without a
password, so a bureau can still lift it); cells to fill are unlocked. Hidden id columns
(指标编号, 目标编号, 经费编号) let the import match rows even when a name is edited. 文中目标 lists the
quantified targets of the plan's text that no catalog indicator covers; their figures are stored
as observations of “target:<目标编号>”. Beside each figure to fill stand last year's value and the
value already stored for the year (已存值, locked): the import checks that column against the store,
so a template filled after someone changed a value cannot silently overwrite it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.datavalidation import DataValidation

from eduplan.core.catalog import Catalog
from eduplan.core.collection.yearly import FINANCE_ITEMS
from eduplan.core.errors import InputError
from eduplan.core.plan import CatalogEntry, Plan, Project, Task
from eduplan.core.simulated import SIMULATED_MARK
from eduplan.core.spreadsheet import looks_like_formula, protect
from eduplan.exchange import workbook as wbk
from eduplan.exchange.columns import (
    ACTUAL_FINISH,
    ACTUAL_START,
    AMOUNT,
    BASELINE,
    EVIDENCE,
    FIN_CODE,
    FIN_ITEM,
    FINANCE_SOURCES,
    IND_ID,
    IND_NAME,
    INVESTMENT,
    LEAD,
    NOTE,
    PERCENT,
    PLACES,
    PLANNED_FINISH,
    PLANNED_START,
    PREVIOUS,
    PROGRESS,
    PROJ_NAME,
    PROJ_SEQ,
    PROJ_TABLE,
    REGION,
    REPORTER,
    SOURCE,
    SOURCES,
    STORED,
    TARGET,
    TARGET_KEY,
    TARGET_SUBJECT,
    TASK_ID,
    TASK_TITLE,
    UNIT,
    VALUE,
    YEAR,
    Column,
)
from eduplan.exchange.figure_rows import base_year, figure_rows
from eduplan.exchange.sheet_writer import columns_sheet, decimal_rule, letter, list_rule, validate, value_rules


def write_template(plan_or_plans: Plan | Sequence[Plan], *, region: str | None, year: int,
                   previous: Mapping[Any, float] | None = None, dest: str | Path,
                   catalog: Catalog | None = None, stored: Mapping[Any, float] | None = None,
                   simulated: bool = False) -> Path:
    """Write the collection workbook for `region` (None: every region of the plans) and `year`.

    `previous` and `stored` hold last year's and this year's stored values, keyed by observation
    indicator (one region) or by (region, indicator) (many); `simulated`: some of them are 模拟数据."""
    plans = [plan_or_plans] if isinstance(plan_or_plans, Plan) else list(plan_or_plans)
    if catalog is None:
        from eduplan.data.catalog import load_catalog
        catalog = load_catalog()
    regions = [region] if region else list(dict.fromkeys(p.region for p in plans))
    if not regions:
        raise InputError("没有区县：请指定区县或提供至少一个规划")
    by_region = {r: [p for p in plans if p.region == r] for r in regions}
    wb = Workbook(write_only=True)
    _guide_sheet(wb, regions, year, simulated=simulated)
    _indicator_sheet(wb, by_region, year, _Known(previous or {}, stored or {}), catalog)
    _target_sheet(wb, by_region, year, _Known(previous or {}, stored or {}), catalog)
    _task_sheet(wb, by_region, year)
    _project_sheet(wb, by_region, year)
    _finance_sheet(wb, regions, year)
    path = Path(dest)
    wb.save(path)
    return path


# 说明 ---------------------------------------------------------------------------------------

def _guide_sheet(wb: Workbook, regions: Sequence[str], year: int, *, simulated: bool = False) -> None:
    """The instructions sheet, in Chinese."""
    ws = wb.create_sheet(wbk.GUIDE)
    ws.column_dimensions["A"].width = 110
    who = regions[0] if len(regions) == 1 else f"{len(regions)}个区县"
    lines = [
        f"{who}{year}年度教育事业发展规划监测数据采集表",
        *([f"【{SIMULATED_MARK}】本表预填的上年值和已存值含演示用的模拟数据，不是真实统计，填报时请以实际数据替换。"]
          if simulated else []),
        "",
        "填写说明：",
        (f"1. “指标”表：在“本年值（{year}年）”列填写{year}年的数值，并选择或填写“来源”。数值只填数字，"
        "百分比指标填百分数（如 91.2，不填 0.912）。不要修改区县、年度、指标编号和指标名称。"
        f"“已存值（{year}年）”列是生成模板时库中已有的数值，只供核对：本年值留空则保留已存值，填写则替换它；"
        "若导入时库中数值已被他人修改，该行会报错而不会覆盖。"),
        (f"2. “文中目标”表：规划正文中有数量、但不在指标目录中的目标（如新增公办幼儿园数），在“本年值（{year}年）”列"
         "填写截至本年的实际数值，口径与目标一致（累计目标填累计数）。不要修改目标编号和目标内容。"),
        "3. “任务进展”表：由牵头单位填写进展情况、完成进度（0—100 的百分数）、佐证材料文件名和填报人。",
        ("4. “项目进展”表：实际开工、实际竣工填写年月，格式为 YYYY-MM（如 2023-09）；"
        "本年完成投资以万元计，本年新增学位以个计。"),
        "5. “经费”表：一般公共预算教育支出、教师培训经费、工资总额以万元计；生均支出和平均工资以元计。",
        "6. 灰色表头和预填列已锁定（工作表保护未设密码）；请勿增删列、不要改动表头。",
        ("7. 导入时逐格检查，所有问题一次列出（工作表、行、列）。只要有一个错误，整份表格不予导入，"
        "修改后重新导入即可；警告（如数值较往年变化异常）不阻止导入，严格模式下警告也会阻止导入。"),
        ("8. 也可以把每张工作表另存为 CSV（UTF-8 或 GBK 编码）分别导入，文件名中包含工作表名称即可，"
        "如“涪陵区-任务进展.csv”。"),
    ]
    for text in lines:
        ws.append([protect(WriteOnlyCell(ws, value=text)) if looks_like_formula(text) else text])


# 指标 ---------------------------------------------------------------------------------------


def _indicator_columns(year: int, base_year: int | None) -> list[Column]:
    """The 指标 sheet's columns for a year."""
    base = f"{BASELINE}（{base_year}年）" if base_year else BASELINE
    return [Column(REGION, 10), Column(YEAR, 7), Column(IND_ID, 14, hidden=True), Column(IND_NAME, 34),
            Column(UNIT, 7), Column(base, 12), Column(f"{PREVIOUS}（{year - 1}年）", 12), Column(TARGET, 16),
            Column(f"{STORED}（{year}年）", 12), Column(f"{VALUE}（{year}年）", 14, fill=True), Column(SOURCE, 14, fill=True),
            Column(NOTE, 24, fill=True)]


def _previous(previous: Mapping[Any, float], region: str, entry_id: str) -> float | None:
    """Last year's value: keyed (region, id) for many regions, or id for one."""
    value = previous.get((region, entry_id))
    return previous.get(entry_id) if value is None else value


@dataclass(frozen=True)
class _Known:
    """The values already stored: last year's and this year's."""

    previous: Mapping[Any, float]
    stored: Mapping[Any, float]

    def of(self, region: str, series: str) -> tuple[float | None, float | None]:
        """(last year's value, this year's stored value) of a series."""
        return _previous(self.previous, region, series), _previous(self.stored, region, series)


def _indicator_rows(by_region: Mapping[str, Sequence[Plan]], year: int, base: int | None, known: _Known,
                    catalog: Catalog) -> Iterator[tuple[list[Any], CatalogEntry]]:
    """One row per region × monitored indicator, with its catalog entry."""
    for region, plans in by_region.items():
        for f in figure_rows(plans, catalog, base=base):
            if f.entry is not None:
                last, now = known.of(region, f.series)
                yield [region, year, f.series, f.name, f.unit, f.baseline, last, f.target, now,
                       None, None, None], f.entry


def _indicator_sheet(wb: Workbook, by_region: Mapping[str, Sequence[Plan]], year: int,
                     known: _Known, catalog: Catalog) -> None:
    """The 指标 sheet with its dropdowns and value rules."""
    from eduplan.core.collection.plausibility import may_exceed_max

    base = base_year(p for plans in by_region.values() for p in plans)
    columns = _indicator_columns(year, base)
    limits: list[float | None] = []

    def rows() -> Iterator[list[Any]]:
        for values, entry in _indicator_rows(by_region, year, base, known, catalog):
            limits.append(None if may_exceed_max(entry) else entry.max_value)
            yield values

    ws, count = columns_sheet(wb, wbk.INDICATORS, columns, rows())
    value, source = letter(columns, VALUE), letter(columns, SOURCE)
    value_rules(ws, value, limits)
    validate(ws, list_rule(SOURCES, strict=False), f"{source}2:{source}{count + 1}" if count else "")


# 文中目标 -------------------------------------------------------------------------------------

def _target_columns(year: int) -> list[Column]:
    """The 文中目标 sheet's columns for a year."""
    return [Column(REGION, 10), Column(YEAR, 7), Column(TARGET_KEY, 20, hidden=True), Column(TARGET_SUBJECT, 34),
            Column(UNIT, 7), Column(TARGET, 22), Column(f"{PREVIOUS}（{year - 1}年）", 12),
            Column(f"{STORED}（{year}年）", 12), Column(f"{VALUE}（{year}年）", 14, fill=True),
            Column(SOURCE, 14, fill=True), Column(NOTE, 24, fill=True)]


def _target_sheet(wb: Workbook, by_region: Mapping[str, Sequence[Plan]], year: int,
                  known: _Known, catalog: Catalog) -> None:
    """The 文中目标 sheet: one row per region × quantified prose target outside the catalog."""
    def rows() -> Iterator[list[Any]]:
        for region, plans in by_region.items():
            for f in figure_rows(plans, catalog):
                if f.reported is not None:
                    last, now = known.of(region, f.series)
                    yield [region, year, f.reported.key, f.name, f.unit, f.target, last, now, None, None, None]

    columns = _target_columns(year)
    ws, count = columns_sheet(wb, wbk.TARGETS, columns, rows())
    if count:
        value, source = letter(columns, VALUE), letter(columns, SOURCE)
        validate(ws, decimal_rule(0, None), f"{value}2:{value}{count + 1}")
        validate(ws, list_rule(SOURCES, strict=False), f"{source}2:{source}{count + 1}")


# 任务进展 -------------------------------------------------------------------------------------

TASK_COLUMNS = [Column(REGION, 10), Column(YEAR, 7), Column(TASK_ID, 9), Column(TASK_TITLE, 36), Column(LEAD, 16),
                Column(PROGRESS, 48, fill=True), Column(f"{PERCENT}（%）", 11, fill=True),
                Column(f"{EVIDENCE}（文件名）", 24, fill=True), Column(REPORTER, 10, fill=True)]


def reported_tasks(plans: Iterable[Plan]) -> list[Task]:
    """The tasks units report on: the leaves of each plan's task tree, in plan order."""
    out: list[Task] = []
    for plan in plans:
        parents = {t.parent for t in plan.tasks if t.parent}
        out.extend(t for t in plan.tasks if t.id not in parents)
    return out


def _task_sheet(wb: Workbook, by_region: Mapping[str, Sequence[Plan]], year: int) -> None:
    """The 任务进展 sheet."""
    def rows() -> Iterator[list[Any]]:
        for region, plans in by_region.items():
            for t in reported_tasks(plans):
                lead = "、".join(t.lead_units or t.responsible_units[:1]) or None
                yield [region, year, t.id, t.title, lead, None, None, None, None]

    ws, count = columns_sheet(wb, wbk.TASKS, TASK_COLUMNS, rows())
    if count:
        validate(ws, decimal_rule(0, 100), f"G2:G{count + 1}")


# 项目进展 -------------------------------------------------------------------------------------

PROJECT_COLUMNS = [Column(REGION, 10), Column(YEAR, 7), Column(PROJ_TABLE, 20), Column(PROJ_SEQ, 6),
                   Column(PROJ_NAME, 30), Column(PLANNED_START, 10), Column(PLANNED_FINISH, 10),
                   Column(f"{ACTUAL_START}（YYYY-MM）", 14, fill=True, text=True),
                   Column(f"{ACTUAL_FINISH}（YYYY-MM）", 14, fill=True, text=True),
                   Column(f"{INVESTMENT}（万元）", 14, fill=True), Column(f"{PLACES}（个）", 14, fill=True),
                   Column(NOTE, 24, fill=True)]


def _planned(project: Project, month: str | None, index: int) -> str | None:
    """A planned month, else the year from the project's period."""
    if month:
        return month
    return str(project.period[index]) if project.period else None


def _project_sheet(wb: Workbook, by_region: Mapping[str, Sequence[Plan]], year: int) -> None:
    """The 项目进展 sheet."""
    def rows() -> Iterator[list[Any]]:
        for region, plans in by_region.items():
            for plan in plans:
                for p in plan.projects:
                    yield [region, year, p.table, p.seq, p.name, _planned(p, p.planned_start, 0),
                           _planned(p, p.planned_finish, 1), None, None, None, None, None]

    ws, count = columns_sheet(wb, wbk.PROJECTS, PROJECT_COLUMNS, rows())
    if count:
        validate(ws, decimal_rule(0, None), f"J2:J{count + 1}")
        places = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        places.showErrorMessage, places.error = True, "请填写不小于0的整数"
        validate(ws, places, f"K2:K{count + 1}")


# 经费 ---------------------------------------------------------------------------------------

FINANCE_COLUMNS = [Column(REGION, 10), Column(YEAR, 7), Column(FIN_CODE, 12, hidden=True), Column(FIN_ITEM, 40),
                   Column(UNIT, 7), Column(AMOUNT, 16, fill=True), Column(SOURCE, 14, fill=True),
                   Column(NOTE, 24, fill=True)]


def _finance_sheet(wb: Workbook, regions: Sequence[str], year: int) -> None:
    """The 经费 sheet: one row per region × finance item."""
    def rows() -> Iterator[list[Any]]:
        for region in regions:
            for code, (label, unit) in FINANCE_ITEMS.items():
                yield [region, year, code, label, unit, None, None, None]

    ws, count = columns_sheet(wb, wbk.FINANCE, FINANCE_COLUMNS, rows())
    if count:
        validate(ws, decimal_rule(0, None), f"F2:F{count + 1}")
        validate(ws, list_rule(FINANCE_SOURCES, strict=False), f"G2:G{count + 1}")
