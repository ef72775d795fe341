"""Writing a protected sheet of the collection workbook with openpyxl: header, widths, unlocked
cells to fill, and the data validations (dropdowns, number ranges) Excel and WPS enforce."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from eduplan.core.numbers import format_number
from eduplan.core.spreadsheet import looks_like_formula, protect
from eduplan.exchange.columns import Column

_MANY_RUNS = 1000  # beyond this many row runs the value column gets one ≥0 rule (see _value_rules)


def columns_sheet(wb: Workbook, name: str, columns: Sequence[Column], rows: Iterable[list[Any]]) -> tuple[Any, int]:
    """A protected sheet with a locked header, widths, hidden columns and unlocked fill cells."""
    ws = wb.create_sheet(name)
    for i, col in enumerate(columns, start=1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = col.width
        dim.hidden = col.hidden
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # False = allowed: users may widen columns
    ws.protection.formatRows = False
    return ws, _append_rows(ws, columns, rows)


def _append_rows(ws: Any, columns: Sequence[Column], rows: Iterable[list[Any]]) -> int:
    """Header and data rows; returns the number of data rows."""
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header = []
    for col in columns:
        cell = protect(WriteOnlyCell(ws, value=col.title))
        cell.font, cell.fill = bold, grey
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)
    unlocked = Protection(locked=False)
    count = 0
    for values in rows:
        out: list[Any] = []
        for col, value in zip(columns, values, strict=True):
            if col.fill:
                cell = protect(WriteOnlyCell(ws, value=value))
                cell.protection = unlocked
                if col.text:
                    cell.number_format = "@"
                out.append(cell)
            else:
                out.append(protect(WriteOnlyCell(ws, value=value)) if looks_like_formula(value) else value)
        ws.append(out)
        count += 1
    return count


def validate(ws: Any, dv: DataValidation, ranges: str) -> None:
    """Attach a data validation to ranges (space-separated A1 ranges)."""
    if ranges:
        dv.sqref = MultiCellRange(ranges)
        ws.data_validations.append(dv)


def list_rule(values: Sequence[str], *, strict: bool) -> DataValidation:
    """A dropdown; a non-strict one warns but accepts another value."""
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.showErrorMessage = True
    dv.errorStyle = "stop" if strict else "warning"
    dv.error = "请从下拉列表中选择" if strict else "不在常用列表中，确认继续吗？"
    return dv


def decimal_rule(low: float, high: float | None) -> DataValidation:
    """A number between low and high (or at least low)."""
    if high is None:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=format_number(low),
                            allow_blank=True)
        dv.error = f"请填写不小于{format_number(low)}的数字"
    else:
        dv = DataValidation(type="decimal", operator="between", formula1=format_number(low), formula2=format_number(high),
                            allow_blank=True)
        dv.error = f"请填写{format_number(low)}到{format_number(high)}之间的数字"
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    return dv


def letter(columns: Sequence[Column], key: str) -> str:
    """The column letter of the column whose header starts with `key`."""
    return get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.title.startswith(key)))


def value_rules(ws: Any, letter: str, limits: Sequence[float | None]) -> None:
    """Decimal rules on the value column: 0–max for rates, ≥0 otherwise, by runs of rows."""
    runs: dict[float | None, list[str]] = {}
    start = 0
    for i in range(1, len(limits) + 1):
        if i == len(limits) or limits[i] != limits[start]:
            a, b = start + 2, i + 1
            runs.setdefault(limits[start], []).append(f"{letter}{a}" if a == b else f"{letter}{a}:{letter}{b}")
            start = i
    if sum(len(r) for r in runs.values()) > _MANY_RUNS:
        # Excel slows on thousands of ranges: the import checks every maximum anyway.
        runs = {None: [f"{letter}2:{letter}{len(limits) + 1}"]}
    for limit, ranges in runs.items():
        validate(ws, decimal_rule(0, limit), " ".join(ranges))
