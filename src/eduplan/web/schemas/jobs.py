"""The job page's context = its JSON twin (GET /api/v1/jobs/{id})."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from eduplan.services.jobs import Job, JobKind


class JobOut(BaseModel):
    """A background extraction or import: where it is, and once done where its result is."""

    id: int
    kind: str = Field(description="document 提取规划文件 / workbook 导入年度数据表 / schools 导入学校统计数据表")
    kind_label: str
    filename: str
    region: str | None
    state: str = Field(description="排队 / 运行中 / 完成 / 失败 / 已取消")
    active: bool = Field(description="仍在排队或运行（可取消；轮询 url 查看进度）")
    progress: int = Field(ge=0, le=100)
    stage: str
    error: str | None = Field(description="失败时的中文原因")
    result: dict[str, Any] | None = Field(description="完成时的结果：document 为 {token, url}，数据表为 {upload: 导入报告}")
    result_url: str | None = Field(description="完成后查看结果的页面（核对页或年度数据页）")
    url: str = Field(description="本任务的 JSON 地址（轮询）")
    page_url: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @classmethod
    def of(cls, job: Job) -> JobOut:
        """The job as the page and the API show it."""
        return cls(id=job.id, kind=job.kind.value, kind_label=job.kind.label, filename=job.filename, region=job.region,
                   state=job.state.value, active=job.state.active, progress=job.progress, stage=job.stage,
                   error=job.error, result=job.result, result_url=result_url(job), url=f"/api/v1/jobs/{job.id}",
                   page_url=f"/jobs/{job.id}", created_at=job.created_at, started_at=job.started_at,
                   finished_at=job.finished_at)


def result_url(job: Job) -> str | None:
    """Where a finished job's result is shown: the draft's review page, or the data page with the import report."""
    if job.result is None:
        return None
    if job.kind is JobKind.DOCUMENT:
        return f"/uploads/{job.result['token']}"
    return f"/data?job={job.id}"
