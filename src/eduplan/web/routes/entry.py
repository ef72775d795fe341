"""Web data entry (网页填报): a region's yearly figures typed in a form, checked as the workbook is.

The page and its JSON twin read the same typed context. A save is all or nothing: a refused one
shows each problem at its field and keeps what was typed; one that would replace a value someone
changed since the form was read is refused whole (409) and shows the new values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Principal, Resource, can
from eduplan.core.collection.yearly import Issue
from eduplan.core.errors import EduplanError, InputError, NotFoundError
from eduplan.services.data_entry import (
    ENTRY_SOURCES,
    EntryForm,
    EntrySave,
    FieldInput,
    StaleEntry,
    entry_form,
    save_entry,
)
from eduplan.web.deps import SessionDep, actor, authorize
from eduplan.web.monitoring_scopes import known_region_plan, private_region
from eduplan.web.params import RegionName, RegionPath, RegionQuery
from eduplan.web.problems import capped, clipped, status_of
from eduplan.web.render import render
from eduplan.web.schemas.entry import EntryFieldOut, EntryIn, EntryPage, EntryResultOut, FieldIssueOut, StoredCounts

router = APIRouter(tags=["年度数据"])
Year = Annotated[int, Query(ge=2000, le=2100, description="填报年度")]
YearPath = Annotated[int, Path(ge=2000, le=2100, description="填报年度")]


def entry_region(region: RegionName, session: SessionDep) -> Resource:
    """The region's own data, once it has a plan (a 404 naming nothing else otherwise)."""
    known_region_plan(session, region)
    return private_region(region)


Reader = Annotated[Principal | None, authorize(Action.READ, entry_region)]
Writer = Annotated[Principal | None, authorize(Action.IMPORT, entry_region)]


def entry_page(form: EntryForm, user: Principal | None, *, save: EntrySave | None = None,
               typed: dict[str, str] | None = None, conflicts: Sequence[str] = (), refusal: str | None = None,
               source: str | None = None) -> EntryPage:
    """The page of a form, with a save's result, the user's typed values and the fields in conflict."""
    issues = [_issue_out(save, i) for i in save.result.issues] if save else []
    fields = [EntryFieldOut(**{k: getattr(f, k) for k in EntryFieldOut.model_fields if hasattr(f, k)},
                            typed=(typed or {}).get(f.series), conflict=f.series in conflicts,
                            issues=[i for i in issues if i.series == f.series]) for f in form.fields]
    result = None
    if save is not None:
        shown, omitted = capped(issues)
        counts = save.stored.observations if save.stored else None
        result = EntryResultOut(accepted=save.accepted, summary=save.summary(), issues=shown, issues_omitted=omitted,
                                stored=StoredCounts(inserted=counts.inserted, updated=counts.updated,
                                                    unchanged=counts.unchanged) if counts else None)
    elif refusal is not None:
        result = EntryResultOut(accepted=False, summary=refusal)
    return EntryPage(region=form.region, year=form.year, plan_id=form.plan_id, plan_title=form.plan_title,
                     base_year=form.base_year, can_save=can(user, Action.IMPORT, private_region(form.region)),
                     sources=list(ENTRY_SOURCES), source=source, fields=fields, result=result)


def _issue_out(save: EntrySave, issue: Issue) -> FieldIssueOut:
    return FieldIssueOut(code=issue.code, severity=issue.severity.value, series=save.series_of(issue),
                         field=issue.location.field, value=clipped(issue.value),
                         message=clipped(issue.message, 1000) or "")


def form_inputs(keys: list[str] | None, values: list[str] | None, seen: list[str] | None) -> dict[str, FieldInput]:
    """The form's rows (key, value, seen version) as the service's inputs."""
    keys, values, seen = keys or [], values or [], seen or []
    if not len(keys) == len(values) == len(seen):
        raise InputError("表单内容不完整（各行的指标、数值和版本数目不一致），请刷新页面后重新填写")
    inputs = {}
    for key, value, version in zip(keys, values, seen, strict=True):
        if not version.strip() or version.strip().isdigit():
            inputs[key] = FieldInput(value, int(version) if version.strip() else None)
        else:
            raise InputError(f"表单中“{key}”的版本“{clipped(version, 20)}”无效，请刷新页面后重新填写")
    return inputs


def save_page(session: Session, user: Principal | None, region: str, year: int, inputs: dict[str, FieldInput],
              source: str | None) -> tuple[EntryPage, int]:
    """Save from the page: the page to show and its status (200 saved, 422 refused, 409 conflict)."""
    typed = {k: str(v.value) for k, v in inputs.items() if v.value is not None and str(v.value).strip()}
    name = actor(user)
    try:
        save = save_entry(session=session, region=region, year=year, inputs=inputs, actor=name, source=source)
    except StaleEntry as exc:
        page = entry_page(entry_form(session=session, region=region, year=year), user, typed=typed,
                          conflicts=[f.series for f in exc.fields], refusal=str(exc), source=source)
        return page, 409
    except NotFoundError:
        raise
    except EduplanError as exc:  # a locked (approved) year, a clash on flush, a bad form: nothing was kept
        page = entry_page(entry_form(session=session, region=region, year=year), user, typed=typed,
                          refusal=f"未保存：{exc}", source=source)
        return page, status_of(exc)
    if not save.accepted:
        return entry_page(save.form, user, save=save, typed=typed, source=source), 422
    return entry_page(save.form, user, save=save, source=source), 200


# ---------------------------------------------------------------- routes

FormList = Annotated[list[str] | None, Form()]


@router.get("/api/v1/regions/{region}/data/{year}", summary="区县某年度的网页填报表（规划目标、上年值、已存值及其版本）")
def api_entry(region: RegionPath, year: YearPath, session: SessionDep, user: Reader) -> EntryPage:
    return entry_page(entry_form(session=session, region=region, year=year), user)


@router.put("/api/v1/regions/{region}/data/{year}",
            summary="保存网页填报的数值（与数据表相同的检查；全部通过才保存；已存值被他人修改则 409）",
            responses={422: {"model": EntryPage, "description": "被拒绝：逐项列出字段（指标名/年份）和中文说明"},
                       409: {"description": "冲突：所改数值在读取表单后已被他人修改，未保存任何数据"}})
def api_save_entry(region: RegionPath, year: YearPath, body: EntryIn, response: Response,
                   session: SessionDep, user: Writer) -> EntryPage:
    inputs = {k: FieldInput(v.value, v.seen) for k, v in body.values.items()}
    save = save_entry(session=session, region=region, year=year, inputs=inputs, actor=actor(user),
                      source=body.source, strict=body.strict)
    response.status_code = 200 if save.accepted else 422
    return entry_page(save.form, user, save=save, source=body.source)


@router.get("/regions/{region}/data/entry", response_class=HTMLResponse, include_in_schema=False)
def page_entry(request: Request, region: RegionPath, session: SessionDep, user: Reader,
               year: Annotated[int | None, Query(ge=2000, le=2100)] = None) -> HTMLResponse:
    form = entry_form(session=session, region=region, year=year or dt.date.today().year - 1)
    return render(request, "data_entry.html", entry_page(form, user))


@router.post("/regions/{region}/data/entry", response_class=HTMLResponse, include_in_schema=False)
def page_save_entry(request: Request, region: RegionPath, year: Year, session: SessionDep, user: Writer,
                    key: FormList = None, value: FormList = None, seen: FormList = None,
                    source: Annotated[str, Form(max_length=100)] = "") -> HTMLResponse:
    page, status = save_page(session, user, region, year, form_inputs(key, value, seen), source.strip() or None)
    return render(request, "data_entry.html", page, status_code=status)


@router.get("/data/entry", include_in_schema=False)
def data_entry_for(region: RegionQuery, year: Year) -> RedirectResponse:
    from urllib.parse import quote

    return RedirectResponse(f"/regions/{quote(region.strip())}/data/entry?year={year}", status_code=303)
