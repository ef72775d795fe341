"""Inspection use cases (督导评估): import school records, then run 优质均衡, 普及普惠, class sizes
and school places for a region and year from the stored records, and sum up readiness.

Standards are the national default with overrides: pass bundled override ids ("chongqing") and
district override dicts in `standards`, in the order they apply, or a ready `StandardsSet`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import OTHER_REGION, Issue, ProjectReport
from eduplan.core.errors import InputError, Location, NotFoundError
from eduplan.core.inspection.balance import ResourceAssessment, SchoolBalance, assess_resources, qualified_teachers
from eduplan.core.inspection.checklist import (
    INSPECTIONS,
    ChecklistEntry,
    checklist,
    checklist_items,
    checklist_note,
    with_checklist,
)
from eduplan.core.inspection.classsize import ClassSizeSummary, class_sizes_by_school, class_sizes_by_stage
from eduplan.core.inspection.guarantee import CountyFigures, assess_guarantee, assess_quality
from eduplan.core.inspection.items import ItemResult
from eduplan.core.inspection.places import (
    PlaceBalance,
    PlaceProject,
    demand_from_trend,
    place_balance,
    place_findings,
    project_places,
)
from eduplan.core.inspection.preschool import PreschoolAssessment, PreschoolFigures, as_kindergarten, assess_preschool
from eduplan.core.inspection.standards import SECTIONS, StandardsSet, stage_key
from eduplan.core.plan import Finding, Plan, Project, SchoolRecord
from eduplan.core.simulated import simulated
from eduplan.core.tracking.projects import reports_for
from eduplan.data.standards_sets import load_standards
from eduplan.exchange.schools import QUALIFICATIONS, read_school_records, write_school_template
from eduplan.exchange.workbook import read_workbook
from eduplan.services.audit import record_audit
from eduplan.services.guarded import report_progress
from eduplan.store.inspections import load_confirmations, save_confirmation
from eduplan.store.monitoring import load_project_reports
from eduplan.store.records import load_school_records, save_school_records

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


@dataclass(frozen=True)
class PlaceReport:
    """A region's school places for one stage: demand, supply, projects and the gap by year."""

    region: str
    year: int
    stage: str
    standards: str
    balance: PlaceBalance
    findings: list[Finding]
    demand_source: str
    notes: list[str]


@dataclass(frozen=True)
class Readiness:
    """How ready a region is for its inspections: counts of failures and the largest gaps."""

    region: str
    year: int
    standards: str
    schools: int  # assessed school sections
    schools_failing: int
    excluded: int
    resource_items_failing: int
    cvs_failing: int
    guarantee_failing: int
    kindergartens: int
    preschool_items_failing: int
    classes_over_standard: int
    large_classes: int
    super_large_classes: int
    balance_passed: bool | None  # the figures alone
    preschool_passed: bool | None
    largest_gaps: list[Gap]
    simulated: bool = False  # the school records are 模拟数据 (core.simulated)
    checklist: tuple[ChecklistEntry, ...] = ()  # preconditions and 一票否决 items, as confirmed
    balance_ready: bool | None = None  # the figures held back by the checklist: never True while unconfirmed
    preschool_ready: bool | None = None

    @property
    def checklist_note(self) -> str:
        """What the checklist lets readiness say, in one Chinese sentence."""
        return checklist_note(self.checklist)


# --- standards and records -------------------------------------------------------------------


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


def _records(session: Session, region: str, year: int) -> list[SchoolRecord]:
    """The region's stored school records of the year; an error when there are none."""
    records = load_school_records(session, region=region, year=year)
    if not records:
        raise NotFoundError(f"{region}没有{year}年的学校统计数据，请先用 eduplan schools import 导入")
    return records


def import_school_records(*, session: Session, path: str | Path, entered_by: str, strict: bool = False,
                          region: str | None = None) -> SchoolImportReport:
    """Read, check and store a filled school-records workbook, all or nothing.

    With `region`, the upload is for that region only: schools of another region refuse it whole.
    """
    result = read_school_records(read_workbook(path), strict=strict)
    report_progress(60, "写入数据库")
    outside = sorted({r.region for r in result.records or []} - {region}) if region is not None else []
    if outside:
        issue = OTHER_REGION.make(Location(file=Path(path).name), others="、".join(outside), region=region)
        result = dataclasses.replace(result, records=None, issues=[issue, *result.issues])
    if result.records is None:
        return SchoolImportReport(False, 0, 0, 0, result.rows_read, result.issues, result.summary())
    inserted, updated = store_school_records(session=session, records=result.records, actor=entered_by,
                                             source=Path(path).name)
    summary = f"已导入学校统计数据：新增{inserted}条，更新{updated}条（{len(result.records)}所学校）。"
    return SchoolImportReport(True, inserted, updated, len(result.records), result.rows_read, result.issues, summary)


def store_school_records(*, session: Session, records: Sequence[SchoolRecord], actor: str,
                         source: str) -> tuple[int, int]:
    """Store school records (upserted by school, section and year) and audit it; (inserted, updated)."""
    inserted, updated = save_school_records(session, records)
    scope = sorted({(r.region, r.year) for r in records})
    record_audit(session=session, actor=actor, entity="school_records", entity_id=source,
                 action="import", before=None,
                 after={"file": source, "inserted": inserted, "updated": updated,
                        "scope": [f"{region}{year}年" for region, year in scope]})
    return inserted, updated


def school_template(*, session: Session, dest: str | Path, region: str | None = None,
                    year: int | None = None) -> Path:
    """Write the school-records template, prefilled with the region's latest stored schools."""
    if region is not None and any(unicodedata.category(ch) == "Cc" for ch in region):
        # The name is written into the sheet, and a worksheet cannot hold control characters.
        raise InputError(f"区县名称含有不可见的控制字符：{region!r}")
    schools: list[SchoolRecord] = []
    if region is not None:
        stored = load_school_records(session, region=region)
        earlier = [r for r in stored if year is None or r.year <= year]
        latest = max((r.year for r in earlier), default=None)
        schools = [r for r in earlier if r.year == latest]
    return write_school_template(dest, schools=schools, year=year, region=region)


# --- the inspections -------------------------------------------------------------------------


def _balance(records: Sequence[SchoolRecord], region: str, year: int, standards: StandardsSet,
             figures: CountyFigures) -> BalanceReport:
    """优质均衡 over records already loaded."""
    schools = [with_section_qualifications(r, standards) for r in records]
    resources = assess_resources(schools, standards, region=region)
    return BalanceReport(region, year, standards.label, resources,
                         tuple(assess_guarantee(schools, figures, standards, region=region)),
                         tuple(assess_quality(figures, standards, region=region)))


def run_quality_balance(*, session: Session, region: str, year: int, standards: Standards = (),
                        figures: CountyFigures | None = None) -> BalanceReport:
    """义务教育优质均衡 for a region and year from its stored school records."""
    return _balance(_records(session, region, year), region, year, resolve_standards(standards),
                    figures or CountyFigures())


def _preschool(records: Sequence[SchoolRecord], region: str, year: int, standards: StandardsSet,
               figures: PreschoolFigures) -> PreschoolReport | None:
    """普及普惠 over records already loaded; None without kindergartens."""
    kindergartens = [as_kindergarten(r) for r in records if r.stage == "幼儿园"]
    if not kindergartens:
        return None
    return PreschoolReport(region, year, standards.label,
                           assess_preschool(kindergartens, figures, standards, region=region))


def run_preschool(*, session: Session, region: str, year: int, standards: Standards = (),
                  figures: PreschoolFigures | None = None) -> PreschoolReport:
    """学前教育普及普惠 for a region and year from its stored kindergarten records."""
    report = _preschool(_records(session, region, year), region, year, resolve_standards(standards),
                        figures or PreschoolFigures())
    if report is None:
        raise NotFoundError(f"{region}{year}年的学校统计数据中没有幼儿园")
    return report


def class_sizes(*, session: Session, region: str, year: int, standards: Standards = ()) -> ClassSizeReport:
    """Class sizes of a region's schools by stage and by school section."""
    records = _records(session, region, year)
    std = resolve_standards(standards)
    return ClassSizeReport(region, year, std.label, class_sizes_by_stage(records, std),
                           class_sizes_by_school(records, std))


# --- school places ---------------------------------------------------------------------------


def stage_enrolment(record: SchoolRecord, stage: str) -> float:
    """The record's pupils at `stage` (a section of a combined school counts its own)."""
    own = "小学" if record.stage == "教学点" else record.stage
    if own == stage:
        return float(record.enrolment)
    value = record.extra.get(f"{stage}.enrolment") if stage in SECTIONS.get(own, ()) else None
    return float(value) if isinstance(value, int | float) else 0.0


def stage_places(record: SchoolRecord, stage: str, standards: StandardsSet) -> int | None:
    """The record's standard places at `stage`; None for a combined school without section classes."""
    own = "小学" if record.stage == "教学点" else record.stage
    per_class = f"places.per_class.{stage_key(stage)}"
    if own == stage:
        given = record.extra.get("places")
        return int(given) if isinstance(given, int | float) else int(record.classes * standards.number(per_class))
    if stage not in SECTIONS.get(own, ()):
        return 0
    given, classes = record.extra.get(f"{stage}.places"), record.extra.get(f"{stage}.classes")
    if isinstance(given, int | float):
        return int(given)
    return int(classes * standards.number(per_class)) if isinstance(classes, int | float) else None


def _plan(session: Session, region: str) -> Plan | None:
    """The region's plan, None when it has none (or several)."""
    from eduplan.services.monitoring import region_plan

    try:
        return region_plan(session=session, region=region)[1]
    except NotFoundError:
        return None


def place_balance_for_region(*, session: Session, region: str, year: int, stage: str, standards: Standards = (),
                             demand: Mapping[int, int] | None = None, until: int | None = None) -> PlaceReport:
    """Places at one stage: stored schools' supply, the plan's projects, demand given or by trend."""
    std = resolve_standards(standards)
    stored = load_school_records(session, region=region)
    current = [r for r in stored if r.year == year]
    if not current:
        raise NotFoundError(f"{region}没有{year}年的学校统计数据，请先用 eduplan schools import 导入")
    notes: list[str] = []
    places = [stage_places(r, stage, std) for r in current]
    if missing := [r.name for r, p in zip(current, places, strict=True) if p is None]:
        notes.append(f"{len(missing)}所一贯制学校缺少{stage}部班数，未计入现有学位：{'、'.join(missing[:5])}")
    existing = sum(p for p in places if p)
    plan = _plan(session, region)
    projects: list[PlaceProject] = []
    if plan is None:
        notes.append(f"{region}没有唯一的已入库规划，未计入建设项目新增学位")
    else:
        reports = load_project_reports(session, region=region)
        updated = [dataclasses.replace(p, actual_finish=finish) if (finish := _finish(p, reports)) else p
                   for p in plan.projects]
        projects = project_places(updated, stage=stage)
        if unstaged := [p.name for p in plan.projects if p.places and not p.stage]:
            notes.append(f"{len(unstaged)}个有新增学位的项目未注明学段，未计入")
    end = until or (plan.period[1] if plan and plan.period and plan.period[1] > year else year)
    if demand is None:
        history: dict[int, float] = {}
        for r in stored:
            if r.year <= year:
                history[r.year] = history.get(r.year, 0.0) + stage_enrolment(r, stage)
        demand = demand_from_trend(history, range(year, end + 1))
        source = f"按{min(history)}—{max(history)}年在校生线性外推" if len(history) > 1 else f"按{year}年在校生持平"
    else:
        source = "给定需求"
    balance = place_balance(demand, existing, projects, stage=stage)
    return PlaceReport(region, year, stage, std.label, balance, place_findings(balance), source, notes)


def _finish(project: Project, reports: Sequence[ProjectReport]) -> str | None:
    """The latest reported actual finish of a project."""
    finishes = [r.actual_finish for r in reports_for(project, reports) if r.actual_finish]
    return finishes[-1] if finishes else None


# --- readiness -------------------------------------------------------------------------------


def inspection_readiness(*, session: Session, region: str, year: int, standards: Standards = (),
                         county: CountyFigures | None = None, preschool: PreschoolFigures | None = None,
                         largest: int = LARGEST_GAPS) -> Readiness:
    """Counts of failing schools and items per inspection, and the largest gaps, for a dashboard."""
    std = resolve_standards(standards)
    records = load_school_records(session, region=region, year=year)
    balance = _balance(records, region, year, std, county or CountyFigures())
    kg = _preschool(records, region, year, std, preschool or PreschoolFigures())
    sizes = ClassSizeReport(region, year, std.label, class_sizes_by_stage(records, std), [])
    over = sum(s.classes - s.within_standard for s in sizes.by_stage if s.within_standard is not None)
    gaps = [*balance.gaps, *(kg.gaps if kg else [])]
    balance_passed = balance.passed if balance.resources.schools else None
    preschool_passed = kg.assessment.passed if kg else None
    held = checklist_readiness(session=session, region=region, year=year, standards=std,
                               balance_passed=balance_passed, preschool_passed=preschool_passed,
                               preschool=kg is not None)
    return Readiness(
        region=region, year=year, standards=std.label, schools=len(balance.resources.schools),
        schools_failing=len(balance.failing_schools), excluded=len(balance.resources.excluded),
        resource_items_failing=sum(1 for s in balance.resources.schools for i in s.items if i.met is False),
        cvs_failing=sum(1 for cv in balance.resources.cvs if cv.met is False),
        guarantee_failing=sum(1 for i in balance.guarantee if i.met is False),
        kindergartens=sum(1 for r in records if r.stage == "幼儿园"),
        preschool_items_failing=sum(1 for i in kg.assessment.items if i.met is False) if kg else 0,
        classes_over_standard=over, large_classes=sum(s.large for s in sizes.by_stage),
        super_large_classes=sum(s.super_large for s in sizes.by_stage),
        balance_passed=balance_passed, preschool_passed=preschool_passed,
        largest_gaps=sorted(gaps, key=lambda g: g.shortfall, reverse=True)[:largest],
        checklist=held.entries, balance_ready=held.balance_ready, preschool_ready=held.preschool_ready,
        simulated=simulated(records),
    )


# --- the checklist: preconditions and 一票否决 items the bureau confirms ------------------------


@dataclass(frozen=True)
class ChecklistReadiness:
    """The checklist of a region's inspections and the verdicts it leaves: never 达标 while an item
    is unconfirmed, 未达标 when one does not hold."""

    entries: tuple[ChecklistEntry, ...]
    balance_ready: bool | None
    preschool_ready: bool | None

    @property
    def note(self) -> str:
        """What the checklist lets readiness say, in one Chinese sentence."""
        return checklist_note(self.entries)


def checklist_readiness(*, session: Session, region: str, year: int, balance_passed: bool | None,
                        preschool_passed: bool | None, preschool: bool, standards: Standards = ()) -> ChecklistReadiness:
    """The checklist (普及普惠's only when the region has kindergartens) and the verdicts held back by it."""
    entries = inspection_checklist(session=session, region=region, year=year, standards=standards,
                                   inspections=["balance", *(["preschool"] if preschool else [])])
    of = {name: [e for e in entries if e.item.inspection == name] for name in INSPECTIONS}
    return ChecklistReadiness(tuple(entries), with_checklist(balance_passed, of["balance"]),
                              with_checklist(preschool_passed, of["preschool"]) if preschool else None)



def inspection_checklist(*, session: Session, region: str, year: int, standards: Standards = (),
                         inspections: Sequence[str] = tuple(INSPECTIONS)) -> list[ChecklistEntry]:
    """The preconditions and 一票否决 items of the inspections, with the region's confirmations for the year."""
    std = resolve_standards(standards)
    items = [i for i in checklist_items(std) if i.inspection in inspections]
    return checklist(items, load_confirmations(session, region=region, year=year))


def confirm_checklist_item(*, session: Session, region: str, year: int, key: str, holds: bool, actor: str,
                           note: str | None = None, expected_version: int | None = None,
                           standards: Standards = (), now: dt.datetime | None = None) -> ChecklistEntry:
    """Record whether a checklist item holds, by whom and when; `expected_version` is the version the
    confirmer saw (None: none yet), a stale one is `ConflictError`. Audited."""
    std = resolve_standards(standards)
    items = {i.key: i for i in checklist_items(std)}
    if key not in items:
        raise InputError(f"“{key}”不是督导评估的确认事项（可选：{'、'.join(items)}）",
                         location=Location(field="key"))
    text = (note or "").strip() or None
    if text is not None and len(text) > NOTE_LIMIT:
        raise InputError(f"说明过长：{len(text)}字，最多{NOTE_LIMIT}字", location=Location(field="note"))
    before, after = save_confirmation(session, region=region, year=year, key=key, holds=holds, by=actor,
                                      at=now or dt.datetime.now(dt.UTC), note=text, expected_version=expected_version)
    record_audit(session=session, actor=actor, entity="inspection_confirmation", entity_id=f"{region}/{year}/{key}",
                 action="confirm" if before is None else "update",
                 before=None if before is None else _audit_fields(before.holds, before.note),
                 after=_audit_fields(after.holds, after.note))
    return ChecklistEntry(items[key], after)


NOTE_LIMIT = 500


def _audit_fields(holds: bool, note: str | None) -> dict[str, object]:
    return {"holds": holds, "note": note}
