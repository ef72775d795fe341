"""优质均衡 pass plans for a stored region: its school records, its plan's projects, the unit costs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from eduplan.core.errors import NotFoundError
from eduplan.core.inspection.pass_plan import PassPlan, solve_pass_plan
from eduplan.core.plan import Plan, SchoolRecord
from eduplan.data.costs import load_costs
from eduplan.services.inspections import Standards, resolve_standards, with_section_qualifications
from eduplan.services.monitoring import region_plan
from eduplan.store.records import latest_school_year, load_school_records

_YEAR_RE = re.compile(r"(20\d{2})")


def project_areas(plan: Plan | None, records: Sequence[SchoolRecord], *, by: int) -> dict[str, float]:
    """m² of building each school gets from the plan's own projects finished by `by`, matched by name.

    A project counts for a school when the school's name is part of the project's name (改扩建 of an
    existing school); projects for new schools have no record to add to and are left out.
    """
    if plan is None:
        return {}
    out: dict[str, float] = {}
    names = sorted(((r.name, r.school_id) for r in records if r.stage != "幼儿园"), key=lambda x: -len(x[0]))
    for project in plan.projects:
        area = project.floor_area
        finish = project.planned_finish or (str(project.period[1]) if project.period else None)
        year = _YEAR_RE.search(finish or "")
        if not area or year is None or int(year.group(1)) > by:
            continue
        match = next((sid for name, sid in names if name and name in project.name), None)
        if match is not None:
            out[match] = out.get(match, 0.0) + float(area)
    return out


def pass_plan(*, session: Session, region: str, by: int, year: int | None = None,
              costs_file: str | Path | None = None, standards: Standards = (),
              earliness: float = 0.0, time_limit: float = 120.0) -> PassPlan:
    """The least-cost actions that make the region pass 优质均衡's resource items by `by`."""
    std = resolve_standards(standards)
    year = year if year is not None else latest_school_year(session, region=region, up_to=by)
    if year is None:
        raise NotFoundError(f"{region}没有学校统计数据，请先用 eduplan schools import 导入")
    records = [with_section_qualifications(r, std) for r in load_school_records(session, region=region, year=year)
               if r.stage != "幼儿园"]
    if not records:
        raise NotFoundError(f"{region}没有{year}年的中小学统计数据")
    try:
        _, plan = region_plan(session=session, region=region)
    except NotFoundError:
        plan = None
    costs, limits = load_costs(costs_file)
    return solve_pass_plan(records, std, deadline=by, costs=costs, limits=limits,
                           project_areas=project_areas(plan, records, by=by), earliness=earliness,
                           time_limit=time_limit, region=region)
