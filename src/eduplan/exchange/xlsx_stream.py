"""An .xlsx workbook streamed from its XML with lxml: the exact reader, and the one of record.

Every part is read through a byte counter (`MAX_PART_BYTES`), a sheet's declared range and
every cell are checked against the caps of `rows`, a formula without a cached value is refused
at its cell, and a damaged cell names its sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from typing import Any

from lxml import etree

from eduplan.core.errors import InputError, Location
from eduplan.core.limits import MB, BoundedStream
from eduplan.exchange.rows import MAX_COLUMNS, MAX_ROWS, Cell, Row, Where, column_letter, numbered

#: One workbook's XML part inflated (a sheet, the shared strings).
MAX_PART_BYTES = 200 * MB


class Archive:
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


def xlsx_sheets(zf: Archive) -> dict[str, list[Row]]:
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
            sheets[title] = _sheet_rows(source, strings, date_styles, epoch, where=Where(zf.file, title))
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


def _shared_strings(zf: Archive) -> list[str]:
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


def _date_styles(zf: Archive) -> frozenset[int]:
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


def column_index(ref: str) -> int:
    """0-based column of a cell reference: “C12” → 2 (at most 7 letters are read: beyond any cap)."""
    letters = _CELL_REF_RE.match(ref)
    n = 0
    for ch in (letters.group(0) if letters else "A")[:7]:
        n = n * 26 + ord(ch) - 64
    return n - 1


def row_of(ref: str) -> int:
    """The row number of a cell reference: “C12” → 12 (0 when there is none)."""
    digits = ref.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZ").lstrip("$")[:9]
    return int(digits) if digits.isdigit() else 0


def check_dimension(ref: str | None, where: Where) -> None:
    """Refuse a sheet whose declared used range (<dimension ref="A1:D20">) is beyond the caps."""
    if not ref:
        return
    last = ref.split(":")[-1].replace("$", "").upper()
    rows, columns = row_of(last), column_index(last) + 1
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise InputError(f"工作表的范围 {ref} 超出上限（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列，"
                         f"即 {column_letter(MAX_COLUMNS - 1)} 列），文件可能损坏或含有误填到远处的单元格",
                         location=where.at())


def _cell_value(c: Any, strings: list[str], date_styles: frozenset[int], epoch: dt.datetime,
                where: Where, row: int, col: int) -> Cell:
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
                *, where: Where) -> list[Row]:
    """A worksheet's non-empty rows, streamed; refused where it passes `MAX_ROWS` or `MAX_COLUMNS`."""
    out: list[Row] = []
    number = 0
    seen = 0
    for _, el in etree.iterparse(source, events=("end",), tag=(f"{_NS}dimension", f"{_NS}row")):
        if el.tag == f"{_NS}dimension":
            check_dimension(el.get("ref"), where)
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
            col = column_index(ref) if ref else len(cells)
            if col >= MAX_COLUMNS or len(cells) >= MAX_COLUMNS:
                raise InputError(f"单元格 {ref or column_letter(col) + str(number)} 超出 {MAX_COLUMNS} 列"
                                 f"（{column_letter(MAX_COLUMNS - 1)} 列）的上限", location=where.at(number))
            cells.extend([None] * (col - len(cells)))
            cells.append(_cell_value(c, strings, date_styles, epoch, where, number, col))
        out.extend((number, r) for _, r in numbered([cells]))
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]
    return out
