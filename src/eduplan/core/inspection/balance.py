"""义务教育优质均衡 inspection: the 7 resource indicators per school section, the pass rule,
the between-school coefficients of variation, and the gap of every failing item.

Every threshold comes from a `StandardsSet` (keys `balance.*`). A school record is split into
the sections that are assessed (`school_sections`); a combined school carries per-section
figures in `extra["<section>.<figure>"]` (e.g. `extra["小学.enrolment"]`), and any figure it
does not give per section is apportioned: by the section's share of enrolment, or by the weights
`balance.shared.*` configure (`core.inspection.shared`). A figure set to
None in `extra` (`extra["sports_area"] = None`) is missing: the indicator is not met and the
school drops out of that indicator's CV. The 政府保障 and 教育质量 items are in `guarantee`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# CountyFigures, assess_guarantee, assess_quality, ItemResult, limit_item and rate_item are
# re-exported for the callers that import them from here.
from eduplan.core.inspection.guarantee import CountyFigures, assess_guarantee, assess_quality  # noqa: F401
from eduplan.core.inspection.items import (  # noqa: F401
    ASSESSED_SECTIONS,
    ItemResult,
    is_teaching_point,
    limit_item,
    number_text,
    rate_item,
    shortfall,
)
from eduplan.core.inspection.shared import basis_of, part_shares, part_weight_factor
from eduplan.core.inspection.standards import SECTIONS, StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord

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
    return qualified_count(record.teachers_by_qualification, record.teachers, minimum)


def qualified_count(by_qualification: Mapping[str, int], teachers: int, minimum: str) -> float | None:
    """`qualified_teachers` of a school's qualification breakdown and its teachers."""
    if not by_qualification:
        return 0.0 if teachers == 0 else None
    rank = QUALIFICATION_LADDER.index(minimum)
    total = 0
    for label, count in by_qualification.items():
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


def _number(value: object) -> float | None:
    """A float from an `extra` value, None when it is not a number."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def school_sections(
    record: SchoolRecord, standards: StandardsSet
) -> tuple[list[SchoolSection], list[Exclusion]]:
    """The sections of `record` that the resource indicators assess, and those left out."""
    minimum = standards.number("balance.exclusion.teaching_point_min_enrolment")
    if is_teaching_point(record) and record.enrolment < minimum:
        return [], [Exclusion(record.school_id, record.name, f"不足{minimum:g}人的教学点")]
    stage = "小学" if is_teaching_point(record) else record.stage
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
    share = resource_share(record, section, enrolment, standards)
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


def resource_share(record: SchoolRecord, section: str, enrolment: float, standards: StandardsSet) -> float:
    """The part of a combined school's shared figures that `section` gets: by default its pupils of
    the school's (`balance.shared.resources.basis` = enrolment, every weight 1), else the weighted share."""
    basis = basis_of(standards, "balance.shared.resources.basis", "enrolment")
    factors = [part_weight_factor(standards, p) for p in SECTIONS[record.stage]]
    if basis == "enrolment" and all(f == 1.0 for f in factors):
        return enrolment / record.enrolment  # the plain rule, kept exact for records whose parts do not add up
    shares = part_shares(record, standards, basis_key="balance.shared.resources.basis", default="enrolment")
    return shares[section] if shares is not None else enrolment / record.enrolment


# --- the resource indicators -------------------------------------------------------------


def indicator_value(figure: float | None, enrolment: float, per: int) -> float | None:
    """The per-student (per=1) or per-100-students (per=100) value of a figure."""
    return None if figure is None else figure * per / enrolment


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
            f"按在校生{section.enrolment:g}人计，还需{number_text(gap)}{spec.gap_unit}")


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
