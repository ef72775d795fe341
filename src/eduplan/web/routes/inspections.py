"""Inspections (督导评估) of a region: 优质均衡 school by school, 普及普惠, class sizes, school places."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from eduplan.core.access import Action, Principal, can
from eduplan.core.errors import ConflictError, InputError, Location, NotFoundError
from eduplan.core.inspection.items import ItemResult
from eduplan.services.inspections import (
    BalanceReport,
    checklist_readiness,
    class_sizes,
    confirm_checklist_item,
    place_balance_for_region,
    run_preschool,
    run_quality_balance,
)
from eduplan.services.reports import latest_school_year
from eduplan.services.simulated import region_parts
from eduplan.web.deps import SessionDep, actor, authorize
from eduplan.web.monitoring_scopes import private_region
from eduplan.web.params import RegionPath
from eduplan.web.render import render
from eduplan.web.schemas.inspections import ChecklistOut, ConfirmationIn
from eduplan.web.schemas.monitoring import (
    CellOut,
    ClassSizeOut,
    CvOut,
    InspectionsPage,
    ItemOut,
    PlaceStage,
    PlaceYearOut,
    SchoolRow,
)

router = APIRouter(tags=["督导评估"])
Reader = Annotated[Principal | None, authorize(Action.READ, private_region)]
Confirmer = Annotated[Principal | None, authorize(Action.WRITE, private_region)]
ItemKey = Annotated[str, Path(min_length=1, max_length=100, description="确认事项的标准键，如 balance.veto.key_schools")]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="学校统计数据年度（默认最近一年）")]
PLACE_STAGES = ("小学", "初中")


def column(item: ItemResult) -> str:
    """The resource indicator an item is about (the same column for 小学 and 初中)."""
    return item.key.rsplit(".", 1)[-1]


def item_out(i: ItemResult) -> ItemOut:
    """A region-level item."""
    return ItemOut(name=i.name, value=i.value, standard=i.standard, op=i.op, unit=i.unit, met=i.met,
                   message=i.message)


def balance_fields(balance: BalanceReport) -> dict[str, object]:
    """The school × item table, the CVs and the 政府保障 items."""
    items: dict[str, str] = {}
    for s in balance.resources.schools:
        for i in s.items:
            items.setdefault(column(i), i.name.rsplit("（", 1)[0])
    schools = [SchoolRow(label=s.section.label, section=s.section.section, enrolment=s.section.enrolment,
                         met_count=s.met_count, passed=s.passed,
                         cells={column(i): CellOut(value=i.value, standard=i.standard, met=i.met, gap=i.gap,
                                                   gap_unit=i.gap_unit, message=i.message) for i in s.items})
               for s in balance.resources.schools]
    cvs = [CvOut(stage=c.stage, key=c.key, name=c.name, cv=c.dispersion.cv if c.dispersion else None, limit=c.limit,
                 met=c.met) for c in balance.resources.cvs]
    return {"standards": balance.standards, "items": [{"key": k, "name": v} for k, v in items.items()],
            "schools": schools, "cvs": cvs, "balance_passed": balance.passed,
            "excluded": [f"{e.name}：{e.reason}" for e in balance.resources.excluded],
            "guarantee": [item_out(i) for i in (*balance.guarantee, *balance.quality)]}


def place_stage(session: Session, region: str, year: int, stage: str) -> PlaceStage:
    """The place balance of one stage."""
    report = place_balance_for_region(session=session, region=region, year=year, stage=stage)
    return PlaceStage(stage=stage, demand_source=report.demand_source, notes=report.notes,
                      findings=[f.message for f in report.findings],
                      years=[PlaceYearOut(year=y.year, demand=y.demand, existing=y.existing, new_places=y.new_places,
                                          supply=y.supply, gap=y.gap, opened=list(y.opened),
                                          closed_by=list(y.closed_by)) for y in report.balance.years])


def inspections_page(session: Session, region: str, year: int | None, user: Principal | None = None, *,
                     saved: str | None = None, conflict: str | None = None) -> InspectionsPage:
    """Every inspection of the region for one year of school records, with its checklist."""
    chosen = year or latest_school_year(session=session, region=region)
    if chosen is None:
        return InspectionsPage(region=region, year=None, message=f"{region}还没有学校统计数据，请先在“年度数据”页上传学校统计数据表。")
    try:
        balance = run_quality_balance(session=session, region=region, year=chosen)
    except NotFoundError as exc:
        return InspectionsPage(region=region, year=chosen, message=str(exc))
    try:
        preschool = run_preschool(session=session, region=region, year=chosen).assessment
    except NotFoundError:
        preschool = None
    sizes = class_sizes(session=session, region=region, year=chosen)
    held = checklist_readiness(session=session, region=region, year=chosen,
                               balance_passed=balance.passed if balance.resources.schools else None,
                               preschool_passed=preschool.passed if preschool else None, preschool=preschool is not None)
    return InspectionsPage(
        region=region, year=chosen, **balance_fields(balance),  # type: ignore[arg-type]
        preschool=[item_out(i) for i in preschool.items] if preschool else [],
        preschool_passed=preschool.passed if preschool else None,
        kindergartens=len(preschool.kindergartens) if preschool else 0,
        class_sizes=[ClassSizeOut(stage=s.stage, classes=s.classes, large=s.large, super_large=s.super_large,
                                  large_share=s.large_share, super_large_share=s.super_large_share,
                                  standard=s.standard, within_standard=s.within_standard) for s in sizes.by_stage],
        places=[place_stage(session, region, chosen, stage) for stage in PLACE_STAGES],
        checklist=[ChecklistOut.of(e) for e in held.entries], checklist_note=held.note,
        balance_ready=held.balance_ready, preschool_ready=held.preschool_ready,
        can_confirm=can(user, Action.WRITE, private_region(region)), saved=saved, conflict=conflict,
        simulated=region_parts(session=session, region=region, school_year=chosen).schools)



@router.get("/api/v1/regions/{region}/inspections", summary="区县督导评估（优质均衡、普及普惠、班额、学位；页面的 JSON）")
def api_inspections(region: RegionPath, session: SessionDep, user: Reader, year: YearQuery = None) -> InspectionsPage:
    return inspections_page(session, region, year, user)


@router.get("/regions/{region}/inspections", response_class=HTMLResponse, include_in_schema=False)
def page_inspections(request: Request, region: RegionPath, session: SessionDep, user: Reader,
                     year: YearQuery = None) -> HTMLResponse:
    return render(request, "inspections.html", inspections_page(session, region, year, user))


@router.put("/api/v1/regions/{region}/inspections/checklist/{key}",
            summary="确认督导评估的申请条件或一票否决条目（须带上读取时的 version；过期则 409）")
def api_confirm(region: RegionPath, key: ItemKey, body: ConfirmationIn, session: SessionDep,
                user: Confirmer) -> ChecklistOut:
    entry = confirm_checklist_item(session=session, region=region, year=body.year, key=key, holds=body.holds,
                                   actor=actor(user), note=body.note, expected_version=body.version)
    return ChecklistOut.of(entry)


@router.post("/regions/{region}/inspections/checklist", response_class=HTMLResponse, include_in_schema=False)
def page_confirm(
    request: Request, region: RegionPath, session: SessionDep, user: Confirmer,
    year: Annotated[int, Form(ge=2000, le=2100)], key: Annotated[str, Form(min_length=1, max_length=100)],
    holds: Annotated[str, Form(max_length=3)], note: Annotated[str, Form(max_length=2000)] = "",
    version: Annotated[str, Form(max_length=12)] = "",
) -> HTMLResponse:
    answer = {"yes": True, "no": False}.get(holds)
    if answer is None:
        raise InputError("请选择“符合”或“不符合”", location=Location(field="holds"))
    seen = int(version) if version.strip().isdigit() else None
    try:
        entry = confirm_checklist_item(session=session, region=region, year=year, key=key, holds=answer,
                                       actor=actor(user), note=note, expected_version=seen)
    except ConflictError as exc:
        page = inspections_page(session, region, year, user,
                                conflict=f"保存失败：{exc}。您的确认没有保存；下表已显示最新的确认情况，请核对后重新确认。")
        return render(request, "inspections.html", page, status_code=409)
    saved = f"已记录：{entry.item.statement}——{entry.status}（{entry.confirmation.confirmed_by if entry.confirmation else ''}）"
    return render(request, "inspections.html", inspections_page(session, region, year, user, saved=saved))
