"""Solving the pass plan's program: the columns of every action, the rows of every item, and
the CV limits by tangent cuts added round after round until every CV holds (see `pass_plan.py`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

from eduplan.core.errors import InputError
from eduplan.core.inspection.balance import RESOURCE_INDICATORS, coefficient_of_variation
from eduplan.core.inspection.pass_actions import Action, special_rooms_required, unit_cost
from eduplan.core.inspection.pass_inputs import Limits, UnitCosts
from eduplan.core.inspection.pass_model import (
    INTEGER,
    ITEM,
    LIMIT_NAMES,
    Model,
    Sec,
    all_additions,
    float_array,
    highs,
    int_array,
    item_value,
    limit_rows,
    sections,
    slack_use,
)
from eduplan.core.inspection.standards import StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord

CV_MARGIN = 1e-6  # cuts aim a hair inside the limit so that the inspection's check holds exactly
MAX_ROUNDS = 60


def optimise(records: Sequence[SchoolRecord], standards: StandardsSet, years: list[int], costs: UnitCosts,
             limits: Limits, areas: Mapping[str, float], earliness: float,
             time_limit: float) -> tuple[list[Action], list[str], int, list[str]]:
    deadline = max(years)
    secs = sections(records, standards, areas)
    m = Model()
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
    adds = all_additions(len(secs), years, cols, rot)
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
    slacks = limit_rows(m, secs, years, cols, rot, rooms, limits, costs, deadline)
    h, inf = highs(m, time_limit)
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
        cuts = cv_cuts(secs, x, adds, standards)
        if not cuts or rounds >= MAX_ROUNDS:
            if cuts:
                notes.append(f"差异系数约束在{MAX_ROUNDS}轮割平面后仍未全部满足")
            break
        for terms, hi in cuts:
            idx = list(terms)
            h.addRow(-inf, hi, len(idx), int_array(idx), float_array([terms[i] for i in idx]))
    actions = solution_actions(secs, records, x, years, cols, rot, rooms, costs, deadline)
    binding = [f"{LIMIT_NAMES[name]}需突破约{amount:,.1f}{unit}" for name, (amount, unit) in
               slack_use(slacks, x).items() if amount > 1e-6]
    return actions, binding, rounds, notes


def cv_cuts(secs: Sequence[Sec], x: Sequence[float], adds: Mapping[tuple[int, int], Mapping[int, float]],
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
            v = [item_value(secs[s], k, adds[(s, k)], x) for s in members]
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


def solution_actions(secs: Sequence[Sec], records: Sequence[SchoolRecord], x: Sequence[float], years: Sequence[int],
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
