"""What a region's plans ask it to report each year: the one selection of the workbook template and the web form.

The catalog indicators its plans monitor (with baseline and target), then the quantified prose
targets no catalog entry covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eduplan.core.catalog import Catalog
from eduplan.core.evaluation.reported import ReportedTarget, reported_targets
from eduplan.core.numbers import target_text
from eduplan.core.plan import CatalogEntry, Plan, Target


def base_year(plans: Iterable[Plan]) -> int | None:
    """The common baseline year of the plans (the year before their period), else None."""
    years = {p.period[0] - 1 for p in plans if p.period}
    return years.pop() if len(years) == 1 else None


@dataclass
class Monitored:
    """A catalog indicator a region monitors, with its baseline and target from the plans."""

    entry: CatalogEntry
    baseline: float | None = None
    target: Target | None = None


def region_indicators(plans: Sequence[Plan], catalog: Catalog, base: int | None) -> list[Monitored]:
    """The catalog entries a region's plans monitor (plan order, once each); the whole catalog without plans.

    A plan may print one indicator in several tables (achievements, main targets): the
    baseline and the target are each taken from the first row that has one.
    """
    if not plans:
        return [Monitored(e) for e in catalog.entries]
    seen: dict[str, Monitored] = {}
    for plan in plans:
        for ind in plan.indicators:
            entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
            if entry is None:
                continue
            item = seen.setdefault(entry.id, Monitored(entry))
            if item.baseline is None and base is not None:
                item.baseline = ind.values.get(str(base))
            if item.target is None and ind.target is not None and ind.target.value is not None:
                item.target = ind.target
    return list(seen.values())


def format_target(target: Target | None) -> str | None:
    """A target as printed in the workbook: the one spelling (`core.numbers.target_text`) and its
    year, “≥98（2025年）”, “4～5”."""
    if target is None or target.value is None:
        return target.raw if target else None
    text = target_text(target.op, target.value, target.value_max)
    return f"{text}（{target.year}年）" if target.year else text


@dataclass(frozen=True)
class FigureRow:
    """A figure a region reports each year: a monitored catalog indicator, or a quantified prose
    target no catalog entry covers (its figures are observations of “target:<key>”)."""

    series: str  # the observation's indicator
    name: str
    unit: str | None
    target: str | None  # as the workbook prints it
    baseline: float | None = None
    entry: CatalogEntry | None = None
    reported: ReportedTarget | None = None


def figure_rows(plans: Sequence[Plan], catalog: Catalog, *, base: int | None = None) -> list[FigureRow]:
    """The figures a region's plans ask for, in the order of the 指标 then the 文中目标 sheet:
    the one selection shared by the workbook template and the web entry form (baselines of the
    year `base`, by default the plans' common base year)."""
    base = base_year(plans) if base is None else base
    rows = [FigureRow(m.entry.id, m.entry.name, m.entry.unit, format_target(m.target), m.baseline, entry=m.entry)
            for m in region_indicators(plans, catalog, base)]
    for r in reported_targets(plans, catalog):
        shown = "；".join(text for t in r.targets if (text := format_target(t)))
        rows.append(FigureRow(r.series, r.subject, r.unit, shown or None, reported=r))
    return rows
