"""The report as an Excel workbook (openpyxl): a cover sheet, then its long tables (`Report.datasets`,
one per subject) or, for reports without them, one sheet per table.

Numbers stay numbers and dates dates; every sheet prints landscape on A4, fitted to the page's
width, its header row repeated on each page, 模拟数据 in the page header when the data is simulated.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from eduplan.core.spreadsheet import protect
from eduplan.reports.model import (
    SIMULATED_MARK,
    SIMULATED_NOTE,
    NumberFormat,
    Report,
    Table,
    auto_excel_format,
    cell_text,
    date_text,
)

COVER_SHEET = "说明"
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
HEADER_FONT = Font(name="黑体", bold=True)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(report: Report, path: Path) -> Path:
    """Write the workbook: “说明” (title, issuer, date, simulated note, sheet list), then the tables."""
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = COVER_SHEET
    names: list[str] = []
    tables = list(report.datasets) or report.tables()
    for table in tables:
        name = sheet_name(table, names)
        names.append(name)
        ws = wb.create_sheet(name)
        _sheet(ws, table)
        _print_setup(ws, report, title_row=True)
    _cover(cover, report, list(zip(names, tables)))
    _print_setup(cover, report, title_row=False)
    wb.properties.title, wb.properties.creator = report.title, report.issuer
    wb.properties.created = wb.properties.modified = dt.datetime(report.date.year, report.date.month, report.date.day)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


def sheet_name(table: Table, taken: list[str]) -> str:
    """A legal, unique sheet name (31 characters at most) from the table's sheet or caption."""
    base = _BAD_SHEET_CHARS.sub("", table.sheet or table.caption).strip("'") or "表"
    base = base[:31]
    name, n = base, 2
    while name in taken or name == COVER_SHEET:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    return name


def _cover(ws: Worksheet, report: Report, sheets: list[tuple[str, Table]]) -> None:
    rows: list[tuple[str, str]] = [("报告", report.title), ("发布单位", report.issuer), ("日期", date_text(report.date))]
    if report.simulated:
        rows.append(("数据说明", SIMULATED_NOTE))
    for label, value in rows:
        ws.append([label, value])
    ws.append([])
    ws.append(["工作表", "内容"])
    for name, table in sheets:
        ws.append([name, table.caption])
    for row in ws.iter_rows(min_col=1, max_col=1):
        row[0].font = HEADER_FONT
    if report.simulated:
        ws.cell(row=4, column=2).font = Font(color="C00000", bold=True)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 80
    _protect(ws)


def _sheet(ws: Worksheet, table: Table) -> None:
    """Header row styled and frozen, numbers kept as numbers with the column's format."""
    ws.append([c.title for c in table.columns])
    for cell in ws[1]:
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in table.rows:
        ws.append(list(row))
    for r, row in enumerate(table.rows, start=2):
        for c, (column, value) in enumerate(zip(table.columns, row), start=1):
            cell = ws.cell(row=r, column=c)
            cell.border = BORDER
            if isinstance(value, dt.date):
                cell.number_format = column.format.value if column.format in (NumberFormat.DATE, NumberFormat.MONTH) \
                    else NumberFormat.DATE.value
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.number_format = (auto_excel_format(float(value)) if column.format is NumberFormat.AUTO
                                      else column.format.value)
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    _protect(ws)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for c, column in enumerate(table.columns, start=1):
        longest = max([_width(column.title)] + [_width(cell_text(row[c - 1], column)) for row in table.rows
                                                if row[c - 1] is not None])
        ws.column_dimensions[get_column_letter(c)].width = min(max(longest + 2, 8), 60)


def _print_setup(ws: Worksheet, report: Report, *, title_row: bool) -> None:
    """Landscape A4 fitted to the page's width, the header row on every page, the mark in the header."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if title_row:
        ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddHeader.left.text = report.title[:80]
    if report.simulated:
        ws.oddHeader.right.text = SIMULATED_MARK
        ws.oddHeader.right.color = "C00000"


def _protect(ws: Worksheet) -> None:
    """No text cell of the sheet is a live formula (an indicator named “=1+2” stays text)."""
    for row in ws.iter_rows():
        for cell in row:
            protect(cell)


def _width(text: str) -> int:
    """Display width: a CJK character counts twice."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
