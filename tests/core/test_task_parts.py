"""Each unit's part of a shared task, the roll-up (mean of the assigned units, unreported = 0 %),
and assignments laid over the plan's tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from eduplan.core.collection.yearly import TaskReport
from eduplan.core.plan import Project, Task
from eduplan.core.tracking.assignments import (
    Assignment,
    ItemKind,
    Origin,
    assigned_tasks,
    clean_units,
    effective_task_assignments,
    project_deadline,
)
from eduplan.core.tracking.tasks import DeadlineState, PartRole, TaskPart, roll_up, track_tasks

TODAY = dt.date(2024, 6, 30)
SHARED = Task("3.2", "推进集团化办学", lead_units=["区教委"], responsible_units=["区财政局", "区人力社保局"],
              deadline=dt.date(2024, 12, 31))


def report(unit: str | None, percent: float, year: int = 2024, text: str = "进展") -> TaskReport:
    return TaskReport("涪陵区", year, "3.2", progress=text, percent=percent, unit=unit)


def test_each_unit_keeps_its_own_part_and_the_task_rolls_up_the_mean() -> None:
    [status] = track_tasks([SHARED], [report("区教委", 90), report("区财政局", 60)], today=TODAY)
    assert [(p.unit, p.role, p.percent) for p in status.parts] == [
        ("区教委", PartRole.LEAD, 90), ("区财政局", PartRole.CO, 60), ("区人力社保局", PartRole.CO, None)]
    assert status.percent == pytest.approx(50)  # (90 + 60 + 0) / 3: the silent unit counts as 0 %


def test_a_task_is_done_only_when_every_unit_says_100() -> None:
    almost = [report("区教委", 100), report("区财政局", 100)]
    assert track_tasks([SHARED], almost, today=TODAY)[0].state is DeadlineState.NORMAL
    done = [*almost, report("区人力社保局", 100)]
    assert track_tasks([SHARED], done, today=TODAY)[0].state is DeadlineState.DONE


def test_the_latest_year_of_each_unit_counts_and_later_years_are_ignored() -> None:
    reports = [report("区教委", 30, 2023), report("区教委", 80, 2024), report("区教委", 100, 2025)]
    [status] = track_tasks([SHARED], reports, today=TODAY)
    assert status.parts[0].percent == 80 and status.parts[0].year == 2024


def test_a_report_on_the_whole_task_counts_until_a_unit_reports() -> None:
    whole = report(None, 40)
    [before] = track_tasks([SHARED], [whole], today=TODAY)
    assert before.percent == 40 and before.parts[-1].role is PartRole.WHOLE
    [after] = track_tasks([SHARED], [whole, report("区财政局", 30)], today=TODAY)
    assert after.percent == pytest.approx(10)


def test_a_former_units_part_is_shown_but_not_counted() -> None:
    [status] = track_tasks([SHARED], [report("区教委", 60), report("区民政局", 100)], today=TODAY)
    former = status.parts[-1]
    assert (former.unit, former.role, former.counted) == ("区民政局", PartRole.FORMER, False)
    assert status.percent == pytest.approx(20)


def test_roll_up_of_no_report_is_none() -> None:
    assert roll_up([TaskPart("区教委", PartRole.LEAD)]) is None
    assert roll_up([]) is None


def test_the_latest_report_shown_is_the_leads_when_units_report_the_same_year() -> None:
    [status] = track_tasks([SHARED], [report("区财政局", 60, text="拨付"), report("区教委", 90, text="挂牌")],
                           today=TODAY)
    assert status.progress == "挂牌"


def test_stored_assignments_replace_the_plan_texts_units_and_deadline() -> None:
    plain = Task("2.1", "扩充学前教育资源")
    stored = {"2.1": Assignment(ItemKind.TASK, "2.1", ("区教委",), ("区住房城乡建委",), dt.date(2024, 9, 1),
                                Origin.PLANNER, 1)}
    effective = effective_task_assignments([plain, SHARED], stored)
    assert effective["3.2"].origin is Origin.PLAN and effective["3.2"].units == ("区教委", "区财政局", "区人力社保局")
    [a, b] = assigned_tasks([plain, SHARED], effective)
    assert (a.lead_units, a.responsible_units, a.deadline) == (["区教委"], ["区住房城乡建委"], dt.date(2024, 9, 1))
    assert b is SHARED


def test_clean_units_drops_blanks_repeats_and_a_lead_listed_again() -> None:
    assert clean_units([" 区教委", "", "区教委"], ["区财政局", "区教委", " ", "区财政局"]) == (
        ("区教委",), ("区财政局",))


@pytest.mark.parametrize(("finish", "period", "expected"), [
    ("2024-02", None, dt.date(2024, 2, 29)), ("2023-12", None, dt.date(2023, 12, 31)),
    (None, (2021, 2025), dt.date(2025, 12, 31)), (None, None, None)])
def test_a_project_is_due_at_the_end_of_its_planned_finish(finish: str | None, period: tuple[int, int] | None,
                                                           expected: dt.date | None) -> None:
    project = Project("实验小学新建", planned_finish=finish, period=period)
    assert project_deadline(project, None) == expected
    own = Assignment(ItemKind.PROJECT, "k", deadline=dt.date(2026, 1, 1), origin=Origin.PLANNER, version=1)
    assert project_deadline(project, own) == dt.date(2026, 1, 1)


def test_a_reports_unit_is_keyword_only_so_positional_reports_keep_their_meaning() -> None:
    positional = TaskReport("涪陵区", 2024, "3.2", "推进中", 50.0, None, "区教委", "导入")
    assert (positional.entered_by, positional.unit) == ("导入", None)


def test_the_parts_read_through_the_index_of_reporting_units_are_the_parts_read_by_scanning() -> None:
    import random

    from eduplan.core.tracking.tasks import latest_reports, reporting_units, task_parts

    rng = random.Random(7)
    units = ["区教委", "区财政局", "区人力社保局", "区发改委", None]
    tasks = [Task(f"{i}", f"任务{i}", lead_units=rng.sample(units[:4], rng.randint(0, 2)),
                  responsible_units=rng.sample(units[:4], rng.randint(0, 3))) for i in range(30)]
    reports = [TaskReport("涪陵区", rng.choice([2022, 2023, 2024]), f"{rng.randrange(35)}", percent=rng.choice([0.0, 50.0]),
                          unit=rng.choice(units)) for _ in range(200)]
    latest = latest_reports(reports, up_to_year=2024)
    index = reporting_units(latest)
    for task in tasks:
        assert task_parts(task, latest, units_of=index) == task_parts(task, latest)
    assert any(p.role is PartRole.FORMER for t in tasks for p in task_parts(t, latest))
    assert any(p.role is PartRole.WHOLE for t in tasks for p in task_parts(t, latest))
