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
from eduplan.core.limits import DEFAULT_ZIP_LIMITS, MB, BoundedStream, check_zip_directory

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

#: A national yearly workbook has a few tens of thousands of rows and fewer than 50 columns:
#: a sheet (or CSV file) beyond these caps is refused where it passes them, before it is held.
MAX_ROWS = 500_000
MAX_COLUMNS = 500
#: One workbook's XML part inflated (a sheet, the shared strings).
MAX_PART_BYTES = 200 * MB


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
    """Every sheet of an .xlsx file, streamed from its XML (see `_xlsx_sheets`).

    The zip directory is checked before anything is inflated, every part is read through a
    counter that stops at `MAX_PART_BYTES`, and a sheet stops at `MAX_ROWS` × `MAX_COLUMNS`.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            check_zip_directory(zf.infolist(), file=path.name, limits=DEFAULT_ZIP_LIMITS)
            sheets = _xlsx_sheets(_Archive(zf, path.name))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib and lxml raise many types for a damaged file
        raise InputError(f"无法读取 Excel 文件（{type(exc).__name__}），请确认是 .xlsx 格式",
                         location=Location(file=path.name)) from None
    return WorkbookRows(sheets, path.name)


class _Archive:
    """A workbook's zip, each part opened through a byte counter."""

    def __init__(self, zf: zipfile.ZipFile, file: str) -> None:
        self.zf, self.file = zf, file

    def namelist(self) -> list[str]:
        return self.zf.namelist()

    def open(self, member: str) -> BoundedStream:
        return BoundedStream(self.zf.open(member), limit=MAX_PART_BYTES, member=member, file=self.file)

    def read(self, member: str) -> bytes:
        with self.open(member) as source:
            return source.read()


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


def _xlsx_sheets(zf: _Archive) -> dict[str, list[Row]]:
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
        title = sheet.get("name", "")
        with zf.open(member) as source:
            sheets[title] = _sheet_rows(source, strings, date_styles, epoch, where=_Where(zf.file, title))
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


def _shared_strings(zf: _Archive) -> list[str]:
    """The shared string table."""
    out: list[str] = []
    with zf.open("xl/sharedStrings.xml") as source:
        for _, si in etree.iterparse(source, events=("end",), tag=f"{_NS}si"):
            out.append(_text_of(si))
            si.clear()
            if len(out) > MAX_ROWS * 4:
                raise InputError(f"共享字符串超过 {MAX_ROWS * 4} 个，文件过大或损坏",
                                 location=Location(file=zf.file))
    return out


def _date_styles(zf: _Archive) -> frozenset[int]:
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


@dataclass(frozen=True)
class _Where:
    """The file and sheet being read, for located messages."""

    file: str | None
    sheet: str

    def at(self, row: int | None = None, column: int | None = None) -> Location:
        return Location(file=self.file, sheet=self.sheet, row=row,
                        column=column_letter(column) if column is not None else None)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(ref: str) -> int:
    """0-based column of a cell reference: “C12” → 2 (at most 7 letters are read: beyond any cap)."""
    letters = _CELL_REF_RE.match(ref)
    n = 0
    for ch in (letters.group(0) if letters else "A")[:7]:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _row_of(ref: str) -> int:
    """The row number of a cell reference: “C12” → 12 (0 when there is none)."""
    digits = ref.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZ").lstrip("$")[:9]
    return int(digits) if digits.isdigit() else 0


def _check_dimension(ref: str | None, where: _Where) -> None:
    """Refuse a sheet whose declared used range (<dimension ref="A1:D20">) is beyond the caps."""
    if not ref:
        return
    last = ref.split(":")[-1].replace("$", "").upper()
    rows, columns = _row_of(last), _column_index(last) + 1
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise InputError(f"工作表的范围 {ref} 超出上限（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列，"
                         f"即 {column_letter(MAX_COLUMNS - 1)} 列），文件可能损坏或含有误填到远处的单元格",
                         location=where.at())


def _cell_value(c: Any, strings: list[str], date_styles: frozenset[int], epoch: dt.datetime,
                where: _Where, row: int, col: int) -> Cell:
    """A cell's value from its type attribute, its <v> and its style (a formula by its cached value)."""
    kind = c.get("t", "n")
    if kind == "inlineStr":
        inline = c.find(f"{_NS}is")
        return _text_of(inline) if inline is not None else None
    v = c.findtext(f"{_NS}v")
    if c.find(f"{_NS}f") is not None and not v:
        raise InputError(f"单元格 {column_letter(col)}{row} 是公式，但文件中没有保存计算结果；"
                         "请在 Excel 或 WPS 中打开后保存一次再上传，或把公式改为数值", location=where.at(row, col))
    if not v:
        return None
    try:
        return _typed(kind, v, c, strings, date_styles, epoch)
    except (ValueError, IndexError, OverflowError):
        shown = v if len(v) <= 40 else v[:40] + "…"
        raise InputError(f"单元格 {column_letter(col)}{row} 的内容“{shown}”无法读取（类型 {kind}），文件可能损坏",
                         location=where.at(row, col)) from None


def _typed(kind: str, v: str, c: Any, strings: list[str], date_styles: frozenset[int], epoch: dt.datetime) -> Cell:
    if kind == "s":
        index = int(v)
        if not 0 <= index < len(strings):
            raise IndexError(index)
        return strings[index]
    if kind in ("str", "e"):
        return v
    if kind == "b":
        return v == "1"
    if kind == "d":
        return dt.datetime.fromisoformat(v)
    number: int | float = int(v) if v.lstrip("-").isdigit() and len(v) <= 30 else float(v)
    if date_styles and int(c.get("s", "0")) in date_styles:
        return epoch + dt.timedelta(days=float(number))
    return number


def _sheet_rows(source: Any, strings: list[str], date_styles: frozenset[int], epoch: dt.datetime,
                *, where: _Where) -> list[Row]:
    """A worksheet's non-empty rows, streamed; refused where it passes `MAX_ROWS` or `MAX_COLUMNS`."""
    out: list[Row] = []
    number = 0
    seen = 0
    for _, el in etree.iterparse(source, events=("end",), tag=(f"{_NS}dimension", f"{_NS}row")):
        if el.tag == f"{_NS}dimension":
            _check_dimension(el.get("ref"), where)
            continue
        row = el
        r = row.get("r")
        number = int(r) if r and r.isdigit() and len(r) <= 9 else number + 1
        seen += len(row) > 0  # a formatted but empty row (Excel writes them) holds nothing: it does not count
        if len(row) and (number > MAX_ROWS or seen > MAX_ROWS):
            raise InputError(f"工作表超过 {MAX_ROWS} 行的上限", location=where.at(number))
        cells: list[Cell] = []
        for c in row.iterchildren(f"{_NS}c"):
            ref = c.get("r")
            col = _column_index(ref) if ref else len(cells)
            if col >= MAX_COLUMNS or len(cells) >= MAX_COLUMNS:
                raise InputError(f"单元格 {ref or column_letter(col) + str(number)} 超出 {MAX_COLUMNS} 列"
                                 f"（{column_letter(MAX_COLUMNS - 1)} 列）的上限", location=where.at(number))
            cells.extend([None] * (col - len(cells)))
            cells.append(_cell_value(c, strings, date_styles, epoch, where, number, col))
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


def decode_csv(data: bytes, *, file: str | None = None) -> str:
    """CSV bytes as text: UTF-8 (BOM or not), else GB18030/GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError("CSV 文件编码无法识别，请另存为 UTF-8 或 GBK 编码", location=Location(file=file)) from exc


def read_csv(data: bytes, *, name: str) -> WorkbookRows:
    """One CSV file as a one-sheet workbook (see the module docstring for the sheet name)."""
    text = decode_csv(data, file=name)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            what = (f"单元格超过 {csv.field_size_limit()} 个字符的上限（可能缺少配对的引号）"
                    if "field limit" in str(exc) else f"CSV 格式错误（{exc}）")
            raise InputError(what, location=Location(file=name, row=line)) from None
        if len(record) > MAX_COLUMNS:
            raise InputError(f"该行有 {len(record)} 列，超过 {MAX_COLUMNS} 列的上限",
                             location=Location(file=name, row=line))
        if len(rows) >= MAX_ROWS:
            raise InputError(f"CSV 文件超过 {MAX_ROWS} 行的上限", location=Location(file=name, row=line))
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
