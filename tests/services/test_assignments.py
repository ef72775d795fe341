"""Assignments and units' parts on SQLite and PostgreSQL: planners assign, units report their own
part, re-importing the plan keeps assignments, stale writes are refused, the workbook round-trips,
the inbox and the 督办单 list what is late, project progress is validated and version-checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from eduplan.core.access import Principal, Role
from eduplan.core.collection.yearly import TaskReport
from eduplan.core.errors import ConflictError, InputError, NotFoundError
from eduplan.core.tracking.assignments import Assignment, ItemKind, Origin
from eduplan.core.tracking.tasks import DeadlineState, PartRole
from eduplan.services.assignments import (
    assign,
    assignment_workbook,
    checked_assignment,
    import_assignment_workbook,
    region_assignments,
    region_units,
)
from eduplan.services.audit import list_audit
from eduplan.services.monitoring import report_task, task_board
from eduplan.services.plans import import_plan
from eduplan.services.unit_work import (
    ProjectProgressIn,
    my_work,
    report_project,
    supervision_rows,
    write_supervision_xlsx,
)
from eduplan.store.monitoring import load_project_reports
from tests.services.conftest import FULING, fuling_plan

TODAY = dt.date(2024, 3, 1)
KEY = "项目表｜1｜中华路小学改扩建"


def planner_assigns(session: Session, task: str, lead: list[str], co: list[str], deadline: dt.date | None = None,
                    version: int = 0) -> Assignment:
    wanted = checked_assignment(ItemKind.TASK, task, lead=lead, co=co, deadline=deadline, version=version,
                                origin=Origin.PLANNER)
    return assign(session=session, region=FULING, assignment=wanted, actor="fuling")


def part(unit: str | None, percent: float, text: str = "推进中", task: str = "2.2") -> TaskReport:
    return TaskReport(FULING, 2024, task, progress=text, percent=percent, unit=unit, reported_by=unit)


@pytest.mark.postgres
def test_co_units_report_their_own_parts_and_the_task_rolls_them_up(db_plans: Session) -> None:
    planner_assigns(db_plans, "2.2", ["区教委"], ["区财政局"], dt.date(2024, 2, 1))
    report_task(session=db_plans, report=part("区教委", 80, "已挂牌"), actor="danwei")
    report_task(session=db_plans, report=part("区财政局", 40, "资金拨付"), actor="caizheng")
    task = next(t for t in task_board(session=db_plans, region=FULING, today=TODAY).tasks if t.task_id == "2.2")
    assert [(p.unit, p.role, p.percent, p.progress) for p in task.parts] == [
        ("区教委", PartRole.LEAD, 80, "已挂牌"), ("区财政局", PartRole.CO, 40, "资金拨付")]
    assert task.percent == pytest.approx(60) and task.state is DeadlineState.OVERDUE
    assert task.deadline == dt.date(2024, 2, 1)


@pytest.mark.postgres
def test_a_unit_not_assigned_cannot_report_and_a_stale_assignment_is_refused(db_plans: Session) -> None:
    first = planner_assigns(db_plans, "2.2", ["区教委"], ["区财政局"])
    with pytest.raises(InputError, match="不是任务“2.2”的责任单位"):
        report_task(session=db_plans, report=part("区民政局", 10), actor="minzheng")
    planner_assigns(db_plans, "2.2", ["区教委"], ["区民政局"], version=first.version)
    with pytest.raises(ConflictError, match="已被他人修改"):
        planner_assigns(db_plans, "2.2", ["区教委"], [], version=first.version)
    with pytest.raises(ConflictError):
        planner_assigns(db_plans, "2.1", ["区教委"], [], version=0) and planner_assigns(
            db_plans, "2.1", ["区财政局"], [], version=0)


def test_assignments_survive_a_reimport_of_the_plan_and_units_are_recorded(plans: Session) -> None:
    planner_assigns(plans, "2.2", ["区教育委员会"], ["区财政局"])  # an alias: stored by its canonical name
    import_plan(session=plans, plan=fuling_plan(), actor="测试")
    current = region_assignments(session=plans, region=FULING)
    assert current.tasks["2.2"].lead_units == ("区教委",) and current.tasks["2.2"].origin is Origin.PLANNER
    assert current.tasks["2.1"].origin is Origin.PLAN  # the plan text's units stay the assignment
    assert {"区教委", "区财政局"} <= set(region_units(session=plans, region=FULING))
    assert any(e.entity == "task_assignment" for e in list_audit(session=plans))


def test_assigning_checks_the_item_and_the_units(plans: Session) -> None:
    with pytest.raises(NotFoundError):
        planner_assigns(plans, "9.9", ["区教委"], [])
    with pytest.raises(InputError, match="必须指定牵头单位"):
        planner_assigns(plans, "2.2", [], ["区财政局"])
    with pytest.raises(InputError, match="不合规"):
        planner_assigns(plans, "2.2", ["区教委<script>"], [])


def test_the_workbook_round_trips_and_a_wrong_row_stores_nothing(plans: Session, tmp_path: Path) -> None:
    path = assignment_workbook(session=plans, region=FULING, dest=tmp_path / "分配.xlsx")
    wb = load_workbook(path)
    ws = wb["任务分配"]
    rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    assert set(rows) == {"2.1", "2.2", KEY}
    ws.cell(rows["2.2"], 4).value, ws.cell(rows["2.2"], 5).value = "区教委", "区财政局、区民政局"
    ws.cell(rows[KEY], 4).value, ws.cell(rows[KEY], 6).value = "区住房城乡建委", "2023-12-31"
    ws.cell(rows["2.1"], 6).value = "明年"
    wb.save(path)
    with pytest.raises(InputError, match="第2行.*截止日期“明年”"):
        import_assignment_workbook(session=plans, region=FULING, path=path, actor="fuling")
    assert region_assignments(session=plans, region=FULING).tasks["2.2"].origin is Origin.PLAN  # nothing stored
    ws.cell(rows["2.1"], 6).value = "2023-06-30"  # as it was: the row is left alone
    wb.save(path)
    counts = import_assignment_workbook(session=plans, region=FULING, path=path, actor="fuling")
    assert (counts.inserted, counts.updated) == (2, 0)
    current = region_assignments(session=plans, region=FULING)
    assert current.tasks["2.2"].co_units == ("区财政局", "区民政局")
    assert current.projects[KEY].lead_units == ("区住房城乡建委",) and current.projects[KEY].origin is Origin.WORKBOOK


def test_a_unit_sees_only_its_own_work_and_the_inbox_lists_what_is_late(plans: Session) -> None:
    planner_assigns(plans, "2.2", ["区财政局"], [], dt.date(2024, 4, 1))
    unit = Principal("caizheng", Role.UNIT, FULING, "区财政局")
    work = my_work(session=plans, user=unit, today=TODAY)
    assert [t.task_id for t in work.tasks] == ["2.1", "2.2"] and work.projects == []
    tasks, _ = work.inbox()
    assert [(t.task_id, t.state) for t in tasks] == [("2.1", DeadlineState.OVERDUE), ("2.2", DeadlineState.DUE_SOON)]
    planner = my_work(session=plans, user=Principal("fuling", Role.PLANNER, FULING), today=TODAY)
    assert len(planner.projects) == 1 and planner.unit is None
    with pytest.raises(InputError):
        my_work(session=plans, user=Principal("shi", Role.MUNICIPAL), today=TODAY)


def test_the_supervision_list_names_each_unit_of_an_overdue_item(plans: Session, tmp_path: Path) -> None:
    rows = supervision_rows(my_work(session=plans, user=Principal("fuling", Role.PLANNER, FULING), today=TODAY))
    assert [(r[0], r[1], r[3]) for r in rows] == [("区教委", "牵头", "2.1"), ("区财政局", "配合", "2.1"),
                                                  ("未分配责任单位", "", "1")]
    path = write_supervision_xlsx(session=plans, region=FULING, dest=tmp_path / "督办单.xlsx", today=TODAY)
    sheet = load_workbook(path)["督办单"]
    assert [c.value for c in sheet[1]][:4] == ["责任单位", "角色", "类别", "编号"]
    assert sheet.cell(2, 1).value == "区教委" and sheet.cell(2, 8).value == (TODAY - dt.date(2023, 6, 30)).days


@pytest.mark.postgres
def test_project_progress_is_stored_by_year_and_a_stale_form_is_refused(db_plans: Session) -> None:
    body = ProjectProgressIn(key=KEY, actual_start="2022-03", actual_finish="2023.11", spend={2022: "300", 2023: "450.5"},
                             places={2023: "900"}, note="已投用", note_year=2023, seen=None)
    item = report_project(session=db_plans, region=FULING, body=body, actor="danwei", today=TODAY)
    assert (item.tracking.actual_start, item.tracking.actual_finish) == ("2022-03", "2023-11")
    assert item.tracking.spent_by_year == {2022: 300.0, 2023: 450.5} and item.tracking.places_delivered == 900
    assert item.state is DeadlineState.DONE
    with pytest.raises(ConflictError, match="已被他人更新"):
        report_project(session=db_plans, region=FULING, body=dataclasses.replace(body, seen="0" * 16), actor="x",
                       today=TODAY)
    again = report_project(session=db_plans, region=FULING, actor="danwei", today=TODAY,
                           body=dataclasses.replace(body, spend={2023: "500"}, places={}, seen=item.seen))
    assert again.tracking.spent_by_year == {2022: 300.0, 2023: 500.0}  # 2022 left out of the form is kept
    assert all(r.entered_by == "danwei" for r in load_project_reports(db_plans, region=FULING))


@pytest.mark.parametrize(("change", "message"), [
    ({"actual_start": "2022-13"}, "实际开工“2022-13”应写成"),
    ({"actual_start": "", "actual_finish": "2023-01"}, "也须填写实际开工"),
    ({"actual_finish": "2021-12"}, "早于实际开工"),
    ({"actual_finish": "2030-01"}, "晚于本月"),
    ({"spend": {2023: "五百块"}}, "2023年完成投资（万元）“五百块”不是数字"),
    ({"spend": {2023: "-5"}}, "不能为负数"),
    ({"places": {2023: "10.5"}}, "2023年交付学位“10.5”应为整数"),
    ({"spend": {2030: "5"}}, "年度 2030 不在"),
    ({"spend": {}, "places": {}, "note_year": None}, "没有可保存的年度"),
])
def test_project_progress_errors_say_what_and_where(plans: Session, change: dict[str, object], message: str) -> None:
    body = dataclasses.replace(ProjectProgressIn(key=KEY, actual_start="2022-03", spend={2023: "1"}), **change)
    with pytest.raises(InputError, match=message) as info:
        report_project(session=plans, region=FULING, body=body, actor="danwei", today=TODAY)
    assert info.value.location is not None and info.value.location.field
    assert load_project_reports(plans, region=FULING) == []
