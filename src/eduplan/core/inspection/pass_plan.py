"""The cheapest way to pass 县域义务教育优质均衡: a mixed-integer program solved with HiGHS.

Decisions, per school section and year up to the deadline: teachers hired (general and PE/art,
integer), teachers trained to 骨干 (integer), backbone teachers rotated from a school with a
surplus (integer, within a stage), m² of teaching rooms and of sports grounds built, 元 of
equipment, multimedia classrooms and (per school) music and art rooms fitted (integer); and per
section one binary per indicator: the one item it may leave between 85% and 100%.

Constraints in the deadline year (enrolment forecast by stage): every section meets at least
`balance.school.min_indicators_met` of the 7 items and every item reaches
`balance.school.tolerance_ratio` of its standard (exact, with the binaries); music and art rooms
one per 12 classes; the limits of `Limits` (as soft constraints with a large penalty, so that an
infeasible county still gets an answer that says which limit binds and by how much).

The CV limit (小学 ≤ 0.50, 初中 ≤ 0.45, enrolment-weighted) is not linear. It is handled exactly by
outer approximation: g(v) = sd_w(v) − L·mean_w(v) is convex in the per-student values v (a norm
minus a linear function), so its tangent plane at any point is a valid cut. The program is solved,
the CVs of the solution are measured by the inspection's own function, a tangent cut is added for
every violated (stage, item), and the program is solved again until every CV holds. Each cut
removes the current solution and no feasible point, so the result is the optimum of the exact
problem (within HiGHS's MIP gap); tests check it against brute force on small counties.

Costs are 万元: a teacher is paid every year from the year hired up to the deadline, so hiring late
is cheaper and the per-year limits decide how early hiring must start; `earliness` (a weight ≥ 0)
adds that share of a capital cost per year of delay, for a plan that passes sooner.

The program is written in `pass_model.py` and solved in `pass_solve.py`; this module is the entry.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from eduplan.core.errors import InputError
from eduplan.core.inspection.balance import ResourceAssessment, assess_resources
from eduplan.core.inspection.pass_actions import Action, apply_actions, naive_actions
from eduplan.core.inspection.pass_inputs import Limits, UnitCosts, deadline_records
from eduplan.core.inspection.pass_solve import optimise
from eduplan.core.inspection.standards import StandardsSet
from eduplan.core.plan import SchoolRecord

MAX_HORIZON = 15  # years from the school records to the deadline: beyond that no forecast holds


@dataclass(frozen=True)
class YearReadiness:
    """The county in one year of the plan: sections passing, and each stage's CVs."""

    year: int
    sections_passing: int
    sections: int
    cvs: dict[str, float | None]  # “小学·骨干教师” → CV
    passed: bool


@dataclass
class PassPlan:
    """A plan of actions to pass 优质均衡 by the deadline, its cost, and the readiness before and after."""

    region: str
    deadline: int
    years: list[int]
    actions: list[Action]
    feasible: bool
    binding: list[str]  # limits that had to be exceeded (empty when feasible)
    before: ResourceAssessment
    after: ResourceAssessment
    by_year: list[YearReadiness] = field(default_factory=list)  # from the records' year (no action yet) on
    naive_cost: float | None = None
    naive_passes: bool | None = None
    projects_only_passes: bool | None = None
    solve_seconds: float = 0.0
    rounds: int = 0
    notes: list[str] = field(default_factory=list)
    costs: UnitCosts = field(default_factory=UnitCosts)
    simulated: bool = False  # the school records are 模拟数据
    school_year: int = 0  # the year of the school records it starts from

    @property
    def total_cost(self) -> float:
        return sum(a.cost for a in self.actions)

    def cost_by_year(self) -> dict[int, float]:
        out = dict.fromkeys(self.years, 0.0)
        for a in self.actions:
            out[a.year] = out.get(a.year, 0.0) + a.cost
        return out


def solve_pass_plan(records: Sequence[SchoolRecord], standards: StandardsSet, *, deadline: int,
                    costs: UnitCosts | None = None, limits: Limits | None = None,
                    project_areas: Mapping[str, float] | None = None, earliness: float = 0.0,
                    time_limit: float = 120.0, region: str = "") -> PassPlan:
    """The least-cost actions that pass the resource part of 优质均衡 by `deadline` (see the module)."""
    costs = costs or UnitCosts()
    limits = limits or Limits()
    if not records:
        raise InputError(f"{region or '该区县'}没有学校统计数据，无法测算达标方案")
    start = max(r.year for r in records)
    if deadline < start:
        raise InputError(f"达标年份{deadline}年早于学校数据年份{start}年")
    if deadline - start > MAX_HORIZON:
        raise InputError(f"达标年份{deadline}年距学校数据年份{start}年超过{MAX_HORIZON}年，请选近一些的年份")
    years = list(range(min(start + 1, deadline), deadline + 1))
    region = region or records[0].region
    current = list(records)
    future = deadline_records(current, year=deadline, growth=limits.enrolment_growth)
    areas = dict(project_areas or {})
    began = time.perf_counter()
    actions, binding, rounds, notes = optimise(future, standards, years, costs, limits, areas, earliness, time_limit)
    naive = naive_actions(future, standards, years=years, costs=costs, limits=limits, project_areas=areas)
    naive_after = assess_resources(apply_actions(future, naive, standards, project_areas=areas), standards)
    naive_cost = sum(a.cost for a in naive)
    if not binding and naive_after.passed and naive_cost < sum(a.cost for a in actions) - 1e-6:
        notes.append("求解器在时限内未找到比逐项补齐更省的方案，采用逐项补齐方案")
        actions = naive
    after = assess_resources(apply_actions(future, actions, standards, project_areas=areas), standards,
                             region=region)
    plan = PassPlan(
        region=region, deadline=deadline, years=years, actions=actions, feasible=not binding and after.passed,
        binding=binding, before=assess_resources(current, standards, region=region), after=after,
        naive_cost=naive_cost, naive_passes=naive_after.passed,
        projects_only_passes=assess_resources(apply_actions(future, [], standards, project_areas=areas),
                                              standards).passed,
        solve_seconds=time.perf_counter() - began, rounds=rounds, notes=notes, costs=costs,
        simulated=any(r.simulated for r in current), school_year=start)
    plan.by_year = _by_year(current, actions, standards, years, limits, areas)
    return plan


def _by_year(records: Sequence[SchoolRecord], actions: Sequence[Action], standards: StandardsSet,
             years: Sequence[int], limits: Limits, areas: Mapping[str, float]) -> list[YearReadiness]:
    out: list[YearReadiness] = []
    start = max(r.year for r in records)
    for year in ([start] if start < min(years) else []) + list(years):  # the records as they are, then each year
        grown = deadline_records(records, year=year, growth=limits.enrolment_growth)
        done = assess_resources(apply_actions(grown, actions, standards, up_to=year,
                                              project_areas=areas if year == max(years) else None), standards)
        cvs = {f"{c.stage}·{c.name}": (c.dispersion.cv if c.dispersion else None) for c in done.cvs}
        out.append(YearReadiness(year, sum(1 for s in done.schools if s.passed), len(done.schools), cvs, done.passed))
    return out
