"""The report document model: a report is sections of paragraphs, tables and charts.

Builders (`builders.py`) turn domain data into a `Report`; renderers (docx, pdf, xlsx) turn a
`Report` into a file. Numbers stay numbers in tables (the Excel sheets keep them as values);
`format_number` is the one place where a number becomes the text a reader sees.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from eduplan.core.numbers import format_number as core_format_number

Cell = str | int | float | dt.date | None


class NumberFormat(StrEnum):
    """How a table column shows its numbers (the values are Excel number formats)."""

    TEXT = "@"
    INTEGER = "#,##0"
    YEAR = "0"  # years and codes: no thousands separator
    AUTO = "auto"  # integers without decimals, other numbers with up to three
    ONE = "#,##0.0"
    TWO = "0.00"
    PERCENT = "0.0%"  # the value is a fraction: 0.953 shows as 95.3%
    DATE = "yyyy-mm-dd"
    MONTH = "yyyy-mm"  # a date standing for its month (a project's planned start 2022-04)


@dataclass(frozen=True)
class Column:
    """A table column: its heading and how its numbers are shown."""

    title: str
    format: NumberFormat = NumberFormat.TEXT
    width: float = 1.0  # relative width in Word and PDF
    printed: bool = True  # False: only in the Excel sheet (Word and PDF pages are too narrow)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text; `note` paragraphs are smaller (sources, remarks)."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Subheading:
    """A second-level heading inside a section: “（一）……”."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with a caption; `sheet` names its worksheet in the Excel workbook."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sheet: str = ""

    def printed(self) -> Table:
        """The table with only its printed columns (for Word and PDF)."""
        keep = [i for i, c in enumerate(self.columns) if c.printed]
        if len(keep) == len(self.columns):
            return self
        return Table(self.caption, tuple(self.columns[i] for i in keep),
                     tuple(tuple(row[i] for i in keep) for row in self.rows), self.sheet)


@dataclass(frozen=True)
class Series:
    """One named series of a chart, a value per category (None: no value)."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows: bar (vertical), barh (horizontal), stacked barh, or line."""

    kind: str  # bar | barh | stacked | line
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    reference: tuple[tuple[float, str], ...] = ()  # reference lines: (value, label)


@dataclass(frozen=True)
class Chart:
    """A chart with its caption (“图1 ……”)."""

    spec: ChartSpec
    caption: str


Block = Paragraph | Subheading | Table | Chart


@dataclass(frozen=True)
class Section:
    """A numbered section of a report: “一、总体情况” and its blocks."""

    heading: str
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Report:
    """A whole report: title, issuing body, date, whether its data is simulated, sections.

    Laid out as a 公文: the title, the 主送机关 (`addressee`) after it, the sections, then the issuing
    body and the date at the end, and the 附注 (`annotation`) in parentheses under them.
    """

    title: str
    issuer: str
    date: dt.date
    simulated: bool
    sections: tuple[Section, ...] = field(default_factory=tuple)
    subtitle: str = ""
    addressee: str = ""
    annotation: str = ""
    datasets: tuple[Table, ...] = ()  # the Excel workbook's long tables (one per subject); else its tables

    def tables(self) -> list[Table]:
        """Every table of the report, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        """Every chart of the report, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]


_CAPTION_NUMBER = re.compile(r"^[表图]\s*\d+\s*")


def number_captions(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Tables numbered 表1, 表2 … and charts 图1, 图2 … in reading order, whatever numbers the
    builders wrote (a section left out never leaves a gap)."""
    count = {"表": 0, "图": 0}

    def caption(kind: str, text: str) -> str:
        count[kind] += 1
        return f"{kind}{count[kind]} {_CAPTION_NUMBER.sub('', text)}"

    out = []
    for section in sections:
        blocks: list[Block] = []
        for b in section.blocks:
            if isinstance(b, Table):
                b = dataclasses.replace(b, caption=caption("表", b.caption))
            elif isinstance(b, Chart):
                b = dataclasses.replace(b, caption=caption("图", b.caption))
            blocks.append(b)
        out.append(Section(section.heading, tuple(blocks)))
    return tuple(out)


SIMULATED_MARK = "模拟数据"
SIMULATED_NOTE = "说明：本报告所用监测数据含模拟数据，仅供演示和测试，不代表实际情况。"
CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (section numbers up to 99)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def date_text(day: dt.date) -> str:
    """2024年3月8日."""
    return f"{day.year}年{day.month}月{day.day}日"


#: How each format shows a number: options of the one formatter (`core.numbers.format_number`).
NUMBER_TEXT: dict[NumberFormat, Callable[[float], str]] = {
    NumberFormat.INTEGER: partial(core_format_number, digits=0, thousands=True, fixed=True),
    NumberFormat.YEAR: partial(core_format_number, digits=0, fixed=True),
    NumberFormat.ONE: partial(core_format_number, digits=1, thousands=True, fixed=True),
    NumberFormat.TWO: partial(core_format_number, digits=2, fixed=True),
    NumberFormat.PERCENT: partial(core_format_number, digits=1, fixed=True, percent=True),
}


def format_number(value: Cell, fmt: NumberFormat = NumberFormat.AUTO) -> str:
    """The text a reader sees for a cell; None and NaN show as “—”; numbers by `core.numbers.format_number`."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m" if fmt is NumberFormat.MONTH else "%Y-%m-%d")
    if isinstance(value, str) or fmt is NumberFormat.TEXT or isinstance(value, bool):
        return str(value)
    return NUMBER_TEXT.get(fmt, auto_text)(value)


def auto_decimals(value: float) -> int:
    """Decimals `AUTO` shows: 0 for whole numbers, else up to 3 (trailing zeros dropped)."""
    text = f"{abs(value):.3f}".rstrip("0")
    return len(text.split(".")[1])


def auto_text(value: float) -> str:
    """12,345 / 93.5 / 2.804: thousands separators, up to three decimals."""
    return core_format_number(value, digits=3, thousands=True)


def auto_excel_format(value: float) -> str:
    """The Excel number format that shows `value` as `auto_text` does."""
    decimals = auto_decimals(value)
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def cell_text(value: Cell, column: Column) -> str:
    """A cell as text under its column's format."""
    return format_number(value, column.format)
