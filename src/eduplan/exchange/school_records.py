"""School rows → `SchoolRecord`s: one record per region, year and school code, from its whole-school
row and its section (学部) rows; a figure the whole-school row leaves out is the sum of its sections'."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eduplan.core.collection import yearly as c
from eduplan.core.inspection.standards import SECTIONS
from eduplan.core.plan import SchoolRecord
from eduplan.exchange.school_sheet import (
    CONFLICTING_SCHOOL,
    SECTIONS_EXCEED_SCHOOL,
    SchoolRow,
    SchoolSheet,
)
from eduplan.exchange.school_template import (
    FIGURES,
    GRADES,
    NAME,
    QUALIFICATIONS,
    SCHOOL_ID,
    SECTION_KEYS,
    STAGE,
)


def assemble(sheet: SchoolSheet, rows: Sequence[SchoolRow]) -> list[SchoolRecord]:
    """One record per (region, year, school code) from its whole-school and section rows."""
    groups: dict[tuple[str, int, str], list[SchoolRow]] = {}
    for r in rows:
        group = groups.setdefault((r.region, r.year, r.school_id), [])
        if _fits(sheet, group, r):
            group.append(r)
    return [_record(sheet, group) for group in groups.values()]


def _fits(sheet: SchoolSheet, group: Sequence[SchoolRow], r: SchoolRow) -> bool:
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


def _record(sheet: SchoolSheet, group: Sequence[SchoolRow]) -> SchoolRecord:
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


def _sum_sections(sections: Sequence[SchoolRow]) -> dict[str, Any]:
    """School totals as the sums of the section rows (figures given by any section)."""
    totals: dict[str, Any] = {}
    for s in sections:
        for key, value in s.values.items():
            if isinstance(value, list):
                totals[key] = [*totals.get(key, []), *value]
            elif isinstance(value, int | float):
                totals[key] = totals.get(key, 0) + value
    return totals


def _check_sections(sheet: SchoolSheet, whole: SchoolRow, sections: Sequence[SchoolRow]) -> None:
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


def _section_extra(s: SchoolRow) -> dict[str, float | str | None]:
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
