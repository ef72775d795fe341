"""Yearly data (年度数据): template downloads and all-or-nothing uploads of data and school workbooks.

A refused upload shows every problem with its sheet, row and column and stores nothing; an
accepted one shows what was stored and which targets changed status.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from eduplan.core.access import Action, Kind, Principal, Resource, can
from eduplan.core.collection.problems import problem_report
from eduplan.core.collection.yearly import Issue
from eduplan.core.errors import InputError, NotFoundError
from eduplan.services.collection import collection_template
from eduplan.services.collection import import_workbook as collection_import
from eduplan.services.inspections import import_school_records, school_template
from eduplan.services.jobs import JobKind, get_job
from eduplan.services.plans import list_plans
from eduplan.web.deps import SessionDep, actor, authorize
from eduplan.web.jobs import import_task, job_accepted, start_job_after_commit
from eduplan.web.monitoring_scopes import known_region_plan, private_region, signed_in, upload_region
from eduplan.web.params import OptionalRegionQuery, RegionQuery
from eduplan.web.problems import capped, clipped
from eduplan.web.render import render
from eduplan.web.schemas.jobs import JobOut
from eduplan.web.schemas.monitoring import DataPage, IssueOut, StatusChangeOut, UploadResult

router = APIRouter(tags=["年度数据"])
MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".xlsx", ".csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Visitor = Annotated[Principal | None, authorize(Action.READ, signed_in)]
Reader = Annotated[Principal | None, authorize(Action.READ, private_region)]
Importer = Annotated[Principal | None, authorize(Action.IMPORT, upload_region)]
Workbook = Annotated[UploadFile, File(description="填好的年度数据表（.xlsx 或 .csv，≤ 20 MB）")]
YearParam = Annotated[int, Query(ge=2000, le=2100)]


def data_page(session: Session, user: Principal | None, *, region: str | None = None, year: int | None = None,
              result: UploadResult | None = None) -> DataPage:
    """The data page: the regions with plans, the chosen region and year, the last result."""
    regions = sorted({p.region for p in list_plans(session=session)})
    chosen = region or (user.region if user and user.region in regions else (regions[0] if regions else None))
    return DataPage(regions=regions, region=chosen, year=year or dt.date.today().year - 1, result=result,
                    can_import=chosen is not None and can(user, Action.IMPORT, private_region(chosen)))


@contextmanager
def saved_upload(file: UploadFile) -> Iterator[Path]:
    """The uploaded file in a temporary folder under its own name (locations quote it)."""
    name = Path(file.filename or "upload.xlsx").name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise InputError(f"不支持的文件类型“{Path(name).suffix or name}”，请上传 .xlsx 或 .csv 文件")
    data = file.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，无法上传")
    if not data:
        raise InputError("上传的文件是空的")
    with tempfile.TemporaryDirectory(prefix="eduplan-data-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def issues_out(issues: Sequence[Issue]) -> dict[str, Any]:
    """The issues, errors first, located: the first `MAX_ISSUES` (quoted values clipped) and the
    count of the rest, so that a file full of errors cannot make an answer of many megabytes."""
    ordered = [p.issue for p in problem_report(issues)]  # the CLI's and the Excel sheet's order
    shown, omitted = capped(ordered)
    return {"issues": [IssueOut(code=i.code, severity=i.severity.value, sheet=i.location.sheet, row=i.location.row,
                                column=None if i.location.column is None else clipped(str(i.location.column)),
                                value=clipped(i.value), message=clipped(i.message, 1000) or "") for i in shown],
            "issues_omitted": omitted}


def import_workbook(*, session: Session, path: Path, region: str, actor_name: str) -> UploadResult:
    """Check a yearly data workbook against the region's plan and store it whole, or nothing."""
    outcome = collection_import(session=session, paths=[path], entered_by=actor_name, region=region)
    if outcome.stored is None:
        return UploadResult(kind="workbook", filename=path.name, region=region, accepted=False,
                            summary=outcome.summary(), **issues_out(outcome.result.issues))
    changes = [StatusChangeOut(name=c.name, before=c.before, after=c.after, latest_value=c.latest_value)
               for c in outcome.changes]
    return UploadResult(kind="workbook", filename=path.name, region=region, accepted=True, summary=outcome.summary(),
                        **issues_out(outcome.result.issues), changes=changes,
                        stored={k: dataclasses.asdict(c) for k, c in outcome.stored.counts().items()})


def import_schools(*, session: Session, path: Path, region: str, actor_name: str) -> UploadResult:
    """Check a school-records workbook and store it whole, or nothing (records of the region only)."""
    report = import_school_records(session=session, path=path, entered_by=actor_name, region=region)
    return UploadResult(kind="schools", filename=path.name, region=region, accepted=report.accepted,
                        summary=report.summary, **issues_out(report.issues),
                        stored={"schools": {"inserted": report.inserted, "updated": report.updated}}
                        if report.accepted else {})


def upload(kind: str, request: Request, session: Session, user: Principal | None, region: str, file: UploadFile,
           background: BackgroundTasks, in_background: bool = False) -> UploadResult | JobOut:
    """Run the upload of `kind` (workbook / schools) on the saved file now (a small file), or start a
    background job (a large one, or when asked)."""
    importer = import_workbook if kind == "workbook" else import_schools
    with saved_upload(file) as path:
        size = path.stat().st_size
        if not in_background and size <= request.app.state.settings.job_threshold_bytes:
            return importer(session=session, path=path, region=region.strip(), actor_name=actor(user))
        task = import_task(request, importer=importer, owner=actor(user), region=region.strip(), filename=path.name,
                           data=path.read_bytes())
    return start_job_after_commit(request, background, session=session, kind=JobKind(kind), owner=actor(user),
                                  region=region.strip(), filename=path.name, task=task)


def job_result(session: Session, user: Principal | None, job_id: int) -> tuple[str | None, UploadResult | None]:
    """The region and import report of the user's finished import job (none for another user's job)."""
    job = get_job(session=session, job_id=job_id)
    if not can(user, Action.READ, Resource(kind=Kind.JOB, owner=job.owner, region=job.region)):
        raise NotFoundError(f"找不到编号为 {job_id} 的导入任务")
    if job.kind is JobKind.DOCUMENT or job.result is None or "upload" not in job.result:
        return job.region, None
    return job.region, UploadResult.model_validate(job.result["upload"])


def send_file(path: Path, name: str) -> FileResponse:
    """A written workbook, removed once sent."""
    return FileResponse(path, media_type=XLSX, filename=name,
                        background=BackgroundTask(lambda: path.unlink(missing_ok=True)))


def temp_xlsx() -> Path:
    """A fresh temporary .xlsx path."""
    with tempfile.NamedTemporaryFile(prefix="eduplan-template-", suffix=".xlsx", delete=False) as handle:
        return Path(handle.name)


# ---------------------------------------------------------------- routes

RegionForm = Annotated[str, Form(description="数据所属区县")]
InBackground = Annotated[bool, Query(alias="background", description="无论大小都转为后台任务（返回 202）")]
JobQuery = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="后台导入任务的编号")]


def data_context(session: SessionDep, user: Visitor, region: OptionalRegionQuery = None,
                 year: Annotated[int | None, Query(ge=2000, le=2100)] = None, job: JobQuery = None) -> DataPage:
    """The data page; with `job`, the import report of the visitor's finished background import."""
    result = None
    if job is not None:
        job_region, result = job_result(session, user, job)
        region = region or job_region
    return data_page(session, user, region=region, year=year, result=result)


DataCtx = Annotated[DataPage, Depends(data_context)]


@router.get("/api/v1/data", summary="年度数据页（模板与上传）的 JSON；job= 附上后台导入的导入报告")
def api_data(page: DataCtx) -> DataPage:
    return page


@router.get("/data", response_class=HTMLResponse, include_in_schema=False)
def page_data(request: Request, page: DataCtx) -> HTMLResponse:
    return render(request, "data.html", page)


def api_answer(result: UploadResult | JobOut, response: Response) -> Any:
    """201 stored, 422 refused, or 202 with the background job."""
    if isinstance(result, JobOut):
        return job_accepted(result)
    response.status_code = 201 if result.accepted else 422
    return result


def page_answer(request: Request, session: Session, user: Principal | None, region: str,
                result: UploadResult | JobOut) -> Response:
    """The data page with the import report, or a redirect to the background job's page."""
    if isinstance(result, JobOut):
        return RedirectResponse(result.page_url, status_code=303)
    return render(request, "data.html", data_page(session, user, region=region, result=result),
                  status_code=200 if result.accepted else 422)


JOB_NOTE = ("不超过 EDUPLAN_JOB_THRESHOLD_BYTES 的文件当即导入；更大的文件（或 background=true）返回 202 与后台任务，"
            "Location 为任务地址，轮询至“完成”后任务的 result.upload 即导入报告。")
ACCEPTED: dict[int | str, dict[str, Any]] = {202: {"model": JobOut, "description": "已转为后台任务：轮询任务地址查看进度，可取消"}}


@router.post("/api/v1/data/workbook", status_code=201, response_model=UploadResult, description=JOB_NOTE,
             summary="上传年度数据表（全部通过才入库；422 时返回定位的错误；大文件转为后台任务）",
             responses={422: {"model": UploadResult, "description": "被拒绝：逐条列出工作表、行、列和中文说明"},
                        **ACCEPTED})
def api_upload_workbook(request: Request, response: Response, session: SessionDep, user: Importer,
                        region: RegionForm, file: Workbook, background: BackgroundTasks,
                        in_background: InBackground = False) -> Any:
    return api_answer(upload("workbook", request, session, user, region, file, background, in_background), response)


@router.post("/api/v1/data/schools", status_code=201, response_model=UploadResult, description=JOB_NOTE,
             summary="上传学校统计数据表（全部通过才入库；大文件转为后台任务）",
             responses={422: {"model": UploadResult, "description": "被拒绝：逐条列出错误"}, **ACCEPTED})
def api_upload_schools(request: Request, response: Response, session: SessionDep, user: Importer,
                       region: RegionForm, file: Workbook, background: BackgroundTasks,
                       in_background: InBackground = False) -> Any:
    return api_answer(upload("schools", request, session, user, region, file, background, in_background), response)


@router.post("/data/workbook", response_class=HTMLResponse, include_in_schema=False, response_model=None)
def page_upload_workbook(request: Request, session: SessionDep, user: Importer, region: RegionForm,
                         file: Workbook, background: BackgroundTasks) -> Response:
    return page_answer(request, session, user, region, upload("workbook", request, session, user, region, file,
                                                              background))


@router.post("/data/schools", response_class=HTMLResponse, include_in_schema=False, response_model=None)
def page_upload_schools(request: Request, session: SessionDep, user: Importer, region: RegionForm,
                        file: Workbook, background: BackgroundTasks) -> Response:
    return page_answer(request, session, user, region, upload("schools", request, session, user, region, file,
                                                              background))


@router.get("/data/template.xlsx", summary="下载年度数据采集表（某区县某年度）")
def data_template(region: RegionQuery, year: YearParam, session: SessionDep, user: Reader) -> FileResponse:
    known_region_plan(session, region)  # a 404 naming nothing the visitor may not see
    path = collection_template(session=session, region=region, year=year, dest=temp_xlsx())
    return send_file(path, f"{region}{year}年度数据采集表.xlsx")


@router.get("/data/schools-template.xlsx", summary="下载学校统计数据表模板（预填该区县最近一年的学校）")
def schools_template(region: RegionQuery, year: YearParam, session: SessionDep, user: Reader) -> FileResponse:
    path = school_template(session=session, dest=temp_xlsx(), region=region, year=year)
    return send_file(path, f"{region}{year}年学校统计数据表.xlsx")
