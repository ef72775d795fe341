"""The results of the inspections (督导评估) and the runs over school records already loaded:
优质均衡 and 普及普惠 for a region and year, their gaps, and the standards they apply.

Standards are the national default with overrides: pass bundled override ids ("chongqing") and
district override dicts in `standards`, in the order they apply, or a ready `StandardsSet`.
`services.inspections` (from the store), `services.readiness` and `services.school_places` build on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eduplan.core.collection.yearly import Issue
from eduplan.core.inspection.balance import ResourceAssessment, SchoolBalance, assess_resources, qualified_teachers
from eduplan.core.inspection.classsize import ClassSizeSummary
from eduplan.core.inspection.guarantee import CountyFigures, assess_guarantee, assess_quality
from eduplan.core.inspection.items import ItemResult
from eduplan.core.inspection.preschool import PreschoolAssessment, PreschoolFigures, as_kindergarten, assess_preschool
from eduplan.core.inspection.standards import SECTIONS, StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord
from eduplan.data.standards_sets import load_standards
from eduplan.exchange.schools import QUALIFICATIONS

Standards = StandardsSet | Sequence[str | Mapping[str, object]]
LARGEST_GAPS = 10


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """One failing item of one subject (a school section or the region) and what it lacks."""

    subject: str
    item: str
    key: str
    value: float | None
    standard: float | None
    op: str | None
    unit: str | None
    gap: float
    gap_unit: str
    message: str

    @property
    def shortfall(self) -> float:
        """How far below (or above) the standard, as a share of it; 1 when the value is missing."""
        if self.value is None or not self.standard:
            return 1.0
        return abs(self.standard - self.value) / abs(self.standard)


def gap_of(item: ItemResult) -> Gap:
    """The gap row of a failing item."""
    message = item.message or f"{item.subject}：{item.name}未达标"
    return Gap(item.subject, item.name, item.key, item.value, item.standard, item.op, item.unit,
               item.gap, item.gap_unit, message)


def _gaps(items: Sequence[ItemResult]) -> list[Gap]:
    """The gaps of the items that decidedly fail."""
    return [gap_of(i) for i in items if i.met is False]


@dataclass(frozen=True)
class SchoolImportReport:
    """What an import of school records did (nothing when refused) and every issue found."""

    accepted: bool
    inserted: int
    updated: int
    schools: int
    rows_read: int
    issues: list[Issue]
    summary: str

    @property
    def errors(self) -> list[Issue]:
        """The blocking issues."""
        return [i for i in self.issues if i.severity == "error"]


@dataclass(frozen=True)
class BalanceReport:
    """A region's 义务教育优质均衡 run: resources (schools, CVs), 政府保障 and 教育质量 items."""

    region: str
    year: int
    standards: str
    resources: ResourceAssessment
    guarantee: tuple[ItemResult, ...]
    quality: tuple[ItemResult, ...]

    @property
    def failing_schools(self) -> list[SchoolBalance]:
        """The school sections that do not pass the resource rule."""
        return [s for s in self.resources.schools if not s.passed]

    @property
    def gaps(self) -> list[Gap]:
        """Every failing resource item (passing schools included), guarantee and quality item."""
        items = [i for s in self.resources.schools for i in s.items]
        return _gaps([*items, *self.guarantee, *self.quality])

    @property
    def passed(self) -> bool | None:
        """Resources pass and no judged item fails; None when only missing data stands in the way."""
        if not self.resources.passed or any(i.met is False for i in (*self.guarantee, *self.quality)):
            return False
        return None if any(i.met is None for i in (*self.guarantee, *self.quality)) else True


@dataclass(frozen=True)
class PreschoolReport:
    """A region's 学前教育普及普惠 run."""

    region: str
    year: int
    standards: str
    assessment: PreschoolAssessment

    @property
    def gaps(self) -> list[Gap]:
        """The failing region items, then each kindergarten's failing items."""
        own = [i for k in self.assessment.kindergartens for i in k.items]
        return _gaps([*self.assessment.items, *own])


@dataclass(frozen=True)
class ClassSizeReport:
    """A region's class sizes by stage and by school section, with the schools over the standard."""

    region: str
    year: int
    standards: str
    by_stage: list[ClassSizeSummary]
    by_school: list[ClassSizeSummary]

    @property
    def gaps(self) -> list[Gap]:
        """School sections with classes above their stage's standard size (gap: those classes)."""
        out: list[Gap] = []
        for s in self.by_school:
            if s.within_standard is None or s.within_standard == s.classes:
                continue
            over = s.classes - s.within_standard
            out.append(Gap(s.label, "标准班额", f"classsize.standard.{stage_key(s.stage)}", s.standard_rate, 100.0,
                           ">=", "%", float(over), "个班",
                           f"{s.label}：{s.classes}个班中{over}个超过标准班额{s.standard:g}人"
                           f"（大班额{s.large}个，超大班额{s.super_large}个）"))
        return out


# --- standards and the runs over loaded records ----------------------------------------------


def resolve_standards(standards: Standards = ()) -> StandardsSet:
    """The national standards with the named bundled overrides and the override dicts applied."""
    if isinstance(standards, StandardsSet):
        return standards
    names = [s for s in standards if isinstance(s, str)]
    dicts = [s for s in standards if not isinstance(s, str)]
    return load_standards(*names, extra=dicts)


def with_section_qualifications(record: SchoolRecord, standards: StandardsSet) -> SchoolRecord:
    """The record with `extra["<学部>.qualified_teachers"]` counted from its section qualification rows."""
    extra = dict(record.extra)
    for section in SECTIONS.get(record.stage, ()):
        levels = {q: int(v) for q in QUALIFICATIONS
                  if isinstance(v := extra.get(f"{section}.qualification.{q}"), int | float)}
        key = f"balance.qualification.{stage_key(section)}"
        if levels and key in standards.items and f"{section}.qualified_teachers" not in extra:
            part = dataclasses.replace(record, teachers_by_qualification=levels, teachers=sum(levels.values()))
            extra[f"{section}.qualified_teachers"] = qualified_teachers(part, standards.text(key))
    return dataclasses.replace(record, extra=extra)


def balance_of(records: Sequence[SchoolRecord], region: str, year: int, standards: StandardsSet,
             figures: CountyFigures) -> BalanceReport:
    """优质均衡 over records already loaded."""
    schools = [with_section_qualifications(r, standards) for r in records]
    resources = assess_resources(schools, standards, region=region)
    return BalanceReport(region, year, standards.label, resources,
                         tuple(assess_guarantee(schools, figures, standards, region=region)),
                         tuple(assess_quality(figures, standards, region=region)))


def preschool_of(records: Sequence[SchoolRecord], region: str, year: int, standards: StandardsSet,
               figures: PreschoolFigures) -> PreschoolReport | None:
    """普及普惠 over records already loaded; None without kindergartens."""
    kindergartens = [as_kindergarten(r) for r in records if r.stage == "幼儿园"]
    if not kindergartens:
        return None
    return PreschoolReport(region, year, standards.label,
                           assess_preschool(kindergartens, figures, standards, region=region))
