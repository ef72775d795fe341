"""A region with several plans: its boards use the plan in force (latest published); drafts by id;
a plan can be deleted (audited), on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.core.errors import NotFoundError
from eduplan.services.audit import list_audit
from eduplan.services.dashboards import region_dashboard
from eduplan.services.monitoring import region_plan, task_board
from eduplan.services.plans import PlanStatus, delete_plan, import_plan, list_plans, plan_in_force
from eduplan.store.models.plans import IndicatorRow, TaskRow
from tests.services.conftest import FULING, fuling_plan


def _draft(session: Session, title: str) -> int:
    draft = dataclasses.replace(fuling_plan(), title=title, tasks=fuling_plan().tasks[:1])
    return import_plan(session=session, plan=draft, actor="测试", status=PlanStatus.DRAFT).plan_id


def test_a_region_with_a_published_plan_and_a_new_draft_is_monitored_on_the_published_one(
        db_plans: Session) -> None:
    published = plan_in_force(session=db_plans, region=FULING)
    draft = _draft(db_plans, "涪陵区教育事业发展“十五五”规划（征求意见稿）")
    assert region_plan(session=db_plans, region=FULING)[0] == published
    board = task_board(session=db_plans, region=FULING, today=dt.date(2023, 1, 1))
    assert board.plan_title == fuling_plan().title and len(board.tasks) == 2
    dashboard = region_dashboard(session=db_plans, region=FULING, year=2023, private=True)
    assert dashboard.plan_id == published
    # The draft is monitored when asked for by id.
    assert region_plan(session=db_plans, region=FULING, plan=draft)[1].title.endswith("（征求意见稿）")
    assert len(task_board(session=db_plans, region=FULING, plan=draft).tasks) == 1


def test_the_latest_published_plan_is_in_force(db_plans: Session) -> None:
    older = plan_in_force(session=db_plans, region=FULING)
    newer = dataclasses.replace(fuling_plan(), title="涪陵区教育事业发展“十五五”规划", period=(2026, 2030),
                                issued_on=dt.date(2026, 3, 1))
    newer_id = import_plan(session=db_plans, plan=newer, actor="测试").plan_id
    assert plan_in_force(session=db_plans, region=FULING) == newer_id != older


def test_several_drafts_and_no_published_plan_must_be_named_by_id(db_plans: Session) -> None:
    from eduplan.services.plans import unpublish_plan

    unpublish_plan(session=db_plans, ref=FULING, actor="测试")
    assert region_plan(session=db_plans, region=FULING)[1].title == fuling_plan().title  # the only plan
    _draft(db_plans, "另一个草稿")
    with pytest.raises(NotFoundError, match="没有已发布的规划，只有 2 个草稿，请用编号指明"):
        region_plan(session=db_plans, region=FULING)


def test_deleting_a_plan_removes_it_and_its_items_and_is_audited(db_plans: Session) -> None:
    draft = _draft(db_plans, "要删除的草稿")
    message = delete_plan(session=db_plans, ref=draft, actor="管理员")
    assert "已删除涪陵区规划“要删除的草稿”" in message and "任务 1 项" in message
    assert draft not in {p.id for p in list_plans(session=db_plans)}
    assert db_plans.scalar(select(func.count()).select_from(TaskRow).where(TaskRow.plan_id == draft)) == 0
    assert db_plans.scalar(select(func.count()).select_from(IndicatorRow).where(IndicatorRow.plan_id == draft)) == 0
    event = next(e for e in list_audit(session=db_plans, entity="plan") if e.action == "delete")
    assert (event.actor, event.entity_id, event.after) == ("管理员", str(draft), None)
    assert event.before is not None and event.before["title"] == "要删除的草稿"
    with pytest.raises(NotFoundError):
        delete_plan(session=db_plans, ref=draft, actor="管理员")
    assert region_plan(session=db_plans, region=FULING)[1].title == fuling_plan().title
