"""A filled workbook's cells read as values: header keys, text, numbers, months.

Shared by the yearly import (`imports` and its `import_*` modules) and the school-records import
(`schools`). A text cell is read by the one number parser (core.numbers) and the one month parser.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from eduplan.core.dates import parse_month
from eduplan.core.numbers import format_number, parse_number
from eduplan.exchange.rows import Cell

_HEADER_CUT = re.compile(r"[（(]")


def header_key(cell: Cell) -> str | None:
    """A header cell's key: the text before any bracket, without spaces or “*”."""
    if cell is None:
        return None
    text = re.sub(r"[\s*＊]", "", str(cell))
    return _HEADER_CUT.split(text, maxsplit=1)[0] or None


def text(cell: Cell) -> str | None:
    """A cell as stripped text; a whole float without its “.0”."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    s = str(cell).strip()
    return s or None


def number(cell: Cell) -> float | None:
    """A cell's number (text cells through the one number parser), else None.

    NaN is no number; a number too large for a float (a 400-digit integer, 1e999) is ±inf, so
    that the range checks refuse it as out of range instead of it reaching the database.
    """
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        try:
            value = float(cell)
        except OverflowError:
            return math.inf if cell > 0 else -math.inf
        return None if math.isnan(value) else value
    if isinstance(cell, str):
        parsed = parse_number(cell)
        return None if parsed is None or math.isnan(parsed) else parsed
    return None


def shown(value: float) -> str:
    """A number for a message: as written, or in exponent form when huge (1e+308), “无穷大” when infinite."""
    if math.isinf(value):
        return "无穷大" if value > 0 else "负无穷大"
    return format_number(value) if abs(value) < 1e15 else f"{value:.3g}"


def month(cell: Cell) -> str | None:
    """A month cell as “YYYY-MM” (a date cell, “2023-09”, “2023/9”, “2023年9月”), else None."""
    if isinstance(cell, (dt.datetime, dt.date)):
        return f"{cell.year:04d}-{cell.month:02d}"
    if not isinstance(cell, str):
        return None
    parsed = parse_month(cell)
    if parsed is None or parsed[1] is None or not 1949 <= parsed[0] <= 2100:
        return None
    return f"{parsed[0]:04d}-{parsed[1]:02d}"
