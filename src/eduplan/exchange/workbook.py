"""Read a filled collection workbook (.xlsx) or CSV files into sheets of numbered rows.

CSV: one file is one sheet. Its encoding is UTF-8 (with or without BOM), else GB18030 (a
superset of GBK, what Excel on a Chinese Windows writes). Its sheet name is, in order:
1. a first line whose only cell is “工作表：指标” (or “sheet: 指标”) — that line is skipped
   as a header line but still counts in row numbers;
2. a known sheet name (指标, 文中目标, 任务进展, 项目进展, 经费) contained in the file name, longest
   first: “涪陵区-2023-任务进展.csv” → 任务进展;
3. the file name without its extension.
Row numbers are 1-based lines of the file (a quoted cell spanning lines counts once, at its
first line), so a message points at the line a user sees in a spreadsheet program.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from eduplan.core.errors import InputError, Location

INDICATORS = "指标"
TARGETS = "文中目标"
TASKS = "任务进展"
PROJECTS = "项目进展"
FINANCE = "经费"
GUIDE = "说明"
DATA_SHEETS = (INDICATORS, TARGETS, TASKS, PROJECTS, FINANCE)

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None
Row = tuple[int, tuple[Cell, ...]]

_SHEET_MARKS = ("工作表：", "工作表:", "sheet:", "sheet：")


@dataclass
class WorkbookRows:
    """A workbook as read: sheet name → its non-empty rows with 1-based row numbers (header included)."""

    sheets: dict[str, list[Row]] = field(default_factory=dict)
    file: str | None = None

    def merge(self, other: WorkbookRows) -> WorkbookRows:
        """The sheets of both; a sheet present in both is refused."""
        both = set(self.sheets) & set(other.sheets)
        if both:
            raise InputError(f"工作表“{'、'.join(sorted(both))}”出现在多个文件中",
                             location=Location(file=other.file))
        files = "、".join(f for f in (self.file, other.file) if f)
        return WorkbookRows({**self.sheets, **other.sheets}, files or None)


def read_workbook(path: str | Path | Sequence[str | Path]) -> WorkbookRows:
    """The rows of an .xlsx workbook or of one or more .csv files (one sheet each)."""
    if isinstance(path, (str, Path)):
        return _read_one(Path(path))
    result = WorkbookRows()
    for p in path:
        result = result.merge(_read_one(Path(p)))
    return result


def _read_one(path: Path) -> WorkbookRows:
    """One file, by its extension."""
    if not path.is_file():
        raise InputError("文件不存在", location=Location(file=str(path)))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return read_csv(path.read_bytes(), name=path.name)
    raise InputError(f"不支持的文件类型“{path.suffix}”，请使用 .xlsx 或 .csv", location=Location(file=str(path)))


def read_xlsx(path: Path) -> WorkbookRows:
    """Every sheet of an .xlsx file, streamed from its XML (see `_xlsx_sheets`)."""
    try:
        with zipfile.ZipFile(path) as zf:
            sheets = _xlsx_sheets(zf)
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"无法读取 Excel 文件（{type(exc).__name__}），请确认是 .xlsx 格式",
                         location=Location(file=path.name)) from exc
    return WorkbookRows(sheets, path.name)


# Reading the sheet XML with lxml (already installed with python-docx) is ~10× faster than
# openpyxl's read-only mode, which also rescans every sheet that lacks a <dimension> (as files
# written by openpyxl's write-only mode do): a national workbook reads in seconds, not minutes.
# Cached formula values are read as values; dates are recognised by their cell style.
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_DATE_CODE_RE = re.compile(r"[ymdhs]", re.IGNORECASE)
_FORMAT_NOISE_RE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_CELL_REF_RE = re.compile(r"[A-Z]+")


def _xlsx_sheets(zf: zipfile.ZipFile) -> dict[str, list[Row]]:
    """Sheet title → rows, in workbook order."""
    names = set(zf.namelist())
    strings = _shared_strings(zf) if "xl/sharedStrings.xml" in names else []
    date_styles = _date_styles(zf) if "xl/styles.xml" in names else frozenset()
    workbook = etree.fromstring(zf.read("xl/workbook.xml"))
    pr = workbook.find(f"{_NS}workbookPr")
    epoch = dt.datetime(1904, 1, 1) if pr is not None and pr.get("date1904") in ("1", "true") else dt.datetime(1899, 12, 30)
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_NS}Relationship")}
    sheets: dict[str, list[Row]] = {}
    for sheet in workbook.iter(f"{_NS}sheet"):
        target = targets[sheet.get(f"{_R_NS}id")]
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        with zf.open(member) as source:
            sheets[sheet.get("name", "")] = _sheet_rows(source, strings, date_styles, epoch)
    return sheets


def _text_of(item: Any) -> str:
    """The text of a shared or inline string: its <t> runs, without phonetic (rPh) runs."""
    parts = []
    for child in item:
        if child.tag == f"{_NS}t":
            parts.append(child.text or "")
        elif child.tag == f"{_NS}r":
            parts.extend(t.text or "" for t in child.iter(f"{_NS}t"))
    return "".join(parts)


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    """The shared string table."""
    out: list[str] = []
    with zf.open("xl/sharedStrings.xml") as source:
        for _, si in etree.iterparse(source, events=("end",), tag=f"{_NS}si"):
            out.append(_text_of(si))
            si.clear()
    return out


def _date_styles(zf: zipfile.ZipFile) -> frozenset[int]:
    """Indices of the cell styles whose number format is a date or time."""
    styles = etree.fromstring(zf.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{_NS}numFmt")}
    xfs = styles.find(f"{_NS}cellXfs")
    out = set()
    for i, xf in enumerate(xfs if xfs is not None else ()):
        fmt = int(xf.get("numFmtId", "0"))
        code = _FORMAT_NOISE_RE.sub("", custom.get(fmt, ""))
        if fmt in _DATE_FORMAT_IDS or (fmt in custom and _DATE_CODE_RE.search(code)):
            out.add(i)
    return frozenset(out)


def _column_index(ref: str) -> int:
    """0-based column of a cell reference: “C12” → 2."""
    letters = _CELL_REF_RE.match(ref)
    n = 0
    for ch in letters.group(0) if letters else "A":
        n = n * 26 + ord(ch) - 64
    return n - 1


def _cell_value(c: Any, strings: list[str], date_styles: frozenset[int], epoch: dt.datetime) -> Cell:
    """A cell's value from its type attribute, its <v> and its style."""
    kind = c.get("t", "n")
    if kind == "inlineStr":
        inline = c.find(f"{_NS}is")
        return _text_of(inline) if inline is not None else None
    v = c.findtext(f"{_NS}v")
    if v is None:
        return None
    if kind == "s":
        return strings[int(v)]
    if kind in ("str", "e"):
        return v
    if kind == "b":
        return v == "1"
    if kind == "d":
        return dt.datetime.fromisoformat(v)
    number: int | float = int(v) if v.lstrip("-").isdigit() else float(v)
    if date_styles and int(c.get("s", "0")) in date_styles:
        return epoch + dt.timedelta(days=float(number))
    return number


def _sheet_rows(source: Any, strings: list[str], date_styles: frozenset[int], epoch: dt.datetime) -> list[Row]:
    """A worksheet's non-empty rows, streamed."""
    out: list[Row] = []
    number = 0
    for _, row in etree.iterparse(source, events=("end",), tag=f"{_NS}row"):
        number = int(row.get("r", number + 1))
        cells: list[Cell] = []
        for c in row.iterchildren(f"{_NS}c"):
            ref = c.get("r")
            col = _column_index(ref) if ref else len(cells)
            cells.extend([None] * (col - len(cells)))
            cells.append(_cell_value(c, strings, date_styles, epoch))
        out.extend((number, r) for _, r in _numbered([cells]))
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]
    return out


def _numbered(rows: Iterable[Sequence[Cell]]) -> list[Row]:
    """Non-empty rows with their 1-based numbers; trailing empty cells dropped."""
    out: list[Row] = []
    for n, row in enumerate(rows, start=1):
        cells = tuple(None if (isinstance(c, str) and not c.strip()) else c for c in row)
        end = len(cells)
        while end and cells[end - 1] is None:
            end -= 1
        if end:
            out.append((n, cells[:end]))
    return out


def decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (BOM or not), else GB18030/GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError("CSV 文件编码无法识别，请另存为 UTF-8 或 GBK 编码") from exc


def read_csv(data: bytes, *, name: str) -> WorkbookRows:
    """One CSV file as a one-sheet workbook (see the module docstring for the sheet name)."""
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    line = 1
    for record in reader:
        rows.append((line, tuple(record)))
        line = reader.line_num + 1
    sheet = _csv_sheet_name(rows, name)
    if rows and _sheet_mark(rows[0][1]):
        rows = rows[1:]
    return WorkbookRows({sheet: _numbered_csv(rows)}, name)


def _numbered_csv(rows: list[Row]) -> list[Row]:
    """The CSV rows with empty cells as None, empty rows dropped."""
    out: list[Row] = []
    for n, cells in rows:
        for _, kept in _numbered([tuple(c.strip() if isinstance(c, str) else c for c in cells)]):
            out.append((n, kept))
    return out


def _sheet_mark(cells: tuple[Cell, ...]) -> str | None:
    """The sheet named by a “工作表：指标” first line, else None."""
    filled = [c for c in cells if isinstance(c, str) and c.strip()]
    if len(filled) != 1:
        return None
    text = str(filled[0]).strip().lstrip("\ufeff")
    for mark in _SHEET_MARKS:
        if text.lower().startswith(mark):
            return text[len(mark):].strip() or None
    return None


def _csv_sheet_name(rows: list[Row], file_name: str) -> str:
    """The sheet a CSV file stands for."""
    if rows and (named := _sheet_mark(rows[0][1])):
        return named
    stem = Path(file_name).stem
    for sheet in sorted(DATA_SHEETS, key=len, reverse=True):
        if sheet in stem:
            return sheet
    return stem
