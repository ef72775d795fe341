"""What a plan monitors: its targets on catalog indicators, each with the base-year value the
plan prints, and the engine's judgement of such a target on a series.

The base year is the year before the plan's period; a plan prints its base-year values in the
indicator tables, and those values are the baselines its targets are measured from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from eduplan.core.catalog import Catalog
from eduplan.core.plan import CatalogEntry, Op, Plan, Target
from eduplan.core.progress.assess import Assessment, assess_indicator
from eduplan.core.progress.rules import Point


@dataclass(frozen=True)
class MonitoredTarget:
    """A catalog indicator's target in a plan, with its base-year value as the plan prints it."""

    region: str
    label: str
    entry: CatalogEntry
    target: Target
    base_year: int
    baseline: float | None  # None: the plan prints no base-year value
    also_stated_at: tuple[int, ...] = ()  # lines that state the same commitment again (prose)


CommitmentKey = tuple[object, ...]
_UP, _DOWN = frozenset({Op.GE, Op.GT}), frozenset({Op.LE, Op.LT})


def commitment_key(who: object, target: Target) -> CommitmentKey:
    """What two statements of one commitment share: the same indicator, value(s) and year."""
    return (who, target.value, target.value_max, target.year)


def same_commitment(a: Target, b: Target) -> bool:
    """Whether two targets with one `commitment_key` say the same thing.

    The operator may differ only where the plan does not contradict itself: a table cell prints
    “55” where the text says “55%以上”, so a bare “=” goes with either side, but “≥” against “≤”
    is two different promises. A restatement that disagrees stays a second target, which the
    plan's audit reports as `target_inconsistent`.
    """
    if (a.value, a.value_max, a.year) != (b.value, b.value_max, b.year):
        return False
    ops = {a.op, b.op}
    return not (ops & _UP and ops & _DOWN) and (Op.RANGE not in ops or ops <= {Op.RANGE, Op.EQ})


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
    """The plan's targets on catalog indicators, once per commitment: indicator rows first, then
    prose targets; a prose target restating a row's commitment is kept as the row's second source."""
    bases = plan_baselines(plan, catalog)
    year = base_year(plan)
    out: list[MonitoredTarget] = []

    def add(label: str, entry: CatalogEntry, target: Target, line: int | None) -> None:
        dated = replace(target, year=target.year or plan.end_year)
        for n, known in enumerate(out):
            if known.entry.id == entry.id and same_commitment(
                    replace(known.target, year=known.target.year or plan.end_year), dated):
                if line is not None:
                    out[n] = replace(known, also_stated_at=(*known.also_stated_at, line))
                return
        out.append(MonitoredTarget(plan.region, label, entry, target, year, bases.get(entry.id)))

    for ind in plan.indicators:
        entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
        if entry is not None and ind.target is not None:
            add(ind.name, entry, ind.target, ind.source.line)
    for prose in plan.targets:
        entry = catalog.get(prose.catalog_id) if prose.catalog_id else None
        if entry is not None:
            target = Target(prose.op, prose.value, prose.value_max, prose.year or plan.end_year)
            add(prose.subject, entry, target, prose.source.line)
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
