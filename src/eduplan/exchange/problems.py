"""The problem report of an import as an Excel sheet (问题清单): the rows `core.collection.problems`
gives the CLI and the web, with a heading line that says what was checked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from eduplan.core.collection.problems import PROBLEM_COLUMNS, Problem, counts_text

WIDTHS = (8, 36, 24, 24, 70)
SHEET = "问题清单"


def write_problems(problems: Sequence[Problem], *, dest: str | Path, checked: str) -> Path:
    """Write the report to `dest` (.xlsx); `checked` names what was checked (the files, the year)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append([f"{checked}：{counts_text(problems) or '未发现问题'}"])
    ws["A1"].font = Font(bold=True)
    ws.append(list(PROBLEM_COLUMNS))
    for cell in ws[2]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    red = Font(color="C00000")
    for problem in problems:
        ws.append(list(problem.cells()))  # text cells: a value that looks like a formula stays text
        if problem.label == "错误":
            ws.cell(ws.max_row, 1).font = red
        for cell in ws[ws.max_row]:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(ord("A") + n - 1)].width = width
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:E{max(ws.max_row, 2)}"
    path = Path(dest)
    wb.save(path)
    return path
