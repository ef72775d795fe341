"""地区: the stored regions as a tree (province → city → county) with their codes, scoped to the reader."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from eduplan.services.regions import region_tree
from eduplan.web.deps import SessionDep, UserDep
from eduplan.web.render import render
from eduplan.web.schemas.regions import RegionsPage

router = APIRouter(tags=["地区"])
AllQuery = Annotated[bool, Query(alias="all", description="也列出没有规划和数据的地区")]


@router.get("/api/v1/regions", summary="地区树（省 → 市 → 区县）：区划代码、级别、规划和数据条数，按读者权限")
def api_regions(session: SessionDep, user: UserDep, every: AllQuery = False) -> RegionsPage:
    return RegionsPage.of(region_tree(session, user=user, everything=every), everything=every)


@router.get("/regions", response_class=HTMLResponse, include_in_schema=False)
def page_regions(request: Request, session: SessionDep, user: UserDep, every: AllQuery = False) -> HTMLResponse:
    return render(request, "regions.html", RegionsPage.of(region_tree(session, user=user, everything=every),
                                                          everything=every))
