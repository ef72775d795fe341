"""School places (学位): demand by year, supply from existing schools and projects, the gap.

Demand comes from a population forecast (× an enrolment rate) or from a linear trend of past
enrolments. Supply is the standard places of existing schools (`extra["places"]`, or classes ×
the stage's places per class from the standards set) plus each project's places from the year
it finishes. Every total is computed here: printed totals are only compared, never trusted.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from eduplan.core.findings import PLACE_TOTAL_MISMATCH, PLACES_GAP_OPEN, PLACES_SURPLUS
from eduplan.core.inspection.standards import SECTIONS, StandardsSet, stage_key
from eduplan.core.plan import Finding, Project, SchoolRecord


@dataclass(frozen=True)
class PlaceProject:
    """A project's new places and the first year they can be used."""

    name: str
    places: int
    year: int
    stage: str | None = None


@dataclass(frozen=True)
class PlaceYear:
    """The balance of places in one year; `gap` > 0 is a shortage, < 0 a surplus."""

    year: int
    demand: int
    existing: int
    new_places: int  # places of the projects open by this year
    opened: tuple[str, ...]  # projects opening this year
    closed_by: tuple[str, ...]  # projects (in opening order) needed to cover this year's demand

    @property
    def supply(self) -> int:
        """Existing plus new places."""
        return self.existing + self.new_places

    @property
    def gap(self) -> int:
        """Demand minus supply."""
        return self.demand - self.supply


@dataclass(frozen=True)
class PlaceBalance:
    """The place balance of one stage over the forecast years."""

    stage: str | None
    years: tuple[PlaceYear, ...]
    projects: tuple[PlaceProject, ...]

    @property
    def initial_gap(self) -> int:
        """The gap before any project: the largest demand minus existing places."""
        return max((y.demand - y.existing for y in self.years), default=0)

    @property
    def new_places_total(self) -> int:
        """All places the scheduled projects add."""
        return sum(p.places for p in self.projects)

    @property
    def closed_in(self) -> int | None:
        """The first year from which supply covers demand in every later year."""
        closed: int | None = None
        for year in self.years:
            if year.gap > 0:
                closed = None
            elif closed is None:
                closed = year.year
        return closed

    @property
    def final(self) -> PlaceYear | None:
        """The last forecast year."""
        return self.years[-1] if self.years else None


def finish_year(project: Project) -> int | None:
    """The year a project's places become usable: actual, else planned finish, else period end."""
    for text in (project.actual_finish, project.planned_finish):
        if text and text[:4].isdigit():
            return int(text[:4])
    return project.period[1] if project.period else None


def project_places(projects: Iterable[Project], *, stage: str | None = None) -> list[PlaceProject]:
    """The projects (of `stage`, if given) that add places and have a finish year."""
    out: list[PlaceProject] = []
    for project in projects:
        year = finish_year(project)
        if project.places and year is not None and (stage is None or project.stage == stage):
            out.append(PlaceProject(project.name, project.places, year, project.stage))
    return out


def stage_enrolment(record: SchoolRecord, stage: str) -> float:
    """The record's pupils at `stage` (a section of a combined school counts its own)."""
    own = "小学" if record.stage == "教学点" else record.stage
    if own == stage:
        return float(record.enrolment)
    value = record.extra.get(f"{stage}.enrolment") if stage in SECTIONS.get(own, ()) else None
    return float(value) if isinstance(value, int | float) else 0.0


def stage_places(record: SchoolRecord, stage: str, standards: StandardsSet) -> int | None:
    """The record's standard places at `stage`; None for a combined school without section classes."""
    own = "小学" if record.stage == "教学点" else record.stage
    per_class = f"places.per_class.{stage_key(stage)}"
    if own == stage:
        given = record.extra.get("places")
        return int(given) if isinstance(given, int | float) else int(record.classes * standards.number(per_class))
    if stage not in SECTIONS.get(own, ()):
        return 0
    given, classes = record.extra.get(f"{stage}.places"), record.extra.get(f"{stage}.classes")
    if isinstance(given, int | float):
        return int(given)
    return int(classes * standards.number(per_class)) if isinstance(classes, int | float) else None


def demand_from_population(population: Mapping[int, float], rate: float) -> dict[int, int]:
    """Places needed each year: the age group's population × the enrolment rate (%), rounded up."""
    return {year: math.ceil(round(pop * rate / 100, 6)) for year, pop in sorted(population.items())}


def demand_from_trend(enrolments: Mapping[int, float], years: Iterable[int]) -> dict[int, int]:
    """Places needed in `years` from the least-squares line through past enrolments."""
    points = sorted(enrolments.items())
    if not points:
        return {}
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx if sxx else 0.0
    return {year: max(math.ceil(round(mean_y + slope * (year - mean_x), 6)), 0) for year in sorted(years)}


def _closing(existing: int, demand: int, open_projects: Sequence[PlaceProject]) -> tuple[str, ...]:
    """The projects, in opening order, whose places are needed to cover `demand`."""
    needed: list[str] = []
    supply = existing
    for project in open_projects:
        if supply >= demand:
            break
        needed.append(project.name)
        supply += project.places
    return tuple(needed)


def place_balance(
    demand: Mapping[int, int], existing: int | Mapping[int, int], projects: Sequence[PlaceProject],
    *, stage: str | None = None,
) -> PlaceBalance:
    """Demand, supply and gap for each demand year, and which projects close the gap."""
    ordered = sorted(projects, key=lambda p: p.year)  # stable: same-year projects keep their order
    years: list[PlaceYear] = []
    for year in sorted(demand):
        base = existing if isinstance(existing, int) else existing.get(year, 0)
        open_now = [p for p in ordered if p.year <= year]
        years.append(PlaceYear(
            year=year, demand=demand[year], existing=base, new_places=sum(p.places for p in open_now),
            opened=tuple(p.name for p in ordered if p.year == year),
            closed_by=_closing(base, demand[year], open_now)))
    return PlaceBalance(stage, tuple(years), tuple(ordered))


def place_findings(balance: PlaceBalance, *, printed: Mapping[str, float] | None = None) -> list[Finding]:
    """Problems in a place balance: printed totals that differ from the computed ones, and a
    gap the projects leave open or overshoot."""
    final = balance.final
    if final is None:
        return []
    computed = {"existing": final.existing, "demand": final.demand, "gap": final.demand - final.existing,
                "new_places": balance.new_places_total}
    names = {"existing": "现有学位", "demand": "学位需求", "gap": "学位缺口", "new_places": "新增学位合计"}
    out = [PLACE_TOTAL_MISMATCH.make(line=None, name=names[k], printed=v, computed=computed[k], field=k)
           for k, v in (printed or {}).items() if k in computed and v != computed[k]]
    label = balance.stage or "学位"
    if final.gap > 0:
        out.append(PLACES_GAP_OPEN.make(line=None, year=final.year, label=label, gap=final.gap))
    elif final.gap < 0 and balance.projects:
        out.append(PLACES_SURPLUS.make(line=None, year=final.year, label=label, surplus=-final.gap))
    return out
