"""报送情况: which regions' yearly figures are at which state, and the buttons that move them.

The district submits (`Action.SUBMIT`, own region); the municipal commission approves, returns
or unlocks (`Action.REVIEW`), the last two with a reason. Each is a page form (CSRF field, then
a redirect back to the page) and a JSON twin under /api/v1 (CSRF header). A refused role is 403,
a wrong state or a stale page 409, a missing reason 422: all in Chinese.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Kind, Principal, Resource, can
from eduplan.core.collection.approval import Transition
from eduplan.services.approval import apply_transition, default_status_year, status_board
from eduplan.web.deps import SessionDep, authorize
from eduplan.web.monitoring_scopes import signed_in
from eduplan.web.params import RegionPath
from eduplan.web.render import render
from eduplan.web.schemas.reporting import StatusPage, SubmissionOut, TransitionIn

router = APIRouter(tags=["数据报送"])
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="数据年度（默认：上一年）")]
YearPath = Annotated[int, Path(ge=2000, le=2100, description="数据年度")]
ReasonForm = Annotated[str | None, Form(max_length=1000, description="原因（退回、解锁必填）")]
VersionForm = Annotated[int | None, Form(ge=0, le=2**31 - 1, description="页面上看到的状态版本")]
Visitor = Annotated[Principal | None, authorize(Action.READ, signed_in)]


def submission_scope(region: RegionPath) -> Resource:
    """A region's yearly figures under submission."""
    return Resource(kind=Kind.SUBMISSION, region=region.strip())


Submitter = Annotated[Principal | None, authorize(Action.SUBMIT, submission_scope)]
Reviewer = Annotated[Principal | None, authorize(Action.REVIEW, submission_scope)]


def status_page(session: Session, user: Principal | None, year: int | None) -> StatusPage:
    """The year's board, of the regions the user may read."""
    board = status_board(session=session, year=year or default_status_year(session=session), user=user)
    return StatusPage.of(board, reviewer=can(user, Action.REVIEW, Resource(kind=Kind.SUBMISSION)))


def act(session: Session, user: Principal | None, region: str, year: int, transition: Transition,
        body: TransitionIn | None) -> SubmissionOut:
    """Apply the transition; the service checks the state and the reason."""
    body = body or TransitionIn()
    return SubmissionOut.of(apply_transition(session=session, user=user, region=region.strip(), year=year,
                                             transition=transition, reason=body.reason, version=body.version))


def back(year: int) -> RedirectResponse:
    """Back to the page of the year."""
    return RedirectResponse(f"/data/status?year={year}", status_code=303)


Body_ = Annotated[TransitionIn | None, Body(description="原因与版本（可省略；退回、解锁须给出原因）")]


@router.get("/api/v1/data/status", summary="报送情况：某年度各区县数据处于填报中、已报送、已审核还是退回")
def api_status(session: SessionDep, user: Visitor, year: YearQuery = None) -> StatusPage:
    return status_page(session, user, year)


@router.get("/data/status", response_class=HTMLResponse, include_in_schema=False)
def page_status(request: Request, session: SessionDep, user: Visitor, year: YearQuery = None) -> HTMLResponse:
    return render(request, "data_status.html", status_page(session, user, year))


@router.post("/api/v1/data/status/{region}/{year}/submit", summary="报送本区县某年度数据（填报中或退回 → 已报送）")
def api_submit(region: RegionPath, year: YearPath, session: SessionDep, user: Submitter,
               body: Body_ = None) -> SubmissionOut:
    return act(session, user, region, year, Transition.SUBMIT, body)


@router.post("/api/v1/data/status/{region}/{year}/approve", summary="审核通过（已报送 → 已审核，数据锁定）")
def api_approve(region: RegionPath, year: YearPath, session: SessionDep, user: Reviewer,
                body: Body_ = None) -> SubmissionOut:
    return act(session, user, region, year, Transition.APPROVE, body)


@router.post("/api/v1/data/status/{region}/{year}/return", summary="退回（已报送 → 退回），须说明原因")
def api_return(region: RegionPath, year: YearPath, session: SessionDep, user: Reviewer,
               body: Body_ = None) -> SubmissionOut:
    return act(session, user, region, year, Transition.RETURN, body)


@router.post("/api/v1/data/status/{region}/{year}/unlock", summary="解锁已审核的数据（已审核 → 填报中），须说明原因")
def api_unlock(region: RegionPath, year: YearPath, session: SessionDep, user: Reviewer,
               body: Body_ = None) -> SubmissionOut:
    return act(session, user, region, year, Transition.UNLOCK, body)


@router.post("/data/status/{region}/{year}/submit", include_in_schema=False)
def page_submit(region: RegionPath, year: YearPath, session: SessionDep, user: Submitter,
                version: VersionForm = None) -> RedirectResponse:
    act(session, user, region, year, Transition.SUBMIT, TransitionIn(version=version))
    return back(year)


@router.post("/data/status/{region}/{year}/approve", include_in_schema=False)
def page_approve(region: RegionPath, year: YearPath, session: SessionDep, user: Reviewer,
                 version: VersionForm = None) -> RedirectResponse:
    act(session, user, region, year, Transition.APPROVE, TransitionIn(version=version))
    return back(year)


@router.post("/data/status/{region}/{year}/return", include_in_schema=False)
def page_return(region: RegionPath, year: YearPath, session: SessionDep, user: Reviewer,
                reason: ReasonForm = None, version: VersionForm = None) -> RedirectResponse:
    act(session, user, region, year, Transition.RETURN, TransitionIn(reason=reason, version=version))
    return back(year)


@router.post("/data/status/{region}/{year}/unlock", include_in_schema=False)
def page_unlock(region: RegionPath, year: YearPath, session: SessionDep, user: Reviewer,
                reason: ReasonForm = None, version: VersionForm = None) -> RedirectResponse:
    act(session, user, region, year, Transition.UNLOCK, TransitionIn(reason=reason, version=version))
    return back(year)
