"""Uploading a plan document: extract it, review the extraction, confirm to store it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Principal, Resource, can
from eduplan.core.errors import EduplanError, InputError
from eduplan.core.regions import assign_region
from eduplan.data.divisions import find_region
from eduplan.services.documents import extract_upload_with_lines
from eduplan.services.jobs import JobKind
from eduplan.services.plans import PlanStatus, import_plan, preview_import
from eduplan.services.review import (
    ITEM_KINDS,
    TargetCorrection,
    correct_target,
    excluded_items,
    item_at,
    without_excluded,
)
from eduplan.web.deps import SessionDep, actor, authorize, refusal
from eduplan.web.jobs import document_task, job_accepted, start_job_after_commit
from eduplan.web.params import UploadToken
from eduplan.web.pending_uploads import Draft, DraftStore
from eduplan.web.render import render
from eduplan.web.review import review_items
from eduplan.web.schemas.jobs import JobOut
from eduplan.web.schemas.plans import (
    ConfirmResult,
    DraftPage,
    DraftSummary,
    ImportPreviewOut,
    ItemCorrection,
    PlanContent,
    ReviewError,
    UploadsPage,
)
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


def draft_context(token: UploadToken, request: Request, session: SessionDep, user: DraftReader,
                  resource: Annotated[Resource, Depends(draft_resource)]) -> DraftPage:
    """The extraction under review: every item beside its source lines, whether this user may
    store it and, for who may, what confirming would change in the stored plan (a dry run)."""
    store = drafts(request)
    draft = store.load(token)
    allowed = user is not None and can(user, Action.IMPORT, resource)
    excluded = excluded_items(draft.plan, draft.excluded)
    preview = None
    if allowed and draft.plan.region:  # only who may store it learns what is stored under its title
        try:
            dry = preview_import(session=session, plan=without_excluded(draft.plan, draft.excluded),
                                 actor=actor(user), status=PlanStatus.DRAFT)
            preview = ImportPreviewOut(plan_id=dry.plan_id, created=dry.created, added=dry.added,
                                       removed=dry.removed, changed=dry.changed)
        except EduplanError as exc:
            preview = ImportPreviewOut(plan_id=None, created=False, added=[], removed=[], changed=[], error=str(exc))
    return DraftPage(token=token, filename=draft.filename, uploaded_at=draft.uploaded_at, can_confirm=allowed,
                     refusal=None if allowed or user is None else refusal(user, Action.IMPORT, resource),
                     review=review_items(draft.plan, store.lines(token), excluded),
                     excluded={k: sorted(v) for k, v in excluded.items() if v}, corrections=draft.corrections,
                     preview=preview, **PlanContent.fields_of(draft.plan))


def read_document(file: UploadFile) -> tuple[str, bytes]:
    """The uploaded document's name and bytes; an empty or too large one is refused."""
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB，无法上传")
    if not data:
        raise InputError("上传的文件是空的")
    return file.filename or "upload.txt", data


def upload(request: Request, session: Session, user: Principal | None, file: UploadFile,
           background: BackgroundTasks, in_background: bool) -> Draft | JobOut:
    """Extract now (a small file) or start a background job (a large one, or when asked)."""
    name, data = read_document(file)
    if not in_background and len(data) <= request.app.state.settings.job_threshold_bytes:
        plan, lines = extract_upload_with_lines(data=data, filename=name)
        return drafts(request).save(owner=actor(user), filename=name, plan=plan, lines=lines)
    task = document_task(request, owner=actor(user), filename=name, data=data)
    return start_job_after_commit(request, background, session=session, kind=JobKind.DOCUMENT, owner=actor(user),
                                  region=user.region if user else None, filename=name, task=task)


def set_region(token: UploadToken, request: Request, user: DraftReader, region: RegionField) -> Draft:
    """Give the draft the region its uploader names (checked against the division list).

    The routes also require `Uploader`: only who may upload plans may prepare one for storing."""
    store = drafts(request)
    chosen = find_region(region, field="region")
    with store.editing(token) as draft:
        assign_region(draft.plan, chosen)
        return store.update(draft, draft.plan, corrections=[f"所属行政区设为 {chosen.name}（{chosen.code}）"])


def correct_item(token: str, request: Request, kind: str, index: int, body: ItemCorrection) -> Draft:
    """Apply the uploader's correction of one item (its target, or leaving it out) to the draft.

    The routes require `DraftReader` (the uploader only) and `Uploader`. A bad field raises an
    `InputError` located at the item's line and the field; the draft is then unchanged."""
    store = drafts(request)
    with store.editing(token) as draft:
        return _corrected(store, draft, kind, index, body)


def _corrected(store: DraftStore, draft: Draft, kind: str, index: int, body: ItemCorrection) -> Draft:
    item_at(draft.plan, kind, index)  # an unknown item is a 404 before anything is checked
    correction = TargetCorrection(op=body.op, value=body.value, value_max=body.value_max, unit=body.unit,
                                  year=body.year)
    done: list[str] = []
    if not correction.is_empty():
        done += correct_target(draft.plan, kind, index, correction)
    excluded = {k: list(v) for k, v in draft.excluded.items()}
    if body.excluded is not None:
        positions = set(excluded.get(kind, []))
        if body.excluded != (index in positions):
            (positions.add if body.excluded else positions.discard)(index)
            noun = ITEM_KINDS[kind]
            done.append(f"{'剔除' if body.excluded else '恢复'}第 {index + 1} 项{noun}")
        excluded[kind] = sorted(positions)
    return store.update(draft, draft.plan, excluded=excluded, corrections=done)


def discard(token: str, request: Request) -> None:
    """Give up the upload: its plan and its lines are forgotten (the route requires `DraftReader`)."""
    store = drafts(request)
    store.load(token)  # unknown → 404
    store.discard(token)


def confirm(token: UploadToken, request: Request, session: SessionDep, user: DraftImporter) -> ConfirmResult:
    """Store the reviewed plan (without the items left out) as a draft of its region (published
    later) and forget the upload."""
    draft = drafts(request).load(token)
    if not draft.plan.region:
        raise InputError("规划所属的行政区未能识别：请先在核对页设定所属行政区，再确认入库")
    result = import_plan(session=session, plan=without_excluded(draft.plan, draft.excluded), actor=actor(user),
                         status=PlanStatus.DRAFT)
    drafts(request).discard(token)
    return ConfirmResult(plan_id=result.plan_id, created=result.created, changes=result.changes)


RegionField = Annotated[str, Form(description="规划所属行政区：名称（如 重庆市璧山区）或 6 位区划代码")]
ItemKind = Annotated[Literal["indicators", "targets", "tasks", "projects", "findings"],
                     Path(description="条目类别：indicators 指标、targets 文中目标、tasks 任务、projects 项目、findings 问题")]
ItemIndex = Annotated[int, Path(ge=0, le=100_000, description="条目在该类中的位置（从 0 起）")]
FormText = Annotated[str | None, Form(max_length=40)]
UploadsCtx = Annotated[UploadsPage, Depends(uploads_context)]
DraftCtx = Annotated[DraftPage, Depends(draft_context)]
Confirmed = Annotated[ConfirmResult, Depends(confirm)]
Document = Annotated[UploadFile, File(description="规划文件（.txt、.docx 或 .pdf）")]
InBackground = Annotated[bool, Query(alias="background", description="无论大小都转为后台任务（返回 202）")]


@router.get("/api/v1/uploads", summary="我上传待确认的规划（上传页的 JSON）")
def api_uploads(page: UploadsCtx) -> UploadsPage:
    return page


@router.post("/api/v1/uploads", status_code=201, response_model=DraftPage,
             summary="上传规划文件并提取（尚未入库）；大文件转为后台任务（202）",
             description="不超过 EDUPLAN_JOB_THRESHOLD_BYTES 的文件当即提取，返回 201 与核对页的 JSON；"
                         "更大的文件（或 background=true）返回 202 与后台任务，Location 为任务地址，"
                         "轮询至“完成”后按 result_url 打开核对页。",
             responses={202: {"model": JobOut, "description": "已转为后台任务：轮询任务地址查看进度，可取消"}})
def api_upload(request: Request, session: SessionDep, user: Uploader, file: Document, background: BackgroundTasks,
               in_background: InBackground = False) -> Any:
    done = upload(request, session, user, file, background, in_background)
    if isinstance(done, JobOut):
        return job_accepted(done)
    return draft_context(done.token, request, session, user, draft_resource(done.token, request))


@router.get("/api/v1/uploads/{token}", summary="核对提取结果（核对页的 JSON）")
def api_draft(page: DraftCtx) -> DraftPage:
    return page


@router.post("/api/v1/uploads/{token}/region", summary="设定上传规划所属的行政区（文中未能识别时）")
def api_set_region(token: UploadToken, request: Request, session: SessionDep, user: DraftReader,
                   region: RegionField, _uploader: Uploader) -> DraftPage:
    set_region(token, request, user, region)
    return draft_context(token, request, session, user, draft_resource(token, request))


@router.patch("/api/v1/uploads/{token}/items/{kind}/{index}",
              summary="更正上传规划中的一项（目标运算符、目标值、单位、年份）或将其剔除/恢复")
def api_correct_item(token: UploadToken, kind: ItemKind, index: ItemIndex, body: ItemCorrection, request: Request,
                     session: SessionDep, user: DraftReader, _uploader: Uploader) -> DraftPage:
    correct_item(token, request, kind, index, body)
    return draft_context(token, request, session, user, draft_resource(token, request))


@router.delete("/api/v1/uploads/{token}", status_code=204, summary="放弃上传的规划（不入库，删除提取结果）")
def api_discard(token: UploadToken, request: Request, _user: DraftReader, _uploader: Uploader) -> Response:
    discard(token, request)
    return Response(status_code=204)


@router.post("/api/v1/uploads/{token}/confirm", summary="确认提取结果并入库")
def api_confirm(result: Confirmed) -> ConfirmResult:
    return result


@router.get("/uploads/new", response_class=HTMLResponse, include_in_schema=False)
def page_uploads(request: Request, page: UploadsCtx) -> HTMLResponse:
    return render(request, "uploads.html", page)


@router.post("/uploads", include_in_schema=False)
def page_upload(request: Request, session: SessionDep, user: Uploader, file: Document,
                background: BackgroundTasks) -> RedirectResponse:
    done = upload(request, session, user, file, background, False)
    return RedirectResponse(done.page_url if isinstance(done, JobOut) else f"/uploads/{done.token}", status_code=303)


@router.get("/uploads/{token}", response_class=HTMLResponse, include_in_schema=False)
def page_draft(request: Request, page: DraftCtx) -> HTMLResponse:
    return render(request, "draft.html", page)


@router.post("/uploads/{token}/region", include_in_schema=False)
def page_set_region(token: UploadToken, request: Request, user: DraftReader, region: RegionField,
                    _uploader: Uploader) -> RedirectResponse:
    set_region(token, request, user, region)
    return RedirectResponse(f"/uploads/{token}", status_code=303)


@router.post("/uploads/{token}/items/{kind}/{index}", include_in_schema=False, response_model=None)
def page_correct_item(token: UploadToken, kind: ItemKind, index: ItemIndex, request: Request, session: SessionDep,
                      user: DraftReader, _uploader: Uploader, op: FormText = None, value: FormText = None,
                      value_max: FormText = None, unit: FormText = None, year: FormText = None,
                      excluded: Annotated[Literal["0", "1"] | None, Form()] = None) -> HTMLResponse | RedirectResponse:
    """The item's form: a correction (empty fields stay as they are) or the exclude / restore button."""
    body = ItemCorrection(op=op or None, value=value or None, value_max=value_max or None,
                          unit=unit if unit is not None else None, year=year or None,
                          excluded=None if excluded is None else excluded == "1")
    try:
        correct_item(token, request, kind, index, body)
    except InputError as exc:
        page = draft_context(token, request, session, user, draft_resource(token, request))
        page.error = ReviewError(kind=kind, index=index, message=str(exc))
        return render(request, "draft.html", page, status_code=422)
    return RedirectResponse(f"/uploads/{token}#item-{kind}-{index}", status_code=303)


@router.post("/uploads/{token}/discard", include_in_schema=False)
def page_discard(token: UploadToken, request: Request, _user: DraftReader, _uploader: Uploader) -> RedirectResponse:
    discard(token, request)
    return RedirectResponse("/uploads/new", status_code=303)


@router.post("/uploads/{token}/confirm", include_in_schema=False)
def page_confirm(result: Confirmed) -> RedirectResponse:
    return RedirectResponse(f"/plans/{result.plan_id}", status_code=303)
