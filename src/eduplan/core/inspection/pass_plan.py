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
"""

from __future__ import annotations

import math
import os
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from eduplan.core.errors import InputError
from eduplan.core.inspection.balance import (
    RESOURCE_INDICATORS,
    ResourceAssessment,
    SchoolSection,
    assess_resources,
    coefficient_of_variation,
    school_sections,
)
from eduplan.core.inspection.pass_actions import (
    ACTION_KINDS,
    Action,
    apply_actions,
    naive_actions,
    special_rooms_required,
    unit_cost,
)
from eduplan.core.inspection.pass_inputs import Limits, UnitCosts, deadline_records
from eduplan.core.inspection.standards import StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord

PENALTY = 1.0e5  # 万元 per unit of a limit exceeded: only where nothing within the limits passes
CV_MARGIN = 1e-6  # cuts aim a hair inside the limit so that the inspection's check holds exactly
MAX_ROUNDS = 60
MAX_HORIZON = 15  # years from the school records to the deadline: beyond that no forecast holds

#: the resource items each action kind adds to (index into RESOURCE_INDICATORS)
ITEM = {spec.key: i for i, spec in enumerate(RESOURCE_INDICATORS)}
KIND_ITEMS = {kind: tuple(ITEM[f] for f in figures) for kind, (_, _, figures) in ACTION_KINDS.items()}
INTEGER = {"hire", "hire_pe_art", "train_backbone", "rotate_backbone", "multimedia", "music_room", "art_room"}
LIMIT_NAMES = {
    "hires": "每校每年招聘教师人数", "trainings": "每校每年培养骨干教师人数",
    "rooms": "每校每年配备教室间数", "teaching_area": "每校可新建教学及辅助用房面积",
    "sports_area": "每校可新建体育运动场馆面积", "budget": "年度经费上限",
}


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


class _Model:
    """Columns and rows collected in Python, handed to HiGHS at once; cuts added later."""

    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.cost: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[tuple[float, float, dict[int, float]]] = []

    def var(self, cost: float, *, integer: bool = False, ub: float = math.inf) -> int:
        self.lb.append(0.0)
        self.ub.append(ub)
        self.cost.append(cost)
        self.integer.append(integer)
        return len(self.lb) - 1

    def row(self, terms: Mapping[int, float], lo: float = -math.inf, hi: float = math.inf) -> None:
        self.rows.append((lo, hi, {k: v for k, v in terms.items() if v}))


@dataclass
class _Sec:
    section: SchoolSection
    record: int  # index of its record
    figures: list[float]  # deadline-year figures, a missing one as 0
    standards: list[float]  # in the figures' units: standard × enrolment / per
    floors: list[float]


def _sections(records: Sequence[SchoolRecord], standards: StandardsSet,
              project_areas: Mapping[str, float]) -> list[_Sec]:
    out: list[_Sec] = []
    for index, record in enumerate(apply_actions(records, [], standards, project_areas=project_areas)):
        for section in school_sections(record, standards)[0]:
            figures = [0.0 if f is None else f for f in section.figures]
            need = [standards.number(f"balance.resource.{stage_key(section.section)}.{spec.key}")
                    * section.enrolment / spec.per for spec in RESOURCE_INDICATORS]
            tol = standards.number("balance.school.tolerance_ratio")
            out.append(_Sec(section, index, figures, need, [n * tol for n in need]))
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
    actions, binding, rounds, notes = _optimise(future, standards, years, costs, limits, areas, earliness, time_limit)
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


def _optimise(records: Sequence[SchoolRecord], standards: StandardsSet, years: list[int], costs: UnitCosts,
              limits: Limits, areas: Mapping[str, float], earliness: float,
              time_limit: float) -> tuple[list[Action], list[str], int, list[str]]:
    deadline = max(years)
    secs = _sections(records, standards, areas)
    m = _Model()
    cols: dict[tuple[int, str, int], int] = {}  # (section, kind, year) → column
    rot: dict[tuple[int, int, int], int] = {}  # (donor, receiver, year) → column
    first = years[0]

    def cost_of(kind: str, year: int) -> float:
        base = unit_cost(kind, year, deadline, costs)
        return base * (1 + earliness * (year - first)) if kind not in ("hire", "hire_pe_art", "rotate_backbone") else base

    for s, _ in enumerate(secs):
        for year in years:
            for kind in ("hire", "hire_pe_art", "train_backbone", "teaching_area", "sports_area", "equipment",
                         "multimedia"):
                cols[(s, kind, year)] = m.var(cost_of(kind, year), integer=kind in INTEGER)
    # rotations: within a stage, from sections with backbone teachers to the sections short of them
    backbone = ITEM["backbone_teachers"]
    by_stage: dict[str, list[int]] = defaultdict(list)
    for s, sec in enumerate(secs):
        by_stage[sec.section.section].append(s)
    for members in by_stage.values():
        donors = sorted((s for s in members if secs[s].figures[backbone] >= 1),
                        key=lambda s: secs[s].figures[backbone] - secs[s].standards[backbone], reverse=True)[:6]
        for r in members:
            if secs[r].figures[backbone] >= secs[r].standards[backbone]:
                continue
            for d in donors:
                if d != r and secs[d].section.school_id != secs[r].section.school_id:
                    for year in years:
                        rot[(d, r, year)] = m.var(cost_of("rotate_backbone", year), integer=True)
    # per school: music and art rooms
    rooms: dict[tuple[int, str, int], int] = {}
    first_section: dict[int, int] = {}
    for s, sec in enumerate(secs):
        first_section.setdefault(sec.record, s)
    for index, s in first_section.items():
        record = records[index]
        for kind, have in (("music_room", record.music_rooms), ("art_room", record.art_rooms)):
            required = special_rooms_required(record, standards, kind)
            if required > have:
                terms = {}
                for year in years:
                    rooms[(index, kind, year)] = m.var(cost_of(kind, year), integer=True)
                    terms[rooms[(index, kind, year)]] = 1.0
                m.row(terms, lo=required - have)
    adds = _all_additions(len(secs), years, cols, rot)
    # items: figure + additions ≥ standard, or ≥ the 85% floor for the one item left (binary y)
    leave = int(len(RESOURCE_INDICATORS) - standards.number("balance.school.min_indicators_met"))
    for s, sec in enumerate(secs):
        ys = {}
        for k in range(len(RESOURCE_INDICATORS)):
            y = m.var(0.0, integer=True, ub=1.0)
            ys[k] = y
            terms = dict(adds[(s, k)])
            gap = round(sec.standards[k] - sec.floors[k], 9)
            terms[y] = gap
            m.row(terms, lo=round(sec.standards[k] - sec.figures[k], 9))  # exact: integers reach it exactly
        m.row(dict.fromkeys(ys.values(), 1.0), hi=float(leave))
        # backbone trainings draw on the section's teachers who are not backbone yet
        trainees = {cols[(s, "train_backbone", y)]: 1.0 for y in years}
        for y in years:
            trainees[cols[(s, "hire", y)]] = -1.0
            trainees[cols[(s, "hire_pe_art", y)]] = -1.0
        m.row(trainees, hi=max(sec.figures[ITEM["qualified_teachers"]] - sec.figures[backbone], 0.0))
    slacks = _limits(m, secs, years, cols, rot, rooms, limits, costs, deadline)
    h, inf = _highs(m, time_limit)
    rounds = 0
    notes: list[str] = []
    while True:
        rounds += 1
        h.run()
        status = h.modelStatusToString(h.getModelStatus())
        if status not in ("Optimal", "Time limit reached") or h.getInfo().primal_solution_status == 0:
            raise InputError(f"达标方案求解失败（HiGHS：{status}）")
        if status != "Optimal":
            notes.append(f"求解达到时限（{time_limit:g} 秒），结果为当前最优可行解，未证明最优")
        x = list(h.getSolution().col_value)
        cuts = _cv_cuts(secs, x, adds, standards)
        if not cuts or rounds >= MAX_ROUNDS:
            if cuts:
                notes.append(f"差异系数约束在{MAX_ROUNDS}轮割平面后仍未全部满足")
            break
        for terms, hi in cuts:
            idx = list(terms)
            h.addRow(-inf, hi, len(idx), _ints(idx), _floats([terms[i] for i in idx]))
    actions = _actions(secs, records, x, years, cols, rot, rooms, costs, deadline)
    binding = [f"{LIMIT_NAMES[name]}需突破约{amount:,.1f}{unit}" for name, (amount, unit) in
               _slack_use(slacks, x).items() if amount > 1e-6]
    return actions, binding, rounds, notes


def _all_additions(n: int, years: Sequence[int], cols: Mapping[tuple[int, str, int], int],
                   rot: Mapping[tuple[int, int, int], int]) -> dict[tuple[int, int], dict[int, float]]:
    """(section, item) → the columns that add to it (rotations in count +1, rotations out −1)."""
    adds: dict[tuple[int, int], dict[int, float]] = {(s, k): {} for s in range(n) for k in range(len(ITEM))}
    for (s, kind, _year), col in cols.items():
        for k in KIND_ITEMS[kind]:
            adds[(s, k)][col] = 1.0
    for (d, r, _year), col in rot.items():
        for k in KIND_ITEMS["rotate_backbone"]:
            adds[(r, k)][col] = adds[(r, k)].get(col, 0.0) + 1.0
            adds[(d, k)][col] = adds[(d, k)].get(col, 0.0) - 1.0
    return adds


def _limits(m: _Model, secs: Sequence[_Sec], years: Sequence[int], cols: Mapping[tuple[int, str, int], int],
            rot: Mapping[tuple[int, int, int], int], rooms: Mapping[tuple[int, str, int], int], limits: Limits,
            costs: UnitCosts, deadline: int) -> dict[str, list[tuple[int, str]]]:
    """The limits as rows with a penalised slack column each; the slacks by limit name."""
    slacks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_record: dict[int, list[int]] = defaultdict(list)
    for s, sec in enumerate(secs):
        by_record[sec.record].append(s)

    def capped(name: str, terms: dict[int, float], cap: float, unit: str) -> None:
        slack = m.var(PENALTY)
        slacks[name].append((slack, unit))
        m.row({**terms, slack: -1.0}, hi=cap)

    for index, members in by_record.items():
        for year in years:
            capped("hires", {cols[(s, k, year)]: 1.0 for s in members for k in ("hire", "hire_pe_art")},
                   limits.hires_per_school_per_year, "人")
            capped("trainings", {cols[(s, "train_backbone", year)]: 1.0 for s in members},
                   limits.trainings_per_school_per_year, "人")
            room_terms = {cols[(s, "multimedia", year)]: 1.0 for s in members}
            room_terms.update({col: 1.0 for (i, _, y), col in rooms.items() if i == index and y == year})
            capped("rooms", room_terms, limits.rooms_per_school_per_year, "间")
        for kind, cap in (("teaching_area", limits.teaching_area_per_school),
                          ("sports_area", limits.sports_area_per_school)):
            capped(kind, {cols[(s, kind, y)]: 1.0 for s in members for y in years}, cap, "m²")
    donors: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    for (d, _r, year), col in rot.items():
        donors[(d, year)][col] = 1.0
    for (d, _year), outflow in donors.items():
        m.row(outflow, hi=math.floor(limits.rotation_share_per_year * secs[d].figures[ITEM["backbone_teachers"]]))
    if limits.budget_per_year is not None:
        for year in years:  # what is paid in `year`: its capital outlays and every teacher hired so far
            terms = {}
            for (s, kind, y), col in cols.items():
                if kind in ("hire", "hire_pe_art"):
                    if y <= year:
                        terms[col] = unit_cost(kind, deadline, deadline, costs)
                elif y == year:
                    terms[col] = unit_cost(kind, y, deadline, costs)
            for (_d, _r, y), col in rot.items():
                if y <= year:
                    terms[col] = unit_cost("rotate_backbone", deadline, deadline, costs)
            for (_i, kind, y), col in rooms.items():
                if y == year:
                    terms[col] = unit_cost(kind, y, deadline, costs)
            capped("budget", terms, limits.budget_per_year, "万元")
    return slacks


def _slack_use(slacks: Mapping[str, list[tuple[int, str]]], x: Sequence[float]) -> dict[str, tuple[float, str]]:
    return {name: (sum(x[c] for c, _ in cols), cols[0][1]) for name, cols in slacks.items() if cols}


def _value(sec: _Sec, k: int, terms: Mapping[int, float], x: Sequence[float]) -> float:
    """The per-student (or per-100) value of item k in the solution `x`."""
    added = sum(coef * x[col] for col, coef in terms.items())
    return (sec.figures[k] + added) * RESOURCE_INDICATORS[k].per / sec.section.enrolment


def _cv_cuts(secs: Sequence[_Sec], x: Sequence[float], adds: Mapping[tuple[int, int], Mapping[int, float]],
             standards: StandardsSet) -> list[tuple[dict[int, float], float]]:
    """A tangent cut of sd_w − L·mean_w for every (stage, item) whose CV exceeds its limit."""
    weighted = standards.text("balance.cv.weighting") == "enrolment"
    cuts: list[tuple[dict[int, float], float]] = []
    stages: dict[str, list[int]] = defaultdict(list)
    for s, sec in enumerate(secs):
        stages[sec.section.section].append(s)
    for stage, members in stages.items():
        limit = standards.number(f"balance.cv.{stage_key(stage)}") * (1 - CV_MARGIN)
        weights = [secs[s].section.enrolment if weighted else 1.0 for s in members]
        total = sum(weights)
        for k, spec in enumerate(RESOURCE_INDICATORS):
            v = [_value(secs[s], k, adds[(s, k)], x) for s in members]
            disp = coefficient_of_variation(v, weights)
            if disp is None or disp.cv is None or disp.cv <= limit or disp.sd <= 0:
                continue
            # Σ_j a_j v_j ≤ 0 with a_j = w_j (v*_j − μ*) / (W sd*) − L w_j / W, and v_j = (F_j + X_j)·per/E_j
            terms: dict[int, float] = defaultdict(float)
            rhs = 0.0
            for s, w, vj in zip(members, weights, v, strict=True):
                a = w * (vj - disp.mean) / (total * disp.sd) - limit * w / total
                scale = a * spec.per / secs[s].section.enrolment
                rhs -= scale * secs[s].figures[k]
                for col, coef in adds[(s, k)].items():
                    terms[col] += scale * coef
            cuts.append((dict(terms), rhs))
    return cuts


def _actions(secs: Sequence[_Sec], records: Sequence[SchoolRecord], x: Sequence[float], years: Sequence[int],
             cols: Mapping[tuple[int, str, int], int], rot: Mapping[tuple[int, int, int], int],
             rooms: Mapping[tuple[int, str, int], int], costs: UnitCosts, deadline: int) -> list[Action]:
    out: list[Action] = []

    def amount(kind: str, value: float) -> float:
        if kind in INTEGER:
            return float(round(value))
        if kind == "equipment":
            return float(math.ceil(value - 1e-6))
        return math.ceil(value * 100 - 1e-6) / 100

    for (s, kind, year), col in cols.items():
        q = amount(kind, x[col])
        if q > 0:
            sec = secs[s].section
            out.append(Action(sec.school_id, sec.label, sec.section, year, kind, q,
                              q * unit_cost(kind, year, deadline, costs)))
    for (d, r, year), col in rot.items():
        q = amount("rotate_backbone", x[col])
        if q > 0:
            donor, sec = secs[d].section, secs[r].section
            out.append(Action(sec.school_id, sec.label, sec.section, year, "rotate_backbone", q,
                              q * unit_cost("rotate_backbone", year, deadline, costs),
                              donor_id=f"{donor.school_id}｜{donor.section}", donor=donor.label))
    for (index, kind, year), col in rooms.items():
        q = amount(kind, x[col])
        if q > 0:
            record = records[index]
            out.append(Action(record.school_id, record.name, record.stage, year, kind, q,
                              q * unit_cost(kind, year, deadline, costs)))
    out.sort(key=lambda a: (a.year, a.school, a.kind))
    return out


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


def _ints(values: Sequence[int]):
    import numpy as np

    return np.asarray(values, dtype=np.int32)


def _floats(values: Sequence[float]):
    import numpy as np

    return np.asarray(values, dtype=np.float64)


def _highs(m: _Model, time_limit: float):
    import highspy
    import numpy as np

    saved = os.dup(1)  # HiGHS prints its banner on stdout when created
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-6)
    inf = highspy.kHighsInf
    n = len(m.lb)
    h.addVars(n, _floats(m.lb), _floats([inf if u == math.inf else u for u in m.ub]))
    h.changeColsCost(n, _ints(range(n)), _floats(m.cost))
    ints = [i for i, flag in enumerate(m.integer) if flag]
    if ints:
        kinds = np.full(len(ints), int(highspy.HighsVarType.kInteger), dtype=np.uint8)
        h.changeColsIntegrality(len(ints), _ints(ints), kinds)
    lower: list[float] = []
    upper: list[float] = []
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []
    for lo, hi, terms in m.rows:
        lower.append(-inf if lo == -math.inf else lo)
        upper.append(inf if hi == math.inf else hi)
        starts.append(len(index))
        index.extend(terms)
        value.extend(terms.values())
    h.addRows(len(lower), _floats(lower), _floats(upper), len(index), _ints(starts), _ints(index), _floats(value))
    return h, inf
