"""Validate a filled collection workbook and convert it to core results, all or nothing.

Every cell is checked and every problem is collected (never only the first), each with its
sheet, row and column letter. Blank rows to fill are not problems: a row is read when any of
its cells to fill holds something. Any error → the result holds no data; warnings block only
in strict mode (see core.collection.decide). The quality checks are core.quality's.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eduplan.core.catalog import Catalog, normalize_indicator_name
from eduplan.core.collection import yearly as c
from eduplan.core.collection.plausibility import (
    DEFAULT_CEILING,
    METHOD_CODES,
    METHOD_LABELS,
    PER_PERSON_YUAN_CEILING,
    PLACES_CEILING,
    SEQUENCE_CEILING,
    History,
    OutlierArrays,
    change_outliers,
    exceeds_max,
    indicator_hierarchy,
    is_rate,
    may_exceed_max,
    plan_baselines,
    subrows_above_parent,
    value_ceiling,
)
from eduplan.core.collection.yearly import Collection, ImportResult, Issue, IssueKind, ProjectKey
from eduplan.core.errors import Location
from eduplan.core.evaluation.reported import ReportedTarget, prose_target_key, reported_targets, target_series
from eduplan.core.numbers import format_number, parse_number
from eduplan.core.plan import CatalogEntry, Observation, Plan, Project, Task
from eduplan.core.tracking.projects import parse_month
from eduplan.exchange import template as t
from eduplan.exchange import workbook as wbk

DEFAULT_SOURCE = "年度数据采集表"
_HEADER_CUT = re.compile(r"[（(]")


#: (region, observation indicator, year) → the value stored now: what the 已存值 column is checked against.
Stored = Mapping[tuple[str, str, int], float]


def import_collection(workbook_rows: wbk.WorkbookRows, *, plans: Sequence[Plan], catalog: Catalog,
                      history: History, strict: bool = False, entered_by: str | None = None,
                      stored: Stored | None = None) -> ImportResult:
    """Check every cell of a filled workbook; the data only when nothing blocks it.

    With `stored`, a sheet's 已存值 column (the stored value the template showed) is checked
    against the value stored now: a row whose 本年值 would replace a value that changed since
    (or whose 已存值 cell was edited) is an error, an edited 已存值 on a row left blank a warning.
    """
    run = _Run(workbook_rows.file, plans, catalog, entered_by, stored=stored)
    sheets = {name: rows for name, rows in workbook_rows.sheets.items() if name in wbk.DATA_SHEETS}
    if not sheets:
        found = "、".join(workbook_rows.sheets) or "无"
        run.issues.append(c.NO_KNOWN_SHEET.make(Location(file=run.file), sheets=found))
    readers = {wbk.INDICATORS: _read_indicators, wbk.TARGETS: _read_targets, wbk.TASKS: _read_tasks,
               wbk.PROJECTS: _read_projects, wbk.FINANCE: _read_finance}
    for name, rows in sheets.items():
        table = _Table.of(run, name, rows)
        if table is not None:
            readers[name](run, table)
    _check_quality(run, history)
    rows_read = sum(max(len(r) - 1, 0) for r in sheets.values())
    return c.decide(run.collection, run.issues, strict=strict, rows_read=rows_read)


@dataclass(frozen=True)
class Figure:
    """One yearly figure to check, as read from a sheet row or typed in a form field.

    `entry` (a catalog indicator) or `reported` (a prose target) says what it is a figure of;
    `at` is where its value is: a cell (sheet, row, column) or a form field (指标名/年份).
    """

    region: str | None
    year: int | None
    raw: wbk.Cell
    at: Location
    entry: CatalogEntry | None = None
    reported: ReportedTarget | None = None
    source: str | None = None


def check_figures(figures: Sequence[Figure], *, plans: Sequence[Plan], catalog: Catalog, history: History,
                  strict: bool = False, entered_by: str | None = None,
                  default_source: str = DEFAULT_SOURCE) -> ImportResult:
    """The workbook's checks on figures typed elsewhere (the web form): the same value checks,
    duplicates, outliers and sub-row sums, all or nothing, each issue at its figure's location."""
    run = _Run(None, plans, catalog, entered_by, default_source=default_source)
    seen: dict[tuple[object, ...], int] = {}
    for figure in figures:
        _check_figure(run, figure, seen)
    _check_quality(run, history)
    return c.decide(run.collection, run.issues, strict=strict, rows_read=len(figures))


@dataclass
class _Run:
    """The state of one import: inputs, lookups, results and issues."""

    file: str | None
    plans: Sequence[Plan]
    catalog: Catalog
    entered_by: str | None
    collection: Collection = field(default_factory=Collection)
    issues: list[Issue] = field(default_factory=list)
    cells_of: dict[int, Location] = field(default_factory=dict)  # id(observation) → its value cell
    stored: Stored | None = None
    default_source: str = DEFAULT_SOURCE

    def __post_init__(self) -> None:
        self.by_region: dict[str, list[Plan]] = {}
        for plan in self.plans:
            self.by_region.setdefault(plan.region, []).append(plan)
        self._names = {normalize_indicator_name(e.name): e for e in self.catalog.entries}
        self.reported = {region: {r.key: r for r in reported_targets(plans, self.catalog)}
                         for region, plans in self.by_region.items()}
        self.series = {r.series: r for targets in self.reported.values() for r in targets.values()}

    def unit(self, indicator: str) -> str | None:
        """The unit of an observation's indicator: a catalog entry's, or a prose target's."""
        entry = self.catalog.get(indicator)
        if entry is not None:
            return entry.unit
        reported = self.series.get(indicator)
        return reported.unit if reported else None

    def name(self, indicator: str) -> str:
        """How an indicator is named in messages: its catalog name, or the prose target's subject."""
        entry = self.catalog.get(indicator)
        if entry is not None:
            return entry.name
        reported = self.series.get(indicator)
        return reported.subject if reported else indicator


@dataclass
class _Table:
    """A sheet's rows with its header: column key → 0-based index."""

    name: str
    header_row: int
    columns: dict[str, int]
    rows: list[wbk.Row]
    year_in_header: int | None = None

    @classmethod
    def of(cls, run: _Run, name: str, rows: list[wbk.Row]) -> _Table | None:
        """The table of a sheet, or None (with an issue) when its header lacks a required column."""
        if not rows:
            return None
        number, cells = rows[0]
        columns: dict[str, int] = {}
        year = None
        for i, cell in enumerate(cells):
            key = header_key(cell)
            if key and key not in columns:
                columns[key] = i
            if key == t.VALUE and (m := re.search(r"(\d{4})年", str(cell))):
                year = int(m.group(1))
        missing = [k for k in _REQUIRED[name] if k not in columns]
        if t.YEAR in missing and year is not None:  # a hand-made sheet: “本年值（2023年）”
            missing.remove(t.YEAR)
        for key in missing:
            run.issues.append(c.MISSING_COLUMN.make(Location(file=run.file, sheet=name, row=number), column=key))
        return None if missing else cls(name, number, columns, rows[1:], year)

    def cell(self, cells: tuple[wbk.Cell, ...], key: str) -> wbk.Cell:
        """The cell of a column in a row (None when the row is short or the column absent)."""
        i = self.columns.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    def at(self, run: _Run, row: int, key: str) -> Location:
        """The location of a cell."""
        i = self.columns.get(key)
        letter = column_letter(i) if i is not None else None
        return Location(file=run.file, sheet=self.name, row=row, column=letter)

    def filled(self, cells: tuple[wbk.Cell, ...], keys: Iterable[str]) -> bool:
        """Whether any of these cells holds something."""
        return any(self.cell(cells, k) is not None for k in keys)


_REQUIRED = {
    wbk.INDICATORS: (t.REGION, t.YEAR, t.VALUE),
    wbk.TARGETS: (t.REGION, t.YEAR, t.VALUE),
    wbk.TASKS: (t.REGION, t.YEAR, t.TASK_ID),
    wbk.PROJECTS: (t.REGION, t.YEAR, t.PROJ_NAME),
    wbk.FINANCE: (t.REGION, t.YEAR, t.AMOUNT),
}


def header_key(cell: wbk.Cell) -> str | None:
    """A header cell's key: the text before any bracket, without spaces or “*”."""
    if cell is None:
        return None
    text = re.sub(r"[\s*＊]", "", str(cell))
    return _HEADER_CUT.split(text, maxsplit=1)[0] or None


column_letter = wbk.column_letter


# Cells --------------------------------------------------------------------------------------

def text(cell: wbk.Cell) -> str | None:
    """A cell as stripped text; a whole float without its “.0”."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    s = str(cell).strip()
    return s or None


def number(cell: wbk.Cell) -> float | None:
    """A cell's number (text cells through the one number parser), else None.

    NaN is no number; a number too large for a float (a 400-digit integer, 1e999) is ±inf, so
    that the range checks refuse it as out of range instead of it reaching the database.
    """
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        try:
            value = float(cell)
        except OverflowError:
            return math.inf if cell > 0 else -math.inf
        return None if math.isnan(value) else value
    if isinstance(cell, str):
        parsed = parse_number(cell)
        return None if parsed is None or math.isnan(parsed) else parsed
    return None


def shown(value: float) -> str:
    """A number for a message: as written, or in exponent form when huge (1e+308), “无穷大” when infinite."""
    if math.isinf(value):
        return "无穷大" if value > 0 else "负无穷大"
    return format_number(value) if abs(value) < 1e15 else f"{value:.3g}"


def month(cell: wbk.Cell) -> str | None:
    """A month cell as “YYYY-MM” (a date cell, “2023-09”, “2023/9”, “2023年9月”), else None."""
    if isinstance(cell, (dt.datetime, dt.date)):
        return f"{cell.year:04d}-{cell.month:02d}"
    if not isinstance(cell, str):
        return None
    parsed = parse_month(cell)
    if parsed is None or parsed[1] is None or not 1949 <= parsed[0] <= 2100:
        return None
    return f"{parsed[0]:04d}-{parsed[1]:02d}"


def _issue(run: _Run, kind: IssueKind, loc: Location, **data: Any) -> None:
    """Record an issue."""
    run.issues.append(kind.make(loc, **data))


def _region_year(run: _Run, table: _Table, row: int, cells: tuple[wbk.Cell, ...]) -> tuple[str, int] | None:
    """The row's region and year, with an issue for each that is missing or wrong."""
    region = text(table.cell(cells, t.REGION))
    if region is None:
        _issue(run, c.MISSING_REGION, table.at(run, row, t.REGION))
    raw = table.cell(cells, t.YEAR)
    value = number(raw) if raw is not None else None
    if raw is None and table.year_in_header is not None:
        value = float(table.year_in_header)
    year = int(value) if value is not None and value.is_integer() and 1949 <= value <= 2100 else None
    if year is None:
        _issue(run, c.BAD_YEAR, table.at(run, row, t.YEAR), value=text(raw) or "（空）")
    return (region, year) if region is not None and year is not None else None


def _amount(run: _Run, table: _Table, row: int, cells: tuple[wbk.Cell, ...], key: str,
            what: str, *, ceiling: float = DEFAULT_CEILING, unit: str | None = None) -> tuple[bool, float | None]:
    """A non-negative number cell at most `ceiling`: (ok, value); blank is (True, None)."""
    return _checked(run, table.cell(cells, key), table.at(run, row, key), what, ceiling=ceiling, unit=unit)


def _checked(run: _Run, raw: wbk.Cell, loc: Location, what: str, *, ceiling: float = DEFAULT_CEILING,
             unit: str | None = None) -> tuple[bool, float | None]:
    """A non-negative number at most `ceiling`, wherever it was typed: (ok, value); blank is (True, None)."""
    if raw is None:
        return True, None
    value = number(raw)
    if value is None:
        _issue(run, c.NOT_A_NUMBER, loc, value=text(raw))
        return False, None
    if value < 0:
        _issue(run, c.NEGATIVE_VALUE, loc, value=shown(value), what=what)
        return False, None
    if value > ceiling:
        _issue(run, c.VALUE_OUT_OF_RANGE, loc, what=what, value=shown(value),
               limit=format_number(ceiling), unit=unit or "")
        return False, None
    return True, value


def _once(run: _Run, seen: dict[tuple[object, ...], int], key: tuple[object, ...], loc: Location,
          what: str) -> bool:
    """False (with an issue) when this key was already read on another row."""
    if key not in seen:
        seen[key] = loc.row or 0
        return True
    _issue(run, c.DUPLICATE_ROW, loc, what=what, first=seen[key])
    return False


# 指标 ---------------------------------------------------------------------------------------

def _entry(run: _Run, table: _Table, row: int, cells: tuple[wbk.Cell, ...]) -> CatalogEntry | None:
    """The catalog entry of an indicator row: by hidden id, else by name and unit."""
    ident, name = text(table.cell(cells, t.IND_ID)), text(table.cell(cells, t.IND_NAME))
    entry = run.catalog.get(ident) if ident else None
    if entry is None and name:
        unit = text(table.cell(cells, t.UNIT))
        entry = run.catalog.match(name, unit) or run._names.get(normalize_indicator_name(name))
    if entry is None:
        key = t.IND_ID if ident else t.IND_NAME
        _issue(run, c.UNKNOWN_INDICATOR, table.at(run, row, key), value=ident or name or "（空）")
    return entry


def _read_indicators(run: _Run, table: _Table) -> None:
    """Observations from the 指标 sheet."""
    seen: dict[tuple[object, ...], int] = {}
    for row, cells in table.rows:
        if not table.filled(cells, (t.VALUE,)):
            _stored_untouched(run, table, row, cells, _quiet_entry_id(run, table, cells))
            continue
        where = _region_year(run, table, row, cells)
        entry = _entry(run, table, row, cells)
        figure = Figure(where[0] if where else None, where[1] if where else None, table.cell(cells, t.VALUE),
                        table.at(run, row, t.VALUE), entry=entry, source=text(table.cell(cells, t.SOURCE)))
        if _check_figure(run, figure, seen) and where and entry:
            _stored_replaced(run, table, row, cells, where, entry.id, entry.name)


def _check_figure(run: _Run, figure: Figure, seen: dict[tuple[object, ...], int]) -> bool:
    """Check one figure and keep its observation; False when it is wrong or incomplete."""
    entry, reported, loc = figure.entry, figure.reported, figure.at
    if entry is not None:
        what, unit, ceiling = f"“{entry.name}”", entry.unit, value_ceiling(entry.unit, max_value=entry.max_value)
    elif reported is not None:
        what, unit, ceiling = f"目标“{reported.subject}”", reported.unit, value_ceiling(reported.unit)
    else:
        what, unit, ceiling = "数值", None, DEFAULT_CEILING
    ok, value = _checked(run, figure.raw, loc, what, ceiling=ceiling, unit=unit)
    if figure.region is None or figure.year is None or not ok or value is None:
        return False
    if entry is not None:
        if not _once(run, seen, (figure.region, figure.year, entry.id), loc, what):
            return False
        if exceeds_max(entry, value):
            limits = {"name": entry.name, "value": format_number(value), "limit": format_number(entry.max_value)}
            _issue(run, c.GROSS_RATE_ABOVE_100 if may_exceed_max(entry) else c.RATE_ABOVE_MAX, loc, **limits)
        series = entry.id
    elif reported is not None:
        if not _once(run, seen, (figure.region, figure.year, reported.key), loc, what):
            return False
        if is_rate(reported.unit) and value > 100:
            _issue(run, c.TARGET_RATE_ABOVE_100, loc, name=reported.subject, value=format_number(value))
        series = reported.series
    else:
        return False
    _observe(run, figure.source, Observation(series, figure.region, figure.year, value), loc)
    return True


# 文中目标 -------------------------------------------------------------------------------------

def _reported(run: _Run, table: _Table, row: int, cells: tuple[wbk.Cell, ...], region: str | None
              ) -> ReportedTarget | None:
    """The prose target of a row: by hidden key, else by subject and unit (a hand-made sheet)."""
    key, subject = text(table.cell(cells, t.TARGET_KEY)), text(table.cell(cells, t.TARGET_SUBJECT))
    if key is None and subject is not None:
        key = prose_target_key(subject, text(table.cell(cells, t.UNIT)))
    if region is None:
        return None
    if not _plans_of(run, table, row, region):
        return None
    found = run.reported.get(region, {}).get(key) if key else None
    if found is None:
        column = t.TARGET_KEY if t.TARGET_KEY in table.columns else t.TARGET_SUBJECT
        _issue(run, c.UNKNOWN_TARGET, table.at(run, row, column), value=key or "（空）", region=region)
    return found


def _read_targets(run: _Run, table: _Table) -> None:
    """Observations “target:<key>” from the 文中目标 sheet."""
    seen: dict[tuple[object, ...], int] = {}
    for row, cells in table.rows:
        if not table.filled(cells, (t.VALUE,)):
            key = text(table.cell(cells, t.TARGET_KEY))
            _stored_untouched(run, table, row, cells, target_series(key) if key else None)
            continue
        where = _region_year(run, table, row, cells)
        reported = _reported(run, table, row, cells, where[0] if where else None)
        figure = Figure(where[0] if where else None, where[1] if where else None, table.cell(cells, t.VALUE),
                        table.at(run, row, t.VALUE), reported=reported, source=text(table.cell(cells, t.SOURCE)))
        if _check_figure(run, figure, seen) and where and reported:
            _stored_replaced(run, table, row, cells, where, reported.series, reported.subject)


def _observe(run: _Run, source: str | None, obs: Observation, loc: Location) -> None:
    """Keep an observation with its source (else the workbook's, or the form's) and who entered it."""
    obs.source = source or (f"{run.default_source}（{run.file}）" if run.file else run.default_source)
    obs.reported_by = run.entered_by
    run.collection.observations.append(obs)
    run.cells_of[id(obs)] = loc


# 已存值 ----------------------------------------------------------------------------------------

def _stored_cell(run: _Run, table: _Table, cells: tuple[wbk.Cell, ...], region: str | None, year: int | None,
                 series: str | None) -> tuple[wbk.Cell, float | None] | None:
    """The 已存值 cell and the value stored now, when the row's cell disagrees with it (else None)."""
    if run.stored is None or t.STORED not in table.columns or region is None or year is None or series is None:
        return None
    raw = table.cell(cells, t.STORED)
    now = run.stored.get((region, series, year))
    shown_value = number(raw) if raw is not None else None
    if raw is None and now is None:
        return None
    if shown_value is not None and now is not None and math.isclose(shown_value, now, rel_tol=1e-9, abs_tol=1e-9):
        return None
    return raw, now


def _stored_replaced(run: _Run, table: _Table, row: int, cells: tuple[wbk.Cell, ...], where: tuple[str, int],
                     series: str, name: str) -> None:
    """An error when a row's 本年值 would replace a stored value other than the one its 已存值 shows
    (a 本年值 equal to the value stored now replaces nothing: the same workbook imported twice)."""
    found = _stored_cell(run, table, cells, *where, series)
    value = run.collection.observations[-1].value  # the row's figure, just kept by _check_figure
    if found is not None and not (found[1] is not None and math.isclose(value, found[1], rel_tol=1e-9, abs_tol=1e-9)):
        raw, now = found
        _issue(run, c.STORED_VALUE_CHANGED, table.at(run, row, t.STORED), value=text(raw) or "（空）", name=name,
               year=where[1], now="无" if now is None else format_number(now))


def _stored_untouched(run: _Run, table: _Table, row: int, cells: tuple[wbk.Cell, ...], series: str | None) -> None:
    """A warning when a row left blank has an edited 已存值 cell: that column is never written."""
    region = text(table.cell(cells, t.REGION))
    year = number(table.cell(cells, t.YEAR)) if table.cell(cells, t.YEAR) is not None else table.year_in_header
    if year is None or not float(year).is_integer():
        return
    found = _stored_cell(run, table, cells, region, int(year), series)
    if found is not None:
        raw, now = found
        _issue(run, c.STORED_VALUE_EDITED, table.at(run, row, t.STORED), value=text(raw) or "（空）",
               now="无" if now is None else format_number(now), year=int(year))


def _quiet_entry_id(run: _Run, table: _Table, cells: tuple[wbk.Cell, ...]) -> str | None:
    """The catalog id of a row left blank, by hidden id or name, without reporting anything."""
    ident, name = text(table.cell(cells, t.IND_ID)), text(table.cell(cells, t.IND_NAME))
    entry = run.catalog.get(ident) if ident else None
    if entry is None and name:
        entry = run._names.get(normalize_indicator_name(name))
    return entry.id if entry else None


# 任务进展 -------------------------------------------------------------------------------------

_TASK_FILL = (t.PROGRESS, t.PERCENT, t.EVIDENCE, t.REPORTER)


def _plans_of(run: _Run, table: _Table, row: int, region: str) -> list[Plan] | None:
    """The region's plans, or None with an unknown-region issue."""
    plans = run.by_region.get(region)
    if not plans:
        _issue(run, c.UNKNOWN_REGION, table.at(run, row, t.REGION), value=region)
    return plans


def _task(plans: Sequence[Plan], task_id: str) -> Task | None:
    """A plan task by id (the first plan that has it)."""
    return next((task for p in plans for task in p.tasks if task.id == task_id), None)


def _read_tasks(run: _Run, table: _Table) -> None:
    """Task progress reports from the 任务进展 sheet."""
    seen: dict[tuple[object, ...], int] = {}
    for row, cells in table.rows:
        if not table.filled(cells, _TASK_FILL):
            continue
        where = _region_year(run, table, row, cells)
        task_id = text(table.cell(cells, t.TASK_ID))
        plans = _plans_of(run, table, row, where[0]) if where else None
        if where and plans and (task_id is None or _task(plans, task_id) is None):
            _issue(run, c.UNKNOWN_TASK, table.at(run, row, t.TASK_ID), value=task_id or "（空）", region=where[0])
            plans = None
        percent = _percent(run, table, row, cells)
        if where is None or not plans or task_id is None or percent is False:
            continue
        if not _once(run, seen, (*where, task_id), table.at(run, row, t.TASK_ID), f"任务{task_id}"):
            continue
        run.collection.tasks.append(c.TaskReport(
            where[0], where[1], task_id, progress=text(table.cell(cells, t.PROGRESS)),
            percent=percent if isinstance(percent, float) else None,
            evidence=text(table.cell(cells, t.EVIDENCE)), reported_by=text(table.cell(cells, t.REPORTER)),
            entered_by=run.entered_by))


def _percent(run: _Run, table: _Table, row: int, cells: tuple[wbk.Cell, ...]) -> float | None | bool:
    """The percent done (None when blank), or False when wrong (with an issue)."""
    raw = table.cell(cells, t.PERCENT)
    if raw is None:
        return None
    value = number(raw)
    loc = table.at(run, row, t.PERCENT)
    if value is None:
        _issue(run, c.NOT_A_NUMBER, loc, value=text(raw))
        return False
    if not 0 <= value <= 100:
        _issue(run, c.PERCENT_OUT_OF_RANGE, loc, value=text(raw))
        return False
    return value


# 项目进展 -------------------------------------------------------------------------------------

_PROJECT_FILL = (t.ACTUAL_START, t.ACTUAL_FINISH, t.INVESTMENT, t.PLACES, t.NOTE)


def find_project(plans: Sequence[Plan], key: ProjectKey) -> Project | None:
    """A plan project by table, sequence and name; by name alone when that is unambiguous."""
    projects = [p for plan in plans for p in plan.projects]
    exact = [p for p in projects if (p.table, p.seq, p.name) == (key.table, key.seq, key.name)]
    if exact:
        return exact[0]
    named = [p for p in projects if p.name == key.name]
    return named[0] if len(named) == 1 else None


def _project_key(table: _Table, cells: tuple[wbk.Cell, ...]) -> ProjectKey | None:
    """The project key of a row (None without a name)."""
    name = text(table.cell(cells, t.PROJ_NAME))
    seq = number(table.cell(cells, t.PROJ_SEQ))
    if name is None:
        return None
    whole = seq is not None and seq.is_integer() and 0 <= seq <= SEQUENCE_CEILING
    return ProjectKey(text(table.cell(cells, t.PROJ_TABLE)), int(seq) if whole and seq is not None else None, name)


def _month(run: _Run, table: _Table, row: int, cells: tuple[wbk.Cell, ...], key: str,
           year: int | None) -> tuple[bool, str | None]:
    """A month cell: (ok, "YYYY-MM" or None)."""
    raw = table.cell(cells, key)
    if raw is None:
        return True, None
    value = month(raw)
    loc = table.at(run, row, key)
    if value is None:
        _issue(run, c.BAD_MONTH, loc, value=text(raw))
        return False, None
    if year is not None and int(value[:4]) > year:
        _issue(run, c.MONTH_AFTER_YEAR, loc, value=value, year=year, what=key)
        return False, None
    return True, value


def _places(run: _Run, table: _Table, row: int, cells: tuple[wbk.Cell, ...]) -> tuple[bool, int | None]:
    """Places delivered: a non-negative whole number."""
    ok, value = _amount(run, table, row, cells, t.PLACES, "新增学位", ceiling=PLACES_CEILING, unit="个")
    if not ok or value is None:
        return ok, None
    if not value.is_integer():
        _issue(run, c.NOT_AN_INTEGER, table.at(run, row, t.PLACES), value=format_number(value), what="新增学位")
        return False, None
    return True, int(value)


def _read_projects(run: _Run, table: _Table) -> None:
    """Project progress reports from the 项目进展 sheet."""
    seen: dict[tuple[object, ...], int] = {}
    for row, cells in table.rows:
        if not table.filled(cells, _PROJECT_FILL):
            continue
        where = _region_year(run, table, row, cells)
        key = _project_key(table, cells)
        seq = number(table.cell(cells, t.PROJ_SEQ))
        if seq is not None and not 0 <= seq <= SEQUENCE_CEILING:
            _issue(run, c.VALUE_OUT_OF_RANGE, table.at(run, row, t.PROJ_SEQ), what="序号", value=shown(seq),
                   limit=format_number(SEQUENCE_CEILING), unit="")
            continue
        plans = _plans_of(run, table, row, where[0]) if where else None
        if where and plans and (key is None or find_project(plans, key) is None):
            label = key.label() if key else "（空）"
            _issue(run, c.UNKNOWN_PROJECT, table.at(run, row, t.PROJ_NAME), value=label, region=where[0])
            plans = None
        year = where[1] if where else None
        ok_start, start = _month(run, table, row, cells, t.ACTUAL_START, year)
        ok_finish, finish = _month(run, table, row, cells, t.ACTUAL_FINISH, year)
        ok_spent, spent = _amount(run, table, row, cells, t.INVESTMENT, "本年完成投资",
                                  ceiling=value_ceiling("万元"), unit="万元")
        ok_places, places = _places(run, table, row, cells)
        if start and finish and finish < start:
            _issue(run, c.FINISH_BEFORE_START, table.at(run, row, t.ACTUAL_FINISH), value=finish, start=start)
            continue
        if where is None or not plans or key is None or not (ok_start and ok_finish and ok_spent and ok_places):
            continue
        if not _once(run, seen, (*where, key), table.at(run, row, t.PROJ_NAME), f"项目“{key.name}”"):
            continue
        run.collection.projects.append(c.ProjectReport(
            where[0], where[1], key, actual_start=start, actual_finish=finish, investment=spent, places=places,
            note=text(table.cell(cells, t.NOTE)), entered_by=run.entered_by))


# 经费 ---------------------------------------------------------------------------------------

_FINANCE_LABELS = {re.sub(r"[\s（）()]", "", label): code for code, (label, _) in c.FINANCE_ITEMS.items()}


def _finance_code(table: _Table, cells: tuple[wbk.Cell, ...]) -> str | None:
    """The finance item of a row: by hidden code, else by its label."""
    code = text(table.cell(cells, t.FIN_CODE))
    if code in c.FINANCE_ITEMS:
        return code
    label = text(table.cell(cells, t.FIN_ITEM))
    return _FINANCE_LABELS.get(re.sub(r"[\s（）()]", "", label)) if label else None


def _read_finance(run: _Run, table: _Table) -> None:
    """Finance records from the 经费 sheet, one per region and year."""
    seen: dict[tuple[object, ...], int] = {}
    records: dict[tuple[str, int], dict[str, float]] = {}
    sources: dict[tuple[str, int], str] = {}
    for row, cells in table.rows:
        if not table.filled(cells, (t.AMOUNT,)):
            continue
        where = _region_year(run, table, row, cells)
        code = _finance_code(table, cells)
        if code is None:
            raw = table.cell(cells, t.FIN_ITEM) or table.cell(cells, t.FIN_CODE)
            _issue(run, c.UNKNOWN_FINANCE_ITEM, table.at(run, row, t.FIN_ITEM), value=text(raw) or "（空）")
        unit = c.FINANCE_ITEMS[code][1] if code else None
        ceiling = PER_PERSON_YUAN_CEILING if unit == "元" else value_ceiling(unit)
        ok, value = _amount(run, table, row, cells, t.AMOUNT, f"“{c.FINANCE_ITEMS[code][0]}”" if code else "经费数值",
                            ceiling=ceiling, unit=unit)
        if where is None or code is None or not ok or value is None:
            continue
        if _once(run, seen, (*where, code), table.at(run, row, t.AMOUNT), f"经费项目“{c.FINANCE_ITEMS[code][0]}”"):
            records.setdefault(where, {})[code] = value
            if (src := text(table.cell(cells, t.SOURCE))) is not None:
                sources.setdefault(where, src)
    for (region, year), items in records.items():
        run.collection.finance.append(_finance_record(run, region, year, items, sources.get((region, year))))


def _finance_record(run: _Run, region: str, year: int, items: Mapping[str, float], source: str | None
                    ) -> c.FinanceRecord:
    """A FinanceRecord from item code → value."""
    per_student = {code.split(".", 1)[1]: v for code, v in items.items() if code.startswith("per_student.")}
    return c.FinanceRecord(region, year, budget=items.get("budget"), per_student=per_student,
                           teacher_salary=items.get("teacher_salary"),
                           civil_servant_salary=items.get("civil_servant_salary"),
                           training_spend=items.get("training_spend"), payroll=items.get("payroll"),
                           source=source or DEFAULT_SOURCE, entered_by=run.entered_by)


# Quality ------------------------------------------------------------------------------------

def _check_quality(run: _Run, history: History) -> None:
    """Outlier and sub-row warnings over the observations read."""
    observations = run.collection.observations
    if not observations:
        return
    _check_outliers(run, observations, {**plan_baselines(run.plans, run.catalog), **history})
    hierarchy = indicator_hierarchy(run.plans, run.catalog)
    if hierarchy:
        _check_subrows(run, observations, hierarchy)


def _check_outliers(run: _Run, observations: Sequence[Observation], history: History) -> None:
    """Outlier warnings, year by year, computed on arrays."""
    for year in sorted({o.year for o in observations}):
        group = [o for o in observations if o.year == year]
        series = [history.get((o.region, o.indicator), {}) for o in group]
        years = sorted({y for s in series for y in s if y < year})
        col = {y: j for j, y in enumerate(years)}
        hist = np.full((len(group), len(years)), np.nan)
        for i, s in enumerate(series):
            for y, v in s.items():
                if y in col:
                    hist[i, col[y]] = v
        units = [run.unit(o.indicator) for o in group]
        rate = np.array([is_rate(u) for u in units], dtype=bool)
        values = np.array([o.value for o in group], dtype=np.float64)
        result = change_outliers(years, hist, year=year, values=values, rate=rate)
        for flagged in np.flatnonzero(result.flagged):
            _outlier_issue(run, group[int(flagged)], result, int(flagged))


def _outlier_issue(run: _Run, obs: Observation, r: OutlierArrays, i: int) -> None:
    """The warning for one flagged observation."""
    last = float(r.last_value[i])
    delta = obs.value - last
    run.issues.append(c.OUTLIER_CHANGE.make(
        run.cells_of[id(obs)], value=format_number(obs.value), name=run.name(obs.indicator), year=obs.year,
        last_year=int(r.last_year[i]), last=format_number(last),
        delta=("+" if delta > 0 else "") + format_number(round(delta, 2)),
        low=format_number(round(max(float(r.low[i]), 0.0), 2)), high=format_number(round(float(r.high[i]), 2)),
        method=METHOD_LABELS[METHOD_CODES[int(r.method[i])]]))


def _check_subrows(run: _Run, observations: Sequence[Observation], hierarchy: Mapping[str, str]) -> None:
    """Sub-row-above-parent warnings per region and year."""
    groups: dict[tuple[str, int], dict[str, Observation]] = {}
    for obs in observations:
        groups.setdefault((obs.region, obs.year), {})[obs.indicator] = obs
    for group in groups.values():
        values = {k: o.value for k, o in group.items()}
        for child, parent in subrows_above_parent(values, hierarchy):
            kid, up = group[child], group[parent]
            run.issues.append(c.SUBROW_ABOVE_PARENT.make(
                run.cells_of[id(kid)], value=format_number(kid.value), name=run.name(child),
                parent=run.name(parent), parent_value=format_number(up.value)))

