"""Background jobs (后台任务): a long extraction or import's progress, result and 取消 button."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from eduplan.core.access import Action, Principal
from eduplan.services.jobs import cancel_job, get_job
from eduplan.web.deps import SessionDep, authorize
from eduplan.web.render import render
from eduplan.web.schemas.jobs import JobOut
from eduplan.web.scopes import RecordId, job_resource

router = APIRouter(tags=["后台任务"])
JobReader = Annotated[Principal | None, authorize(Action.READ, job_resource)]
JobCanceller = Annotated[Principal | None, authorize(Action.WRITE, job_resource)]


def job_context(job_id: RecordId, session: SessionDep, _user: JobReader) -> JobOut:
    """The job (its uploader's alone)."""
    return JobOut.of(get_job(session=session, job_id=job_id))


def cancel(job_id: RecordId, request: Request, session: SessionDep, _user: JobCanceller,
           background: BackgroundTasks) -> JobOut:
    """Cancel the job; its child process is killed once the cancel is committed."""
    job = JobOut.of(cancel_job(session=session, job_id=job_id))
    background.add_task(request.app.state.jobs.cancel, job_id)
    return job


JobCtx = Annotated[JobOut, Depends(job_context)]
Cancelled = Annotated[JobOut, Depends(cancel)]


@router.get("/api/v1/jobs/{job_id}", summary="后台任务的状态、进度与结果（任务页的 JSON，轮询用）")
def api_job(page: JobCtx) -> JobOut:
    return page


@router.post("/api/v1/jobs/{job_id}/cancel", summary="取消排队或运行中的后台任务（已结束的任务返回 409）",
             responses={409: {"description": "任务已结束，无法取消"}})
def api_cancel(job: Cancelled) -> JobOut:
    return job


@router.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def page_job(request: Request, page: JobCtx) -> HTMLResponse:
    return render(request, "jobs.html", page)


@router.post("/jobs/{job_id}/cancel", include_in_schema=False)
def page_cancel(job: Cancelled) -> RedirectResponse:
    return RedirectResponse(job.page_url, status_code=303)
