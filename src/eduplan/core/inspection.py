"""义务教育优质均衡 inspection: the 7 resource indicators per school section, the pass rule,
the between-school coefficients of variation, and the gap of every failing item.

Every threshold comes from a `StandardsSet` (keys `balance.*`). A school record is split into
the sections that are assessed (`school_sections`); a combined school carries per-section
figures in `extra["<section>.<figure>"]` (e.g. `extra["小学.enrolment"]`), and any figure it
does not give per section is apportioned by the section's share of enrolment. A figure set to
None in `extra` (`extra["sports_area"] = None`) is missing: the indicator is not met and the
school drops out of that indicator's CV.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from eduplan.core.classsize import section_class_sizes
from eduplan.core.plan import SchoolRecord
from eduplan.core.standards import SECTIONS, StandardsSet, stage_key

ASSESSED_SECTIONS = ("小学", "初中")
#: Highest first; a teacher with a degree listed earlier also holds every later one.
QUALIFICATION_LADDER = ("研究生", "本科", "专科", "高中", "高中以下")
QUALIFICATION_SYNONYMS = {"博士": "研究生", "硕士": "研究生", "研究生及以上": "研究生", "大学本科": "本科",
                          "大专": "专科", "大学专科": "专科", "中专": "高中", "中师": "高中",
                          "高中阶段": "高中", "初中及以下": "高中以下"}


@dataclass(frozen=True)
class ResourceIndicator:
    """One of the 7 resource indicators: how its value and its gap are computed."""

    key: str  # suffix of `balance.resource.<stage>.<key>`
    per: int  # 100 for “每百名学生”, 1 for “生均”
    gap_unit: str
    whole: bool  # gaps in whole units (teachers, rooms, 元) rather than m² with decimals


RESOURCE_INDICATORS = (
    ResourceIndicator("qualified_teachers", 100, "名教师", True),
    ResourceIndicator("backbone_teachers", 100, "名骨干教师", True),
    ResourceIndicator("pe_art_teachers", 100, "名体育、艺术专任教师", True),
    ResourceIndicator("teaching_area", 1, "平方米", False),
    ResourceIndicator("sports_area", 1, "平方米", False),
    ResourceIndicator("equipment_value", 1, "元", True),
    ResourceIndicator("multimedia_classrooms", 100, "间", True),
)
FIGURES = tuple(i.key for i in RESOURCE_INDICATORS)


@dataclass(frozen=True)
class ItemResult:
    """One inspection item judged for one subject (a school section or a region)."""

    key: str
    name: str
    subject: str
    value: float | None
    standard: float | None
    op: str | None
    unit: str | None
    met: bool | None  # None: the figures cannot decide (missing data or no standard set)
    gap: float = 0.0  # what is missing to meet the standard, in `gap_unit`
    gap_unit: str = ""
    message: str = ""
    confidence: str = "unconfirmed"
    within_tolerance: bool | None = None  # resource indicators: reaches 85 % of the standard
    tolerance_gap: float | None = None  # what is missing to reach that floor


@dataclass(frozen=True)
class SchoolSection:
    """The figures of one assessed section of a school; teachers and rooms may be fractional
    when apportioned, equipment is in 元."""

    school_id: str
    name: str
    section: str  # 小学 / 初中
    enrolment: float
    figures: tuple[float | None, ...]  # in the order of RESOURCE_INDICATORS
    apportioned: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The school name, with the section when the school is split."""
        return self.name if self.section in self.name else f"{self.name}（{self.section}）"


@dataclass(frozen=True)
class Exclusion:
    """A school (section) left out of the resource indicators, and why."""

    school_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class SchoolBalance:
    """A school section's 7 resource indicators and whether it passes."""

    section: SchoolSection
    items: tuple[ItemResult, ...]
    met_count: int
    passed: bool


@dataclass(frozen=True)
class Dispersion:
    """Mean, standard deviation and coefficient of variation of per-school values."""

    mean: float
    sd: float
    cv: float | None  # None when the mean is 0
    count: int


@dataclass(frozen=True)
class CVResult:
    """The between-school CV of one indicator at one stage, against its limit."""

    stage: str
    key: str
    name: str
    dispersion: Dispersion | None
    limit: float
    met: bool | None


@dataclass(frozen=True)
class ResourceAssessment:
    """The resource part of a county's 优质均衡 inspection."""

    region: str
    schools: tuple[SchoolBalance, ...]
    excluded: tuple[Exclusion, ...]
    cvs: tuple[CVResult, ...]
    standards: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        """Every school passes and every CV is within its limit."""
        return all(s.passed for s in self.schools) and all(c.met for c in self.cvs)


# --- qualifications and sections --------------------------------------------------------


def qualified_teachers(record: SchoolRecord, minimum: str) -> float | None:
    """Teachers holding `minimum` or a higher qualification; None when no breakdown is given."""
    if not record.teachers_by_qualification:
        return 0.0 if record.teachers == 0 else None
    rank = QUALIFICATION_LADDER.index(minimum)
    total = 0
    for label, count in record.teachers_by_qualification.items():
        level = QUALIFICATION_SYNONYMS.get(label, label)
        if level in QUALIFICATION_LADDER and QUALIFICATION_LADDER.index(level) <= rank:
            total += count
    return float(total)


def school_figures(record: SchoolRecord, section: str, standards: StandardsSet) -> list[float | None]:
    """The record's whole-school figures for the 7 indicators, with `section`'s qualification bar."""
    values: list[float | None] = [
        qualified_teachers(record, standards.text(f"balance.qualification.{stage_key(section)}")),
        float(record.backbone_teachers),
        float(record.pe_teachers + record.music_teachers + record.art_teachers),
        record.teaching_area, record.sports_area, record.equipment_value * 10000,
        float(record.multimedia_classrooms),
    ]
    for i, key in enumerate(FIGURES):
        if key in record.extra and record.extra[key] is None:
            values[i] = None
    return values


def _is_teaching_point(record: SchoolRecord) -> bool:
    """Whether the record is a 教学点 (by stage or by `extra["kind"]`)."""
    return record.stage == "教学点" or record.extra.get("kind") == "教学点"


def _number(value: object) -> float | None:
    """A float from an `extra` value, None when it is not a number."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def school_sections(
    record: SchoolRecord, standards: StandardsSet
) -> tuple[list[SchoolSection], list[Exclusion]]:
    """The sections of `record` that the resource indicators assess, and those left out."""
    minimum = standards.number("balance.exclusion.teaching_point_min_enrolment")
    if _is_teaching_point(record) and record.enrolment < minimum:
        return [], [Exclusion(record.school_id, record.name, f"不足{minimum:g}人的教学点")]
    stage = "小学" if _is_teaching_point(record) else record.stage
    if stage in ASSESSED_SECTIONS:
        return _single_section(record, stage, standards)
    if stage not in SECTIONS:
        return [], [Exclusion(record.school_id, record.name, f"{record.stage}不参与义务教育资源配置评估")]
    sections: list[SchoolSection] = []
    excluded: list[Exclusion] = []
    for section in (s for s in SECTIONS[stage] if s in ASSESSED_SECTIONS):
        made = _split_section(record, section, standards)
        if isinstance(made, Exclusion):
            excluded.append(made)
        else:
            sections.append(made)
    return sections, excluded


def _single_section(
    record: SchoolRecord, stage: str, standards: StandardsSet
) -> tuple[list[SchoolSection], list[Exclusion]]:
    """A single-stage school as its one section."""
    if record.enrolment <= 0:
        return [], [Exclusion(record.school_id, record.name, "无在校生，无法计算生均指标")]
    figures = tuple(school_figures(record, stage, standards))
    return [SchoolSection(record.school_id, record.name, stage, float(record.enrolment), figures)], []


def _split_section(record: SchoolRecord, section: str, standards: StandardsSet) -> SchoolSection | Exclusion:
    """One section of a combined school, apportioning the figures it does not give per section."""
    label = f"{record.name}（{section}）"
    enrolment = _number(record.extra.get(f"{section}.enrolment"))
    if enrolment is None:
        return Exclusion(record.school_id, label, f"缺少{section}部在校生数，无法分学段评估")
    if enrolment <= 0 or record.enrolment <= 0:
        return Exclusion(record.school_id, label, "无在校生，无法计算生均指标")
    whole = school_figures(record, section, standards)
    share = enrolment / record.enrolment
    figures: list[float | None] = []
    apportioned: list[str] = []
    for key, value in zip(FIGURES, whole, strict=True):
        own = f"{section}.{key}"
        if own in record.extra:
            value = _number(record.extra[own])
            # Same unit as SchoolRecord.equipment_value (万元); the section figure is in 元.
            figures.append(value * 10000 if value is not None and key == "equipment_value" else value)
        else:
            figures.append(None if value is None else value * share)
            apportioned.append(key)
    return SchoolSection(record.school_id, label, section, enrolment, tuple(figures), tuple(apportioned))


# --- the resource indicators -------------------------------------------------------------


def indicator_value(figure: float | None, enrolment: float, per: int) -> float | None:
    """The per-student (per=1) or per-100-students (per=100) value of a figure."""
    return None if figure is None else figure * per / enrolment


def shortfall(standard: float, enrolment: float, per: int, current: float, whole: bool) -> float:
    """What must be added to `current` so that the value reaches `standard` (0 when it does)."""
    # Rounding to 1e-6 first keeps 4.2 × 500 / 100 = 21.000000000000004 from asking for a 22nd
    # teacher; round-half-even of the scaled float is what np.rint does, so the bulk path agrees.
    missing = round((standard * enrolment / per - current) * 1e6) / 1e6
    if missing <= 0:
        return 0.0
    return float(math.ceil(missing)) if whole else math.ceil(missing * 100) / 100


def assess_indicator(section: SchoolSection, index: int, standards: StandardsSet) -> ItemResult:
    """One resource indicator of one school section."""
    spec = RESOURCE_INDICATORS[index]
    std = standards.item(f"balance.resource.{stage_key(section.section)}.{spec.key}")
    standard = standards.number(std.key)
    floor = standard * standards.number("balance.school.tolerance_ratio")
    figure = section.figures[index]
    value = indicator_value(figure, section.enrolment, spec.per)
    if figure is None or value is None:
        return ItemResult(std.key, std.name, section.label, None, standard, std.op, std.unit, False,
                          message=f"{section.label}：{std.name}缺少数据，按未达标计",
                          confidence=std.confidence, within_tolerance=False)
    met = value >= standard
    gap = shortfall(standard, section.enrolment, spec.per, figure, spec.whole)
    tol_gap = shortfall(floor, section.enrolment, spec.per, figure, spec.whole)
    message = "" if met else _gap_message(section, std.name, std.unit, value, standard, gap, spec)
    return ItemResult(std.key, std.name, section.label, value, standard, std.op, std.unit, met,
                      gap, spec.gap_unit, message, std.confidence, value >= floor, tol_gap)


def _gap_message(section: SchoolSection, name: str, unit: str | None, value: float, standard: float,
                 gap: float, spec: ResourceIndicator) -> str:
    """A Chinese sentence saying how far a school section is from an indicator's standard."""
    return (f"{section.label}：{name}为{value:.2f}{unit or ''}，低于标准{standard:g}；"
            f"按在校生{section.enrolment:g}人计，还需{_fmt(gap)}{spec.gap_unit}")


def _fmt(x: float) -> str:
    """A number without a needless decimal part."""
    return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}"


def school_passes(items: Sequence[ItemResult], standards: StandardsSet) -> bool:
    """At least N indicators met and every other one at least at the tolerance floor."""
    met = sum(1 for i in items if i.met)
    enough = met >= standards.number("balance.school.min_indicators_met")
    return enough and all(i.met or i.within_tolerance for i in items)


def assess_school(section: SchoolSection, standards: StandardsSet) -> SchoolBalance:
    """The 7 resource indicators of a school section and its pass."""
    items = tuple(assess_indicator(section, i, standards) for i in range(len(RESOURCE_INDICATORS)))
    return SchoolBalance(section, items, sum(1 for i in items if i.met), school_passes(items, standards))


# --- coefficient of variation -----------------------------------------------------------


def coefficient_of_variation(
    values: Sequence[float], weights: Sequence[float] | None = None
) -> Dispersion | None:
    """Weighted mean, SD and CV: X̄ = ΣPX/P, S = √(Σ P(X − X̄)² / P), CV = S / X̄."""
    if not values:
        return None
    weights = weights if weights is not None else [1.0] * len(values)
    # Plain left-to-right sums: the vectorised path (np.bincount) adds in the same order,
    # so both give bit-identical results.
    total = mean_sum = 0.0
    for x, w in zip(values, weights, strict=True):
        total += w
        mean_sum += w * x
    if total <= 0:
        return None
    mean = mean_sum / total
    squares = 0.0
    for x, w in zip(values, weights, strict=True):
        d = x - mean
        squares += w * (d * d)
    sd = math.sqrt(squares / total)
    return Dispersion(mean, sd, sd / mean if mean > 0 else None, len(values))


def stage_cvs(schools: Sequence[SchoolBalance], stage: str, standards: StandardsSet) -> list[CVResult]:
    """The CV of each indicator across the schools of one stage."""
    limit = standards.number(f"balance.cv.{stage_key(stage)}")
    weighted = standards.text("balance.cv.weighting") == "enrolment"
    at_stage = [s for s in schools if s.section.section == stage]
    out: list[CVResult] = []
    for index, spec in enumerate(RESOURCE_INDICATORS):
        pairs = [(s.items[index].value, s.section.enrolment) for s in at_stage]
        known = [(v, w) for v, w in pairs if v is not None]
        disp = coefficient_of_variation([v for v, _ in known], [w for _, w in known] if weighted else None)
        met = None if disp is None or disp.cv is None else disp.cv <= limit
        name = standards.item(f"balance.resource.{stage_key(stage)}.{spec.key}").name
        out.append(CVResult(stage, spec.key, name, disp, limit, met))
    return out


def assess_resources(
    records: Iterable[SchoolRecord], standards: StandardsSet, *, region: str = ""
) -> ResourceAssessment:
    """The resource part of 优质均衡 for one county: schools, exclusions and CVs by stage."""
    schools: list[SchoolBalance] = []
    excluded: list[Exclusion] = []
    for record in records:
        region = region or record.region
        sections, left_out = school_sections(record, standards)
        schools.extend(assess_school(s, standards) for s in sections)
        excluded.extend(left_out)
    stages = [s for s in ASSESSED_SECTIONS if any(b.section.section == s for b in schools)]
    cvs = tuple(cv for stage in stages for cv in stage_cvs(schools, stage, standards))
    return ResourceAssessment(region, tuple(schools), tuple(excluded), cvs, standards.label)


# --- 政府保障程度 and 教育质量 items that figures can decide ------------------------------


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


def _compare(value: float, op: str | None, standard: float) -> bool:
    """Whether `value` satisfies `op standard`."""
    return {">=": value >= standard, ">": value > standard, "<=": value <= standard,
            "<": value < standard, "=": value == standard}.get(op or ">=", value >= standard)


def rate_item(
    standards: StandardsSet, key: str, subject: str, *, value: float | None = None,
    numerator: float | None = None, denominator: float | None = None, gap_unit: str = "人",
) -> ItemResult:
    """A percentage item; with numerator and denominator the gap is a count in `gap_unit`,
    otherwise it is in percentage points."""
    std = standards.item(key)
    standard = standards.optional_number(key)
    if numerator is not None and denominator:
        value = numerator * 100 / denominator
    if value is None or standard is None:
        why = "缺少数据" if value is None else "未设定标准，仅报告数值"
        return ItemResult(key, std.name, subject, value, standard, std.op, std.unit, None,
                          message=f"{subject}：{std.name}{why}", confidence=std.confidence)
    met = _compare(value, std.op, standard)
    if numerator is not None and denominator:
        gap = 0.0 if met else shortfall(standard, denominator, 100, numerator, True)
        unit = gap_unit
    else:
        gap, unit = (0.0 if met else round(abs(standard - value), 6)), "个百分点"
    message = "" if met else (f"{subject}：{std.name}为{value:.2f}%，标准{_op_text(std.op)}{standard:g}%，"
                              f"差{_fmt(gap)}{unit}")
    return ItemResult(key, std.name, subject, value, standard, std.op, std.unit, met, gap, unit,
                      message, std.confidence)


def _op_text(op: str | None) -> str:
    """The Chinese reading of a comparison operator."""
    return {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "=": "等于"}.get(op or "", "")


def limit_item(
    standards: StandardsSet, key: str, subject: str, value: float | None, *,
    gap: float, gap_unit: str, detail: str = "",
) -> ItemResult:
    """An item with an upper or lower limit whose gap the caller computed."""
    std = standards.item(key)
    standard = standards.number(key)
    if value is None:
        return ItemResult(key, std.name, subject, None, standard, std.op, std.unit, None,
                          message=f"{subject}：{std.name}缺少数据", confidence=std.confidence)
    met = _compare(value, std.op, standard)
    message = "" if met else (f"{subject}：{std.name}{value:g}{std.unit or ''}，标准{_op_text(std.op)}"
                              f"{standard:g}{std.unit or ''}；{detail or f'差{_fmt(gap)}{gap_unit}'}")
    return ItemResult(key, std.name, subject, value, standard, std.op, std.unit, met,
                      0.0 if met else gap, gap_unit, message, std.confidence)


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


def school_size_item(record: SchoolRecord, standards: StandardsSet) -> ItemResult | None:
    """学校规模 against the limit for the school's stage, None for stages without one."""
    key = f"balance.gov.school_size.{stage_key('小学' if _is_teaching_point(record) else record.stage)}"
    if key not in standards.items:
        return None
    over = record.enrolment - standards.number(key)
    return limit_item(standards, key, record.name, float(record.enrolment), gap=max(over, 0),
                      gap_unit="名学生")


def special_room_items(record: SchoolRecord, standards: StandardsSet) -> list[ItemResult]:
    """音乐、美术专用教室: each at least one room per N classes (rounded up)."""
    if record.classes <= 0:
        return []
    per = standards.number("balance.gov.classes_per_special_room")
    required = math.ceil(record.classes / per)
    out: list[ItemResult] = []
    for name, have in (("音乐", record.music_rooms), ("美术", record.art_rooms)):
        std = standards.item("balance.gov.classes_per_special_room")
        met = have >= required
        gap = float(max(required - have, 0))
        message = "" if met else (f"{record.name}：共{record.classes}个班，应配{name}专用教室{required}间，"
                                  f"现有{have}间，还需{_fmt(gap)}间")
        out.append(ItemResult(f"{std.key}.{'music' if name == '音乐' else 'art'}",
                              f"每{per:g}个班配{name}专用教室1间", record.name, float(have),
                              float(required), ">=", "间", met, gap, "间", message, std.confidence))
    return out


def school_guarantee_items(record: SchoolRecord, standards: StandardsSet) -> list[ItemResult]:
    """The school-level 政府保障 items: class size, school size, music and art rooms."""
    if record.stage not in (*ASSESSED_SECTIONS, *SECTIONS, "教学点"):
        return []
    size = school_size_item(record, standards)
    return [*class_size_items(record, standards), *([size] if size else []),
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
                f"现有{figures.backbone_rotated}名，还需{_fmt(gap)}名骨干教师"))
    return [share, backbone]


def county_guarantee_items(
    records: Sequence[SchoolRecord], figures: CountyFigures, standards: StandardsSet, region: str
) -> list[ItemResult]:
    """The county-level 政府保障 items the figures decide."""
    certified = figures.certified_teachers
    total = figures.total_teachers
    if certified is None:
        certified = sum(r.certified_teachers for r in records)
        total = sum(r.teachers for r in records)
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
