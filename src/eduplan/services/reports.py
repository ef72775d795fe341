"""Reports assembled from the database: read through the services, build with `builders`.

Shared by the CLI (`eduplan report`) and the web app's download links. Nothing is written here:
the session is only read. The issuer defaults to the region's education authority in full
(`region_issuer`), the date to the evaluation's, never to the day the file is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session

from eduplan.core.errors import NotFoundError
from eduplan.core.inspection.pass_plan import PassPlan
from eduplan.reports.builders import comparison_report, default_issuer, evaluation_report, inspection_report
from eduplan.reports.inspection_sections import InspectionReadiness
from eduplan.reports.model import Report
from eduplan.services.simulated import evaluation_parts, region_parts
from eduplan.store.records import indicators_observed
from eduplan.store.records import latest_school_year as latest_school_year_stored
from eduplan.store.regions import codes_of, row_for


def region_issuer(*, session: Session, region: str) -> str:
    """The region's education authority by its full name: “重庆市南川区教育委员会”."""
    from eduplan.data.divisions import load_divisions

    row = row_for(session, region)
    if row is None or not row.code:
        return default_issuer(region)
    divisions = load_divisions()
    found = divisions.by_code(row.code)
    full = divisions.full_name(found) if found else region
    return default_issuer(region, full_name=full, code=row.code, level=row.level or (found.level.value if found else None))


def parent_issuer(*, session: Session, regions: list[str]) -> str:
    """The authority above all the regions (their common parent's), for a comparison: “重庆市教育委员会”."""
    from eduplan.data.divisions import load_divisions

    divisions = load_divisions()
    parents = {divisions.parent(r) for c in codes_of(session, regions) if (r := divisions.by_code(c)) is not None}
    parents.discard(None)
    if len(parents) == 1:
        up = parents.pop()
        assert up is not None
        return default_issuer(up.name, full_name=divisions.full_name(up), code=up.code, level=up.level.value)
    return "市教育委员会"


def task_areas(*, session: Session, region: str) -> dict[str, str]:
    """The headings of the region's plan in force by their numbers (3.1 → 坚持立德树人…), for task areas."""
    from eduplan.services.monitoring import region_plan

    try:
        _, plan = region_plan(session=session, region=region)
    except NotFoundError:
        return {}
    return {t.id: t.title for t in plan.tasks}


def readiness_for(*, session: Session, region: str, year: int) -> InspectionReadiness | None:
    """The region's 优质均衡 and 普及普惠 results for `year`; None when no school records are stored."""
    from eduplan.services.inspections import run_preschool, run_quality_balance

    try:
        balance = run_quality_balance(session=session, region=region, year=year)
    except NotFoundError:
        return None
    try:
        preschool = run_preschool(session=session, region=region, year=year).assessment
    except NotFoundError:
        preschool = None
    from eduplan.services.inspections import inspection_checklist

    checklist = inspection_checklist(session=session, region=region, year=year,
                                     inspections=["balance", *(["preschool"] if preschool else [])])
    return InspectionReadiness(region, year, balance.resources, balance.guarantee, balance.quality, preschool,
                               simulated=region_parts(session=session, region=region, school_year=year).schools,
                               checklist=tuple(checklist))


def latest_school_year(*, session: Session, region: str, up_to: int | None = None) -> int | None:
    """The latest year with school records for the region (not after `up_to`)."""
    return latest_school_year_stored(session, region=region, up_to=up_to)


def evaluation_report_from_store(*, session: Session, evaluation_id: int, region: str | None = None,
                                 issuer: str | None = None, date: dt.date | None = None,
                                 addressee: str = "", annotation: str = "") -> Report:
    """The report of a stored evaluation, with the region's inspection readiness when schools are stored.

    Issued by the region's education authority in full unless `issuer` is given, dated the day the
    evaluation was run unless `date` is given (never the day the file is written)."""
    from eduplan.services.evaluations import get_evaluation

    record = get_evaluation(session=session, evaluation_id=evaluation_id)
    if region is not None and region != record.region:
        raise NotFoundError(f"评估第{evaluation_id}号属于{record.region}，不是{region}")
    school_year = latest_school_year(session=session, region=record.region, up_to=record.year)
    readiness = readiness_for(session=session, region=record.region, year=school_year) if school_year else None
    evaluation = record.evaluation
    parts = evaluation_parts(session=session, region=record.region, year=record.year, evaluation=evaluation)
    day = date or (record.created_at.date() if record.created_at else None)
    return evaluation_report(evaluation, issuer=issuer or region_issuer(session=session, region=record.region),
                             date=day, inspection=readiness, areas=task_areas(session=session, region=record.region),
                             addressee=addressee, annotation=annotation, evaluation_id=record.id, parts=parts)


def comparison_report_from_store(*, session: Session, year: int, issuer: str | None = None,
                                 date: dt.date | None = None, addressee: str = "", annotation: str = "") -> Report:
    """All regions compared on every catalog indicator that has a value in `year`."""
    from eduplan.data.catalog import load_catalog
    from eduplan.services.compare import compare_regions

    observed = indicators_observed(session, year=year)
    if not observed:
        raise NotFoundError(f"没有任何区县{year}年的监测数据，无法生成比较报告")
    entries = [e for e in load_catalog().entries if e.id in observed]
    from eduplan.services.approval import approved_only_for

    approved = approved_only_for(None)  # the municipal comparison reads approved figures (docs/approval.md)
    comparisons = [compare_regions(session=session, indicator=e.id, year=year, include_drafts=True,
                                   approved_only=approved) for e in entries]
    regions = sorted({r.region for c in comparisons for r in c.rows})
    return comparison_report(comparisons, year=year, issuer=issuer or parent_issuer(session=session, regions=regions),
                             date=date, addressee=addressee, annotation=annotation)


def inspection_report_from_store(*, session: Session, region: str, year: int | None = None,
                                 issuer: str | None = None, date: dt.date | None = None,
                                 addressee: str = "", annotation: str = "") -> Report:
    """The inspection readiness report of a region (latest school year when none is given)."""
    chosen = year or latest_school_year(session=session, region=region)
    readiness = readiness_for(session=session, region=region, year=chosen) if chosen else None
    if readiness is None:
        raise NotFoundError(f"{region}没有{f'{year}年的' if year else ''}学校统计数据，请先用 eduplan schools import 导入")
    built = inspection_report(readiness, issuer=issuer or region_issuer(session=session, region=region), date=date,
                              pass_plan=_annex_plan(session=session, region=region, year=readiness.year))
    return dataclasses.replace(built, addressee=addressee, annotation=annotation)


def _annex_plan(*, session: Session, region: str, year: int | None) -> PassPlan | None:
    """The least-cost pass plan by the region's plan end year (the report's annex); None when not computable."""
    from eduplan.services.monitoring import region_plan
    from eduplan.services.pass_plans import pass_plan

    try:
        _, plan = region_plan(session=session, region=region)
    except NotFoundError:
        return None
    by = plan.period[1] if plan.period else None
    if by is None or year is None or by < year:
        return None
    return pass_plan(session=session, region=region, by=by, year=year)
