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
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eduplan.core.errors import InputError, Location
from eduplan.core.limits import DEFAULT_ZIP_LIMITS, check_zip_directory
from eduplan.exchange.rows import MAX_COLUMNS, MAX_ROWS, Cell, Row, numbered
from eduplan.exchange.xlsx_fast import FAST_READ_BYTES, fast_sheets
from eduplan.exchange.xlsx_stream import Archive, xlsx_sheets

INDICATORS = "指标"
TARGETS = "文中目标"
TASKS = "任务进展"
PROJECTS = "项目进展"
FINANCE = "经费"
GUIDE = "说明"
DATA_SHEETS = (INDICATORS, TARGETS, TASKS, PROJECTS, FINANCE)

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
    """Every sheet of an .xlsx file: from `FAST_READ_BYTES` on by calamine where it reads the workbook
    as the exact reader would (`xlsx_fast`), else streamed from its XML (`xlsx_stream.xlsx_sheets`).

    The zip directory is checked before anything is inflated, every part is read through a
    counter that stops at `MAX_PART_BYTES`, and a sheet stops at `MAX_ROWS` × `MAX_COLUMNS`.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            check_zip_directory(zf.infolist(), file=path.name, limits=DEFAULT_ZIP_LIMITS)
            archive = Archive(zf, path.name)
            fast = fast_sheets(path, archive) if path.stat().st_size >= FAST_READ_BYTES else None
            sheets = xlsx_sheets(archive) if fast is None else fast
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib and lxml raise many types for a damaged file
        raise InputError(f"无法读取 Excel 文件（{type(exc).__name__}），请确认是 .xlsx 格式",
                         location=Location(file=path.name)) from None
    return WorkbookRows(sheets, path.name)


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
        for _, kept in numbered([tuple(c.strip() if isinstance(c, str) else c for c in cells)]):
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
