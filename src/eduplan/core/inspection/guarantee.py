"""义务教育优质均衡 inspection: the 政府保障程度 and 教育质量 items that figures can decide.

The school items (班额, 学校规模, 音乐、美术专用教室) are judged on the school records; the
county 政府保障 items (教师工资, 交流轮岗, 持证上岗, 培训, 就近入学, 指标到校, 随迁子女) and the
教育质量 items (巩固率, 残疾儿童少年入学率, 培训经费, 社会认可度) on `CountyFigures`. Every
threshold comes from a `StandardsSet` (keys `balance.gov.*`, `balance.quality.*`, `balance.recognition`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from eduplan.core.inspection.classsize import section_class_sizes
from eduplan.core.inspection.items import (
    ASSESSED_SECTIONS,
    ItemResult,
    is_teaching_point,
    limit_item,
    number_text,
    rate_item,
    shortfall,
)
from eduplan.core.inspection.shared import compulsory_enrolment, part_figure, part_shares
from eduplan.core.inspection.standards import SECTIONS, StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord


@dataclass(frozen=True)
class CountyFigures:
    """County-level figures for the 政府保障 and 教育质量 items; None where not reported."""

    teacher_pay: float | None = None  # 义务教育教师年平均工资收入, 元
    civil_servant_pay: float | None = None  # 当地公务员年平均工资收入, 元
    teachers: int | None = None  # teachers the pay gap applies to, for the total in 元
    rotation_eligible: int | None = None  # 符合交流条件的教师数
    rotated: int | None = None
    backbone_rotated: int | None = None
    certified_teachers: int | None = None  # default: summed from the school records
    total_teachers: int | None = None
    training_completion: float | None = None  # %
    nearby_enrolment_primary: float | None = None  # %
    nearby_enrolment_junior: float | None = None  # %
    quota_allocation: float | None = None  # %
    migrant_public_share: float | None = None  # %
    consolidation_rate: float | None = None  # 初中三年巩固率, %
    cohort_entrants: int | None = None  # 三年前初一入学人数 (to give the gap in pupils)
    cohort_graduates: int | None = None
    disabled_enrolment_rate: float | None = None  # %
    disabled_children: int | None = None
    disabled_enrolled: int | None = None
    training_funds_share: float | None = None  # %
    recognition: float | None = None  # 社会认可度, %


def class_size_items(record: SchoolRecord, standards: StandardsSet) -> list[ItemResult]:
    """班额 per assessed section: the largest class against 45 (小学) / 50 (初中)."""
    out: list[ItemResult] = []
    for section, sizes in section_class_sizes(record).items():
        key = f"balance.gov.class_size.{stage_key(section)}"
        if section not in ASSESSED_SECTIONS or key not in standards.items:
            continue
        subject = record.name if section == record.stage else f"{record.name}（{section}）"
        limit = standards.number(key)
        if not sizes:
            out.append(limit_item(standards, key, subject, None, gap=0, gap_unit="个班"))
            continue
        over = sum(1 for s in sizes if s > limit)
        extra_classes = max(math.ceil(round(sum(sizes) / limit, 6)) - len(sizes), 0)
        detail = f"{over}个班超过标准班额" + (
            f"，按现有学生需增设{extra_classes}个班" if extra_classes else "，需调整分班")
        out.append(limit_item(standards, key, subject, float(max(sizes)), gap=float(over),
                              gap_unit="个班", detail=detail))
    return out


def school_size_items(record: SchoolRecord, standards: StandardsSet) -> list[ItemResult]:
    """学校规模 (教督〔2017〕6号 第六条): 小学、初中 ≤ 2000; 九年、十二年一贯制 by their 义务教育阶段
    pupils ≤ 2500 (a 十二年一贯制's 高中部 does not count); a 完全中学's 初中部 as an 初中."""
    stage = "小学" if is_teaching_point(record) else record.stage
    if stage == "完全中学":
        subject = f"{record.name}（初中）"
        return [_size_item(standards, "balance.gov.school_size.junior", subject,
                           part_figure(record, "初中", "enrolment"), "缺少初中部在校生数，无法核定初中部规模")]
    key = f"balance.gov.school_size.{stage_key(stage)}"
    if key not in standards.items:
        return []
    if stage == "十二年一贯制":
        return [_size_item(standards, key, record.name, compulsory_enrolment(record),
                           "缺少小学部、初中部在校生数，无法核定义务教育阶段规模（高中部不计入）")]
    return [_size_item(standards, key, record.name, float(record.enrolment), "")]


def _size_item(standards: StandardsSet, key: str, subject: str, pupils: float | None, missing: str) -> ItemResult:
    """A school size against its limit; the gap is the pupils over it."""
    if pupils is None:
        item = limit_item(standards, key, subject, None, gap=0, gap_unit="名学生")
        return replace(item, message=f"{subject}：{missing}")
    over = pupils - standards.number(key)
    return limit_item(standards, key, subject, pupils, gap=max(over, 0), gap_unit="名学生")


ROOM_KINDS = (("music", "音乐", "music_rooms"), ("art", "美术", "art_rooms"))


def special_room_items(record: SchoolRecord, standards: StandardsSet) -> list[ItemResult]:
    """音乐、美术专用教室: one per N classes (rounded up) of each 小学 or 初中 part, the rooms a combined
    school's parts share split by the configured weights (`core.inspection.shared`)."""
    per = standards.number("balance.gov.classes_per_special_room")
    parts = _room_parts(record, standards)
    if parts is None:
        return [_room_unknown(record, standards, per, kind, name) for kind, name, _ in ROOM_KINDS]
    out: list[ItemResult] = []
    for kind, name, attr in ROOM_KINDS:
        total = float(getattr(record, attr))
        for part in parts:
            out.append(_room_item(record, standards, per, part, kind, name, total))
    return out


@dataclass(frozen=True)
class _RoomPart:
    """A part judged for special rooms: its label, classes, own rooms by kind (None: shared) and its
    share of the school's shared rooms by kind, among the parts that give no rooms of their own."""

    section: str
    subject: str
    classes: float
    own: dict[str, float | None]
    shares: dict[str, float]


def _room_parts(record: SchoolRecord, standards: StandardsSet) -> list[_RoomPart] | None:
    """The parts to judge; None when a combined school's shares cannot be told."""
    whole = {k: 1.0 for k, _, _ in ROOM_KINDS}
    if record.stage not in SECTIONS:
        return [_RoomPart(record.stage, record.name, float(record.classes), {}, whole)] if record.classes > 0 else []
    parts = [p for p in SECTIONS[record.stage] if p in ASSESSED_SECTIONS]
    shares = part_shares(record, standards, basis_key="balance.shared.rooms.basis", default="classes")
    classes = {p: part_figure(record, p, "classes") for p in parts}
    if shares is None or any(c is None for c in classes.values()):
        if record.stage == "九年一贯制" and record.classes > 0:
            # Every class of a 九年一贯制 is compulsory: without a split it is judged as one school.
            return [_RoomPart(record.stage, record.name, float(record.classes), {}, whole)]
        return None
    out: list[_RoomPart] = []
    for p in parts:
        own = {k: part_figure(record, p, f"{k}_rooms") for k, _, _ in ROOM_KINDS}
        renormalised = {}
        for k, _, _ in ROOM_KINDS:
            owning = [q for q in SECTIONS[record.stage] if part_figure(record, q, f"{k}_rooms") is not None]
            rest = 1.0 - sum(shares[q] for q in owning)
            renormalised[k] = shares[p] / rest if rest > 1e-12 else 0.0
        if (classes[p] or 0) > 0:
            out.append(_RoomPart(p, f"{record.name}（{p}）", classes[p] or 0.0, own, renormalised))
    return out


def _room_item(record: SchoolRecord, standards: StandardsSet, per: float, part: _RoomPart, kind: str, name: str,
               total: float) -> ItemResult:
    """One kind of room for one part: its own rooms, or its share of the school's shared rooms."""
    std = standards.item("balance.gov.classes_per_special_room")
    required = math.ceil(round(part.classes / per, 6))
    own = part.own.get(kind)
    if own is not None:
        have, gap, how = own, float(max(math.ceil(required - own), 0)), f"本学部现有{number_text(own)}间"
    else:
        owned = sum(v for p in SECTIONS.get(record.stage, ()) if (v := part_figure(record, p, f"{kind}_rooms")))
        pool, share = max(total - owned, 0.0), part.shares[kind]
        have = round(pool * share, 6)
        gap = float(max(math.ceil(round(required / share, 6)) - pool, 0)) if share > 0 else float(required)
        how = (f"全校共用{number_text(pool)}间，按权重本学部占{share:.1%}，合{have:.2f}间" if share < 1
               else f"现有{number_text(have)}间")
    met = have >= required
    message = "" if met else (f"{part.subject}：共{number_text(part.classes)}个班，应配{name}专用教室{required}间，"
                              f"{how}，还需{number_text(gap)}间")
    return ItemResult(f"{std.key}.{kind}", f"每{per:g}个班配{name}专用教室1间", part.subject, have,
                      float(required), ">=", "间", met, gap, "间", message, std.confidence)


def _room_unknown(record: SchoolRecord, standards: StandardsSet, per: float, kind: str, name: str) -> ItemResult:
    """A combined school whose parts' classes are not given: the rooms cannot be judged per part."""
    std = standards.item("balance.gov.classes_per_special_room")
    return ItemResult(f"{std.key}.{kind}", f"每{per:g}个班配{name}专用教室1间", record.name, None, None, ">=", "间",
                      None, message=(f"{record.name}：缺少各学部班数（或分摊所需的在校生数），"
                                     f"无法按小学、初中核定{name}专用教室"), confidence=std.confidence)


def rooms_required(record: SchoolRecord, standards: StandardsSet, kind: str) -> int:
    """Rooms of `kind` ("music" / "art") the school needs in all so that every part meets the rule."""
    have = float(getattr(record, f"{kind}_rooms"))
    gaps = [i.gap for i in special_room_items(record, standards) if i.key.endswith(f".{kind}") and i.met is False]
    return int(have + max(gaps, default=0.0))


def school_guarantee_items(record: SchoolRecord, standards: StandardsSet) -> list[ItemResult]:
    """The school-level 政府保障 items: class size, school size, music and art rooms."""
    if record.stage not in (*ASSESSED_SECTIONS, *SECTIONS, "教学点"):
        return []
    return [*class_size_items(record, standards), *school_size_items(record, standards),
            *special_room_items(record, standards)]


def teacher_pay_item(figures: CountyFigures, standards: StandardsSet, region: str) -> ItemResult:
    """教师平均工资收入不低于当地公务员: the gap in 元 per teacher a year (and in total)."""
    key = "balance.gov.teacher_pay_ratio"
    std = standards.item(key)
    if figures.teacher_pay is None or not figures.civil_servant_pay:
        return ItemResult(key, std.name, region, None, standards.number(key), std.op, std.unit, None,
                          message=f"{region}：{std.name}缺少数据", confidence=std.confidence)
    ratio = figures.teacher_pay * 100 / figures.civil_servant_pay
    per_teacher = math.ceil(round(figures.civil_servant_pay * standards.number(key) / 100
                                  - figures.teacher_pay, 6))
    total = per_teacher * figures.teachers if figures.teachers else None
    detail = f"教师年人均需增加{per_teacher:,}元" + (f"，共{total:,}元" if total else "")
    return limit_item(standards, key, region, ratio, gap=float(max(per_teacher, 0)),
                      gap_unit="元/人·年", detail=detail)


def rotation_items(figures: CountyFigures, standards: StandardsSet, region: str) -> list[ItemResult]:
    """教师交流轮岗: share of eligible teachers rotated, and of backbone teachers among them."""
    share = rate_item(standards, "balance.gov.rotation_share", region, numerator=figures.rotated,
                      denominator=figures.rotation_eligible, gap_unit="名教师")
    key = "balance.gov.rotation_backbone_share"
    backbone = rate_item(standards, key, region, numerator=figures.backbone_rotated,
                         denominator=figures.rotated, gap_unit="名骨干教师")
    if figures.rotated is not None and figures.backbone_rotated is not None and figures.rotation_eligible:
        # The backbone share is owed on the rotation the standard requires, not only the one made.
        required = shortfall(standards.number("balance.gov.rotation_share"), figures.rotation_eligible,
                             100, 0, True)
        base = max(figures.rotated, required)
        gap = shortfall(standards.number(key), base, 100, figures.backbone_rotated, True)
        if gap and backbone.met:
            backbone = replace(backbone, met=False)
        if gap:
            backbone = replace(backbone, gap=gap, message=(
                f"{region}：应交流轮岗{base:g}名教师，其中骨干教师应不少于{standards.number(key):g}%，"
                f"现有{figures.backbone_rotated}名，还需{number_text(gap)}名骨干教师"))
    return [share, backbone]


def county_guarantee_items(
    records: Sequence[SchoolRecord], figures: CountyFigures, standards: StandardsSet, region: str
) -> list[ItemResult]:
    """The county-level 政府保障 items the figures decide."""
    return county_items(sum(r.certified_teachers for r in records), sum(r.teachers for r in records), figures,
                        standards, region)


def county_items(certified_teachers: int, teachers: int, figures: CountyFigures, standards: StandardsSet,
                 region: str) -> list[ItemResult]:
    """The county-level 政府保障 items, the schools' certified teachers and teachers given as their sums."""
    certified = figures.certified_teachers
    total = figures.total_teachers
    if certified is None:
        certified, total = certified_teachers, teachers
    rates = [("balance.gov.training_completion", figures.training_completion),
             ("balance.gov.nearby_enrolment.primary", figures.nearby_enrolment_primary),
             ("balance.gov.nearby_enrolment.junior", figures.nearby_enrolment_junior),
             ("balance.gov.quota_allocation", figures.quota_allocation),
             ("balance.gov.migrant_public_share", figures.migrant_public_share)]
    return [teacher_pay_item(figures, standards, region), *rotation_items(figures, standards, region),
            rate_item(standards, "balance.gov.certified_share", region, numerator=certified,
                      denominator=total, gap_unit="名持证教师"),
            *(rate_item(standards, k, region, value=v) for k, v in rates)]


def assess_guarantee(
    records: Sequence[SchoolRecord], figures: CountyFigures, standards: StandardsSet, *, region: str = ""
) -> list[ItemResult]:
    """Every 政府保障 item the figures can decide: school items first, then county items."""
    region = region or (records[0].region if records else "")
    school_items = [i for r in records for i in school_guarantee_items(r, standards)]
    return [*school_items, *county_guarantee_items(records, figures, standards, region)]


def assess_quality(figures: CountyFigures, standards: StandardsSet, *, region: str) -> list[ItemResult]:
    """The 教育质量 items with numbers: 巩固率, 残疾儿童少年入学率, 培训经费, 社会认可度."""
    return [
        rate_item(standards, "balance.quality.consolidation_rate", region, value=figures.consolidation_rate,
                  numerator=figures.cohort_graduates, denominator=figures.cohort_entrants, gap_unit="名学生"),
        rate_item(standards, "balance.quality.disabled_enrolment_rate", region,
                  value=figures.disabled_enrolment_rate, numerator=figures.disabled_enrolled,
                  denominator=figures.disabled_children, gap_unit="名残疾儿童少年"),
        rate_item(standards, "balance.quality.training_funds_share", region, value=figures.training_funds_share),
        rate_item(standards, "balance.recognition", region, value=figures.recognition),
    ]
