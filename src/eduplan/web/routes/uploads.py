"""Uploading a plan document: extract it, review the extraction, confirm to store it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from eduplan.core.access import Action, Principal, Resource, can
from eduplan.core.errors import InputError
from eduplan.core.regions import assign_region
from eduplan.data.divisions import find_region
from eduplan.services.documents import extract_upload
from eduplan.services.plans import PlanStatus, import_plan
from eduplan.web.deps import SessionDep, actor, authorize, refusal
from eduplan.web.params import UploadToken
from eduplan.web.pending_uploads import Draft
from eduplan.web.render import render
from eduplan.web.schemas.plans import ConfirmResult, DraftPage, DraftSummary, PlanContent, UploadsPage
from eduplan.web.scopes import draft_resource, drafts, new_upload_resource

router = APIRouter(tags=["上传规划"])
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
Uploader = Annotated[Principal | None, authorize(Action.IMPORT, new_upload_resource)]
DraftReader = Annotated[Principal | None, authorize(Action.READ, draft_resource)]
DraftImporter = Annotated[Principal | None, authorize(Action.IMPORT, draft_resource)]


def uploads_context(request: Request, user: Uploader) -> UploadsPage:
    """The user's drafts awaiting confirmation."""
    mine = drafts(request).for_owner(actor(user))
    return UploadsPage(max_bytes=MAX_UPLOAD_BYTES, drafts=[
        DraftSummary(token=d.token, filename=d.filename, uploaded_at=d.uploaded_at, region=d.plan.region,
                     title=d.plan.title) for d in mine])


def draft_context(token: UploadToken, request: Request, user: DraftReader,
                  resource: Annotated[Resource, Depends(draft_resource)]) -> DraftPage:
    """The extraction under review, and whether this user may store it."""
    draft = drafts(request).load(token)
    allowed = user is not None and can(user, Action.IMPORT, resource)
    return DraftPage(token=token, filename=draft.filename, uploaded_at=draft.uploaded_at, can_confirm=allowed,
                     refusal=None if allowed or user is None else refusal(user, Action.IMPORT, resource),
                     **PlanContent.fields_of(draft.plan))


def extract(request: Request, user: Principal | None, file: UploadFile) -> Draft:
    """Read the uploaded document, extract the plan and keep it as the user's draft."""
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB，无法上传")
    if not data:
        raise InputError("上传的文件是空的")
    name = file.filename or "upload.txt"
    return drafts(request).save(owner=actor(user), filename=name, plan=extract_upload(data=data, filename=name))


def set_region(token: UploadToken, request: Request, user: DraftReader, region: RegionField) -> Draft:
    """Give the draft the region its uploader names (checked against the division list).

    The routes also require `Uploader`: only who may upload plans may prepare one for storing."""
    store = drafts(request)
    draft = store.load(token)
    assign_region(draft.plan, find_region(region, field="region"))
    return store.update(draft, draft.plan)


def confirm(token: UploadToken, request: Request, session: SessionDep, user: DraftImporter) -> ConfirmResult:
    """Store the reviewed plan as a draft of its region (published later) and forget the upload."""
    draft = drafts(request).load(token)
    if not draft.plan.region:
        raise InputError("规划所属的行政区未能识别：请先在核对页设定所属行政区，再确认入库")
    result = import_plan(session=session, plan=draft.plan, actor=actor(user), status=PlanStatus.DRAFT)
    drafts(request).discard(token)
    return ConfirmResult(plan_id=result.plan_id, created=result.created, changes=result.changes)


RegionField = Annotated[str, Form(description="规划所属行政区：名称（如 重庆市璧山区）或 6 位区划代码")]
UploadsCtx = Annotated[UploadsPage, Depends(uploads_context)]
DraftCtx = Annotated[DraftPage, Depends(draft_context)]
Confirmed = Annotated[ConfirmResult, Depends(confirm)]
Document = Annotated[UploadFile, File(description="规划文件（.txt、.docx 或 .pdf）")]


@router.get("/api/v1/uploads", summary="我上传待确认的规划（上传页的 JSON）")
def api_uploads(page: UploadsCtx) -> UploadsPage:
    return page


@router.post("/api/v1/uploads", status_code=201, summary="上传规划文件并提取（尚未入库）")
def api_upload(request: Request, user: Uploader, file: Document) -> DraftPage:
    token = extract(request, user, file).token
    return draft_context(token, request, user, draft_resource(token, request))


@router.get("/api/v1/uploads/{token}", summary="核对提取结果（核对页的 JSON）")
def api_draft(page: DraftCtx) -> DraftPage:
    return page


@router.post("/api/v1/uploads/{token}/region", summary="设定上传规划所属的行政区（文中未能识别时）")
def api_set_region(token: UploadToken, request: Request, user: DraftReader, region: RegionField,
                   _uploader: Uploader) -> DraftPage:
    set_region(token, request, user, region)
    return draft_context(token, request, user, draft_resource(token, request))


@router.post("/api/v1/uploads/{token}/confirm", summary="确认提取结果并入库")
def api_confirm(result: Confirmed) -> ConfirmResult:
    return result


@router.get("/uploads/new", response_class=HTMLResponse, include_in_schema=False)
def page_uploads(request: Request, page: UploadsCtx) -> HTMLResponse:
    return render(request, "uploads.html", page)


@router.post("/uploads", include_in_schema=False)
def page_upload(request: Request, user: Uploader, file: Document) -> RedirectResponse:
    return RedirectResponse(f"/uploads/{extract(request, user, file).token}", status_code=303)


@router.get("/uploads/{token}", response_class=HTMLResponse, include_in_schema=False)
def page_draft(request: Request, page: DraftCtx) -> HTMLResponse:
    return render(request, "draft.html", page)


@router.post("/uploads/{token}/region", include_in_schema=False)
def page_set_region(token: UploadToken, request: Request, user: DraftReader, region: RegionField,
                    _uploader: Uploader) -> RedirectResponse:
    set_region(token, request, user, region)
    return RedirectResponse(f"/uploads/{token}", status_code=303)


@router.post("/uploads/{token}/confirm", include_in_schema=False)
def page_confirm(result: Confirmed) -> RedirectResponse:
    return RedirectResponse(f"/plans/{result.plan_id}", status_code=303)
