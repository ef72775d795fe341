"""Plan ⇄ rows: exact round trip, idempotent re-save, in-place updates with recorded changes."""

from __future__ import annotations

import copy

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.core.interchange import plan_to_dict
from eduplan.core.plan import Finding, Indicator, Op, Project, ProseTarget, Task
from eduplan.store.models.audit import AuditEventRow
from eduplan.store.models.plans import IndicatorRow, ProjectRow, TaskRow
from eduplan.store.repo import load_plan, save_plan

from .sample import rich_plan


def _audit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEventRow)) or 0


def _versions(session: Session, model: type) -> dict[int, int]:
    return {i: v for i, v in session.execute(select(model.id, model.version))}


def test_saved_plan_loads_back_equal_to_the_original(session: Session) -> None:
    plan = rich_plan()
    result = save_plan(session, plan, actor="tester")
    session.commit()
    session.expunge_all()
    assert result.created
    assert load_plan(session, result.plan_id) == plan


def test_export_after_load_is_identical_to_export_before(session: Session) -> None:
    plan = rich_plan()
    result = save_plan(session, plan, actor="tester")
    session.commit()
    session.expunge_all()
    first = plan_to_dict(load_plan(session, result.plan_id))
    session.expunge_all()
    assert plan_to_dict(load_plan(session, result.plan_id)) == first == plan_to_dict(plan)


def test_saving_the_same_plan_twice_writes_nothing(session: Session) -> None:
    first = save_plan(session, rich_plan(), actor="tester")
    session.commit()
    events = _audit_count(session)
    versions = {m: _versions(session, m) for m in (IndicatorRow, TaskRow, ProjectRow)}
    session.expunge_all()

    second = save_plan(session, rich_plan(), actor="tester")
    assert not session.dirty and not session.new and not session.deleted
    session.commit()

    assert (second.plan_id, second.created, second.changes) == (first.plan_id, False, [])
    assert _audit_count(session) == events
    assert {m: _versions(session, m) for m in versions} == versions


def test_changed_plan_is_updated_in_place_and_changes_are_listed(session: Session) -> None:
    first = save_plan(session, rich_plan(), actor="tester")
    session.commit()
    ids_before = _versions(session, IndicatorRow)
    session.expunge_all()

    changed = rich_plan()
    target = changed.indicators[0].target
    assert target is not None
    target.value = 95.0
    changed.indicators[0].values["2025"] = 95.0
    changed.tasks[1].responsible_units.remove("区财政局")
    changed.projects.pop()
    changed.targets.append(ProseTarget(subject="普惠性幼儿园覆盖率", op=Op.GE, value=90.0, year=2025))
    changed.findings = [Finding(kind="sum_mismatch", message="合计不等于分项之和")]
    result = save_plan(session, changed, actor="planner")
    session.commit()
    session.expunge_all()

    assert result.plan_id == first.plan_id and not result.created
    assert "指标“学前三年毛入园率”：2025 目标 93 → 95" in result.changes
    assert "指标“学前三年毛入园率”：2025 年值 93 → 95" in result.changes
    assert "任务“2.1 推动学前教育普及普惠”：责任单位 区教委、区发展改革委、区财政局 → 区教委、区发展改革委" in result.changes
    assert "删除项目“新城区幼儿园”" in result.changes
    assert "新增文中目标“普惠性幼儿园覆盖率”" in result.changes
    assert "问题清单已更新：2 条 → 1 条" in result.changes
    assert set(_versions(session, IndicatorRow)) == set(ids_before)  # same ids
    versions_after = _versions(session, IndicatorRow)
    changed_ids = [i for i in ids_before if versions_after[i] != ids_before[i]]
    assert len(changed_ids) == 1
    assert load_plan(session, first.plan_id) == changed
    events = session.scalars(select(AuditEventRow).where(AuditEventRow.actor == "planner")).all()
    update = next(e for e in events if e.entity == "indicator" and e.action == "update")
    assert update.before == {"values": {"2020": 91.2, "2025": 93.0}, "target_value": 93.0}
    assert update.after == {"values": {"2020": 91.2, "2025": 95.0}, "target_value": 95.0}
    assert {(e.entity, e.action) for e in events} >= {("project", "delete"), ("prose_target", "create"), ("findings", "update")}


def test_shifted_source_lines_are_summarised_not_listed_one_by_one(session: Session) -> None:
    save_plan(session, rich_plan(), actor="tester")
    session.commit()
    shifted = rich_plan()
    for item in shifted.indicators:
        item.source = type(item.source)(line=(item.source.line or 0) + 1, file=item.source.file)
    result = save_plan(session, shifted, actor="tester")
    assert result.changes == ["3 项内容仅出处行号有变化"]


def test_duplicate_keys_and_reordering_keep_row_ids(session: Session) -> None:
    plan = rich_plan()
    plan.indicators.append(copy.deepcopy(plan.indicators[0]))  # same key twice
    first = save_plan(session, plan, actor="tester")
    session.commit()
    ids = sorted(_versions(session, IndicatorRow))
    session.expunge_all()
    plan.indicators.reverse()
    result = save_plan(session, plan, actor="tester")
    session.commit()
    session.expunge_all()
    assert sorted(_versions(session, IndicatorRow)) == ids
    assert any("顺序" in c for c in result.changes)
    assert load_plan(session, first.plan_id) == plan


def test_task_tree_links_children_to_their_parent_row(session: Session) -> None:
    result = save_plan(session, rich_plan(), actor="tester")
    rows = {t.key: t for t in session.scalars(select(TaskRow).where(TaskRow.plan_id == result.plan_id))}
    assert rows["2.1"].parent_id == rows["2"].id
    assert rows["2"].parent_id is None
    assert rows["2.2"].parent_id is None and rows["2.2"].parent_key == "9.9"


def test_new_task_and_project_with_units_are_added(session: Session) -> None:
    save_plan(session, rich_plan(), actor="tester")
    plan = rich_plan()
    plan.tasks.append(Task(id="2.3", title="新任务", parent="2", lead_units=["区教师进修学院"]))
    plan.projects.insert(0, Project(name="新项目", seq=0))
    plan.indicators.insert(1, Indicator(name="新指标"))
    result = save_plan(session, plan, actor="tester")
    assert {"新增任务“2.3 新任务”", "新增项目“新项目”", "新增指标“新指标”"} <= set(result.changes)
    session.expunge_all()
    assert load_plan(session, result.plan_id) == plan


def test_removing_a_parent_task_unlinks_its_children_but_keeps_their_parent_number(session: Session) -> None:
    first = save_plan(session, rich_plan(), actor="tester")
    session.commit()
    plan = rich_plan()
    plan.tasks.pop(0)  # task "2", parent of "2.1"
    result = save_plan(session, plan, actor="tester")
    session.commit()
    assert "删除任务“2 推进各级各类教育协调发展”" in result.changes
    session.expunge_all()
    child = session.scalars(select(TaskRow).where(TaskRow.key == "2.1")).one()
    assert child.parent_id is None and child.parent_key == "2"
    assert load_plan(session, first.plan_id) == plan


def test_declared_units_belong_to_the_region_and_keep_the_plan_spelling(session: Session) -> None:
    from eduplan.store.models.regions import UnitRow

    result = save_plan(session, rich_plan(), actor="tester")
    units = {u.name: u for u in session.scalars(select(UnitRow))}
    assert set(units) == {"区教委", "区发展改革委", "区财政局"}
    assert units["区教委"].kind == "政府部门"
    assert {a.alias for a in units["区教委"].aliases} == {"教委", "区教育委员会"}
    other = rich_plan()
    other.title = "另一个规划"
    other.responsible_units[0].aliases = ("教育委",)
    second = save_plan(session, other, actor="tester")
    assert len(session.scalars(select(UnitRow)).all()) == 3  # same region, same units
    session.expunge_all()
    assert load_plan(session, result.plan_id).responsible_units[0].aliases == ("区教育委员会", "教委")
    assert load_plan(session, second.plan_id).responsible_units[0].aliases == ("教育委",)


def test_a_task_that_becomes_a_heading_is_one_audited_change(session: Session) -> None:
    plan = rich_plan()
    save_plan(session, plan, actor="tester")
    session.commit()
    plan.tasks[1].kind = "heading"
    result = save_plan(session, plan, actor="tester")
    assert result.changes == ["任务“2.1 推动学前教育普及普惠”：类型 具体任务 → 标题（仅归类）"]
    assert load_plan(session, result.plan_id).tasks[1].kind == "heading"
