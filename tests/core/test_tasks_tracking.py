"""Task deadlines (临近/逾期/正常/已完成), latest reports and the summary per responsible unit."""

from __future__ import annotations

import datetime as dt

import pytest

from eduplan.core.collection.yearly import TaskReport
from eduplan.core.plan import Task
from eduplan.core.tracking.tasks import (
    DeadlineState,
    deadline_state,
    latest_reports,
    summarize_units,
    track_tasks,
)

TODAY = dt.date(2023, 12, 31)


@pytest.mark.parametrize(
    ("deadline", "percent", "window", "expected"),
    [
        (dt.date(2024, 6, 30), None, 90, DeadlineState.NORMAL),
        (dt.date(2024, 3, 30), None, 90, DeadlineState.DUE_SOON),  # exactly 90 days ahead
        (dt.date(2024, 3, 31), None, 90, DeadlineState.NORMAL),
        (dt.date(2024, 3, 31), 50.0, 120, DeadlineState.DUE_SOON),  # the window is configurable
        (dt.date(2023, 12, 31), None, 90, DeadlineState.DUE_SOON),  # due today is not yet late
        (dt.date(2023, 12, 30), 99.0, 90, DeadlineState.OVERDUE),
        (dt.date(2023, 1, 1), 100.0, 90, DeadlineState.DONE),  # done beats late
        (None, None, 90, DeadlineState.NORMAL),
    ],
)
def test_deadline_state_by_days_left_and_percent_done(
    deadline: dt.date | None, percent: float | None, window: int, expected: DeadlineState
) -> None:
    assert deadline_state(deadline=deadline, percent=percent, today=TODAY, window_days=window) is expected


def test_latest_report_per_task_ignores_later_years() -> None:
    reports = [TaskReport("涪陵区", 2022, "2.1", percent=40), TaskReport("涪陵区", 2023, "2.1", percent=70),
               TaskReport("涪陵区", 2024, "2.1", percent=100)]
    assert latest_reports(reports, up_to_year=2023)[("2.1", None)].percent == 70


def test_tasks_without_deadline_take_the_plans_and_keep_plan_order() -> None:
    tasks = [Task(id="2", title="总任务", lead_units=["区教委"]),
             Task(id="2.1", title="学前", lead_units=["区教委"], responsible_units=["区财政局"],
                  deadline=dt.date(2023, 6, 30))]
    reports = [TaskReport("涪陵区", 2023, "2.1", progress="已完成选址", percent=60, evidence="选址批复.pdf")]
    board = track_tasks(tasks, reports, today=TODAY, default_deadline=dt.date(2025, 12, 31))
    assert [(s.task_id, s.state, s.days_left) for s in board] == [
        ("2", DeadlineState.NORMAL, 731), ("2.1", DeadlineState.OVERDUE, -184)]
    assert board[1].evidence == "选址批复.pdf" and board[1].progress == "已完成选址"
    assert board[1].units == ("区教委", "区财政局")


def test_unit_summary_counts_each_task_for_each_of_its_units_most_overdue_first() -> None:
    tasks = [Task(id="1", title="甲", lead_units=["区教委"], deadline=dt.date(2023, 1, 1)),
             Task(id="2", title="乙", lead_units=["区教委"], responsible_units=["区财政局"],
                  deadline=dt.date(2024, 1, 31)),
             Task(id="3", title="丙", responsible_units=["区财政局"], deadline=dt.date(2025, 1, 1))]
    reports = [TaskReport("涪陵区", 2023, "3", percent=100), TaskReport("涪陵区", 2023, "2", percent=50)]
    units = summarize_units(track_tasks(tasks, reports, today=TODAY))
    assert [(u.unit, u.total, u.done, u.normal, u.due_soon, u.overdue, u.reported) for u in units] == [
        ("区教委", 2, 0, 0, 1, 1, 1), ("区财政局", 2, 1, 0, 1, 0, 2)]
    assert units[1].mean_percent == 75.0
    assert units[0].label == "区教委：任务2项，已完成0，正常0，临近1，逾期1"


def test_headings_that_only_group_tasks_get_no_deadline_state_and_are_not_counted() -> None:
    from eduplan.core.plan import classify_tasks

    tasks = classify_tasks([
        Task(id="3", title="主要任务"),
        Task(id="3.1", title="推进甲", parent="3", level=2),
        Task(id="3.1.1", title="建设乙", parent="3.1", level=3, lead_units=["区教委"]),
        Task(id="4", title="保障措施"),
        Task(id="4.1", title="加强领导", parent="4", level=2),
    ])
    board = track_tasks(tasks, [], today=TODAY, default_deadline=dt.date(2023, 6, 30))
    assert [(s.task_id, s.state) for s in board] == [("3.1.1", DeadlineState.OVERDUE), ("4.1", DeadlineState.OVERDUE)]
    assert [(u.unit, u.total) for u in summarize_units(board)] == [("区教委", 1)]
