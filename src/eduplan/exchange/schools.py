"""The school-records workbook (学校统计数据表): a template to fill and its all-or-nothing import.

One sheet, 学校, one row per school and year. A combined school (九年一贯制, 十二年一贯制,
完全中学) may add one row per section (学部 小学/初中/高中) beside its whole-school row (学部
left blank): the section rows give that section's figures, which become
`extra["<学部>.<figure>"]` as `core.inspection` reads them; a figure a section row leaves blank
is apportioned by the core. Without a whole-school row the school's totals are the sums of
its section rows. Kindergarten figures that `SchoolRecord` lacks go to `extra` under the keys
`core.simulate_schools.as_kindergarten` reads (grades, principals, areas …).

Every cell is checked and every problem collected with its sheet, row and column letter; any
error → no records at all. A row is read when any of its figure cells holds something, so
prefilled identity rows left blank are not problems. The layout and the template writer are in
`eduplan.exchange.school_template`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eduplan.core.collection import yearly as c
from eduplan.core.collection.yearly import Issue, IssueReport, Severity
from eduplan.core.errors import Location
from eduplan.core.inspection.standards import SECTIONS
from eduplan.core.numbers import format_number
from eduplan.core.plan import SchoolRecord
from eduplan.exchange import workbook as wbk
from eduplan.exchange.cells import header_key, number, shown, text
from eduplan.exchange.rows import Cell
from eduplan.exchange.school_records import assemble
from eduplan.exchange.school_sheet import (
    BAD_CLASS_SIZES,
    BAD_SECTION,
    ENROLMENT_CLASS_MISMATCH,
    GRADES_NOT_KINDERGARTEN,
    MISSING_OWNERSHIP,
    MISSING_SCHOOL_ID,
    MISSING_SCHOOL_NAME,
    NO_SCHOOL_SHEET,
    PART_EXCEEDS_WHOLE,
    QUALIFICATION_SUM,
    SECTION_ENROLMENT_MISSING,
    SIZES_EXCEED_CLASSES,
    UNKNOWN_OWNERSHIP,
    UNKNOWN_STAGE,
    SchoolRow,
    SchoolSheet,
)
from eduplan.exchange.school_template import (
    FIGURES,
    GRADES,
    HEADERS,
    NAME,
    OWNERSHIP,
    OWNERSHIPS,
    QUALIFICATIONS,
    REGION,
    REQUIRED,
    SCHOOL_ID,
    SECTION,
    SHEET,
    STAGE,
    STAGES,
    YEAR,
    Figure,
    write_school_template,
)

__all__ = ["FIGURES", "HEADERS", "QUALIFICATIONS", "SchoolImport", "read_school_records", "write_school_template"]


@dataclass
class SchoolImport(IssueReport):
    """The outcome of reading a school-records workbook: records (None when refused) and issues."""

    records: list[SchoolRecord] | None
    issues: list[Issue] = field(default_factory=list)
    strict: bool = False
    rows_read: int = 0

    @property
    def accepted(self) -> bool:
        """Whether the records may be stored."""
        return self.records is not None

    def summary(self) -> str:
        """A one-line Chinese verdict."""
        if self.records is None:
            return self.refusal()
        return f"可以导入：学校{len(self.records)}所（读取{self.rows_read}行）；{self.counts()}。"


def _school_sheet(rows: wbk.WorkbookRows) -> str | None:
    """The sheet holding school rows: 学校, else one whose name has 学校, else the only data sheet."""
    names = [n for n in rows.sheets if n != wbk.GUIDE]
    if SHEET in names:
        return SHEET
    named = [n for n in names if SHEET in n]
    if len(named) == 1:
        return named[0]
    return names[0] if len(names) == 1 else None


def read_school_records(rows: wbk.WorkbookRows, *, strict: bool = False) -> SchoolImport:
    """Check every cell of a filled school workbook; the records only when nothing blocks them."""
    issues: list[Issue] = []
    name = _school_sheet(rows)
    if name is None or not rows.sheets[name]:
        issues.append(NO_SCHOOL_SHEET.make(Location(file=rows.file), sheets="、".join(rows.sheets) or "无"))
        return SchoolImport(None, issues, strict)
    header_row, header = rows.sheets[name][0]
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = header_key(cell)
        if key and key not in columns:
            columns[key] = i
    sheet = SchoolSheet(rows.file, name, columns, issues)
    for key in (k for k in REQUIRED if k not in columns):
        issues.append(c.MISSING_COLUMN.make(Location(file=rows.file, sheet=name, row=header_row), column=key))
    if any(k not in columns for k in REQUIRED):
        return SchoolImport(None, issues, strict)
    body = rows.sheets[name][1:]
    read = [r for n, cells in body if (r := _read_row(sheet, n, cells)) is not None]
    records = assemble(sheet, read)
    blocking = any(i.severity is Severity.ERROR or strict for i in issues)
    rows_read = sum(1 for _, cells in body if _filled(sheet, cells))
    return SchoolImport(None if blocking else records, issues, strict, rows_read)


def _filled(sheet: SchoolSheet, cells: tuple[Cell, ...]) -> bool:
    """Whether any figure cell of the row holds something."""
    return any(sheet.cell(cells, f.key) is not None for f in FIGURES)


def _read_row(sheet: SchoolSheet, row: int, cells: tuple[Cell, ...]) -> SchoolRow | None:
    """A row's identity and figures, with an issue for each bad cell; None when it cannot be used."""
    if not _filled(sheet, cells):
        return None
    before = len(sheet.issues)
    region, school_id, name = (text(sheet.cell(cells, k)) for k in (REGION, SCHOOL_ID, NAME))
    for value, kind, key in ((region, c.MISSING_REGION, REGION), (school_id, MISSING_SCHOOL_ID, SCHOOL_ID),
                             (name, MISSING_SCHOOL_NAME, NAME)):
        if value is None:
            sheet.add(kind, row, key)
    year = _year(sheet, row, cells)
    stage = text(sheet.cell(cells, STAGE))
    if stage not in STAGES:
        sheet.add(UNKNOWN_STAGE, row, STAGE, value=stage or "（空）", options="、".join(STAGES))
    section = _section(sheet, row, cells, stage)
    ownership = _ownership(sheet, row, cells, stage)
    values = {f.key: v for f in FIGURES if (v := _figure(sheet, row, cells, f)) is not None}
    if len(sheet.issues) > before:
        return None
    read = SchoolRow(row, region or "", year or 0, school_id or "", name or "", stage or "", section, ownership, values)
    _check_row(sheet, read)
    return read


def _year(sheet: SchoolSheet, row: int, cells: tuple[Cell, ...]) -> int | None:
    """The row's year (a four-digit year), with an issue when wrong."""
    raw = sheet.cell(cells, YEAR)
    value = number(raw) if raw is not None else None
    if value is not None and value.is_integer() and 1949 <= value <= 2100:
        return int(value)
    sheet.add(c.BAD_YEAR, row, YEAR, value=text(raw) or "（空）")
    return None


def _section(sheet: SchoolSheet, row: int, cells: tuple[Cell, ...], stage: str | None) -> str | None:
    """The row's section (学部), None for a whole-school row."""
    raw = text(sheet.cell(cells, SECTION))
    if raw is None or raw == "全校":
        return None
    section = raw.removesuffix("部")
    allowed = SECTIONS.get(stage or "", ())
    if section not in allowed:
        expected = f"应为{'、'.join(allowed)}或留空" if allowed else f"{stage or '该类学校'}不分学部，应留空"
        sheet.add(BAD_SECTION, row, SECTION, value=raw, stage=stage or "该类学校", expected=expected)
    return section


def _ownership(sheet: SchoolSheet, row: int, cells: tuple[Cell, ...], stage: str | None) -> str | None:
    """The row's ownership code (public / private / 普惠), None when blank."""
    raw = text(sheet.cell(cells, OWNERSHIP))
    if raw is None:
        if stage == "幼儿园" and text(sheet.cell(cells, SECTION)) is None:
            sheet.add(MISSING_OWNERSHIP, row, OWNERSHIP)
        return None
    code = OWNERSHIPS.get(raw)
    if code is None:
        sheet.add(UNKNOWN_OWNERSHIP, row, OWNERSHIP, value=raw)
    return code


#: No figure of one school (pupils, teachers, square metres, books, yuan) reaches 10⁹; a class has
#: at most a few hundred pupils.
SCHOOL_FIGURE_CEILING = 1_000_000_000
MAX_CLASS_SIZE = 1_000

_SPLIT = re.compile(r"[、,，;；/\s]+")


def _figure(sheet: SchoolSheet, row: int, cells: tuple[Cell, ...], f: Figure) -> Any:
    """One figure cell parsed by its kind; None when blank or wrong (with an issue)."""
    raw = sheet.cell(cells, f.key)
    if raw is None:
        return None
    if f.kind == "text":
        return text(raw)
    if f.kind == "sizes":
        parts = [number(p) for p in _SPLIT.split(str(text(raw))) if p]
        if not parts or any(p is None or not p.is_integer() or not 0 < p <= MAX_CLASS_SIZE for p in parts):
            sheet.add(BAD_CLASS_SIZES, row, f.key, value=text(raw))
            return None
        return [int(p) for p in parts if p is not None]
    value = number(raw)
    if value is None:
        sheet.add(c.NOT_A_NUMBER, row, f.key, value=text(raw))
    elif value < 0:
        sheet.add(c.NEGATIVE_VALUE, row, f.key, value=shown(value), what=f.key)
    elif value > SCHOOL_FIGURE_CEILING:
        sheet.add(c.VALUE_OUT_OF_RANGE, row, f.key, what=f.key, value=shown(value),
                  limit=format_number(SCHOOL_FIGURE_CEILING), unit="")
    elif f.kind == "int" and not value.is_integer():
        sheet.add(c.NOT_AN_INTEGER, row, f.key, value=format_number(value), what=f.key)
    else:
        return int(value) if f.kind == "int" else value
    return None


def _sizes(values: dict[str, Any]) -> list[int]:
    """All class sizes of a row: the plain column, then the kindergarten grade columns."""
    return [*values.get("班额", []), *(s for g in GRADES for s in values.get(f"{g}班额", []))]


def _check_row(sheet: SchoolSheet, r: SchoolRow) -> None:
    """Consistency within a row: classes, qualifications, parts of the teacher total."""
    v = r.values
    sizes = _sizes(v)
    if r.stage != "幼儿园":
        for g in (g for g in GRADES if f"{g}班额" in v):
            sheet.add(GRADES_NOT_KINDERGARTEN, r.number, f"{g}班额", stage=r.stage)
    classes = v.get("班数")
    if classes is not None and len(sizes) > classes:
        sheet.add(SIZES_EXCEED_CLASSES, r.number, "班数", sizes=len(sizes), classes=classes)
    if r.section and "在校生数" not in v:
        sheet.add(SECTION_ENROLMENT_MISSING, r.number, "在校生数", section=r.section)
    teachers = v.get("专任教师数")
    quals = [v[f"{q}学历教师"] for q in QUALIFICATIONS if f"{q}学历教师" in v]
    if quals and teachers is not None and sum(quals) != teachers:
        sheet.add(QUALIFICATION_SUM, r.number, "专任教师数", total=sum(quals), teachers=teachers)
    parts = (("持证教师数", "持证教师数"), ("县级以上骨干教师", "县级以上骨干教师"))
    if teachers is not None:
        for key, label in parts:
            if v.get(key, 0) > teachers:
                sheet.add(PART_EXCEEDS_WHOLE, r.number, key, part=label, value=v[key], whole="专任教师数",
                          whole_value=teachers)
        pe_art = sum(v.get(k, 0) for k in ("体育专任教师", "音乐专任教师", "美术专任教师"))
        if pe_art > teachers:
            sheet.add(PART_EXCEEDS_WHOLE, r.number, "体育专任教师", part="体育、音乐、美术专任教师合计",
                      value=pe_art, whole="专任教师数", whole_value=teachers)
    if v.get("持证园长数", 0) > v.get("园长数", v.get("持证园长数", 0)):
        sheet.add(PART_EXCEEDS_WHOLE, r.number, "持证园长数", part="持证园长数", value=v["持证园长数"],
                  whole="园长数", whole_value=v["园长数"])
    enrolment = v.get("在校生数")
    if sizes and enrolment is not None and len(sizes) == (classes or len(sizes)) and sum(sizes) != enrolment:
        sheet.add(ENROLMENT_CLASS_MISMATCH, r.number, "在校生数", total=sum(sizes), value=enrolment)
