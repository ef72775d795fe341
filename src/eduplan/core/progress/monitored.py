"""What a plan monitors: its targets on catalog indicators, each with the base-year value the
plan prints, and the engine's judgement of such a target on a series.

The base year is the year before the plan's period; a plan prints its base-year values in the
indicator tables, and those values are the baselines its targets are measured from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from eduplan.core.catalog import Catalog
from eduplan.core.plan import CatalogEntry, Plan, Target
from eduplan.core.progress.assess import Assessment, Point, assess_indicator


@dataclass(frozen=True)
class MonitoredTarget:
    """A catalog indicator's target in a plan, with its base-year value as the plan prints it."""

    region: str
    label: str
    entry: CatalogEntry
    target: Target
    base_year: int
    baseline: float | None  # None: the plan prints no base-year value


def base_year(plan: Plan) -> int:
    """The year before the plan's period (2020 for a 2021–2025 plan)."""
    return plan.period[0] - 1 if plan.period else 2020


def plan_baselines(plan: Plan, catalog: Catalog) -> dict[str, float]:
    """Catalog id → the base-year value the plan prints (first row that has one)."""
    year = str(base_year(plan))
    out: dict[str, float] = {}
    for ind in plan.indicators:
        entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
        value = ind.values.get(year)
        if entry is not None and value is not None:
            out.setdefault(entry.id, float(value))
    return out


def monitored_targets(plan: Plan, *, catalog: Catalog) -> list[MonitoredTarget]:
    """The plan's targets on catalog indicators: indicator rows first, then prose targets."""
    bases = plan_baselines(plan, catalog)
    year = base_year(plan)
    out: list[MonitoredTarget] = []
    for ind in plan.indicators:
        entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
        if entry is not None and ind.target is not None:
            out.append(MonitoredTarget(plan.region, ind.name, entry, ind.target, year, bases.get(entry.id)))
    for prose in plan.targets:
        entry = catalog.get(prose.catalog_id) if prose.catalog_id else None
        if entry is not None:
            target = Target(prose.op, prose.value, prose.value_max, prose.year or plan.end_year)
            out.append(MonitoredTarget(plan.region, prose.subject, entry, target, year, bases.get(entry.id)))
    return out


def monitored_entries(plan: Plan, *, catalog: Catalog) -> list[CatalogEntry]:
    """Every catalog indicator the plan names, in plan order, once each."""
    seen: dict[str, CatalogEntry] = {}
    for ind in plan.indicators:
        entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
        if entry is not None:
            seen.setdefault(entry.id, entry)
    for t in monitored_targets(plan, catalog=catalog):
        seen.setdefault(t.entry.id, t.entry)
    return list(seen.values())


def assess_monitored(target: MonitoredTarget, series: Mapping[int, float], *, as_of: int) -> Assessment:
    """The engine's judgement of a target on a series; the base-year value is the baseline."""
    value = target.baseline if target.baseline is not None else series.get(target.base_year)
    baseline = Point(target.base_year, value) if value is not None else None
    return assess_indicator(
        entry=target.entry, target=target.target, baseline=baseline, observations=series, as_of=as_of,
        base_year=target.base_year,
    )
