"""OpenAPI links between the API's operations: what an answer gives that another operation takes.

A client (and schemathesis's stateful test) follows them from a list to a record and on to its
update and delete: the plans list → a plan → its indicators → an indicator's edit; an upload →
its review, region, corrections, confirmation, discard; a confirmed upload → the stored plan; a
202 upload → its job and the job's cancel. The links are added to the generated document once
(`install`), keyed by path and method, so they follow FastAPI's generated operation ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI


@dataclass(frozen=True)
class Link:
    """From `source` (method, path, status) to `target` (method, path), passing `parameters` (name → expression)."""

    name: str
    source: tuple[str, str, str]
    target: tuple[str, str]
    parameters: dict[str, str] = field(default_factory=dict)
    description: str = ""


PLAN = "/api/v1/plans/{plan_id}"
UPLOAD = "/api/v1/uploads/{token}"
JOB = "/api/v1/jobs/{job_id}"


def _plan_links(source: tuple[str, str, str], plan_id: str, title: str | None) -> list[Link]:
    links = [Link("GetPlan", source, ("get", PLAN), {"plan_id": plan_id}, "查看该规划"),
             Link("PublishPlan", source, ("post", PLAN + "/publish"), {"plan_id": plan_id}, "发布该规划"),
             Link("UnpublishPlan", source, ("post", PLAN + "/unpublish"), {"plan_id": plan_id}, "撤回该规划"),
             Link("PlanDeletion", source, ("get", PLAN + "/deletion"), {"plan_id": plan_id}, "删除前的确认信息")]
    if title is not None:
        links.append(Link("DeletePlan", source, ("delete", PLAN), {"plan_id": plan_id, "confirm_title": title},
                          "删除该规划（以标题确认）"))
    return links


def _upload_links(source: tuple[str, str, str], token: str) -> list[Link]:
    return [Link("GetUpload", source, ("get", UPLOAD), {"token": token}, "核对提取结果"),
            Link("SetUploadRegion", source, ("post", UPLOAD + "/region"), {"token": token}, "设定所属行政区"),
            Link("CorrectUploadItem", source, ("patch", UPLOAD + "/items/{kind}/{index}"), {"token": token},
                 "更正或剔除一项"),
            Link("ConfirmUpload", source, ("post", UPLOAD + "/confirm"), {"token": token}, "确认入库"),
            Link("DiscardUpload", source, ("delete", UPLOAD), {"token": token}, "放弃上传")]


def _job_links(source: tuple[str, str, str]) -> list[Link]:
    return [Link("GetJob", source, ("get", JOB), {"job_id": "$response.body#/id"}, "查看后台任务的进度"),
            Link("CancelJob", source, ("post", JOB + "/cancel"), {"job_id": "$response.body#/id"}, "取消后台任务")]


LINKS: list[Link] = [
    *_plan_links(("get", "/api/v1/plans", "200"), "$response.body#/plans/0/id", "$response.body#/plans/0/title"),
    *_plan_links(("get", PLAN, "200"), "$request.path.plan_id", "$response.body#/plan/title"),
    Link("GetIndicator", ("get", PLAN, "200"), ("get", "/api/v1/indicators/{indicator_id}"),
         {"indicator_id": "$response.body#/indicators/0/id"}, "查看该规划的第一项指标"),
    Link("EditIndicator", ("get", PLAN, "200"), ("patch", "/api/v1/indicators/{indicator_id}"),
         {"indicator_id": "$response.body#/indicators/0/id"}, "修改该规划的第一项指标"),
    Link("EditIndicator", ("get", "/api/v1/indicators/{indicator_id}", "200"),
         ("patch", "/api/v1/indicators/{indicator_id}"), {"indicator_id": "$request.path.indicator_id"}, "修改该指标"),
    Link("DeletePlan", ("get", PLAN + "/deletion", "200"), ("delete", PLAN),
         {"plan_id": "$request.path.plan_id", "confirm_title": "$response.body#/title"}, "确认后删除"),
    *_plan_links(("post", PLAN + "/unpublish", "200"), "$response.body#/plan_id", None),
    *_plan_links(("post", PLAN + "/publish", "200"), "$response.body#/plan_id", None),
    *_upload_links(("post", "/api/v1/uploads", "201"), "$response.body#/token"),
    *_upload_links(("get", "/api/v1/uploads", "200"), "$response.body#/drafts/0/token"),
    *_upload_links(("patch", UPLOAD + "/items/{kind}/{index}", "200"), "$request.path.token"),
    *_upload_links(("post", UPLOAD + "/region", "200"), "$request.path.token"),
    *_plan_links(("post", UPLOAD + "/confirm", "200"), "$response.body#/plan_id", None),
    *_job_links(("post", "/api/v1/uploads", "202")),
    *_job_links(("post", "/api/v1/data/workbook", "202")),
    *_job_links(("post", "/api/v1/data/schools", "202")),
    Link("CancelJob", ("get", JOB, "200"), ("post", JOB + "/cancel"), {"job_id": "$request.path.job_id"}, "取消"),
    Link("GetRegion", ("get", "/api/v1/dashboard", "200"), ("get", "/api/v1/regions/{region}"),
         {"region": "$response.body#/regions/0/region"}, "该区县的看板"),
    Link("GetEvaluations", ("get", "/api/v1/dashboard", "200"), ("get", "/api/v1/regions/{region}/evaluations"),
         {"region": "$response.body#/regions/0/region"}, "该区县的评估"),
    Link("EvaluationReport", ("post", "/api/v1/regions/{region}/evaluations", "201"),
         ("get", "/evaluations/{evaluation_id}/report.{fmt}"), {"evaluation_id": "$response.body#/id"},
         "下载该评估的报告"),
]


def with_links(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with `LINKS` added to the responses they start from (operations absent are skipped)."""
    paths = document.get("paths", {})
    for link in LINKS:
        method, path, status = link.source
        target = paths.get(link.target[1], {}).get(link.target[0])
        response = paths.get(path, {}).get(method, {}).get("responses", {}).get(status)
        if target is None or response is None:
            continue
        response.setdefault("links", {})[link.name] = {
            "operationId": target["operationId"], "parameters": dict(link.parameters), "description": link.description}
    return document


def install(app: FastAPI) -> None:
    """Serve the app's OpenAPI document with the links."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_links(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
