"""The 指标 and 文中目标 sheets, and figures typed in the web form: one check per figure.

A figure is a catalog indicator's or a quantified prose target's value for a region and year,
read from a sheet row or a form field (`Figure`); `check_figures` runs the workbook's checks on
figures typed elsewhere. The 已存值 column is checked against the value stored now.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from eduplan.core.catalog import Catalog, normalize_indicator_name
from eduplan.core.collection import yearly as c
from eduplan.core.collection.plausibility import (
    DEFAULT_CEILING,
    History,
    exceeds_max,
    is_rate,
    may_exceed_max,
    value_ceiling,
)
from eduplan.core.collection.yearly import ImportResult
from eduplan.core.errors import Location
from eduplan.core.evaluation.reported import ReportedTarget, prose_target_key, target_series
from eduplan.core.numbers import format_number
from eduplan.core.plan import CatalogEntry, Observation, Plan
from eduplan.exchange import columns as t
from eduplan.exchange.cells import number, text
from eduplan.exchange.import_quality import check_quality
from eduplan.exchange.import_run import (
    DEFAULT_SOURCE,
    Run,
    Table,
    checked,
    issue,
    observe,
    once,
    plans_of,
    region_year,
)
from eduplan.exchange.rows import Cell


@dataclass(frozen=True)
class Figure:
    """One yearly figure to check, as read from a sheet row or typed in a form field.

    `entry` (a catalog indicator) or `reported` (a prose target) says what it is a figure of;
    `at` is where its value is: a cell (sheet, row, column) or a form field (指标名/年份).
    """

    region: str | None
    year: int | None
    raw: Cell
    at: Location
    entry: CatalogEntry | None = None
    reported: ReportedTarget | None = None
    source: str | None = None


def check_figures(figures: Sequence[Figure], *, plans: Sequence[Plan], catalog: Catalog, history: History,
                  strict: bool = False, entered_by: str | None = None,
                  default_source: str = DEFAULT_SOURCE) -> ImportResult:
    """The workbook's checks on figures typed elsewhere (the web form): the same value checks,
    duplicates, outliers and sub-row sums, all or nothing, each issue at its figure's location."""
    run = Run(None, plans, catalog, entered_by, default_source=default_source)
    seen: dict[tuple[object, ...], int] = {}
    for figure in figures:
        _check_figure(run, figure, seen)
    check_quality(run, history)
    return c.decide(run.collection, run.issues, strict=strict, rows_read=len(figures))


# 指标 ---------------------------------------------------------------------------------------

def _entry(run: Run, table: Table, row: int, cells: tuple[Cell, ...]) -> CatalogEntry | None:
    """The catalog entry of an indicator row: by hidden id, else by name and unit."""
    ident, name = text(table.cell(cells, t.IND_ID)), text(table.cell(cells, t.IND_NAME))
    entry = run.catalog.get(ident) if ident else None
    if entry is None and name:
        unit = text(table.cell(cells, t.UNIT))
        entry = run.catalog.match(name, unit) or run._names.get(normalize_indicator_name(name))
    if entry is None:
        key = t.IND_ID if ident else t.IND_NAME
        issue(run, c.UNKNOWN_INDICATOR, table.at(run, row, key), value=ident or name or "（空）")
    return entry


def read_indicators(run: Run, table: Table) -> None:
    """Observations from the 指标 sheet."""
    seen: dict[tuple[object, ...], int] = {}
    for row, cells in table.rows:
        if not table.filled(cells, (t.VALUE,)):
            _stored_untouched(run, table, row, cells, _quiet_entry_id(run, table, cells))
            continue
        where = region_year(run, table, row, cells)
        entry = _entry(run, table, row, cells)
        figure = Figure(where[0] if where else None, where[1] if where else None, table.cell(cells, t.VALUE),
                        table.at(run, row, t.VALUE), entry=entry, source=text(table.cell(cells, t.SOURCE)))
        if _check_figure(run, figure, seen) and where and entry:
            _stored_replaced(run, table, row, cells, where, entry.id, entry.name)


def _check_figure(run: Run, figure: Figure, seen: dict[tuple[object, ...], int]) -> bool:
    """Check one figure and keep its observation; False when it is wrong or incomplete."""
    entry, reported, loc = figure.entry, figure.reported, figure.at
    if entry is not None:
        what, unit, ceiling = f"“{entry.name}”", entry.unit, value_ceiling(entry.unit, max_value=entry.max_value)
    elif reported is not None:
        what, unit, ceiling = f"目标“{reported.subject}”", reported.unit, value_ceiling(reported.unit)
    else:
        what, unit, ceiling = "数值", None, DEFAULT_CEILING
    ok, value = checked(run, figure.raw, loc, what, ceiling=ceiling, unit=unit)
    if figure.region is None or figure.year is None or not ok or value is None:
        return False
    if entry is not None:
        if not once(run, seen, (figure.region, figure.year, entry.id), loc, what):
            return False
        if exceeds_max(entry, value):
            limits = {"name": entry.name, "value": format_number(value), "limit": format_number(entry.max_value)}
            issue(run, c.GROSS_RATE_ABOVE_100 if may_exceed_max(entry) else c.RATE_ABOVE_MAX, loc, **limits)
        series = entry.id
    elif reported is not None:
        if not once(run, seen, (figure.region, figure.year, reported.key), loc, what):
            return False
        if is_rate(reported.unit) and value > 100:
            issue(run, c.TARGET_RATE_ABOVE_100, loc, name=reported.subject, value=format_number(value))
        series = reported.series
    else:
        return False
    observe(run, figure.source, Observation(series, figure.region, figure.year, value), loc)
    return True



# 文中目标 -------------------------------------------------------------------------------------

def _reported(run: Run, table: Table, row: int, cells: tuple[Cell, ...], region: str | None
              ) -> ReportedTarget | None:
    """The prose target of a row: by hidden key, else by subject and unit (a hand-made sheet)."""
    key, subject = text(table.cell(cells, t.TARGET_KEY)), text(table.cell(cells, t.TARGET_SUBJECT))
    if key is None and subject is not None:
        key = prose_target_key(subject, text(table.cell(cells, t.UNIT)))
    if region is None:
        return None
    if not plans_of(run, table, row, region):
        return None
    found = run.reported.get(region, {}).get(key) if key else None
    if found is None:
        column = t.TARGET_KEY if t.TARGET_KEY in table.columns else t.TARGET_SUBJECT
        issue(run, c.UNKNOWN_TARGET, table.at(run, row, column), value=key or "（空）", region=region)
    return found


def read_targets(run: Run, table: Table) -> None:
    """Observations “target:<key>” from the 文中目标 sheet."""
    seen: dict[tuple[object, ...], int] = {}
    for row, cells in table.rows:
        if not table.filled(cells, (t.VALUE,)):
            key = text(table.cell(cells, t.TARGET_KEY))
            _stored_untouched(run, table, row, cells, target_series(key) if key else None)
            continue
        where = region_year(run, table, row, cells)
        reported = _reported(run, table, row, cells, where[0] if where else None)
        figure = Figure(where[0] if where else None, where[1] if where else None, table.cell(cells, t.VALUE),
                        table.at(run, row, t.VALUE), reported=reported, source=text(table.cell(cells, t.SOURCE)))
        if _check_figure(run, figure, seen) and where and reported:
            _stored_replaced(run, table, row, cells, where, reported.series, reported.subject)



# 已存值 ----------------------------------------------------------------------------------------

def _stored_cell(run: Run, table: Table, cells: tuple[Cell, ...], region: str | None, year: int | None,
                 series: str | None) -> tuple[Cell, float | None] | None:
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


def _stored_replaced(run: Run, table: Table, row: int, cells: tuple[Cell, ...], where: tuple[str, int],
                     series: str, name: str) -> None:
    """An error when a row's 本年值 would replace a stored value other than the one its 已存值 shows
    (a 本年值 equal to the value stored now replaces nothing: the same workbook imported twice)."""
    found = _stored_cell(run, table, cells, *where, series)
    value = run.collection.observations[-1].value  # the row's figure, just kept by _check_figure
    if found is not None and not (found[1] is not None and math.isclose(value, found[1], rel_tol=1e-9, abs_tol=1e-9)):
        raw, now = found
        issue(run, c.STORED_VALUE_CHANGED, table.at(run, row, t.STORED), value=text(raw) or "（空）", name=name,
               year=where[1], now="无" if now is None else format_number(now))


def _stored_untouched(run: Run, table: Table, row: int, cells: tuple[Cell, ...], series: str | None) -> None:
    """A warning when a row left blank has an edited 已存值 cell: that column is never written."""
    region = text(table.cell(cells, t.REGION))
    year = number(table.cell(cells, t.YEAR)) if table.cell(cells, t.YEAR) is not None else table.year_in_header
    if year is None or not float(year).is_integer():
        return
    found = _stored_cell(run, table, cells, region, int(year), series)
    if found is not None:
        raw, now = found
        issue(run, c.STORED_VALUE_EDITED, table.at(run, row, t.STORED), value=text(raw) or "（空）",
               now="无" if now is None else format_number(now), year=int(year))


def _quiet_entry_id(run: Run, table: Table, cells: tuple[Cell, ...]) -> str | None:
    """The catalog id of a row left blank, by hidden id or name, without reporting anything."""
    ident, name = text(table.cell(cells, t.IND_ID)), text(table.cell(cells, t.IND_NAME))
    entry = run.catalog.get(ident) if ident else None
    if entry is None and name:
        entry = run._names.get(normalize_indicator_name(name))
    return entry.id if entry else None

