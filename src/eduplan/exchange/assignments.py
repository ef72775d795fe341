"""The assignment workbook (任务分配): a sheet listing a region's tasks and projects, in which a
planner writes the lead units, co-units and deadlines, then imports it back.

Columns: 类别 (任务/项目), 编号 (a task's number or a project's key, locked), 名称 (locked),
牵头单位, 配合单位 (several separated by 、), 截止日期 (2025-12-31), 版本 (hidden: the stored
assignment's version when the sheet was made, so an import never overwrites a later change).
Reading gives plain rows with their sheet row numbers; the service checks them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from eduplan.core.errors import InputError, Location
from eduplan.core.spreadsheet import protect
from eduplan.exchange.rows import Cell
from eduplan.exchange.workbook import read_workbook

SHEET = "任务分配"
HEADERS = ("类别", "编号", "名称", "牵头单位", "配合单位", "截止日期", "版本")
WIDTHS = (8, 26, 50, 24, 40, 14, 6)
FILLED = frozenset({3, 4, 5})  # 0-based columns the planner fills
KIND_TEXT = {"task": "任务", "project": "项目"}
MAX_ROWS = 20_000


@dataclass(frozen=True)
class AssignmentLine:
    """One row of the sheet: an item and its assignment as written."""

    kind: str  # task / project
    key: str
    name: str
    lead: str = ""
    co: str = ""
    deadline: str = ""
    version: int = 0
    row: int = 0  # the sheet row it was read from (0 when written)


def write_assignment_workbook(lines: Sequence[AssignmentLine], *, units: Sequence[str], dest: str | Path) -> Path:
    """The sheet to fill, with the region's known units listed on a second sheet."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.column_dimensions["G"].hidden = True
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header = []
    for title in HEADERS:
        cell = protect(WriteOnlyCell(ws, value=title))
        cell.font, cell.fill = bold, grey
        header.append(cell)
    ws.append(header)
    date_rule = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                               formula2="DATE(2100,12,31)", allow_blank=True, showErrorMessage=True,
                               errorTitle="截止日期", error="请填写2000—2100年之间的日期，如 2025-12-31")
    for line in lines:
        values = [KIND_TEXT.get(line.kind, line.kind), line.key, line.name, line.lead, line.co, line.deadline,
                  line.version]
        row = []
        for i, value in enumerate(values):
            cell = protect(WriteOnlyCell(ws, value=value))
            if i in FILLED:
                cell.protection = Protection(locked=False)
                cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=i == 2, vertical="top")
            row.append(cell)
        ws.append(row)
    if lines:
        date_rule.sqref = MultiCellRange(f"F2:F{len(lines) + 1}")
        ws.data_validations.append(date_rule)
    listed = wb.create_sheet("单位名录")
    listed.append([protect(WriteOnlyCell(listed, value="本区已知责任单位（多个单位用顿号“、”分隔）"))])
    for name in units:
        listed.append([protect(WriteOnlyCell(listed, value=name))])
    path = Path(dest)
    wb.save(path)
    return path


def read_assignment_workbook(path: str | Path) -> list[AssignmentLine]:
    """The rows of the assignment sheet; a missing sheet or header is refused with its location."""
    rows = read_workbook(path).sheets.get(SHEET)
    if not rows:
        raise InputError(f"工作簿中没有“{SHEET}”工作表（请使用下载的分配模板）", location=Location(sheet=SHEET))
    number, header = rows[0]
    titles = tuple(_text(c) for c in header[: len(HEADERS)])
    if titles[:6] != HEADERS[:6]:
        raise InputError(f"表头应为“{'、'.join(HEADERS[:6])}”，实为“{'、'.join(t for t in titles if t)}”",
                         location=Location(sheet=SHEET, row=number))
    if len(rows) - 1 > MAX_ROWS:
        raise InputError(f"行数过多（{len(rows) - 1} 行，最多 {MAX_ROWS} 行）", location=Location(sheet=SHEET))
    out = []
    for number, cells in rows[1:]:
        values = [*cells, *([None] * len(HEADERS))][: len(HEADERS)]
        if not any(_text(v) for v in values[:6]):
            continue
        kind = {v: k for k, v in KIND_TEXT.items()}.get(_text(values[0]), _text(values[0]))
        out.append(AssignmentLine(kind=kind, key=_text(values[1]), name=_text(values[2]), lead=_text(values[3]),
                                  co=_text(values[4]), deadline=_date_text(values[5]), version=_version(values[6]),
                                  row=number))
    return out


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date_text(value: Cell) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)


def _version(value: Cell) -> int:
    try:
        return int(float(_text(value) or 0))
    except ValueError:
        return -1  # never a stored version: the import reports it as changed meanwhile
