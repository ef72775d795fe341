"""Simulated demo data: deterministic, marked, plausible, and covering what the engines can say."""

from __future__ import annotations

import collections
import dataclasses

import pytest

from eduplan.core.catalog import Catalog
from eduplan.core.evaluation.funding import check_funding
from eduplan.core.inspection.balance import assess_resources
from eduplan.core.inspection.classsize import class_sizes_by_stage
from eduplan.core.inspection.preschool import PreschoolFigures, as_kindergarten, assess_preschool
from eduplan.core.plan import Observation, Plan
from eduplan.core.progress.assess import assess_indicator
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Point, Status
from eduplan.data.catalog import load_catalog
from eduplan.data.standards_sets import load_standards
from eduplan.demo.build import bundled_plans
from eduplan.demo.observations import (
    PLAN_BASELINE,
    SIMULATED,
    SimulatedData,
    base_year,
    leaf_tasks,
    monitored_entries,
    monitored_targets,
    simulate_monitoring,
)
from eduplan.demo.schools import simulate_schools

YEARS = range(2021, 2025)
AS_OF = 2024


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return bundled_plans()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def data(plans: list[Plan], catalog: Catalog) -> SimulatedData:
    return simulate_monitoring(plans, catalog=catalog, seed=2026, years=YEARS)


@pytest.fixture(scope="module")
def regions(plans: list[Plan]) -> list[str]:
    return [p.region for p in plans]


def _series(observations: list[Observation], region: str, indicator: str) -> dict[int, float]:
    return {o.year: o.value for o in observations if o.region == region and o.indicator == indicator}


def _judgements(plans: list[Plan], catalog: Catalog, data: SimulatedData) -> list[tuple[Status, Likelihood]]:
    """Every plan target on a catalog indicator, judged by the real engine on the simulated series."""
    out = []
    for plan in plans:
        for t in monitored_targets(plan, catalog=catalog):
            series = _series(data.observations, plan.region, t.entry.id)
            base = t.baseline if t.baseline is not None else series.get(t.base_year)
            result = assess_indicator(
                entry=t.entry,
                target=t.target,
                observations=series,
                as_of=AS_OF,
                baseline=Point(t.base_year, base) if base is not None else None,
            )
            out.append((result.status, result.likelihood))
    return out


# --- determinism ---------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_data(plans: list[Plan], catalog: Catalog, data: SimulatedData) -> None:
    again = simulate_monitoring(plans, catalog=catalog, seed=2026, years=YEARS)
    assert again == data
    other = simulate_monitoring(plans, catalog=catalog, seed=7, years=YEARS)
    assert [o.value for o in other.observations] != [o.value for o in data.observations]


def test_the_same_seed_gives_the_same_schools(regions: list[str]) -> None:
    assert simulate_schools(regions, seed=2026) == simulate_schools(regions, seed=2026)
    assert simulate_schools(regions, seed=1) != simulate_schools(regions, seed=2026)


# --- coverage of the progress engine -----------------------------------------------------------


@pytest.mark.parametrize("seed", [2026, 1, 42])
def test_every_status_and_likelihood_occurs_across_the_plans(plans: list[Plan], catalog: Catalog, seed: int) -> None:
    data = simulate_monitoring(plans, catalog=catalog, seed=seed, years=YEARS)
    judged = _judgements(plans, catalog, data)
    statuses = {s for s, _ in judged}
    likelihoods = {lk for _, lk in judged}
    # 不适用 comes from a target's wording (no value, no year), never from data; 未纳入监测 from
    # prose targets outside the catalog, which are not simulated.
    assert statuses >= set(Status) - {Status.NOT_APPLICABLE, Status.UNMONITORED}
    assert likelihoods >= {Likelihood.WILL_MEET, Likelihood.ACCELERATE, Likelihood.UNLIKELY, Likelihood.INSUFFICIENT}


def test_most_targets_are_judged_on_a_full_series(plans: list[Plan], catalog: Catalog, data: SimulatedData) -> None:
    counts = collections.Counter(s for s, _ in _judgements(plans, catalog, data))
    assert counts[Status.INSUFFICIENT] <= 2
    assert counts[Status.ON_TRACK] + counts[Status.ACHIEVED] > counts[Status.REGRESSING]


def test_every_monitored_indicator_has_a_base_year_value(
    plans: list[Plan], catalog: Catalog, data: SimulatedData
) -> None:
    for plan in plans:
        for entry in monitored_entries(plan, catalog=catalog):
            series = _series(data.observations, plan.region, entry.id)
            assert base_year(plan) in series, (plan.region, entry.id)
    full = [
        (p, e)
        for p in plans
        for e in monitored_entries(p, catalog=catalog)
        if set(YEARS) <= set(_series(data.observations, p.region, e.id))
    ]
    total = sum(len(monitored_entries(p, catalog=catalog)) for p in plans)
    assert len(full) >= total - 2  # only the indicators left with too little data lack years


def test_plan_baselines_are_kept_as_printed(plans: list[Plan], catalog: Catalog, data: SimulatedData) -> None:
    printed = [o for o in data.observations if o.source == PLAN_BASELINE]
    assert printed and all(o.year == 2020 and not o.simulated for o in printed)
    bishan = next(p for p in plans if p.region == "璧山区")
    rate = _series(printed, "璧山区", "preschool_gross_enrolment_rate")
    assert rate == {2020: next(i.values["2020"] for i in bishan.indicators if i.name == "毛入园率")}


# --- markers ---------------------------------------------------------------------------------


def test_every_made_up_item_is_marked_simulated(data: SimulatedData) -> None:
    made_up = [o for o in data.observations if o.source != PLAN_BASELINE]
    assert made_up and all(o.simulated and o.source == SIMULATED for o in made_up)
    assert all(t.simulated and t.entered_by == SIMULATED for t in data.tasks)
    assert all(p.simulated and p.entered_by == SIMULATED for p in data.projects)
    assert all(f.simulated and f.entered_by == SIMULATED for f in data.finance)
    assert all(f.source == SIMULATED for f in data.finance)
    assert data.collection().size() == (
        len(data.observations) + len(data.tasks) + len(data.projects) + len(data.finance)
    )


def test_every_school_is_marked_simulated(regions: list[str]) -> None:
    assert all(r.simulated for r in simulate_schools(regions))


# --- plausibility ----------------------------------------------------------------------------


def test_rates_stay_within_their_bounds_and_counts_positive(catalog: Catalog, data: SimulatedData) -> None:
    for o in data.observations:
        entry = catalog.get(o.indicator)
        assert entry is not None
        assert o.value > 0 if entry.unit == "万人" else o.value >= 0
        if entry.max_value is not None:
            assert o.value <= entry.max_value, o


def test_task_reports_rise_to_at_most_100_and_some_are_late(plans: list[Plan], data: SimulatedData) -> None:
    by_task = collections.defaultdict(list)
    for r in data.tasks:
        by_task[(r.region, r.task_id)].append(r)
    for reports in by_task.values():
        percents = [r.percent for r in sorted(reports, key=lambda r: r.year)]
        assert all(p is not None and 0 <= p <= 100 for p in percents)
        assert percents == sorted(percents)  # type: ignore[type-var]
    last = [r.progress or "" for r in data.tasks if r.year == AS_OF]
    assert any("已超过完成时限" in t for t in last) and any("临近完成时限" in t for t in last)
    assert any(r.percent == 100 for r in data.tasks)


def test_each_leaf_task_gets_a_deadline_in_the_plan_period(plans: list[Plan], data: SimulatedData) -> None:
    deadlines = {(d.region, d.task_id): d for d in data.deadlines}
    for plan in plans:
        assert plan.period is not None
        for task in leaf_tasks(plan):
            due = deadlines[(plan.region, task.id)]
            assert plan.period[0] <= due.deadline.year <= plan.period[1]
            assert due.simulated == (task.deadline is None)
    assert len(deadlines) == len(data.deadlines)


def test_project_reports_are_plausible(plans: list[Plan], data: SimulatedData) -> None:
    planned = {(p.region, pr.table, pr.seq, pr.name): pr for p in plans for pr in p.projects}
    spent: dict[tuple[str, str | None, int | None, str], float] = collections.defaultdict(float)
    for r in data.projects:
        key = (r.region, r.project.table, r.project.seq, r.project.name)
        assert key in planned
        spent[key] += r.investment or 0.0
        assert r.investment is None or r.investment >= 0
        assert r.places is None or r.places > 0
        for month in (r.actual_start, r.actual_finish):
            assert month is None or int(month[:4]) <= r.year
        if r.actual_start and r.actual_finish:
            assert r.actual_finish >= r.actual_start
    for project, total in spent.items():
        printed = planned[project].investment_total
        if printed:
            assert total <= printed * 1.2, project
    notes = [r.note or "" for r in data.projects]
    assert any("推迟" in n for n in notes) and any("尚未开工" in n for n in notes)
    assert any(r.places for r in data.projects) and any(r.actual_finish for r in data.projects)


def test_finance_has_one_budget_fall_and_one_salary_gap(regions: list[str], data: SimulatedData) -> None:
    falls, gaps = [], []
    for region in regions:
        rows = [f for f in data.finance if f.region == region]
        assert {f.year for f in rows} == {2020, *YEARS}
        assert all(f.budget and f.budget > 0 and f.payroll and f.training_spend for f in rows)
        assert all(set(f.per_student) == {"学前", "小学", "初中", "普通高中", "中职"} for f in rows)
        rules = {r.code: r for r in check_funding(rows, up_to_year=max(f.year for f in rows))}
        budget, per_student = rules["budget-not-decreasing"], rules["per-student-not-decreasing.小学"]
        salary = rules["teacher-salary-parity"]
        falls += [region] if budget.passed is False and per_student.passed is False else []
        gaps += [region] if salary.passed is False else []
    assert len(falls) == 1 and len(gaps) == 1


# --- schools ---------------------------------------------------------------------------------


def test_each_district_has_passing_and_failing_schools_and_cvs(regions: list[str]) -> None:
    standards = load_standards()
    records = simulate_schools(regions, seed=2026, year=2024)
    for region in regions:
        schools = [r for r in records if r.region == region and r.stage != "幼儿园"]
        assert 20 <= sum(1 for r in schools if r.stage != "教学点") <= 80
        assert {"九年一贯制", "完全中学"} <= {r.stage for r in schools}
        result = assess_resources(schools, standards)
        passed = {s.passed for s in result.schools}
        assert passed == {True, False}, region
        assert {s.section.section for s in result.schools} == {"小学", "初中"}
        assert any("（初中）" in s.section.label for s in result.schools)  # combined schools split
        assert len(result.cvs) == 14
        assert all(cv.dispersion is not None and cv.dispersion.cv is not None for cv in result.cvs)


def test_class_sizes_include_large_and_super_large_classes(regions: list[str]) -> None:
    standards = load_standards()
    records = [r for r in simulate_schools(regions) if r.stage != "幼儿园"]
    summaries = class_sizes_by_stage(records, standards)
    assert sum(s.large for s in summaries) > 0 and sum(s.super_large for s in summaries) > 0
    assert all(sum(r.class_sizes) == r.enrolment and len(r.class_sizes) == r.classes for r in records)


def test_kindergartens_feed_the_preschool_inspection(regions: list[str]) -> None:
    standards = load_standards()
    records = simulate_schools(regions)
    for region in regions:
        kgs = [as_kindergarten(r) for r in records if r.region == region and r.stage == "幼儿园"]
        assert 30 <= len(kgs) <= 80
        assert {k.record.ownership for k in kgs} == {"public", "普惠", "private"}
        assert all(k.classes and k.outdoor_area for k in kgs)
        result = assess_preschool(kgs, PreschoolFigures(population_3_5=20000), standards, region=region)
        assert {k.passed for k in result.kindergartens} == {True, False}
        coverage = {i.key: i for i in result.items}["preschool.inclusive_coverage"]
        assert coverage.value is not None and 50 < coverage.value < 100


def test_simulated_records_are_frozen_dataclasses(data: SimulatedData) -> None:
    assert dataclasses.is_dataclass(data.tasks[0]) and data.tasks[0].deadline is not None
