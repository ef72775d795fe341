"""The one month parser: a month as people write it in a cell, a form or a plan's table.

Read (full-width digits and marks as their ASCII forms, spaces around the parts ignored):

- a month: “2023-09”, “2023-9”, “2023.09”, “2023/9”, “2023年9月”, “2023年9月份”, “2023年9”;
- a date, read as its month: “2023-09-01”, “2023/9/1”, “2023.9.1”, “2023年9月1日”, “2023年9月1号”,
  with a time after it or not (“2023-09-01 00:00:00”, as a CSV copy of a date cell holds);
- a bare year, its month unknown: “2023”, “2023年”.

Refused (None): a month outside 1–12, a day that is not on the calendar (“2023-02-30”), a year
that is not four digits (“23-09”), and any other text around or between the parts. How wide a
range of years makes sense is the caller's to say.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_SEP = r"\s*[-./年]\s*"
_MONTH_RE = re.compile(
    r"(?P<year>\d{4})\s*(?:年)?"
    r"|(?P<y>\d{4})" + _SEP + r"(?P<m>\d{1,2})\s*(?:月份?)?"
    r"|(?P<dy>\d{4})" + _SEP + r"(?P<dm>\d{1,2})\s*(?:月|[-./])\s*(?P<dd>\d{1,2})\s*[日号]?"
    r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)


def parse_month(text: str | None) -> tuple[int, int | None] | None:
    """(year, month) of a month, a date or a bare year (month None); None when the text is none of them."""
    if not text:
        return None
    m = _MONTH_RE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if m is None:
        return None
    if m["year"]:
        return int(m["year"]), None
    if m["y"]:
        year, month = int(m["y"]), int(m["m"])
        return (year, month) if 1 <= month <= 12 else None
    year, month, day = int(m["dy"]), int(m["dm"]), int(m["dd"])
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return year, month


def month_text(text: str | None, *, end: bool) -> str | None:
    """A month as “YYYY-MM”; a bare year is its January (start) or its December (end)."""
    parsed = parse_month(text)
    if parsed is None:
        return None
    year, month = parsed
    return f"{year:04d}-{(month or (12 if end else 1)):02d}"
