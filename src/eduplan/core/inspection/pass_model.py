"""The pass plan's mixed-integer program, piece by piece: its columns and rows, the school
sections it is written over, the limits as penalised rows, and the hand-over to HiGHS.

`pass_solve.py` builds the program from these pieces and solves it; `pass_plan.py` is the entry.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eduplan.core.inspection.balance import RESOURCE_INDICATORS, SchoolSection, school_sections
from eduplan.core.inspection.pass_actions import ACTION_KINDS, apply_actions, unit_cost
from eduplan.core.inspection.pass_inputs import Limits, UnitCosts
from eduplan.core.inspection.standards import StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord

PENALTY = 1.0e5  # 万元 per unit of a limit exceeded: only where nothing within the limits passes


#: the resource items each action kind adds to (index into RESOURCE_INDICATORS)
ITEM = {spec.key: i for i, spec in enumerate(RESOURCE_INDICATORS)}
KIND_ITEMS = {kind: tuple(ITEM[f] for f in figures) for kind, (_, _, figures) in ACTION_KINDS.items()}
INTEGER = {"hire", "hire_pe_art", "train_backbone", "rotate_backbone", "multimedia", "music_room", "art_room"}
LIMIT_NAMES = {
    "hires": "每校每年招聘教师人数", "trainings": "每校每年培养骨干教师人数",
    "rooms": "每校每年配备教室间数", "teaching_area": "每校可新建教学及辅助用房面积",
    "sports_area": "每校可新建体育运动场馆面积", "budget": "年度经费上限",
}


class Model:
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
class Sec:
    section: SchoolSection
    record: int  # index of its record
    figures: list[float]  # deadline-year figures, a missing one as 0
    standards: list[float]  # in the figures' units: standard × enrolment / per
    floors: list[float]


def sections(records: Sequence[SchoolRecord], standards: StandardsSet,
             project_areas: Mapping[str, float]) -> list[Sec]:
    out: list[Sec] = []
    for index, record in enumerate(apply_actions(records, [], standards, project_areas=project_areas)):
        for section in school_sections(record, standards)[0]:
            figures = [0.0 if f is None else f for f in section.figures]
            need = [standards.number(f"balance.resource.{stage_key(section.section)}.{spec.key}")
                    * section.enrolment / spec.per for spec in RESOURCE_INDICATORS]
            tol = standards.number("balance.school.tolerance_ratio")
            out.append(Sec(section, index, figures, need, [n * tol for n in need]))
    return out


def all_additions(n: int, years: Sequence[int], cols: Mapping[tuple[int, str, int], int],
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


def limit_rows(m: Model, secs: Sequence[Sec], years: Sequence[int], cols: Mapping[tuple[int, str, int], int],
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


def slack_use(slacks: Mapping[str, list[tuple[int, str]]], x: Sequence[float]) -> dict[str, tuple[float, str]]:
    return {name: (sum(x[c] for c, _ in cols), cols[0][1]) for name, cols in slacks.items() if cols}


def item_value(sec: Sec, k: int, terms: Mapping[int, float], x: Sequence[float]) -> float:
    """The per-student (or per-100) value of item k in the solution `x`."""
    added = sum(coef * x[col] for col, coef in terms.items())
    return (sec.figures[k] + added) * RESOURCE_INDICATORS[k].per / sec.section.enrolment


def int_array(values: Sequence[int]):
    import numpy as np

    return np.asarray(values, dtype=np.int32)


def float_array(values: Sequence[float]):
    import numpy as np

    return np.asarray(values, dtype=np.float64)


def highs(m: Model, time_limit: float):
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
    h.addVars(n, float_array(m.lb), float_array([inf if u == math.inf else u for u in m.ub]))
    h.changeColsCost(n, int_array(range(n)), float_array(m.cost))
    ints = [i for i, flag in enumerate(m.integer) if flag]
    if ints:
        kinds = np.full(len(ints), int(highspy.HighsVarType.kInteger), dtype=np.uint8)
        h.changeColsIntegrality(len(ints), int_array(ints), kinds)
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
    h.addRows(len(lower), float_array(lower), float_array(upper), len(index), int_array(starts), int_array(index), float_array(value))
    return h, inf
