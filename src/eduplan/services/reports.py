"""Reports assembled from the database: read through the services, build with `builders`.

Shared by the CLI (`eduplan report`) and, later, the web app's download links. Nothing is
written here: the session is only read.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.core.errors import NotFoundError
from eduplan.core.inspection.pass_plan import PassPlan
from eduplan.reports.builders import comparison_report, evaluation_report, inspection_report
from eduplan.reports.inspection_sections import InspectionReadiness
from eduplan.reports.model import Report
from eduplan.services.simulated import evaluation_parts, region_parts
from eduplan.store.models import ObservationRow
from eduplan.store.records import latest_school_year as latest_school_year_stored


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
                                 issuer: str | None = None, date: dt.date | None = None) -> Report:
    """The report of a stored evaluation, with the region's inspection readiness when schools are stored."""
    from eduplan.services.evaluations import get_evaluation

    record = get_evaluation(session=session, evaluation_id=evaluation_id)
    if region is not None and region != record.region:
        raise NotFoundError(f"评估第{evaluation_id}号属于{record.region}，不是{region}")
    school_year = latest_school_year(session=session, region=record.region, up_to=record.year)
    readiness = readiness_for(session=session, region=record.region, year=school_year) if school_year else None
    parts = evaluation_parts(session=session, region=record.region, year=record.year, payload=record.payload)
    return evaluation_report(record.payload, issuer=issuer, date=date, inspection=readiness, parts=parts)


def comparison_report_from_store(*, session: Session, year: int, issuer: str = "市教育委员会",
                                 date: dt.date | None = None) -> Report:
    """All regions compared on every catalog indicator that has a value in `year`."""
    from eduplan.data.catalog import load_catalog
    from eduplan.services.compare import compare_regions

    observed = set(session.execute(select(ObservationRow.indicator).where(ObservationRow.year == year)
                                   .distinct()).scalars())
    if not observed:
        raise NotFoundError(f"没有任何区县{year}年的监测数据，无法生成比较报告")
    entries = [e for e in load_catalog().entries if e.id in observed]
    from eduplan.services.approval import approved_only_for

    approved = approved_only_for(None)  # the municipal comparison reads approved figures (docs/approval.md)
    comparisons = [compare_regions(session=session, indicator=e.id, year=year, include_drafts=True,
                                   approved_only=approved) for e in entries]
    return comparison_report(comparisons, year=year, issuer=issuer, date=date)


def inspection_report_from_store(*, session: Session, region: str, year: int | None = None,
                                 issuer: str | None = None, date: dt.date | None = None) -> Report:
    """The inspection readiness report of a region (latest school year when none is given)."""
    chosen = year or latest_school_year(session=session, region=region)
    readiness = readiness_for(session=session, region=region, year=chosen) if chosen else None
    if readiness is None:
        raise NotFoundError(f"{region}没有{f'{year}年的' if year else ''}学校统计数据，请先用 eduplan schools import 导入")
    return inspection_report(readiness, issuer=issuer, date=date,
                             pass_plan=_annex_plan(session=session, region=region, year=readiness.year))


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
