"""Actions of a 优质均衡 pass plan, applied to school records; and the naive plan that fills every gap.

An `Action` is one thing done at one school section in one year (hire 3 teachers, build 420 m²,
train 2 backbone teachers, rotate 1 backbone teacher from another school …). `apply_actions`
writes a plan's actions into the deadline-year records the way the inspection reads them, so the
inspection itself (`balance.assess_resources`, `guarantee.special_room_items`) is the judge of
whether a plan passes: a combined school's section figures are written per section
(`extra["小学.teaching_area"]` …), every other section's apportioned figure frozen beside it.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from eduplan.core.inspection.balance import FIGURES, RESOURCE_INDICATORS, SchoolSection, school_sections
from eduplan.core.inspection.guarantee import rooms_required
from eduplan.core.inspection.pass_inputs import Limits, UnitCosts
from eduplan.core.inspection.standards import SECTIONS, StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord

#: kind → (Chinese name, unit, the resource figures it adds to; a rotation also takes from its donor)
ACTION_KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "hire": ("招聘专任教师", "人", ("qualified_teachers",)),
    "hire_pe_art": ("招聘体育、艺术专任教师", "人", ("qualified_teachers", "pe_art_teachers")),
    "train_backbone": ("培养县级以上骨干教师", "人", ("backbone_teachers",)),
    "rotate_backbone": ("交流轮岗骨干教师", "人", ("qualified_teachers", "backbone_teachers")),
    "teaching_area": ("新建、改扩建教学及辅助用房", "m²", ("teaching_area",)),
    "sports_area": ("新建、改扩建体育运动场馆", "m²", ("sports_area",)),
    "equipment": ("购置教学仪器设备", "元", ("equipment_value",)),
    "multimedia": ("配备网络多媒体教室", "间", ("multimedia_classrooms",)),
    "music_room": ("配备音乐专用教室", "间", ()),
    "art_room": ("配备美术专用教室", "间", ()),
}
TEACHER_KINDS = ("hire", "hire_pe_art", "rotate_backbone")  # paid every year from the year they start
ROOM_KINDS = ("multimedia", "music_room", "art_room")


@dataclass(frozen=True)
class Action:
    """One action at one school section in one year, its quantity in its own unit and its cost in 万元."""

    school_id: str
    school: str  # the section's label (“某某学校（初中）”)
    section: str
    year: int
    kind: str
    quantity: float
    cost: float  # 万元, every year it is paid until the deadline included
    donor_id: str | None = None  # for a rotation: the school section the teacher comes from
    donor: str | None = None

    @property
    def name(self) -> str:
        base = ACTION_KINDS[self.kind][0]
        return f"{base}（自{self.donor}）" if self.donor else base

    @property
    def unit(self) -> str:
        return ACTION_KINDS[self.kind][1]


def unit_cost(kind: str, year: int, deadline: int, costs: UnitCosts) -> float:
    """万元 for one unit of `kind` started in `year`: teachers are paid every year up to the deadline."""
    years = deadline - year + 1
    return {
        "hire": costs.teacher_per_year * years,
        "hire_pe_art": costs.pe_art_teacher_per_year * years,
        "train_backbone": costs.backbone_training,
        "rotate_backbone": costs.rotation_per_year * years,
        "teaching_area": costs.teaching_area_per_m2 / 10000,
        "sports_area": costs.sports_area_per_m2 / 10000,
        "equipment": 1 / 10000,
        "multimedia": costs.multimedia_classroom,
        "music_room": costs.special_room,
        "art_room": costs.special_room,
    }[kind]


def section_key(section: SchoolSection) -> tuple[str, str]:
    return section.school_id, section.section


def apply_actions(records: Sequence[SchoolRecord], actions: Iterable[Action], standards: StandardsSet, *,
                  up_to: int | None = None,
                  project_areas: Mapping[str, float] | None = None) -> list[SchoolRecord]:
    """The records with every action of a year ≤ `up_to` (all when None) written in.

    `project_areas` adds m² of teaching rooms per school id (the plan's own projects finished by then).
    """
    adds: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    rooms: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for a in actions:
        if up_to is not None and a.year > up_to:
            continue
        if a.kind in ("music_room", "art_room"):
            rooms[a.school_id][a.kind] += a.quantity
            continue
        for figure in ACTION_KINDS[a.kind][2]:
            value = a.quantity * (1 / 10000 if figure == "equipment_value" else 1)  # records keep 万元
            adds[(a.school_id, a.section)][figure] += value
            if a.kind == "rotate_backbone" and a.donor_id is not None:
                donor = a.donor_id.rsplit("｜", 1)
                adds[(donor[0], donor[1])][figure] -= value
    for school_id, area in (project_areas or {}).items():
        if area:
            for section in _sections_of(records, school_id, standards):
                adds[(school_id, section)]["teaching_area"] += area * _share(records, school_id, section, standards)
    out: list[SchoolRecord] = []
    for r in records:
        touched = {sec: fig for (sid, sec), fig in adds.items() if sid == r.school_id}
        if not touched and r.school_id not in rooms:
            out.append(r)
            continue
        out.append(_applied(r, touched, rooms.get(r.school_id, {}), standards))
    return out


def _sections_of(records: Sequence[SchoolRecord], school_id: str, standards: StandardsSet) -> list[str]:
    for r in records:
        if r.school_id == school_id:
            return [s.section for s in school_sections(r, standards)[0]]
    return []


def _share(records: Sequence[SchoolRecord], school_id: str, section: str, standards: StandardsSet) -> float:
    for r in records:
        if r.school_id == school_id:
            sections = school_sections(r, standards)[0]
            total = sum(s.enrolment for s in sections)
            return next((s.enrolment / total for s in sections if s.section == section), 0.0) if total else 0.0
    return 0.0


def _applied(record: SchoolRecord, adds: Mapping[str, Mapping[str, float]], rooms: Mapping[str, float],
             standards: StandardsSet) -> SchoolRecord:
    """One record with its sections' additions written the way `school_sections` reads them back."""
    record = dataclasses.replace(
        record, music_rooms=record.music_rooms + round(rooms.get("music_room", 0)),
        art_rooms=record.art_rooms + round(rooms.get("art_room", 0)),
        extra=dict(record.extra), teachers_by_qualification=dict(record.teachers_by_qualification))
    if not adds:
        return record
    combined = record.stage in SECTIONS
    if not combined:
        figures = adds.get(record.stage) or adds.get("小学") or {}
        return _add_whole(record, figures, standards)
    sections = school_sections(record, standards)[0]
    extra = dict(record.extra)
    for section in sections:  # freeze every section's figures, then add
        for key, value in zip(FIGURES, section.figures, strict=True):
            own = f"{section.section}.{key}"
            base = 0.0 if value is None else (value / 10000 if key == "equipment_value" else value)
            extra[own] = base + adds.get(section.section, {}).get(key, 0.0)
    return dataclasses.replace(record, extra=extra)


def _add_whole(record: SchoolRecord, figures: Mapping[str, float], standards: StandardsSet) -> SchoolRecord:
    """Additions to a single-stage school's own fields (a missing figure counts from 0)."""
    extra = dict(record.extra)
    missing = {key for key in FIGURES if key in extra and extra[key] is None}  # counted from 0
    for key in missing & set(figures):
        del extra[key]
    changes: dict[str, object] = {"extra": extra}

    def base(key: str, value: float) -> float:
        return 0.0 if key in missing else value

    hires = figures.get("qualified_teachers", 0.0)
    backbone = figures.get("backbone_teachers", 0.0)
    pe_art = figures.get("pe_art_teachers", 0.0)
    if hires:
        stage = record.stage if record.stage in ("小学", "初中") else "小学"
        minimum = standards.text(f"balance.qualification.{stage_key(stage)}")
        by = {} if "qualified_teachers" in missing else dict(record.teachers_by_qualification)
        by[minimum] = by.get(minimum, 0) + round(hires)
        changes["teachers_by_qualification"] = by
        changes["teachers"] = record.teachers + round(hires)
    if backbone:
        changes["backbone_teachers"] = int(base("backbone_teachers", record.backbone_teachers)) + round(backbone)
    if pe_art:
        changes["pe_teachers"] = record.pe_teachers + round(pe_art)
    for key in ("teaching_area", "sports_area", "equipment_value"):
        if key in figures:
            changes[key] = base(key, getattr(record, key)) + figures[key]
    if "multimedia_classrooms" in figures:
        changes["multimedia_classrooms"] = (int(base("multimedia_classrooms", record.multimedia_classrooms))
                                            + round(figures["multimedia_classrooms"]))
    return dataclasses.replace(record, **changes)  # type: ignore[arg-type]


def special_rooms_required(record: SchoolRecord, standards: StandardsSet, kind: str) -> int:
    """Music or art rooms ("music_room" / "art_room") the school needs in all: one per N classes of
    each 小学 or 初中 part, a combined school's shared rooms split by the configured weights."""
    return rooms_required(record, standards, kind.removesuffix("_room"))


def schedule_backwards(total: int, *, years: Sequence[int], cap: int) -> dict[int, int]:
    """Spread `total` units over `years`, as late as `cap` per year allows (the rest in the first year)."""
    out: dict[int, int] = {}
    left = total
    for year in sorted(years, reverse=True):
        take = min(cap, left)
        if take:
            out[year] = take
        left -= take
    if left:
        first = min(years)
        out[first] = out.get(first, 0) + left
    return out


def naive_actions(records: Sequence[SchoolRecord], standards: StandardsSet, *, years: Sequence[int],
                  costs: UnitCosts, limits: Limits,
                  project_areas: Mapping[str, float] | None = None) -> list[Action]:
    """Fill every gap at every school section to its standard, each item on its own, as late as the limits allow."""
    deadline = max(years)
    done = apply_actions(records, [], standards, project_areas=project_areas)
    actions: list[Action] = []
    kinds = ("hire", "train_backbone", "hire_pe_art", "teaching_area", "sports_area", "equipment", "multimedia")
    for record in done:
        sections, _ = school_sections(record, standards)
        for section in sections:
            for spec, figure, kind in zip(RESOURCE_INDICATORS, section.figures, kinds, strict=True):
                standard = standards.number(f"balance.resource.{stage_key(section.section)}.{spec.key}")
                have = figure or 0.0
                need = standard * section.enrolment / spec.per - have
                if need <= 1e-9:
                    continue
                amount = math.ceil(need - 1e-9) if spec.whole else math.ceil(need * 100 - 1e-9) / 100
                if kind == "equipment":
                    amount = math.ceil(need - 1e-9)
                actions.extend(_scheduled(section, kind, amount, years, deadline, costs, limits))
        for kind, have in (("music_room", record.music_rooms), ("art_room", record.art_rooms)):
            missing = special_rooms_required(record, standards, kind) - have
            if missing > 0 and sections:
                actions.extend(_scheduled(sections[0], kind, missing, years, deadline, costs, limits))
    return actions


def _scheduled(section: SchoolSection, kind: str, amount: float, years: Sequence[int], deadline: int,
               costs: UnitCosts, limits: Limits) -> list[Action]:
    caps = {"hire": limits.hires_per_school_per_year, "hire_pe_art": limits.hires_per_school_per_year,
            "train_backbone": limits.trainings_per_school_per_year, "multimedia": limits.rooms_per_school_per_year,
            "music_room": limits.rooms_per_school_per_year, "art_room": limits.rooms_per_school_per_year}
    plan = (schedule_backwards(int(amount), years=years, cap=caps[kind]) if kind in caps
            else {deadline: amount})
    return [Action(section.school_id, section.label, section.section, year, kind, qty,
                   qty * unit_cost(kind, year, deadline, costs)) for year, qty in sorted(plan.items())]
