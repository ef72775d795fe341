"""The 优质均衡 pass plan: optimal against brute force on small counties, passing when applied, never
dearer than filling every gap, and honest about the limits that make passing impossible."""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from eduplan.core.errors import InputError
from eduplan.core.inspection.balance import assess_resources
from eduplan.core.inspection.pass_actions import apply_actions
from eduplan.core.inspection.pass_inputs import Limits, UnitCosts, costs_from_dict, deadline_records
from eduplan.core.inspection.pass_plan import solve_pass_plan
from eduplan.core.plan import SchoolRecord
from eduplan.data.costs import load_costs
from eduplan.data.standards_sets import load_standards
from eduplan.demo.schools import simulate_schools

STD = load_standards()
# Only training backbone teachers and fitting multimedia rooms are on offer in the brute-force cases:
# rotations, hires and building are priced out, so the oracle can enumerate every choice.
COSTS = UnitCosts(teacher_per_year=1e4, pe_art_teacher_per_year=1e4, rotation_per_year=1e4,
                  teaching_area_per_m2=1e8, sports_area_per_m2=1e8, backbone_training=3.0,
                  multimedia_classroom=6.0)
WIDE = Limits(hires_per_school_per_year=50, trainings_per_school_per_year=50, rooms_per_school_per_year=50)


def school(sid: str, enrolment: int, *, backbone: int, multimedia: int) -> SchoolRecord:
    """A 小学 comfortably above every standard except backbone teachers and multimedia rooms."""
    return SchoolRecord(
        school_id=sid, name=f"{sid}小学", region="测试县", year=2024, stage="小学", enrolment=enrolment,
        classes=enrolment // 40, teachers=enrolment // 12, teachers_by_qualification={"本科": enrolment // 12},
        backbone_teachers=backbone, pe_teachers=enrolment // 50, teaching_area=enrolment * 8.0,
        sports_area=enrolment * 12.0, music_rooms=9, art_rooms=9, equipment_value=enrolment * 0.5,
        multimedia_classrooms=multimedia)


def brute_force(records: list[SchoolRecord], *, max_train: int, max_rooms: int) -> float:
    """The cheapest (trainings, rooms) per school that passes: 6 of 7 met, the 7th ≥ 85%, CVs ≤ limit."""
    std = {k: STD.number(f"balance.resource.primary.{k}") for k in ("backbone_teachers", "multimedia_classrooms")}
    tol = STD.number("balance.school.tolerance_ratio")
    limit = STD.number("balance.cv.primary")
    enrol = np.array([r.enrolment for r in records], dtype=float)
    choices = np.array(list(itertools.product(range(max_train + 1), range(max_rooms + 1))))
    grids = np.array(list(itertools.product(range(len(choices)), repeat=len(records))))
    train = choices[grids][..., 0]
    rooms = choices[grids][..., 1]
    bb = (np.array([r.backbone_teachers for r in records]) + train) * 100 / enrol
    mm = (np.array([r.multimedia_classrooms for r in records]) + rooms) * 100 / enrol
    bb_met, mm_met = bb >= std["backbone_teachers"], mm >= std["multimedia_classrooms"]
    floor_ok = (bb >= tol * std["backbone_teachers"]) & (mm >= tol * std["multimedia_classrooms"])
    school_ok = floor_ok & (bb_met | mm_met)  # the other 5 items are met, so at most one of these may be short

    def cv(v: np.ndarray) -> np.ndarray:
        mean = (v * enrol).sum(axis=1) / enrol.sum()
        sd = np.sqrt((enrol * (v - mean[:, None]) ** 2).sum(axis=1) / enrol.sum())
        return sd / mean

    ok = school_ok.all(axis=1) & (cv(bb) <= limit) & (cv(mm) <= limit)
    cost = (train * COSTS.backbone_training + rooms * COSTS.multimedia_classroom).sum(axis=1)
    assert ok.any(), "the brute-force grid holds no passing plan: widen it"
    return float(cost[ok].min())


@pytest.mark.parametrize("county", [
    # the 6-of-7 rule: each school may leave one item at 85% — cheaper than filling both
    [("A", 800, 6, 16), ("B", 600, 4, 12)],
    # a school far ahead on multimedia rooms pushes the others above the standard (the CV binds)
    [("A", 500, 5, 60), ("B", 500, 5, 11), ("C", 400, 4, 9)],
    # both items short at every school, enrolments apart
    [("A", 1200, 9, 24), ("B", 300, 2, 5), ("C", 650, 6, 13)],
], ids=["tolerance", "cv-binds", "mixed"])
def test_optimum_equals_brute_force_on_small_counties(county: list[tuple[str, int, int, int]]) -> None:
    records = [school(sid, n, backbone=b, multimedia=m) for sid, n, b, m in county]
    plan = solve_pass_plan(records, STD, deadline=2025, costs=COSTS, limits=WIDE)
    assert plan.feasible and plan.after.passed
    assert {a.kind for a in plan.actions} <= {"train_backbone", "multimedia"}
    assert plan.total_cost == pytest.approx(brute_force(records, max_train=4, max_rooms=12), abs=1e-6)


def test_cv_limit_is_met_by_cuts_when_every_school_meets_its_standards() -> None:
    records = [school("A", 500, backbone=5, multimedia=60), school("B", 500, backbone=5, multimedia=12),
               school("C", 400, backbone=4, multimedia=10)]
    before = assess_resources(records, STD)
    assert all(s.passed for s in before.schools) and not before.passed  # only the CV fails
    plan = solve_pass_plan(records, STD, deadline=2025, costs=COSTS, limits=WIDE)
    assert plan.rounds > 1 and plan.after.passed
    cv = next(c for c in plan.after.cvs if c.key == "multimedia_classrooms")
    assert cv.dispersion is not None and cv.dispersion.cv <= 0.50


@pytest.mark.parametrize("region", ["璧山区", "涪陵区", "南川区", "黔江区", "渝中区"])
def test_demo_district_plan_passes_when_applied_and_costs_no_more_than_filling_every_gap(region: str) -> None:
    records = [r for r in simulate_schools([region], year=2024) if r.stage != "幼儿园"]
    costs, limits = load_costs()
    wide = dataclasses.replace(limits, hires_per_school_per_year=40, rooms_per_school_per_year=20)
    plan = solve_pass_plan(records, STD, deadline=2025, costs=costs, limits=wide)
    assert plan.feasible, plan.binding
    # the inspection itself, re-run on the records with the actions written in, is the judge
    applied = apply_actions(deadline_records(records, year=2025, growth={}), plan.actions, STD)
    assert assess_resources(applied, STD).passed
    assert plan.naive_cost is not None and plan.total_cost <= plan.naive_cost + 1e-6
    assert all(a.quantity > 0 and a.cost >= 0 for a in plan.actions)


def test_a_plan_over_several_years_hires_as_late_as_the_limits_allow() -> None:
    records = [school("A", 1000, backbone=4, multimedia=10)]
    limits = dataclasses.replace(WIDE, trainings_per_school_per_year=2, rooms_per_school_per_year=5)
    plan = solve_pass_plan([dataclasses.replace(r, year=2022) for r in records], STD, deadline=2025,
                           costs=COSTS, limits=limits)
    assert plan.years == [2023, 2024, 2025] and plan.feasible
    per_year = {y: sum(a.quantity for a in plan.actions if a.kind == "train_backbone" and a.year == y)
                for y in plan.years}
    assert all(q <= 2 for q in per_year.values())
    assert [y.passed for y in plan.by_year][-1] is True


def test_limits_that_make_passing_impossible_are_named() -> None:
    records = [school("A", 1000, backbone=2, multimedia=5), school("B", 900, backbone=2, multimedia=4)]
    tight = dataclasses.replace(WIDE, trainings_per_school_per_year=1, rooms_per_school_per_year=1)
    plan = solve_pass_plan(records, STD, deadline=2025, costs=COSTS, limits=tight)
    assert not plan.feasible
    assert any("每校每年" in b for b in plan.binding)


def test_growing_enrolment_raises_what_is_needed() -> None:
    records = [school("A", 1000, backbone=10, multimedia=23)]
    flat = solve_pass_plan(records, STD, deadline=2025, costs=COSTS, limits=WIDE)
    grown = solve_pass_plan(records, STD, deadline=2025, costs=COSTS,
                            limits=dataclasses.replace(WIDE, enrolment_growth={"小学": 0.2}))
    assert flat.total_cost == 0 and grown.total_cost > 0


def test_cost_file_overrides_defaults_and_refuses_unknown_keys(tmp_path: Path) -> None:
    own = tmp_path / "costs.json"
    own.write_text(json.dumps({"costs": {"teacher_per_year": 15}, "limits": {"hires_per_school_per_year": 2}}),
                   encoding="utf-8")
    costs, limits = load_costs(own)
    assert costs.teacher_per_year == 15 and costs.multimedia_classroom == load_costs()[0].multimedia_classroom
    assert limits.hires_per_school_per_year == 2 and limits.trainings_per_school_per_year == load_costs()[1].trainings_per_school_per_year
    with pytest.raises(InputError, match="未知的项：salary"):
        costs_from_dict({"costs": {"salary": 1}})
    with pytest.raises(InputError, match="不小于 0"):
        costs_from_dict({"costs": {"teacher_per_year": -1}})


def test_a_deadline_too_far_or_before_the_records_is_refused_in_chinese() -> None:
    records = [school("A", 1000, backbone=10, multimedia=23)]
    with pytest.raises(InputError, match="超过15年"):
        solve_pass_plan(records, STD, deadline=2060, costs=COSTS, limits=WIDE)
    with pytest.raises(InputError, match="早于学校数据年份"):
        solve_pass_plan(records, STD, deadline=2020, costs=COSTS, limits=WIDE)
