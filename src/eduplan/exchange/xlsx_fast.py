"""A large .xlsx read with calamine (Rust, python-calamine): the same rows as `xlsx_stream`, faster.

`fast_sheets` yields exactly the cell model of `rows` (row numbers from 1, cells from column A,
whole numbers as int, date cells as datetime, blank cells None), or None when the workbook is
one the fast path does not read the same way, and then `xlsx_stream` (the reader of record) reads
it and raises its located errors. Before calamine opens the file, every part is inflated through
the byte counter and the worksheets are scanned; the fast path is left for the exact reader when:

- a worksheet holds a formula (calamine reads cached values only; the exact reader refuses a
  formula without one at its cell) or an error cell (#DIV/0!, which calamine reads as blank);
- a worksheet's declared range, a row or a cell is beyond the caps (refused where it is by the
  exact reader), or a row or cell has no reference (“r”) first, or the XML uses a namespace prefix;
- the workbook counts dates from 1904, has phonetic runs (rPh) in its strings, more shared strings
  than the cap, or a chart, dialog or macro sheet;
- calamine fails on it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from eduplan.exchange.rows import MAX_COLUMNS, MAX_ROWS, Cell, Row, column_letter
from eduplan.exchange.xlsx_stream import Archive, column_index, row_of

#: From this file size on, an .xlsx is read by calamine. Measured (2 shared cores, median of 3,
#: the scan included): a 10 KB template 0.008 s by lxml, 0.006 s by calamine; 0.09 MB (2,500 rows)
#: 0.66 s / 0.15 s; 0.86 MB (25,000 rows) 5.3 s / 1.1 s; the 5 MB national workbook 40 s / 7.9 s.
#: Below a few tens of KB the readers cost the same, so the exact one reads them.
FAST_READ_BYTES = 64 * 1024

_EPOCH = dt.datetime(1899, 12, 30)
_FORMULA = re.compile(rb"<f[\s>/]")
_UNREFERENCED = re.compile(rb'<(?:c|row)(?! r=")[\s>/]')
_DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')
_OTHER_SHEETS = ("xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/")
_CHUNK = 1 << 20


def fast_sheets(path: Path, archive: Archive) -> dict[str, list[Row]] | None:
    """Sheet title → rows read by calamine, or None when the exact reader must read this workbook."""
    if not _plain(archive):
        return None
    try:
        from python_calamine import CalamineWorkbook

        with CalamineWorkbook.from_path(str(path)) as workbook:
            return {name: _rows(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
                    for name in workbook.sheet_names}
    except Exception:  # noqa: BLE001 - whatever calamine stumbles on, the exact reader reads or refuses with its location
        return None


def _plain(archive: Archive) -> bool:
    """Whether calamine reads this workbook as the exact reader does (every part inflated through the counter)."""
    names = archive.namelist()
    if any(n.startswith(_OTHER_SHEETS) for n in names):
        return False
    cap = len(column_letter(MAX_COLUMNS - 1))
    wide = re.compile(rb'<c r="([A-Z]{%d,}\d+)"' % cap)
    for name in names:
        if name == "xl/workbook.xml":
            if re.search(rb'date1904="(1|true)"', archive.read(name)):
                return False
        elif name == "xl/sharedStrings.xml":
            strings = archive.read(name)
            if b"<rPh" in strings or strings.count(b"<si>") + strings.count(b"<si ") > MAX_ROWS * 4:
                return False
        elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
            if not _plain_sheet(archive.read(name), wide):
                return False
        else:
            with archive.open(name) as source:
                while source.read(_CHUNK):
                    pass
    return True


def _plain_sheet(xml: bytes, wide: re.Pattern[bytes]) -> bool:
    """A worksheet without formulas, error cells or anything beyond the caps, every row and cell referenced."""
    if b"<sheetData" not in xml or b't="e"' in xml or _FORMULA.search(xml) or _UNREFERENCED.search(xml):
        return False
    if (dimension := _DIMENSION.search(xml)) is not None:
        last = dimension.group(1).decode("ascii", "replace").split(":")[-1].replace("$", "").upper()
        if row_of(last) > MAX_ROWS or column_index(last) >= MAX_COLUMNS:
            return False
    last_row = xml.rfind(b'<row r="')
    if last_row >= 0:
        digits = xml[last_row + 8: xml.find(b'"', last_row + 8)]
        if not digits.isdigit() or len(digits) > 9 or int(digits) > MAX_ROWS:
            return False
    return all(column_index(ref.decode()) < MAX_COLUMNS for ref in wide.findall(xml))


def _rows(grid: list[list[Any]]) -> list[Row]:
    """calamine's grid (row 1 first, column A first, "" for empty) as numbered non-empty rows of cells:
    each value as `_cell` gives it, text and numbers (nearly every cell) converted inline."""
    out: list[Row] = []
    cell = _cell
    for n, values in enumerate(grid, start=1):
        cells = [(v if v.strip() else None) if (kind := type(v)) is str
                 else (int(v) if v.is_integer() and -1e15 < v < 1e15 else v) if kind is float
                 else cell(v) for v in values]
        end = len(cells)
        while end and cells[end - 1] is None:
            end -= 1
        if end:
            out.append((n, tuple(cells[:end])))
    return out


def _cell(value: Any) -> Cell:
    """One calamine value as the exact reader gives it."""
    kind = type(value)
    if kind is str:
        return value if value.strip() else None
    if kind is float:
        return int(value) if value.is_integer() and -1e15 < value < 1e15 else value
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    if kind is dt.time:
        return dt.datetime.combine(_EPOCH.date(), value)
    if kind is dt.timedelta:
        return _EPOCH + value
    return value  # type: ignore[no-any-return]  # int, bool, datetime
