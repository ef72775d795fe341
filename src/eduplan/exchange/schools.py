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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eduplan.core.collection import yearly as c
from eduplan.core.collection.yearly import Issue, IssueKind, IssueReport, Severity
from eduplan.core.errors import Location
from eduplan.core.inspection.standards import SECTIONS
from eduplan.core.numbers import format_number
from eduplan.core.plan import SchoolRecord
from eduplan.exchange import workbook as wbk
from eduplan.exchange.cells import header_key, number, shown, text
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
    SECTION_KEYS,
    SHEET,
    STAGE,
    STAGES,
    YEAR,
    Figure,
    write_school_template,
)

__all__ = ["FIGURES", "HEADERS", "ISSUE_KINDS", "QUALIFICATIONS", "SchoolImport", "read_school_records",
           "write_school_template"]

_W = Severity.WARNING
NO_SCHOOL_SHEET = IssueKind("no-school-sheet", "没有学校工作表", "未找到“学校”工作表（现有：{sheets}）")
MISSING_SCHOOL_ID = IssueKind("missing-school-id", "未填学校代码", "未填写学校代码")
MISSING_SCHOOL_NAME = IssueKind("missing-school-name", "未填学校名称", "未填写学校名称")
UNKNOWN_STAGE = IssueKind("unknown-stage", "学校类型无效", "学校类型“{value}”无法识别（可选：{options}）")
UNKNOWN_OWNERSHIP = IssueKind("unknown-ownership", "办学性质无效", "办学性质“{value}”无法识别（可选：公办、民办、普惠性民办）")
MISSING_OWNERSHIP = IssueKind("missing-ownership", "幼儿园未填办学性质",
                              "幼儿园须填写办学性质（公办、民办、普惠性民办），普及普惠评估要用")
BAD_SECTION = IssueKind("bad-section", "学部无效", "学部“{value}”不属于{stage}（{expected}）")
SECTION_ENROLMENT_MISSING = IssueKind("section-enrolment-missing", "学部未填在校生数",
                                      "{section}部一行须填写在校生数，否则无法分学段评估")
BAD_CLASS_SIZES = IssueKind("bad-class-sizes", "班额格式错误",
                            "班额“{value}”应为各班人数（正整数），用“、”分隔，如“45、46、44”")
SIZES_EXCEED_CLASSES = IssueKind("sizes-exceed-classes", "班额个数多于班数", "填写了{sizes}个班的班额，但班数只有{classes}")
GRADES_NOT_KINDERGARTEN = IssueKind("grades-not-kindergarten", "非幼儿园填写年龄班班额",
                                    "小班、中班、大班、混合班班额只由幼儿园填写（本校为{stage}），请填在“班额”列")
QUALIFICATION_SUM = IssueKind("qualification-sum", "学历分布与专任教师数不符",
                              "各学历教师合计{total}人，与专任教师数{teachers}人不一致")
PART_EXCEEDS_WHOLE = IssueKind("part-exceeds-whole", "分项大于总数", "{part}为{value}，大于{whole}{whole_value}")
SECTIONS_EXCEED_SCHOOL = IssueKind("sections-exceed-school", "各学部合计大于全校",
                                   "各学部{what}合计{total}，大于全校的{value}")
CONFLICTING_SCHOOL = IssueKind("conflicting-school", "同一学校代码信息不一致",
                               "学校代码{school}的{what}为“{value}”，与第{first}行的“{other}”不一致")
ENROLMENT_CLASS_MISMATCH = IssueKind("enrolment-class-mismatch", "班额合计与在校生数不符",
                                     "各班人数合计{total}人，与在校生数{value}人不一致", _W)
ISSUE_KINDS = (NO_SCHOOL_SHEET, MISSING_SCHOOL_ID, MISSING_SCHOOL_NAME, UNKNOWN_STAGE, UNKNOWN_OWNERSHIP,
               MISSING_OWNERSHIP, BAD_SECTION, SECTION_ENROLMENT_MISSING, BAD_CLASS_SIZES, SIZES_EXCEED_CLASSES,
               GRADES_NOT_KINDERGARTEN, QUALIFICATION_SUM, PART_EXCEEDS_WHOLE, SECTIONS_EXCEED_SCHOOL,
               CONFLICTING_SCHOOL, ENROLMENT_CLASS_MISMATCH)


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


# --- reading rows ----------------------------------------------------------------------------


@dataclass
class _Row:
    """One read row: identity, parsed figures and where its cells are."""

    number: int
    region: str
    year: int
    school_id: str
    name: str
    stage: str
    section: str | None
    ownership: str | None
    values: dict[str, Any]  # Figure.key → parsed value


@dataclass
class _Sheet:
    """A sheet's header (column key → index) and the issues found in it."""

    file: str | None
    name: str
    columns: dict[str, int]
    issues: list[Issue]

    def cell(self, cells: tuple[wbk.Cell, ...], key: str) -> wbk.Cell:
        """The cell of a column in a row."""
        i = self.columns.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    def at(self, row: int, key: str) -> Location:
        """The location of a cell."""
        i = self.columns.get(key)
        return Location(file=self.file, sheet=self.name, row=row, column=wbk.column_letter(i) if i is not None else None)

    def add(self, kind: IssueKind, row: int, key: str, **data: Any) -> None:
        """Record an issue at a cell."""
        self.issues.append(kind.make(self.at(row, key), **data))


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
    sheet = _Sheet(rows.file, name, columns, issues)
    for key in (k for k in REQUIRED if k not in columns):
        issues.append(c.MISSING_COLUMN.make(Location(file=rows.file, sheet=name, row=header_row), column=key))
    if any(k not in columns for k in REQUIRED):
        return SchoolImport(None, issues, strict)
    body = rows.sheets[name][1:]
    read = [r for n, cells in body if (r := _read_row(sheet, n, cells)) is not None]
    records = _assemble(sheet, read)
    blocking = any(i.severity is Severity.ERROR or strict for i in issues)
    rows_read = sum(1 for _, cells in body if _filled(sheet, cells))
    return SchoolImport(None if blocking else records, issues, strict, rows_read)


def _filled(sheet: _Sheet, cells: tuple[wbk.Cell, ...]) -> bool:
    """Whether any figure cell of the row holds something."""
    return any(sheet.cell(cells, f.key) is not None for f in FIGURES)


def _read_row(sheet: _Sheet, row: int, cells: tuple[wbk.Cell, ...]) -> _Row | None:
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
    read = _Row(row, region or "", year or 0, school_id or "", name or "", stage or "", section, ownership, values)
    _check_row(sheet, read)
    return read


def _year(sheet: _Sheet, row: int, cells: tuple[wbk.Cell, ...]) -> int | None:
    """The row's year (a four-digit year), with an issue when wrong."""
    raw = sheet.cell(cells, YEAR)
    value = number(raw) if raw is not None else None
    if value is not None and value.is_integer() and 1949 <= value <= 2100:
        return int(value)
    sheet.add(c.BAD_YEAR, row, YEAR, value=text(raw) or "（空）")
    return None


def _section(sheet: _Sheet, row: int, cells: tuple[wbk.Cell, ...], stage: str | None) -> str | None:
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


def _ownership(sheet: _Sheet, row: int, cells: tuple[wbk.Cell, ...], stage: str | None) -> str | None:
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


def _figure(sheet: _Sheet, row: int, cells: tuple[wbk.Cell, ...], f: Figure) -> Any:
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


def _check_row(sheet: _Sheet, r: _Row) -> None:
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


# --- rows → records --------------------------------------------------------------------------


def _assemble(sheet: _Sheet, rows: Sequence[_Row]) -> list[SchoolRecord]:
    """One record per (region, year, school code) from its whole-school and section rows."""
    groups: dict[tuple[str, int, str], list[_Row]] = {}
    for r in rows:
        group = groups.setdefault((r.region, r.year, r.school_id), [])
        if _fits(sheet, group, r):
            group.append(r)
    return [_record(sheet, group) for group in groups.values()]


def _fits(sheet: _Sheet, group: Sequence[_Row], r: _Row) -> bool:
    """False (with an issue) when the row repeats or contradicts an earlier row of its school."""
    if not group:
        return True
    first = group[0]
    for what, key, mine, theirs in (("学校名称", NAME, r.name, first.name), ("学校类型", STAGE, r.stage, first.stage)):
        if mine != theirs:
            sheet.add(CONFLICTING_SCHOOL, r.number, key, school=r.school_id, what=what, value=mine,
                      first=first.number, other=theirs)
            return False
    same = next((g for g in group if g.section == r.section), None)
    if same is not None:
        what = f"学校{r.school_id}的{r.section + '部' if r.section else '全校'}一行"
        sheet.add(c.DUPLICATE_ROW, r.number, SCHOOL_ID, what=what, first=same.number)
        return False
    return True


def _record(sheet: _Sheet, group: Sequence[_Row]) -> SchoolRecord:
    """The record of one school: totals from its whole row (or summed sections), section extras."""
    whole = next((g for g in group if g.section is None), None)
    order = SECTIONS.get(group[0].stage, ())
    sections = sorted((g for g in group if g.section is not None), key=lambda g: order.index(g.section or ""))
    totals = dict(whole.values) if whole else _sum_sections(sections)
    if whole is not None and sections:
        _check_sections(sheet, whole, sections)
        if "班额" not in totals and any("班额" in s.values for s in sections):
            totals["班额"] = [n for s in sections for n in s.values.get("班额", [])]
    first = whole or group[0]
    record = SchoolRecord(school_id=first.school_id, name=first.name, region=first.region, year=first.year,
                          stage=first.stage, ownership=next((g.ownership for g in group if g.ownership), "public"))
    _apply(record, totals)
    for s in sections:
        record.extra.update(_section_extra(s))
    return record


def _sum_sections(sections: Sequence[_Row]) -> dict[str, Any]:
    """School totals as the sums of the section rows (figures given by any section)."""
    totals: dict[str, Any] = {}
    for s in sections:
        for key, value in s.values.items():
            if isinstance(value, list):
                totals[key] = [*totals.get(key, []), *value]
            elif isinstance(value, int | float):
                totals[key] = totals.get(key, 0) + value
    return totals


def _check_sections(sheet: _Sheet, whole: _Row, sections: Sequence[_Row]) -> None:
    """The sections' enrolment and classes may not add up to more than the whole school's."""
    for key in ("在校生数", "班数"):
        total = sum(s.values.get(key, 0) for s in sections)
        if key in whole.values and total > whole.values[key]:
            sheet.add(SECTIONS_EXCEED_SCHOOL, whole.number, key, what=key, total=total, value=whole.values[key])


def _apply(record: SchoolRecord, values: dict[str, Any]) -> None:
    """Set the record's attributes and extras from parsed figures."""
    grades: list[str] = []
    for f in FIGURES:
        if f.key not in values or f.target.startswith("g:") or f.key == "班额":
            continue
        value = values[f.key]
        if f.target.startswith("q:"):
            record.teachers_by_qualification[f.target[2:]] = value
        elif f.target.startswith("x:"):
            record.extra[f.target[2:]] = value
        else:
            setattr(record, f.target, value)
    plain = values.get("班额", [])
    record.class_sizes = [*plain, *(s for g in GRADES for s in values.get(f"{g}班额", []))]
    grades = [""] * len(plain) + [g for g in GRADES for _ in values.get(f"{g}班额", [])]
    if any(grades):
        record.extra["grades"] = ",".join(grades)
    if "班数" not in values:
        record.classes = len(record.class_sizes)
    if record.stage in _COMPULSORY:
        _mark_missing(record, values)


_COMPULSORY = ("小学", "初中", "教学点", *SECTIONS)
#: A resource figure (core.inspection.FIGURES) → the columns that give it.
_RESOURCE_COLUMNS = {"backbone_teachers": ("县级以上骨干教师",),
                     "pe_art_teachers": ("体育专任教师", "音乐专任教师", "美术专任教师"),
                     "teaching_area": ("教学及辅助用房面积",), "sports_area": ("体育运动场馆面积",),
                     "equipment_value": ("教学仪器设备值",), "multimedia_classrooms": ("网络多媒体教室",)}


def _mark_missing(record: SchoolRecord, values: dict[str, Any]) -> None:
    """A resource figure left blank is missing (`extra[key] = None`), not zero: the core then
    reports it as lacking data instead of computing a gap from 0."""
    for key, columns in _RESOURCE_COLUMNS.items():
        if not any(col in values for col in columns):
            record.extra[key] = None


def _section_extra(s: _Row) -> dict[str, float | str | None]:
    """A section row's figures as `extra["<学部>.<figure>"]`."""
    v = s.values
    by_target = {f.target: v[f.key] for f in FIGURES if f.key in v}
    if "classes" not in by_target and "班额" in v:
        by_target["classes"] = len(v["班额"])
    out: dict[str, float | str | None] = {
        f"{s.section}.{key}": by_target[key] for key in SECTION_KEYS if key in by_target}
    pe_art = [v[k] for k in ("体育专任教师", "音乐专任教师", "美术专任教师") if k in v]
    if pe_art:
        out[f"{s.section}.pe_art_teachers"] = sum(pe_art)
    for q in QUALIFICATIONS:
        if f"{q}学历教师" in v:
            out[f"{s.section}.qualification.{q}"] = v[f"{q}学历教师"]
    if "x:places" in by_target:
        out[f"{s.section}.places"] = by_target["x:places"]
    return out
