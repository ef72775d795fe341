"""Use cases on stored plans: import, find, list, export, publish, delete, and edit one indicator.

A stored plan is a draft (草稿, private to its region) or published (已发布, public). The state
belongs to the stored record, not to the plan document: the interchange format does not carry it.
A region may hold several plans (a published one and a newly uploaded draft): the plan in force
(`plan_in_force`) is its latest published one; a draft is monitored only when asked for by id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from eduplan.core.errors import ConflictError, InputError, Location, NotFoundError
from eduplan.core.interchange import plan_to_dict
from eduplan.core.plan import Indicator, Plan
from eduplan.services.audit import record_audit
from eduplan.store import convert as cv
from eduplan.store import plan_index
from eduplan.store.changes import describe_changes
from eduplan.store.models.plans import IndicatorRow, PlanRow
from eduplan.store.repo import SaveResult, add_audit_event, load_plan, save_plan
from eduplan.store.session import flush

__all__ = [
    "ImportPreview",
    "IndicatorEdit",
    "PlanStatus",
    "PlanSummary",
    "SaveResult",
    "StatusChange",
    "delete_plan",
    "export_plan",
    "get_plan",
    "import_plan",
    "list_plans",
    "plan_in_force",
    "plans_in_force",
    "preview_import",
    "publish_plan",
    "unpublish_plan",
    "update_indicator",
]


class PlanStatus(StrEnum):
    """The publication state of a stored plan."""

    DRAFT = "draft"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        """The state in Chinese."""
        return {"draft": "草稿", "published": "已发布"}[self.value]


@dataclass(frozen=True)
class PlanSummary:
    """A stored plan in one line: identity and how much it holds."""

    id: int
    region: str
    title: str
    doc_number: str | None
    issued_on: dt.date | None
    status: PlanStatus
    indicators: int
    targets: int
    tasks: int
    projects: int
    findings: int


@dataclass(frozen=True)
class IndicatorEdit:
    """An indicator after an edit, with the version to send with the next edit."""

    id: int
    plan_id: int
    version: int
    indicator: Indicator
    changes: list[str]


#: Plans already loaded in this session (a unit of work reads the same plan for several boards).
_LOADED = "eduplan.loaded_plans"


def _forget_loaded(session: Session) -> None:
    session.info.pop(_LOADED, None)


@dataclass(frozen=True)
class StatusChange:
    """What publishing or unpublishing did: the plan, its state now, and a Chinese message."""

    plan_id: int
    status: PlanStatus
    changed: bool
    message: str


def import_plan(
    *, session: Session, plan: Plan, actor: str, status: PlanStatus = PlanStatus.PUBLISHED
) -> SaveResult:
    """Store the plan in the given state; the same plan again changes nothing, a new version is updated in place."""
    if not plan.region.strip() or not plan.title.strip():
        raise InputError("规划缺少区县或标题，无法入库")
    _forget_loaded(session)
    result = save_plan(session, plan, actor=actor, status=status.value)
    if not result.created:
        change = _set_status(session, result.plan_id, status, actor)
        if change.changed:
            result.changes.append(change.message)
    return result


def publish_plan(*, session: Session, ref: int | str, actor: str) -> StatusChange:
    """Publish the plan (make it public); publishing a published plan changes nothing."""
    return _set_status(session, _resolve(session, ref), PlanStatus.PUBLISHED, actor)


def unpublish_plan(*, session: Session, ref: int | str, actor: str) -> StatusChange:
    """Withdraw the plan to a draft (private to its region); a draft stays as it is."""
    return _set_status(session, _resolve(session, ref), PlanStatus.DRAFT, actor)


@dataclass(frozen=True)
class PlanDeletion:
    """What deleting a plan removes (its extracted rows) and what stays (monitoring data, evaluations, audit)."""

    plan_id: int
    region: str
    title: str
    status: PlanStatus
    counts: dict[str, int]  # indicators, targets, tasks, projects


def deletion_preview(*, session: Session, ref: int | str) -> PlanDeletion:
    """What `delete_plan` would remove, for the confirmation page."""
    plan_id = _resolve(session, ref)
    row = session.get(PlanRow, plan_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划")
    counts = plan_index.item_counts(session, plan_id, ("indicators", "targets", "tasks", "projects"))
    return PlanDeletion(plan_id=plan_id, region=row.region.name, title=row.title, status=PlanStatus(row.status),
                        counts=counts)


def delete_plan(*, session: Session, ref: int | str, actor: str, confirm_title: str | None = None) -> str:
    """Delete the stored plan and everything of it (indicators, tasks, projects …), audited.

    The region's yearly figures, reports and stored evaluations stay (an evaluation keeps the
    plan's title). With `confirm_title` (the web's confirmation), it must be the plan's title.
    Returns a Chinese message saying what was deleted.
    """
    preview = deletion_preview(session=session, ref=ref)
    plan_id, counts = preview.plan_id, preview.counts
    if confirm_title is not None and confirm_title.strip() != preview.title.strip():
        raise InputError(f"确认文字与规划标题不一致：请输入完整标题“{preview.title}”后再删除",
                         location=Location(field="confirm_title"))
    row = session.get(PlanRow, plan_id)
    if row is None:  # _resolve found it: only a concurrent delete gets here
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划")
    _forget_loaded(session)
    before = {"region": row.region.name, "title": row.title, "doc_number": row.doc_number, "status": row.status,
              **counts}
    what = f"{row.region.name}规划“{row.title}”（编号 {plan_id}）"
    session.delete(row)
    flush(session, what)
    record_audit(session=session, actor=actor, entity="plan", entity_id=plan_id, action="delete", before=before,
                 after=None)
    return f"已删除{what}：指标 {counts['indicators']} 项、任务 {counts['tasks']} 项、项目 {counts['projects']} 项"


def plan_in_force(*, session: Session, region: str) -> int:
    """The id of the region's plan in force: its latest published plan (by date issued, then period).

    A region whose plans are all drafts is monitored through its draft when it has only one;
    several drafts and no published plan must be named by id.
    """
    return _in_force(session, region, plan_index.plans_of_region(session, region, published=PlanStatus.PUBLISHED.value))


def plans_in_force(*, session: Session, regions: Sequence[str]) -> dict[str, int]:
    """`plan_in_force` of many regions (by key), read in one query: the plan id of each, in the order given."""
    found = plan_index.plans_of_regions(session, regions, published=PlanStatus.PUBLISHED.value)
    return {region: _in_force(session, region, found.get(region, [])) for region in regions}


def _in_force(session: Session, region: str, rows: Sequence[tuple[int, str, str]]) -> int:
    if not rows:
        raise NotFoundError(f"区县“{region}”还没有入库的规划；{_known(session)}")
    if rows[0][2] == PlanStatus.PUBLISHED.value or len(rows) == 1:
        return rows[0][0]
    listing = "；".join(f"{i}：《{title}》" for i, title, _ in rows)
    raise NotFoundError(f"{region}没有已发布的规划，只有 {len(rows)} 个草稿，请用编号指明：{listing}")


def _set_status(session: Session, plan_id: int, status: PlanStatus, actor: str) -> StatusChange:
    row = session.get(PlanRow, plan_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划")
    what = f"规划“{row.title}”（编号 {plan_id}）"
    if row.status == status.value:
        return StatusChange(plan_id=plan_id, status=status, changed=False, message=f"{what}当前状态为“{status.label}”，未作改动")
    before = row.status
    row.status = status.value
    flush(session, what)
    record_audit(session=session, actor=actor, entity="plan", entity_id=plan_id,
                 action="publish" if status is PlanStatus.PUBLISHED else "unpublish",
                 before={"status": before}, after={"status": status.value})
    message = f"{what}已发布" if status is PlanStatus.PUBLISHED else f"{what}已撤回为草稿，仅本区县及市级用户可见"
    return StatusChange(plan_id=plan_id, status=status, changed=True, message=message)


def get_plan(*, session: Session, ref: int | str) -> tuple[int, Plan]:
    """The plan named by id, 文号, title, or a region that has exactly one plan.

    A plan is read from the database once per session. Each caller gets its own Plan and
    lists (adding or removing items does not reach other callers); the items themselves are
    shared and are to be treated as read-only.
    """
    plan_id = _resolve(session, ref)
    loaded: dict[int, Plan] = session.info.setdefault(_LOADED, {})
    if plan_id not in loaded:
        loaded[plan_id] = load_plan(session, plan_id)
    plan = loaded[plan_id]
    return plan_id, dataclasses.replace(
        plan, indicators=list(plan.indicators), targets=list(plan.targets), programmes=list(plan.programmes),
        tasks=list(plan.tasks), projects=list(plan.projects), findings=list(plan.findings),
        responsible_units=list(plan.responsible_units))


def export_plan(*, session: Session, ref: int | str) -> dict[str, Any]:
    """The plan in the interchange format (JSON-ready), loadable again with `import_plan`."""
    return plan_to_dict(get_plan(session=session, ref=ref)[1])


def list_plans(*, session: Session) -> list[PlanSummary]:
    """Every stored plan, by region and title, with the number of items of each kind."""
    return [PlanSummary(id=p.id, region=p.region, title=p.title, doc_number=p.doc_number, issued_on=p.issued_on,
                        status=PlanStatus(p.status), **p.counts) for p in plan_index.listings(session)]


def update_indicator(
    *, session: Session, indicator_id: int, expected_version: int, changes: Mapping[str, Any], actor: str
) -> IndicatorEdit:
    """Edit one indicator if nobody changed it since `expected_version`; else `ConflictError`."""
    _forget_loaded(session)
    row = session.get(IndicatorRow, indicator_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {indicator_id} 的指标")
    what = f"指标“{row.name}”，编号 {indicator_id}"
    if row.version != expected_version:
        raise ConflictError(f"记录已被其他用户修改（{what}），请刷新后重试")
    old = {c: getattr(row, c) for c in cv.INDICATORS.columns}
    new = cv.indicator_fields(_edited(cv.indicator_from_fields(old), changes))
    diff = {c: (old[c], v) for c, v in new.items() if old[c] != v}
    for col, (_, value) in diff.items():
        setattr(row, col, value)
    flush(session, what)
    if diff:
        add_audit_event(session, actor=actor, entity="indicator", entity_id=row.id, action="update",
                        before={c: o for c, (o, _) in diff.items()}, after={c: n for c, (_, n) in diff.items()})
        flush(session, what)
    return IndicatorEdit(id=row.id, plan_id=row.plan_id, version=row.version, indicator=cv.indicator_from_fields(new),
                         changes=describe_changes("指标", new["name"], diff, new_fields=new))


def _edited(indicator: Indicator, changes: Mapping[str, Any]) -> Indicator:
    allowed = {f.name for f in dataclasses.fields(Indicator)}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InputError(f"指标没有这些字段：{'、'.join(unknown)}（可修改：{'、'.join(sorted(allowed))}）")
    if "name" in changes and not str(changes["name"] or "").strip():
        raise InputError("指标名称不能为空")
    return dataclasses.replace(indicator, **changes)


# ---------------------------------------------------------------- finding a plan


def _resolve(session: Session, ref: int | str) -> int:
    text = str(ref).strip()
    if (isinstance(ref, int) or text.isdigit()) and plan_index.plan_exists(session, int(text)):
        return int(text)
    for label, field in (("文号", "doc_number"), ("标题", "title"), ("区县", "region")):
        hits = plan_index.plans_where(session, field, text)
        if len(hits) == 1:
            return hits[0][0]
        if hits:
            listing = "；".join(f"{i}：{region}《{title}》" for i, region, title in hits)
            raise NotFoundError(f"{label}“{text}”对应 {len(hits)} 个规划，请用编号指明：{listing}")
    raise NotFoundError(f"找不到规划“{text}”（可用编号、文号、标题，或只有一个规划的区县名）；{_known(session)}")


def _known(session: Session) -> str:
    hits = plan_index.first_plans(session, 10)
    if not hits:
        return "库中还没有规划"
    return "库中的规划：" + "；".join(f"{i}：{region}《{title}》" for i, region, title in hits)


@dataclass(frozen=True)
class ImportPreview:
    """What importing a plan would do, computed without writing anything.

    `plan_id` is the stored plan of the same region and title that would be updated (None when a
    new plan would be created); `changes` are the Chinese change lines `import_plan` would return.
    """

    plan_id: int | None
    created: bool
    changes: list[str]

    @property
    def added(self) -> list[str]:
        """The items that would be added (新增…)."""
        return [c for c in self.changes if c.startswith("新增")]

    @property
    def removed(self) -> list[str]:
        """The items that would be removed (删除…)."""
        return [c for c in self.changes if c.startswith("删除")]

    @property
    def changed(self) -> list[str]:
        """Every other line: changed fields, a new plan, reordered items, the state."""
        return [c for c in self.changes if not c.startswith(("新增", "删除"))]


def preview_import(*, session: Session, plan: Plan, actor: str, status: PlanStatus = PlanStatus.DRAFT) -> ImportPreview:
    """`import_plan` run inside a savepoint that is rolled back: its change list, nothing kept.

    The audit events, the plan and its rows written by the dry run all go with the savepoint."""
    nested = session.begin_nested()
    try:
        result = import_plan(session=session, plan=plan, actor=actor, status=status)
        preview = ImportPreview(plan_id=None if result.created else result.plan_id, created=result.created,
                                changes=list(result.changes))
    finally:
        nested.rollback()
        _forget_loaded(session)
    return preview
