"""Text written into a spreadsheet must never become a live formula (formula injection).

A plan's indicator named “=1+2”, a school called “@SUM(A1)” or a note “+cmd|' /C calc'!A0” would be
evaluated by Excel, WPS or LibreOffice when the workbook is opened. Every .xlsx eduplan writes
passes its cells through `protect`: text that starts like a formula (= + - @, tab, carriage
return) is stored as a text cell with Excel's quote prefix — the mark Excel itself sets when a
user types an apostrophe first — so it shows exactly as written, is never evaluated, and stays
text when the cell is edited. Nothing is added to the text, so a template's names and keys read
back unchanged.

Pure: `protect` works on any cell object with `value`, `data_type` and `quotePrefix` (openpyxl's
`Cell` and `WriteOnlyCell`); the writers in exchange/ and reports/ import it from here.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r")


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet program could read this value as a formula."""
    return isinstance(value, str) and value[:1] in FORMULA_STARTS


def protect(cell: Any) -> Any:
    """The cell, made plain text (quote prefix) when its value looks like a formula; returned for chaining."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
