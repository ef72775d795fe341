"""Project slippage in months, investment execution by year and overall, places by year."""

from __future__ import annotations

import pytest

from eduplan.core.collection.yearly import ProjectKey, ProjectReport
from eduplan.core.dates import month_text
from eduplan.core.plan import Project
from eduplan.core.tracking.projects import (
    Phase,
    PlacesYear,
    Schedule,
    months_between,
    places_by_year,
    planned_dates,
    track_project,
)

TABLE = "重大项目表"


def _project(**kw: object) -> Project:
    base: dict[str, object] = {"name": "中华路小学改扩建", "table": TABLE, "seq": 1}
    return Project(**{**base, **kw})  # type: ignore[arg-type]


def _report(year: int, **kw: object) -> ProjectReport:
    return ProjectReport("渝中区", year, ProjectKey(TABLE, 1, "中华路小学改扩建"), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "end", "expected"), [
    ("2023-09", False, "2023-09"), ("2022.4", False, "2022-04"), ("2022年9月", True, "2022-09"),
    ("2023", False, "2023-01"), ("2023", True, "2023-12"), ("2023-13", False, None), (None, False, None),
])
def test_month_text_reads_the_spellings_plans_use(text: str | None, end: bool, expected: str | None) -> None:
    assert month_text(text, end=end) == expected


def test_months_between_counts_calendar_months() -> None:
    assert months_between("2022-04", "2023-01") == 9
    assert months_between("2023-01", "2022-04") == -9


def test_planned_dates_fall_back_to_the_construction_period() -> None:
    assert planned_dates(_project(period=(2018, 2023))) == ("2018-01", "2023-12")
    assert planned_dates(_project(planned_start="2022.04", planned_finish="2022.09", period=(2021, 2025))) == (
        "2022-04", "2022-09")


def test_late_start_and_finish_are_measured_in_months() -> None:
    project = _project(planned_start="2022-04", planned_finish="2022-09", places=525)
    t = track_project(project, [_report(2022, actual_start="2022-07"), _report(2023, actual_finish="2023-02",
                                                                                places=525)], as_of_year=2023)
    assert (t.start_delay, t.finish_delay, t.still_slipping) == (3, 5, False)
    assert t.phase is Phase.FINISHED and t.schedule is Schedule.DELAYED
    assert t.places_delivered == 525 and t.places_due_year == 2022


def test_a_project_not_started_keeps_slipping_until_the_as_of_month() -> None:
    t = track_project(_project(planned_start="2023-03", planned_finish="2024-08"), [], as_of_year=2023)
    assert (t.phase, t.start_delay, t.finish_delay, t.still_slipping) == (Phase.NOT_STARTED, 9, None, True)
    assert t.schedule is Schedule.DELAYED


def test_a_project_on_time_or_without_dates() -> None:
    on_time = track_project(_project(planned_start="2024-03"), [], as_of_year=2023)
    assert on_time.schedule is Schedule.UNKNOWN and on_time.start_delay is None
    early = track_project(_project(planned_start="2023-06"), [_report(2023, actual_start="2023-05")], as_of_year=2023)
    assert early.schedule is Schedule.AHEAD and early.start_delay == -1


def test_execution_rate_by_year_and_overall_against_planned_investment() -> None:
    project = _project(period=(2022, 2024), investment_total=8000.0,
                       investment_by_year={"2022": 1000.0, "2023": 5000.0, "2024": 2000.0, "合计": 8000.0})
    t = track_project(project, [_report(2022, investment=800.0), _report(2023, investment=4000.0),
                                _report(2024, investment=2000.0)], as_of_year=2023)
    assert t.execution_by_year == {2022: 0.8, 2023: 0.8}
    assert (t.planned_to_date, t.spent_to_date, t.execution_rate) == (6000.0, 4800.0, 0.8)
    assert t.share_of_total == 0.6
    assert t.planned_by_year == {2022: 1000.0, 2023: 5000.0, 2024: 2000.0}


def test_spending_in_a_year_with_nothing_planned_has_no_rate() -> None:
    t = track_project(_project(investment_by_year={"2023": 100.0}), [_report(2022, investment=50.0)],
                      as_of_year=2023)
    assert t.execution_by_year == {2022: None, 2023: 0.0}
    assert t.execution_rate == 0.5


def test_reports_on_another_project_are_ignored() -> None:
    other = ProjectReport("渝中区", 2023, ProjectKey(TABLE, 2, "别的学校"), investment=999.0)
    assert track_project(_project(), [other], as_of_year=2023).spent_to_date == 0.0


def test_places_planned_and_delivered_by_year_with_running_totals() -> None:
    a = track_project(_project(planned_finish="2022-09", places=500), [_report(2023, places=300)], as_of_year=2023)
    b = track_project(_project(name="乙", seq=2, period=(2021, 2023), places=200), [], as_of_year=2023)
    assert places_by_year([a, b], as_of_year=2023) == [
        PlacesYear(2022, 500, 0, 500, 0), PlacesYear(2023, 200, 300, 700, 300)]
    assert places_by_year([], as_of_year=2023) == []


def test_one_month_reader_serves_cells_and_running_text() -> None:
    from eduplan.core.dates import parse_month
    from eduplan.core.tracking.projects import find_month

    assert parse_month("2023年9月") == (2023, 9)
    assert parse_month("2023/09") == (2023, 9)
    assert parse_month("2023") == (2023, None)
    assert parse_month("2023-13") is None
    assert find_month("计划2023年9月开工，2024年12月竣工") == "2023-09"
    assert find_month("2023.9-2024.12") == "2023-09"
    assert find_month("2023年13月") is None
    assert find_month("近期开工") is None


def test_every_project_tracked_at_once_is_each_project_tracked_alone() -> None:
    import random

    from eduplan.core.collection.yearly import ProjectKey, ProjectReport
    from eduplan.core.plan import Project
    from eduplan.core.tracking.projects import track_project, track_projects

    rng = random.Random(11)
    projects = [Project(name=rng.choice(["新建幼儿园", "改扩建小学", f"项目{i}"]), table=rng.choice(["表一", "表二", None]),
                        seq=rng.choice([i, None]), period=(2021, 2025), investment_by_year={"2022": 100.0, "2023": 50.0},
                        places=rng.choice([None, 270])) for i in range(25)]
    reports = [ProjectReport("涪陵区", rng.choice([2021, 2022, 2023, 2024, 2025]),
                             ProjectKey(p.table, p.seq, p.name) if rng.random() < 0.9 else ProjectKey("表三", 1, "别的"),
                             actual_start=rng.choice([None, "2022-03", "2023-01"]),
                             actual_finish=rng.choice([None, None, "2024-08"]),
                             investment=rng.choice([None, 30.0]), places=rng.choice([None, 90]),
                             note=rng.choice([None, "进展顺利"]))
               for p in rng.choices(projects, k=120)]
    for year in (2022, 2024):
        assert track_projects(projects, reports, as_of_year=year) == [track_project(p, reports, as_of_year=year)
                                                                       for p in projects]
