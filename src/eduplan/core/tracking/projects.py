"""Project tracking (项目推进): schedule slippage, investment execution and places delivered.

- Planned dates are the project's planned start/finish (“YYYY-MM”), else its period's first
  January and last December. Slippage is actual minus planned, in months (positive = late);
  a project not yet started (finished) past its planned start (finish) slips by the months
  elapsed up to the as-of month, and is marked as still slipping.
- Execution rate (投资执行率) of a year is the money reported spent that year over the money
  planned for it; overall it is the sum spent over the sum planned, both up to the as-of year.
- Places (学位) are planned for the year of the planned finish and counted when reported.
Reports replace nothing in the plan: they are merged into a `ProjectTracking` value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from eduplan.core.collection.yearly import ProjectKey, ProjectReport
from eduplan.core.dates import month_text
from eduplan.core.frozen import made
from eduplan.core.plan import Project

_MONTH_IN_TEXT_RE = re.compile(r"(20\d\d)\s*[.\-/年]\s*(\d{1,2})")


class Phase(StrEnum):
    """How far a project has got."""

    NOT_STARTED = "未开工"
    UNDER_WAY = "在建"
    FINISHED = "已完工"


class Schedule(StrEnum):
    """A project's schedule against the plan."""

    AHEAD = "提前"
    ON_TIME = "按期"
    DELAYED = "滞后"
    UNKNOWN = "无计划工期"


@dataclass(frozen=True)
class ProjectTracking:
    """One project against its plan: dates, slippage, money and places (years as keys)."""

    key: str
    name: str
    table: str | None
    seq: int | None
    plan_status: str | None
    phase: Phase
    schedule: Schedule
    planned_start: str | None
    planned_finish: str | None
    actual_start: str | None
    actual_finish: str | None
    start_delay: int | None  # months, positive = late
    finish_delay: int | None
    still_slipping: bool  # the delay grows every month until the event happens
    investment_total: float | None
    planned_by_year: dict[int, float] = field(default_factory=dict)
    spent_by_year: dict[int, float] = field(default_factory=dict)
    execution_by_year: dict[int, float | None] = field(default_factory=dict)
    planned_to_date: float = 0.0
    spent_to_date: float = 0.0
    execution_rate: float | None = None  # spent_to_date / planned_to_date
    share_of_total: float | None = None  # spent_to_date / investment_total
    places_planned: int | None = None
    places_due_year: int | None = None
    places_by_year: dict[int, int] = field(default_factory=dict)
    places_delivered: int = 0
    note: str = ""


@dataclass(frozen=True)
class PlacesYear:
    """Places planned to open and places delivered in a year, and both to date."""

    year: int
    planned: int
    delivered: int
    planned_to_date: int
    delivered_to_date: int


def project_key(table: str | None, seq: int | None, name: str) -> str:
    """The stable key of a project: “table｜seq｜name”."""
    return f"{table or ''}｜{'' if seq is None else seq}｜{name}"


def find_month(text: str) -> str | None:
    """The first month written in running text (“2023年9月开工”, “2023.09-2024.12”) as “YYYY-MM”."""
    m = _MONTH_IN_TEXT_RE.search(text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{m.group(1)}-{int(m.group(2)):02d}"


def months_between(earlier: str, later: str) -> int:
    """later − earlier in months, both “YYYY-MM”."""
    (y0, m0), (y1, m1) = (_ym(earlier), _ym(later))
    return (y1 - y0) * 12 + (m1 - m0)


def _ym(text: str) -> tuple[int, int]:
    year, month = text.split("-")
    return int(year), int(month)


def planned_dates(project: Project) -> tuple[str | None, str | None]:
    """The planned start and finish months, falling back to the construction period."""
    start = month_text(project.planned_start, end=False)
    finish = month_text(project.planned_finish, end=True)
    if start is None and project.period:
        start = f"{project.period[0]:04d}-01"
    if finish is None and project.period:
        finish = f"{project.period[1]:04d}-12"
    return start, finish


def slippage(planned: str | None, actual: str | None, as_of: str) -> tuple[int | None, bool]:
    """Months late (negative = early) and whether the delay is still growing."""
    if planned is None:
        return None, False
    if actual is not None:
        return months_between(planned, actual), False
    late = months_between(planned, as_of)
    return (late, True) if late > 0 else (None, False)


def reports_for(project: Project, reports: Iterable[ProjectReport]) -> list[ProjectReport]:
    """The reports on this project (same table, sequence number and name), by year."""
    mine = [r for r in reports if _same(r.project, project)]
    return sorted(mine, key=lambda r: r.year)


def _same(key: ProjectKey, project: Project) -> bool:
    return key.name == project.name and key.table == project.table and key.seq == project.seq


def track_project(project: Project, reports: Sequence[ProjectReport], *, as_of_year: int) -> ProjectTracking:
    """The project at the end of `as_of_year`, from the plan and the reports up to that year."""
    return _tracked(project, reports_for(project, reports), as_of_year)


def _tracked(project: Project, reports: Sequence[ProjectReport], as_of_year: int) -> ProjectTracking:
    """`track_project` from the project's own reports, by year."""
    mine = [r for r in reports if r.year <= as_of_year]
    as_of = f"{as_of_year:04d}-12"
    planned_start, planned_finish = planned_dates(project)
    actual_start = _first(r.actual_start for r in mine) or month_text(project.actual_start, end=False)
    actual_finish = _last(r.actual_finish for r in mine) or month_text(project.actual_finish, end=True)
    start_delay, start_open = slippage(planned_start, actual_start, as_of)
    finish_delay, finish_open = slippage(planned_finish, actual_finish, as_of)
    planned = _years(project.investment_by_year)
    spent = {**_years(project.actual_investment_by_year), **_sums((r.year, r.investment) for r in mine)}
    places = {**{y: int(v) for y, v in _years(project.places_delivered_by_year).items()},
              **{y: int(v) for y, v in _sums((r.year, r.places) for r in mine).items()}}
    by_year, planned_to_date, spent_to_date = _execution(planned, spent, as_of_year)
    return made(
        ProjectTracking, key=project_key(project.table, project.seq, project.name), name=project.name,
        table=project.table, seq=project.seq, plan_status=project.status,
        phase=_phase(actual_start, actual_finish), schedule=_schedule(start_delay, finish_delay),
        planned_start=planned_start, planned_finish=planned_finish,
        actual_start=actual_start, actual_finish=actual_finish,
        start_delay=start_delay, finish_delay=finish_delay, still_slipping=start_open or finish_open,
        investment_total=project.investment_total, planned_by_year=planned, spent_by_year=spent,
        execution_by_year=by_year, planned_to_date=planned_to_date, spent_to_date=spent_to_date,
        execution_rate=_rate(spent_to_date, planned_to_date),
        share_of_total=_rate(spent_to_date, project.investment_total or 0.0),
        places_planned=project.places, places_due_year=_due_year(planned_finish),
        places_by_year=places, places_delivered=sum(v for y, v in places.items() if y <= as_of_year),
        note="；".join(r.note for r in mine if r.note),
    )


def _first(values: Iterable[str | None]) -> str | None:
    found = [v for v in values if v]
    return min(found) if found else None


def _last(values: Iterable[str | None]) -> str | None:
    found = [v for v in values if v]
    return max(found) if found else None


def _years(by_year: Mapping[str, float] | Mapping[str, int]) -> dict[int, float]:
    """A plan's year-keyed map with integer years (non-year keys such as “合计” dropped)."""
    return {int(k): float(v) for k, v in sorted(by_year.items()) if str(k).isdigit() and v is not None}


def _sums(pairs: Iterable[tuple[int, float | int | None]]) -> dict[int, float]:
    out: dict[int, float] = {}
    for year, value in pairs:
        if value is not None:
            out[year] = out.get(year, 0.0) + float(value)
    return out


def _execution(planned: Mapping[int, float], spent: Mapping[int, float],
               as_of_year: int) -> tuple[dict[int, float | None], float, float]:
    """Execution rate of each year up to `as_of_year`, money planned to date and spent to date."""
    years = sorted(y for y in {*planned, *spent} if y <= as_of_year)
    by_year = {y: _rate(spent.get(y, 0.0), planned.get(y, 0.0)) for y in years}
    return by_year, sum(planned.get(y, 0.0) for y in years), sum(spent.get(y, 0.0) for y in years)


def _rate(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def _phase(actual_start: str | None, actual_finish: str | None) -> Phase:
    if actual_finish is not None:
        return Phase.FINISHED
    return Phase.UNDER_WAY if actual_start is not None else Phase.NOT_STARTED


def _schedule(start_delay: int | None, finish_delay: int | None) -> Schedule:
    """By the finish delay when known, else by the start delay."""
    delay = finish_delay if finish_delay is not None else start_delay
    if delay is None:
        return Schedule.UNKNOWN if start_delay is None and finish_delay is None else Schedule.ON_TIME
    if delay > 0:
        return Schedule.DELAYED
    return Schedule.AHEAD if delay < 0 else Schedule.ON_TIME


def _due_year(planned_finish: str | None) -> int | None:
    return _ym(planned_finish)[0] if planned_finish else None


def track_projects(projects: Sequence[Project], reports: Sequence[ProjectReport], *,
                   as_of_year: int) -> list[ProjectTracking]:
    """Every project of the plan, in plan order, at the end of `as_of_year` (the reports grouped by
    project once: `reports_for` each project would read every report once per project)."""
    by_project: dict[tuple[str, str | None, int | None], list[ProjectReport]] = {}
    for r in reports:
        by_project.setdefault((r.project.name, r.project.table, r.project.seq), []).append(r)
    return [_tracked(p, sorted(by_project.get((p.name, p.table, p.seq), ()), key=lambda r: r.year), as_of_year)
            for p in projects]


def places_by_year(tracked: Sequence[ProjectTracking], *, as_of_year: int) -> list[PlacesYear]:
    """Places planned and delivered, year by year, from the first year either has to `as_of_year`."""
    planned: dict[int, int] = {}
    for t in tracked:
        if t.places_planned and t.places_due_year is not None:
            planned[t.places_due_year] = planned.get(t.places_due_year, 0) + t.places_planned
    delivered: dict[int, int] = {}
    for t in tracked:
        for year, n in t.places_by_year.items():
            delivered[year] = delivered.get(year, 0) + n
    years = [y for y in {*planned, *delivered} if y <= as_of_year]
    if not years:
        return []
    rows, p_sum, d_sum = [], 0, 0
    for year in range(min(years), as_of_year + 1):
        p_sum, d_sum = p_sum + planned.get(year, 0), d_sum + delivered.get(year, 0)
        rows.append(PlacesYear(year, planned.get(year, 0), delivered.get(year, 0), p_sum, d_sum))
    return rows
