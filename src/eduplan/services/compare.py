"""Compare regions on one catalog indicator in one year: value, rank, plan target and status.

The indicator may be named by catalog id, canonical name or any synonym (“毛入园率”). Every
region with an observation of it or a plan target on it is listed; statuses are computed for
all regions at once by the vectorised `assess_bulk` (one query per table, no per-region loop
over the database).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from eduplan.core.catalog import Catalog
from eduplan.core.comparison import DIRECTION_LABELS, RegionComparison, RegionValue, competition_ranks
from eduplan.core.errors import NotFoundError
from eduplan.core.numbers import target_text
from eduplan.core.plan import CatalogEntry, Op
from eduplan.core.progress.bulk import assess_bulk
from eduplan.core.progress.bulk_rules import DIRECTION_CODES, OP_CODES, BulkTargets, Floats
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import SCALE_NATURE, Shape, Status, bounds_for, shape_for
from eduplan.data.catalog import load_catalog
from eduplan.store.boards import indicator_series, indicator_targets, plan_statuses


@dataclass(frozen=True)
class _PlanTarget:
    """A region's plan target on the indicator, with its baseline."""

    plan_title: str
    op: Op
    value: float | None
    value_max: float | None
    year: int | None
    base_year: int | None
    baseline: float | None
    binding: bool


def find_entry(catalog: Catalog, indicator: str) -> CatalogEntry:
    """The catalog entry named by id, name or synonym; NotFoundError lists close names."""
    text = indicator.strip()
    entry = catalog.get(text) or catalog.match(text)
    if entry is not None:
        return entry
    close = [e.name for e in catalog.entries if text in e.name or e.name in text
             or any(text in s for s in e.synonyms)]
    hint = f"，相近的指标：{'、'.join(close[:8])}" if close else "，可用 eduplan 的指标目录查看全部指标"
    raise NotFoundError(f"指标目录中没有“{text}”{hint}")


def compare_regions(*, session: Session, indicator: str, year: int, include_drafts: bool = False,
                    approved_only: bool = False, regions: Collection[str] | None = None) -> RegionComparison:
    """Every region's value of the indicator in `year` (of the regions named by key, e.g. the
    counties of a city, when given), ranked by the indicator's direction among them.

    Targets come from published plans only, and a region whose plans are all drafts shows no
    figures, unless `include_drafts` (for readers of every region); values from approved
    region-years only with `approved_only`.
    """
    entry = find_entry(load_catalog(), indicator)
    history, details = _observations(session, entry.id, year, approved_only)
    if not include_drafts:  # a region whose plans are all drafts shows none of its figures
        hidden = _draft_only_regions(session)
        history = {r: series for r, series in history.items() if r not in hidden}
    targets = _targets(session, entry.id, history, include_drafts=include_drafts)
    if regions is not None:
        wanted = set(regions)
        history = {r: series for r, series in history.items() if r in wanted}
        targets = {r: t for r, t in targets.items() if r in wanted}
    regions = sorted({*history, *targets})
    judged = _statuses(entry, [targets.get(r) for r in regions], [history.get(r, {}) for r in regions], year)
    values = {r: history.get(r, {}).get(year) for r in regions}
    ranks = competition_ranks(values, entry.direction)
    rows = [_row(r, values[r], ranks.get(r), details.get(r, (None, False)), targets.get(r), judged[i])
            for i, r in enumerate(regions)]
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.region))
    return RegionComparison(entry.id, entry.name, entry.unit, entry.direction, DIRECTION_LABELS[entry.direction],
                            year, rows)


def _observations(session: Session, entry_id: str, year: int, approved_only: bool = False
                  ) -> tuple[dict[str, dict[int, float]], dict[str, tuple[str | None, bool]]]:
    """Each region's series, and the source and simulated flag of its value in `year`."""
    history: dict[str, dict[int, float]] = {}
    details: dict[str, tuple[str | None, bool]] = {}
    for region, y, value, source, simulated in indicator_series(session, indicator=entry_id,
                                                                approved_only=approved_only):
        history.setdefault(region, {})[y] = value
        if y == year:
            details[region] = (source, simulated)
    return history, details


def _draft_only_regions(session: Session) -> set[str]:
    """Regions with a stored plan and none published."""
    statuses: dict[str, set[str]] = {}
    for region, status in plan_statuses(session):
        statuses.setdefault(region, set()).add(status)
    return {r for r, found in statuses.items() if "published" not in found}


def _targets(session: Session, entry_id: str, history: Mapping[str, Mapping[int, float]], *,
             include_drafts: bool) -> dict[str, _PlanTarget]:
    """The first target on the indicator in each region's plans (table rows before prose)."""
    printed: dict[str, float] = {}
    found: dict[str, _PlanTarget] = {}
    for t in indicator_targets(session, indicator=entry_id, include_drafts=include_drafts):
        base = t.period_start - 1 if t.period_start else None
        value = t.values.get(str(base)) if base is not None else None
        if value is not None:
            printed.setdefault(t.region, float(value))
        if t.op and t.region not in found:
            found[t.region] = _PlanTarget(t.plan_title, Op(t.op), t.value, t.value_max, t.year or t.period_end,
                                          base, None, t.binding)
    for t in indicator_targets(session, indicator=entry_id, include_drafts=include_drafts, prose=True):
        if t.region not in found and t.op:  # prose targets for regions whose tables set none
            found[t.region] = _PlanTarget(t.plan_title, Op(t.op), t.value, t.value_max, t.year or t.period_end,
                                          t.period_start - 1 if t.period_start else None, None, False)
    return {r: _with_baseline(t, printed.get(r), history.get(r, {})) for r, t in found.items()}


def _with_baseline(t: _PlanTarget, printed: float | None, series: Mapping[int, float]) -> _PlanTarget:
    """The plan's printed base-year value, else the observed one."""
    base = printed if printed is not None else series.get(t.base_year) if t.base_year is not None else None
    return _PlanTarget(t.plan_title, t.op, t.value, t.value_max, t.year, t.base_year, base, t.binding)


def _statuses(entry: CatalogEntry, targets: Sequence[_PlanTarget | None], series: Sequence[Mapping[int, float]],
              year: int) -> list[tuple[Status, Likelihood, bool] | None]:
    """Status, likelihood and flag of each region's target, all regions at once."""
    index = [i for i, t in enumerate(targets) if t is not None]
    if not index:
        return [None] * len(targets)
    years = np.array(sorted({y for s in series for y in s} or {year}), dtype=np.int64)
    chosen = [t for t in targets if t is not None]
    bounds = bounds_for(entry)
    values = np.array([[series[i].get(int(y), math.nan) for y in years] for i in index], dtype=np.float64)
    result = assess_bulk(BulkTargets(
        years=years, values=values,
        base_year=np.array([_int(t.base_year) for t in chosen], dtype=np.int64),
        base_value=_floats(t.baseline for t in chosen),
        target_year=np.array([_int(t.year) for t in chosen], dtype=np.int64),
        op=np.array([OP_CODES[t.op] for t in chosen], dtype=np.int8),
        target_value=_floats(t.value if t.year is not None else None for t in chosen),
        target_max=_floats(t.value_max for t in chosen),
        direction=np.full(len(chosen), DIRECTION_CODES[entry.direction], dtype=np.int8),
        compound=np.full(len(chosen), shape_for(entry) is Shape.COMPOUND),
        binding=np.array([t.binding for t in chosen], dtype=np.bool_),
        lower=np.full(len(chosen), _bound(bounds.low)), upper=np.full(len(chosen), _bound(bounds.high)),
        scale=np.full(len(chosen), entry.nature == SCALE_NATURE),
    ), as_of=year)
    out: list[tuple[Status, Likelihood, bool] | None] = [None] * len(targets)
    for n, (status, likelihood, flagged) in enumerate(zip(result.statuses(), result.likelihoods(),
                                                          result.flagged.tolist())):
        out[index[n]] = (status, likelihood, bool(flagged))
    return out


def _int(value: int | None) -> int:
    return -1 if value is None else value


def _floats(values: Iterable[float | None]) -> Floats:
    return np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)


def _row(region: str, value: float | None, rank: int | None, detail: tuple[str | None, bool],
         target: _PlanTarget | None, judged: tuple[Status, Likelihood, bool] | None) -> RegionValue:
    return RegionValue(
        region=region, value=value, rank=rank, source=detail[0], simulated=detail[1],
        plan_title=target.plan_title if target else None,
        target=target_text(target.op, target.value, target.value_max) if target else None,
        target_year=target.year if target else None, baseline=target.baseline if target else None,
        status=judged[0] if judged else None, likelihood=judged[1] if judged else None,
        binding=target.binding if target else False, flagged=judged[2] if judged else False,
    )


def _bound(value: float | None) -> float:
    return math.nan if value is None else value
