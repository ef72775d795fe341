"""Monitoring services: target progress from stored observations, the task board, projects, funding."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.core.errors import InputError, NotFoundError
from eduplan.core.plan import Observation
from eduplan.core.progress.rules import Status
from eduplan.core.tracking.projects import Schedule
from eduplan.core.tracking.tasks import DeadlineState
from eduplan.services.audit import list_audit
from eduplan.services.monitoring import (
    assess_region,
    funding_checks,
    project_board,
    report_task,
    task_board,
)
from eduplan.store.monitoring import save_finance_records, save_project_reports, save_task_reports
from eduplan.store.records import save_observations
from tests.services.conftest import FULING, RATE, YUZHONG


def test_targets_are_assessed_from_stored_observations_and_binding_ones_flagged(plans: Session) -> None:
    save_observations(plans, [Observation(RATE, FULING, 2022, 90.5), Observation(RATE, FULING, 2023, 91.0)])
    results = assess_region(session=plans, region=FULING, year=2023)
    rate = next(r for r in results if r.indicator_id == RATE)
    assert (rate.status, rate.latest_value, rate.binding, rate.flagged) == (Status.SLOW, 91.0, True, True)
    assert rate.forecast is not None and rate.likelihood.value in ("难以达成", "需加快")
    assert {r.name: r.status for r in results}["新增公办幼儿园"] is Status.UNMONITORED


def test_a_region_without_a_plan_is_not_found(plans: Session) -> None:
    with pytest.raises(NotFoundError):
        assess_region(session=plans, region="北碚区", year=2023)


def test_task_board_flags_overdue_and_due_soon_and_sums_up_per_unit(plans: Session) -> None:
    save_task_reports(plans, [TaskReport(FULING, 2023, "2.1", progress="推进中", percent=60, evidence="a.pdf")])
    board = task_board(session=plans, region=FULING, today=dt.date(2023, 7, 1))
    states = {t.task_id: t.state for t in board.tasks}
    assert states == {"2.1": DeadlineState.OVERDUE, "2.2": DeadlineState.NORMAL}  # 2.2: the plan's end
    assert [(u.unit, u.overdue, u.total) for u in board.units] == [("区教委", 1, 2), ("区财政局", 1, 1)]
    soon = task_board(session=plans, region=FULING, today=dt.date(2023, 5, 1), window_days=60)
    assert soon.tasks[0].state is DeadlineState.DUE_SOON


def test_project_board_reports_slippage_execution_and_places(plans: Session) -> None:
    save_project_reports(plans, [
        ProjectReport(FULING, 2022, ProjectKey("项目表", 1, "中华路小学改扩建"), actual_start="2022-04",
                      investment=150.0),
        ProjectReport(FULING, 2023, ProjectKey("项目表", 1, "中华路小学改扩建"), investment=500.0, places=600)])
    board = project_board(session=plans, region=FULING, year=2023)
    [p] = board.projects
    assert (p.start_delay, p.schedule, p.execution_by_year) == (3, Schedule.DELAYED, {2022: 0.5, 2023: 1.0})
    assert p.execution_rate == pytest.approx(650 / 800)
    assert [(y.year, y.planned, y.delivered) for y in board.places] == [(2023, 900, 600)]


def test_funding_checks_pass_or_fail_with_their_figures(plans: Session) -> None:
    save_finance_records(plans, [FinanceRecord(FULING, 2022, budget=50000.0), FinanceRecord(FULING, 2023, budget=49000.0)])
    budget = funding_checks(session=plans, region=FULING, year=2023)[0]
    assert (budget.passed, budget.verdict) == (False, "未达标")
    assert budget.checks[0].figures == {"previous_year": 2022, "previous": 50000.0, "current": 49000.0}
    assert funding_checks(session=plans, region=YUZHONG, year=2023)[0].verdict == "无法判断"


def test_a_unit_reports_on_its_task_with_an_evidence_file(plans: Session) -> None:
    report = TaskReport(FULING, 2023, "2.2", progress="完成", percent=100, evidence="验收.pdf")
    report_task(session=plans, report=report, actor="区教委", evidence_path="/files/验收.pdf")
    assert task_board(session=plans, region=FULING, today=dt.date(2023, 12, 31)).tasks[1].state is DeadlineState.DONE
    assert list_audit(session=plans, entity="task_report")[0].actor == "区教委"


@pytest.mark.parametrize(("task_id", "percent", "error"), [("9.9", 10.0, NotFoundError), ("2.1", 120.0, InputError)])
def test_a_report_on_an_unknown_task_or_with_a_bad_percent_is_refused(
    plans: Session, task_id: str, percent: float, error: type[Exception]
) -> None:
    with pytest.raises(error):
        report_task(session=plans, report=TaskReport(FULING, 2023, task_id, percent=percent), actor="x")
