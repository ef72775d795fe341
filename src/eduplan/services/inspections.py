"""Inspection use cases (督导评估): import school records, then run 优质均衡, 普及普惠 and class
sizes for a region and year from the stored records.

The results and the runs over loaded records are `services.inspection_results`; readiness is
`services.readiness` and school places `services.school_places`. Their names are importable from
here too, as before the split.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import OTHER_REGION
from eduplan.core.errors import InputError, Location, NotFoundError
from eduplan.core.inspection.classsize import class_sizes_by_school, class_sizes_by_stage
from eduplan.core.inspection.guarantee import CountyFigures
from eduplan.core.inspection.preschool import PreschoolFigures
from eduplan.core.plan import SchoolRecord
from eduplan.exchange.schools import read_school_records, write_school_template
from eduplan.exchange.workbook import read_workbook
from eduplan.services.audit import record_audit
from eduplan.services.guarded import report_progress
from eduplan.services.inspection_results import (
    LARGEST_GAPS,
    BalanceReport,
    ClassSizeReport,
    Gap,
    PreschoolReport,
    SchoolImportReport,
    Standards,
    balance_of,
    gap_of,
    preschool_of,
    resolve_standards,
    with_section_qualifications,
)
from eduplan.services.readiness import (
    ChecklistReadiness,
    Readiness,
    checklist_readiness,
    confirm_checklist_item,
    inspection_checklist,
    inspection_readiness,
    readiness_of_regions,
)
from eduplan.services.school_places import PlaceReport, place_balance_for_region, stage_enrolment, stage_places
from eduplan.store.records import load_school_records, save_school_records

__all__ = [
    "LARGEST_GAPS", "BalanceReport", "ChecklistReadiness", "ClassSizeReport", "Gap", "PlaceReport", "PreschoolReport",
    "Readiness", "SchoolImportReport", "Standards", "checklist_readiness", "class_sizes", "confirm_checklist_item",
    "gap_of", "import_school_records", "inspection_checklist", "inspection_readiness", "place_balance_for_region",
    "readiness_of_regions", "resolve_standards", "run_preschool", "run_quality_balance", "school_template",
    "stage_enrolment", "stage_places", "store_school_records", "with_section_qualifications",
]


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


def run_quality_balance(*, session: Session, region: str, year: int, standards: Standards = (),
                        figures: CountyFigures | None = None) -> BalanceReport:
    """义务教育优质均衡 for a region and year from its stored school records."""
    return balance_of(_records(session, region, year), region, year, resolve_standards(standards),
                    figures or CountyFigures())


def run_preschool(*, session: Session, region: str, year: int, standards: Standards = (),
                  figures: PreschoolFigures | None = None) -> PreschoolReport:
    """学前教育普及普惠 for a region and year from its stored kindergarten records."""
    report = preschool_of(_records(session, region, year), region, year, resolve_standards(standards),
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
