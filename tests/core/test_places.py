"""School places: demand, supply from schools and projects, the yearly gap, and who closes it."""

from __future__ import annotations

from eduplan.core.inspection.places import (
    PlaceProject,
    demand_from_population,
    demand_from_trend,
    finish_year,
    place_balance,
    place_findings,
    project_places,
    stage_places,
)
from eduplan.core.plan import Project, SchoolRecord
from eduplan.data.standards_sets import load_standards

STANDARDS = load_standards()
NANCHUAN_PROJECTS = [PlaceProject("回购、回收11所小区配套幼儿园", 2005, 2023),
                     PlaceProject("新建7所幼儿园", 3480, 2024)]


def nanchuan() -> object:
    """南川 (plan, 备注): 11,520 children in 2024 against 1,833 public + 4,205 private places."""
    return place_balance({2024: 11_520}, 1_833 + 4_205, NANCHUAN_PROJECTS, stage="幼儿园")


def test_nanchuan_kindergarten_gap_is_computed_not_copied() -> None:
    balance = nanchuan()
    (year,) = balance.years  # type: ignore[attr-defined]
    assert year.existing == 6_038 and balance.initial_gap == 5_482  # type: ignore[attr-defined]
    assert balance.new_places_total == 5_485  # type: ignore[attr-defined] # 2,005 + 3,480, not 5,482
    assert year.gap == -3 and balance.closed_in == 2024  # type: ignore[attr-defined]
    assert year.closed_by == ("回购、回收11所小区配套幼儿园", "新建7所幼儿园")


def test_nanchuan_printed_figures_agree_and_the_surplus_is_reported() -> None:
    findings = place_findings(nanchuan(), printed={"gap": 5_482, "new_places": 5_485, "existing": 6_038})  # type: ignore[arg-type]
    assert [f.kind for f in findings] == ["places_surplus"] and "富余3个" in findings[0].message


def test_a_printed_total_that_differs_from_the_rows_is_a_finding() -> None:
    findings = place_findings(nanchuan(), printed={"new_places": 5_482})  # type: ignore[arg-type]
    assert findings[0].kind == "place_total_mismatch" and findings[0].data["computed"] == 5_485


def test_projects_count_from_their_finish_year() -> None:
    balance = place_balance({2022: 7000, 2023: 8000, 2024: 9000}, 6000, NANCHUAN_PROJECTS)
    assert [y.new_places for y in balance.years] == [0, 2005, 5485]
    assert [y.gap for y in balance.years] == [1000, -5, -2485]
    assert [y.opened for y in balance.years] == [(), ("回购、回收11所小区配套幼儿园",), ("新建7所幼儿园",)]
    assert balance.closed_in == 2023


def test_a_gap_the_projects_cannot_close_is_a_warning() -> None:
    balance = place_balance({2025: 20_000}, 6_038, NANCHUAN_PROJECTS)
    assert balance.closed_in is None
    assert [f.kind for f in place_findings(balance)] == ["places_gap_open"]


def test_only_projects_needed_are_named_as_closing_the_gap() -> None:
    balance = place_balance({2025: 8_000}, 6_038, NANCHUAN_PROJECTS)
    assert balance.years[0].closed_by == ("回购、回收11所小区配套幼儿园",)


def test_demand_from_population_rounds_up_children() -> None:
    assert demand_from_population({2024: 12_000, 2025: 11_500}, 96) == {2024: 11_520, 2025: 11_040}


def test_demand_from_trend_extends_the_least_squares_line() -> None:
    assert demand_from_trend({2019: 1000, 2020: 1100, 2021: 1200}, [2024, 2025]) == {2024: 1500, 2025: 1600}


def test_school_places_prefer_the_stated_figure_and_else_use_classes() -> None:
    stated = SchoolRecord("a", "一小", "区", 2024, "小学", classes=24, extra={"places": 1000})
    counted = SchoolRecord("b", "二小", "区", 2024, "小学", classes=24)
    assert stage_places(stated, stated.stage, STANDARDS) == 1000 and stage_places(counted, counted.stage, STANDARDS) == 1080


def test_project_finish_year_prefers_actual_then_planned_then_period() -> None:
    assert finish_year(Project("a", planned_finish="2024-08", actual_finish="2025-02")) == 2025
    assert finish_year(Project("b", planned_finish="2024-08", period=(2022, 2026))) == 2024
    assert finish_year(Project("c", period=(2022, 2026))) == 2026
    projects = [Project("d", stage="幼儿园", places=270, period=(2022, 2023)), Project("e", places=None),
                Project("f", stage="小学", places=900, period=(2022, 2024))]
    assert project_places(projects, stage="幼儿园") == [PlaceProject("d", 270, 2023, "幼儿园")]
