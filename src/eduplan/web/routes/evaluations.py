"""Evaluations (评估) of a region: the stored runs, the run form, and report downloads."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from eduplan.core.access import Action, Principal, can
from eduplan.core.evaluation.payload import KIND_LABELS
from eduplan.reports.model import Report
from eduplan.reports.output import FORMATS, write_report
from eduplan.services.evaluations import compare_with_previous, list_evaluations, run_evaluation
from eduplan.services.reports import (
    comparison_report_from_store,
    evaluation_report_from_store,
    inspection_report_from_store,
)
from eduplan.services.simulated import evaluation_parts
from eduplan.web.deps import SessionDep, actor, authorize
from eduplan.web.monitoring_scopes import EvaluationId, all_regions, evaluation_scope, private_region
from eduplan.web.params import CreatedId, RegionPath
from eduplan.web.render import render
from eduplan.web.schemas.monitoring import ChangeOut, EvaluationOut, EvaluationRunIn, EvaluationsPage
from eduplan.web.schemas.simulated import SimulatedOut

router = APIRouter(tags=["评估与报告"])
Reader = Annotated[Principal | None, authorize(Action.READ, private_region)]
Runner = Annotated[Principal | None, authorize(Action.WRITE, private_region)]
EvaluationReader = Annotated[Principal | None, authorize(Action.READ, evaluation_scope)]
ComparisonReader = Annotated[Principal | None, authorize(Action.READ, all_regions)]
Fmt = Literal["docx", "pdf", "xlsx"]
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def links(base: str, query: str = "") -> dict[str, str]:
    """The download link of each report format."""
    return {fmt: f"{base}.{fmt}{query}" for fmt in FORMATS}


def evaluations_page(session: Session, user: Principal | None, region: str, *,
                     created: int | None = None) -> EvaluationsPage:
    """The region's evaluations, newest first, each with its change from the previous one."""
    items = []
    for record in list_evaluations(session=session, region=region):
        comparison = compare_with_previous(session=session, evaluation_id=record.id)
        items.append(EvaluationOut(
            id=record.id, label=record.label, kind=record.kind.value, kind_label=record.kind_label,
            year=record.year, created_at=record.created_at, plan_title=record.plan_title, summary=record.summary,
            previous_id=comparison.previous.id if comparison.previous else None,
            change_summary=comparison.diff.summary() if comparison.previous else "首次评估，无可比较的上次评估。",
            changes=[ChangeOut(section=c.section, name=c.name, before=c.before, after=c.after, trend=c.trend)
                     for c in comparison.diff.changes],
            reports=links(f"/evaluations/{record.id}/report"),
            simulated=SimulatedOut.of(evaluation_parts(session=session, region=record.region, year=record.year,
                                                       evaluation=record.evaluation))))
    return EvaluationsPage(
        region=region, evaluations=items, kinds={k.value: v for k, v in KIND_LABELS.items()},
        can_run=can(user, Action.WRITE, private_region(region)), can_compare=can(user, Action.READ, all_regions()),
        default_year=max((e.year for e in items), default=dt.date.today().year - 1),
        readiness_reports=links(f"/regions/{region}/inspections/report"),
        comparison_reports=links("/reports/comparison", f"?year={items[0].year}" if items else ""),
        created=created)


def download(report: Report, name: str, fmt: str) -> FileResponse:
    """The report written to a temporary file, sent, then removed."""
    folder = Path(tempfile.mkdtemp(prefix="eduplan-report-"))
    path = write_report(report, folder / f"report.{fmt}", fmt)

    def cleanup() -> None:
        path.unlink(missing_ok=True)
        folder.rmdir()

    return FileResponse(path, media_type=MEDIA[fmt], filename=f"{name}.{fmt}", background=BackgroundTask(cleanup))


@router.get("/api/v1/regions/{region}/evaluations", summary="区县的评估记录（评估页的 JSON）")
def api_evaluations(region: RegionPath, session: SessionDep, user: Reader) -> EvaluationsPage:
    return evaluations_page(session, user, region)


@router.post("/api/v1/regions/{region}/evaluations", status_code=201, summary="运行并保存一次评估")
def api_run_evaluation(region: RegionPath, body: EvaluationRunIn, session: SessionDep, user: Runner) -> EvaluationOut:
    record = run_evaluation(session=session, region=region, kind=body.kind, year=body.year, actor=actor(user))
    page = evaluations_page(session, user, region)
    return next(e for e in page.evaluations if e.id == record.id)


@router.get("/regions/{region}/evaluations", response_class=HTMLResponse, include_in_schema=False)
def page_evaluations(request: Request, region: RegionPath, session: SessionDep, user: Reader,
                     created: CreatedId = None) -> HTMLResponse:
    return render(request, "evaluations.html", evaluations_page(session, user, region, created=created))


@router.post("/regions/{region}/evaluations", include_in_schema=False)
def page_run_evaluation(region: RegionPath, session: SessionDep, user: Runner, kind: Annotated[str, Form()],
                        year: Annotated[int, Form()]) -> RedirectResponse:
    record = run_evaluation(session=session, region=region, kind=kind, year=year, actor=actor(user))
    return RedirectResponse(f"/regions/{region}/evaluations?created={record.id}#evaluation-{record.id}",
                            status_code=303)


Issuer = Annotated[str | None, Query(max_length=60, description="发文机关署名，默认为区县教育行政部门全称")]
IssueDate = Annotated[dt.date | None, Query(description="成文日期，默认为评估运行的日期")]
Addressee = Annotated[str, Query(max_length=60, description="主送机关")]
Annotation = Annotated[str, Query(max_length=120, description="附注")]


@router.get("/evaluations/{evaluation_id}/report.{fmt}", summary="下载评估报告（docx / pdf / xlsx）")
def evaluation_report(evaluation_id: EvaluationId, fmt: Fmt, session: SessionDep, user: EvaluationReader,
                      issuer: Issuer = None, date: IssueDate = None, to: Addressee = "",
                      note: Annotation = "") -> FileResponse:
    report = evaluation_report_from_store(session=session, evaluation_id=evaluation_id, issuer=issuer, date=date,
                                          addressee=to, annotation=note)
    return download(report, f"评估报告-第{evaluation_id}号", fmt)


@router.get("/regions/{region}/inspections/report.{fmt}", summary="下载督导评估准备情况报告")
def readiness_report(region: RegionPath, fmt: Fmt, session: SessionDep, user: Reader,
                     year: Annotated[int | None, Query(ge=2000, le=2100)] = None) -> FileResponse:
    report = inspection_report_from_store(session=session, region=region, year=year)
    return download(report, f"{region}督导评估准备情况{year or ''}", fmt)


@router.get("/reports/comparison.{fmt}", summary="下载全市各区县比较报告（市教委）")
def comparison_report(fmt: Fmt, session: SessionDep, user: ComparisonReader,
                      year: Annotated[int, Query(ge=2000, le=2100)]) -> FileResponse:
    report = comparison_report_from_store(session=session, year=year)
    return download(report, f"区县比较报告{year}", fmt)
