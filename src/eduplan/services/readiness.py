"""Readiness for the inspections (督导评估), for one region or every region of a subtree at once:
counts of failing schools and items, the largest gaps, and the checklist of preconditions and
一票否决 items the bureau confirms (readiness never 达标 while one is unconfirmed).

`readiness_of_regions` (and `inspection_readiness`, for one) reads the school records of all the regions
as columns in one query and their confirmations in another, and judges them together with the
vectorised kernel (`core.inspection.readiness_bulk`). `_readiness`, the per-school code over loaded
records, is its oracle (tests/services/test_readiness_bulk.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from eduplan.core.errors import InputError, Location
from eduplan.core.inspection.checklist import (
    INSPECTIONS,
    ChecklistEntry,
    ChecklistItem,
    Confirmation,
    checklist,
    checklist_items,
    checklist_note,
    with_checklist,
)
from eduplan.core.inspection.classsize import class_sizes_by_stage
from eduplan.core.inspection.guarantee import CountyFigures
from eduplan.core.inspection.preschool import PreschoolFigures
from eduplan.core.inspection.readiness_bulk import RegionReadiness, readiness_bulk
from eduplan.core.inspection.school_columns import SchoolColumns
from eduplan.core.inspection.standards import StandardsSet
from eduplan.core.plan import SchoolRecord
from eduplan.core.simulated import simulated
from eduplan.services.audit import record_audit
from eduplan.services.bulk_work import collector_paused
from eduplan.services.inspection_results import (
    LARGEST_GAPS,
    ClassSizeReport,
    Gap,
    Standards,
    balance_of,
    gap_of,
    preschool_of,
    resolve_standards,
    with_section_qualifications,
)
from eduplan.store.inspections import load_confirmations, load_confirmations_of, save_confirmation
from eduplan.store.school_columns import load_school_columns


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



# --- readiness -------------------------------------------------------------------------------


def inspection_readiness(*, session: Session, region: str, year: int, standards: Standards = (),
                         county: CountyFigures | None = None, preschool: PreschoolFigures | None = None,
                         largest: int = LARGEST_GAPS) -> Readiness:
    """Counts of failing schools and items per inspection, and the largest gaps, for a dashboard."""
    std = resolve_standards(standards)
    columns = load_school_columns(session, region=region, year=year)
    return _from_columns(columns, {region: load_confirmations(session, region=region, year=year)}, year=year,
                         standards=std, county=county, preschool=preschool, largest=largest)[region]


def readiness_of_regions(*, session: Session, regions: Sequence[str], year: int, standards: Standards = (),
                         largest: int = LARGEST_GAPS) -> dict[str, Readiness]:
    """`inspection_readiness` of every region named (by key), from one query per kind of row."""
    std = resolve_standards(standards)
    wanted = list(dict.fromkeys(regions))
    with collector_paused():  # a province's school rows read and judged at once (services/bulk_work.py)
        columns = load_school_columns(session, regions=wanted, year=year)
        return _from_columns(columns, load_confirmations_of(session, regions=wanted, year=year), year=year,
                             standards=std, largest=largest)


def _from_columns(columns: SchoolColumns, confirmations: Mapping[str, Mapping[str, Confirmation]], *, year: int,
                  standards: StandardsSet, county: CountyFigures | None = None,
                  preschool: PreschoolFigures | None = None, largest: int = LARGEST_GAPS) -> dict[str, Readiness]:
    """Readiness of every region of the columns, by the vectorised kernel."""
    bulk = readiness_bulk(columns, standards, largest=largest, county=county, preschool=preschool,
                          prepare=lambda record: with_section_qualifications(record, standards))
    items = checklist_items(standards)
    out: dict[str, Readiness] = {}
    for region, figures in zip(columns.regions, bulk, strict=True):
        confirmed = confirmations.get(region, {})
        held = _held(confirmed, standards, balance_passed=figures.balance_passed,
                     preschool_passed=figures.preschool_passed, preschool=figures.kindergartens > 0, items=items)
        counted = {f.name: getattr(figures, f.name) for f in fields(RegionReadiness) if f.name != "largest_gaps"}
        out[region] = Readiness(region=region, year=year, standards=standards.label, **counted,
                                largest_gaps=[gap_of(i) for i in figures.largest_gaps], checklist=held.entries,
                                balance_ready=held.balance_ready, preschool_ready=held.preschool_ready)
    return out


def _readiness(records: Sequence[SchoolRecord], confirmations: Mapping[str, Confirmation], *, region: str,
               year: int, standards: StandardsSet, county: CountyFigures | None = None,
               preschool: PreschoolFigures | None = None, largest: int = LARGEST_GAPS) -> Readiness:
    """Readiness over records and confirmations already loaded."""
    std = standards
    balance = balance_of(records, region, year, std, county or CountyFigures())
    kg = preschool_of(records, region, year, std, preschool or PreschoolFigures())
    sizes = ClassSizeReport(region, year, std.label, class_sizes_by_stage(records, std), [])
    over = sum(s.classes - s.within_standard for s in sizes.by_stage if s.within_standard is not None)
    gaps = [*balance.gaps, *(kg.gaps if kg else [])]
    balance_passed = balance.passed if balance.resources.schools else None
    preschool_passed = kg.assessment.passed if kg else None
    held = _held(confirmations, std, balance_passed=balance_passed, preschool_passed=preschool_passed,
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
    return _held(load_confirmations(session, region=region, year=year), resolve_standards(standards),
                 balance_passed=balance_passed, preschool_passed=preschool_passed, preschool=preschool)


def _held(confirmations: Mapping[str, Confirmation], standards: StandardsSet, *, balance_passed: bool | None,
          preschool_passed: bool | None, preschool: bool,
          items: Sequence[ChecklistItem] | None = None) -> ChecklistReadiness:
    """The checklist over confirmations already loaded (`items`: the standards' checklist items, when the
    caller has them already), and the verdicts it leaves."""
    inspections = ["balance", *(["preschool"] if preschool else [])]
    every = checklist_items(standards) if items is None else items
    entries = checklist([i for i in every if i.inspection in inspections], confirmations)
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
