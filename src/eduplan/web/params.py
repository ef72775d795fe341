"""Path and query parameters as the web accepts them: typed and bounded, so that a malformed or
oversized value is a 422 naming the parameter, never a 500 from deep inside (for instance an
all-digit region taken for a plan id past what SQLite can hold)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, StringConstraints

#: The longest region name accepted (real ones are a few characters: 涪陵区, 重庆市渝中区).
MAX_REGION = 50
#: The longest target key, task id and free filter text accepted.
MAX_KEY = 300
MAX_ID = 100
MAX_FILTER = 100


def _region_name(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("区县名称不能为空")
    if text.isascii() and text.isdigit():
        raise ValueError("区县名称不能是纯数字（按规划编号查看请用 ?plan=编号）")
    return value


#: A region in a dependency shared by routes that take it in the path and routes that take it in the query.
RegionName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_REGION), AfterValidator(_region_name)]
RegionPath = Annotated[str, Path(min_length=1, max_length=MAX_REGION, description="区县名称"),
                       AfterValidator(_region_name)]
RegionQuery = Annotated[str, Query(min_length=1, max_length=MAX_REGION, description="区县名称"),
                        AfterValidator(_region_name)]
OptionalRegionQuery = Annotated[str | None, Query(max_length=MAX_REGION, description="区县名称")]
TargetKey = Annotated[str, Path(min_length=1, max_length=MAX_KEY, description="目标的键")]
TaskId = Annotated[str, Path(min_length=1, max_length=MAX_ID, description="任务编号")]
UploadToken = Annotated[str, Path(min_length=1, max_length=64, description="上传记录编号")]
FilterText = Annotated[str | None, Query(max_length=MAX_FILTER)]
ReportYear = Annotated[int, Query(ge=2000, le=2100, description="填报年度")]
CreatedId = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="刚运行的评估编号")]
PlanQuery = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="规划编号（区县有多个规划时）")]
