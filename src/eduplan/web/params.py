"""Path and query parameters as the web accepts them: typed and bounded, so that a malformed or
oversized value is a 422 naming the parameter, never a 500 from deep inside (for instance an
all-digit region taken for a plan id past what SQLite can hold)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query
from pydantic import AfterValidator, StringConstraints
from starlette.concurrency import run_in_threadpool

from eduplan.services.regions import known_key, resolve_key
from eduplan.web.deps import SessionDep

#: The longest region name accepted (real ones are a few characters: 涪陵区, 重庆市渝中区).
MAX_REGION = 50
#: The longest target key, task id and free filter text accepted.
MAX_KEY = 300
MAX_ID = 100
MAX_FILTER = 100


def _region_name(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("地区名称不能为空")
    if text.isascii() and text.isdigit() and len(text) != 6:
        raise ValueError("地区须写名称或 6 位区划代码（按规划编号查看请用 ?plan=编号）")
    return value


_RawRegion = Annotated[str, StringConstraints(min_length=1, max_length=MAX_REGION), AfterValidator(_region_name)]


async def resolved_region(session: SessionDep, region: str) -> str:
    # async: a name this process has resolved at the region-list version the request has read
    # needs no query and no trip to the thread pool; anything else resolves there.
    known = known_key(session, region)
    if known is not None:
        return known
    return await run_in_threadpool(resolve_key, session, region, field="region")


async def _region_key(region: _RawRegion, session: SessionDep) -> str:
    """The region a URL names (code, name, full name), as its key; a shared name is refused with
    its candidates, an unknown one is 404 (services.regions.resolve: the one resolver)."""
    return await resolved_region(session, region)


#: A region in the path as typed (a dependency that resolves it itself: `resolved_region`).
RawRegionPath = Annotated[str, Path(min_length=1, max_length=MAX_REGION, description="地区名称或 6 位区划代码"),
                          AfterValidator(_region_name)]


async def _region_path(region: RawRegionPath, session: SessionDep) -> str:
    return await resolved_region(session, region)


async def _region_query(region: Annotated[str, Query(min_length=1, max_length=MAX_REGION, description="地区名称或 6 位区划代码"),
                                          AfterValidator(_region_name)], session: SessionDep) -> str:
    return await resolved_region(session, region)


#: A region in a dependency shared by routes that take it in the path and routes that take it in the query.
RegionName = Annotated[str, Depends(_region_key)]
RegionPath = Annotated[str, Depends(_region_path)]
RegionQuery = Annotated[str, Depends(_region_query)]
OptionalRegionQuery = Annotated[str | None, Query(max_length=MAX_REGION, description="地区名称或 6 位区划代码")]
TargetKey = Annotated[str, Path(min_length=1, max_length=MAX_KEY, description="目标的键")]
TaskId = Annotated[str, Path(min_length=1, max_length=MAX_ID, description="任务编号")]
UploadToken = Annotated[str, Path(min_length=1, max_length=64, description="上传记录编号")]
FilterText = Annotated[str | None, Query(max_length=MAX_FILTER)]
ReportYear = Annotated[int, Query(ge=2000, le=2100, description="填报年度")]
CreatedId = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="刚运行的评估编号")]
PlanQuery = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="规划编号（区县有多个规划时）")]


#: A province or a city whose regions a page lists (`?region=`): a name or a code, as a person writes it.
UnderQuery = Annotated[str | None, Query(max_length=MAX_REGION,
                                         description="上级地区（省、市，名称或区划代码）：只列其下各区县的规划")]
