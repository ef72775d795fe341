"""Pydantic schemas at the web edge: each page's one context, which is also its JSON twin."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from eduplan.core.access import ROLE_TITLES, Principal
from eduplan.core.interchange import plan_to_dict
from eduplan.core.plan import Plan
from eduplan.services.audit import AuditEntry
from eduplan.services.plans import PlanSummary

# ---------------------------------------------------------------- accounts


class UserOut(BaseModel):
    """The signed-in user."""

    username: str
    role: str
    role_title: str
    region: str | None
    unit: str | None

    @classmethod
    def of(cls, user: Principal) -> UserOut:
        """From the policy's principal."""
        return cls(username=user.username, role=user.role.value, role_title=ROLE_TITLES[user.role],
                   region=user.region, unit=user.unit)


class SessionPage(BaseModel):
    """Who is signed in, and the CSRF token to send with writes (header X-CSRF-Token)."""

    user: UserOut | None
    csrf_token: str
    next: str = "/"
    error: str | None = None


class LoginRequest(BaseModel):
    """Credentials for signing in through the API."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


# ---------------------------------------------------------------- plans


class PlanSummaryOut(BaseModel):
    """A stored plan in one line."""

    id: int
    region: str
    label: str = ""  # how the page names the region (its name; with parent and code where names repeat)
    title: str
    doc_number: str | None
    issued_on: dt.date | None
    status: Literal["draft", "published"] = Field(description="draft 草稿（仅本区县及市级用户可见）或 published 已发布")
    published: bool
    indicators: int
    targets: int
    tasks: int
    projects: int
    findings: int

    @classmethod
    def of(cls, s: PlanSummary, *, published: bool, label: str | None = None) -> PlanSummaryOut:
        """From the service's summary (and how the page names its region)."""
        return cls(id=s.id, region=s.region, label=label or s.region, title=s.title, doc_number=s.doc_number, issued_on=s.issued_on,
                   status=s.status.value, published=published, indicators=s.indicators, targets=s.targets, tasks=s.tasks,
                   projects=s.projects, findings=s.findings)


class PlansPage(BaseModel):
    """The overview: the plans the visitor may read."""

    plans: list[PlanSummaryOut]
    can_upload: bool
    scope: str | None = None  # the province or city whose plans are listed (key), or None: every plan
    scope_name: str | None = None

    @property
    def charted(self) -> bool:
        """The page draws its chart of the plans' contents (a bar a plan) only while it can be read."""
        return 0 < len(self.plans) <= CHARTED_PLANS


#: The most plans the overview of plans draws in its chart.
CHARTED_PLANS = 60


class SourceOut(BaseModel):
    """Where an item stands in the input text (1-based line)."""

    line: int | None
    file: str | None = None


class TargetOut(BaseModel):
    """An indicator's target cell."""

    year: int | None
    op: str
    value: float | None
    value_max: float | None
    raw: str | None


class IndicatorOut(BaseModel):
    """An indicator row; `id` and `version` are set for stored plans (needed to edit it)."""

    id: int | None = None
    version: int | None = None
    category: str | None
    name: str
    unit: str | None
    parent: str | None
    values: dict[str, float | None]
    raw_values: dict[str, str]
    target: TargetOut | None
    attribute: str | None
    table: str | None
    catalog_id: str | None
    direction: str | None
    source: SourceOut


class PlanHeader(BaseModel):
    """The plan's identity."""

    region: str
    region_code: str | None = None  # GB/T 2260 division code, when the region is known
    region_level: str | None = None  # province / prefecture / county
    title: str
    doc_number: str | None
    issuer: str | None
    issued_on: dt.date | None
    period: list[int] | None
    vision_year: int | None
    kind: str
    source_file: str | None


class PlanContent(BaseModel):
    """The plan as extracted, in the interchange format of DESIGN.md (indicators typed)."""

    plan: PlanHeader
    indicators: list[IndicatorOut]
    targets: list[dict[str, Any]]
    programmes: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    findings: list[dict[str, Any]]

    @classmethod
    def fields_of(cls, plan: Plan, refs: list[tuple[int, int]] | None = None) -> dict[str, Any]:
        """The content fields of a plan; `refs` are its indicators' (id, version) when stored."""
        d = plan_to_dict(plan)
        indicators = [IndicatorOut(**i) for i in d["indicators"]]
        if refs is not None and len(refs) == len(indicators):
            indicators = [i.model_copy(update={"id": r[0], "version": r[1]}) for i, r in zip(indicators, refs)]
        header = {k: v for k, v in d["plan"].items() if k in PlanHeader.model_fields}
        return {"plan": PlanHeader(**header), "indicators": indicators,
                **{k: d[k] for k in ("targets", "programmes", "tasks", "projects", "findings")}}


class PlanPage(PlanContent):
    """A stored plan's page."""

    id: int
    published: bool
    can_edit: bool
    can_publish: bool = Field(description="此用户能否发布或撤回该规划")


class PublicationResult(BaseModel):
    """What publishing or withdrawing a plan did."""

    plan_id: int
    status: Literal["draft", "published"]
    changed: bool
    message: str


# ---------------------------------------------------------------- editing an indicator


class IndicatorChanges(BaseModel):
    """Fields of an indicator that can be edited; absent fields stay as they are."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1)
    category: str | None = None
    unit: str | None = None
    attribute: Literal["expected", "binding"] | None = None
    direction: Literal["up", "down", "hold"] | None = None


class IndicatorUpdate(BaseModel):
    """An edit: the version the editor saw, and the changes."""

    model_config = ConfigDict(extra="forbid")
    version: int
    changes: IndicatorChanges


class IndicatorPage(BaseModel):
    """One indicator and its edit form; `conflict` explains a refused stale edit."""

    plan_id: int
    plan_title: str
    region: str
    indicator: IndicatorOut
    can_edit: bool
    saved: list[str] | None = None
    conflict: str | None = None


# ---------------------------------------------------------------- uploads


class DraftSummary(BaseModel):
    """An uploaded plan awaiting confirmation."""

    token: str
    filename: str
    uploaded_at: dt.datetime
    region: str
    title: str


class UploadsPage(BaseModel):
    """The upload form and the user's drafts."""

    drafts: list[DraftSummary]
    max_bytes: int


class ContextLineOut(BaseModel):
    """A line of the uploaded document beside an item; `hit` is the line the item came from."""

    number: int
    text: str
    hit: bool


class ReviewItem(BaseModel):
    """One extracted item under review, beside the source lines it came from (±2 lines)."""

    kind: Literal["indicators", "targets", "tasks", "projects", "findings"]
    index: int = Field(description="在该类条目中的位置（从 0 起），更正与剔除时用")
    noun: str
    label: str
    details: list[tuple[str, str]] = Field(description="核对要看的字段：（名称，值）")
    line: int | None
    context: list[ContextLineOut]
    excluded: bool
    correctable: bool
    op: str | None = None
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    year: int | None = None


class ItemCorrection(BaseModel):
    """A correction of one item (PATCH body): the target's fields, and whether to leave it out.

    Absent fields stay as extracted; numbers may be given as text (95、九十五、９５)."""

    model_config = ConfigDict(extra="forbid")
    op: str | None = Field(None, max_length=10, description="≥、>、=、≤、< 或 区间（range）")
    value: str | float | None = Field(None, description="目标值")
    value_max: str | float | None = Field(None, description="区间目标的上限")
    unit: str | None = Field(None, max_length=40)
    year: str | int | None = Field(None, description="目标年份")
    excluded: bool | None = Field(None, description="true：入库时剔除该项；false：恢复")


class ImportPreviewOut(BaseModel):
    """What confirming would change against the stored plan of the same region and title (nothing written)."""

    plan_id: int | None = Field(description="将被更新的已入库规划；null 表示将新建")
    created: bool
    added: list[str]
    removed: list[str]
    changed: list[str]
    error: str | None = None


class ReviewError(BaseModel):
    """A refused correction, shown beside its item."""

    kind: str
    index: int
    message: str


class DraftPage(PlanContent):
    """An uploaded plan under review, and whether the user may store it."""

    token: str
    filename: str
    uploaded_at: dt.datetime
    can_confirm: bool
    refusal: str | None
    review: list[ReviewItem] = Field(default_factory=list, description="每个条目及其原文上下文")
    excluded: dict[str, list[int]] = Field(default_factory=dict, description="入库时剔除的条目（类 → 位置）")
    corrections: list[str] = Field(default_factory=list, description="核对时已作的更正")
    preview: ImportPreviewOut | None = Field(None, description="确认入库将带来的变化（仅能入库的用户可见）")
    error: ReviewError | None = None


class ConfirmResult(BaseModel):
    """What storing a confirmed upload did."""

    plan_id: int
    created: bool
    changes: list[str]


# ---------------------------------------------------------------- audit


class AuditEntryOut(BaseModel):
    """One audit event."""

    id: int
    at: dt.datetime
    actor: str
    entity: str
    entity_id: str | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def of(cls, e: AuditEntry) -> AuditEntryOut:
        """From the service's entry."""
        return cls(id=e.id, at=e.at, actor=e.actor, entity=e.entity, entity_id=e.entity_id, action=e.action,
                   before=e.before, after=e.after)


class AuditPage(BaseModel):
    """The newest audit events, optionally filtered."""

    entries: list[AuditEntryOut]
    entity: str | None
    actor: str | None
    limit: int


class PlanDeletionPage(BaseModel):
    """The confirmation page of deleting a plan: what goes, what stays; after it, what was done."""

    plan_id: int
    region: str
    title: str
    status: Literal["draft", "published"]
    counts: dict[str, int] = Field(description="将删除的条目数：indicators 指标、targets 文中目标、tasks 任务、projects 项目")
    keeps: str = Field(description="删除后保留的内容")
    error: str | None = Field(None, description="确认未通过的原因")
    deleted: str | None = Field(None, description="已删除时的说明")


class DeletionResult(BaseModel):
    """What deleting a plan did."""

    plan_id: int
    region: str
    message: str
