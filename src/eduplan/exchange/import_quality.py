"""The quality checks over an import's observations: outliers against history, sub-rows above their parent.

Warnings, each at the cell (or form field) its figure came from; the rules are core.collection.plausibility's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from eduplan.core.collection import yearly as c
from eduplan.core.collection.plausibility import (
    METHOD_CODES,
    METHOD_LABELS,
    History,
    OutlierArrays,
    change_outliers,
    indicator_hierarchy,
    is_rate,
    plan_baselines,
    subrows_above_parent,
)
from eduplan.core.numbers import format_number
from eduplan.core.plan import Observation
from eduplan.exchange.import_run import Run


def check_quality(run: Run, history: History) -> None:
    """Outlier and sub-row warnings over the observations read."""
    observations = run.collection.observations
    if not observations:
        return
    _check_outliers(run, observations, {**plan_baselines(run.plans, run.catalog), **history})
    hierarchy = indicator_hierarchy(run.plans, run.catalog)
    if hierarchy:
        _check_subrows(run, observations, hierarchy)


def _check_outliers(run: Run, observations: Sequence[Observation], history: History) -> None:
    """Outlier warnings, year by year, computed on arrays."""
    for year in sorted({o.year for o in observations}):
        group = [o for o in observations if o.year == year]
        series = [history.get((o.region, o.indicator), {}) for o in group]
        years = sorted({y for s in series for y in s if y < year})
        col = {y: j for j, y in enumerate(years)}
        hist = np.full((len(group), len(years)), np.nan)
        for i, s in enumerate(series):
            for y, v in s.items():
                if y in col:
                    hist[i, col[y]] = v
        units = [run.unit(o.indicator) for o in group]
        rate = np.array([is_rate(u) for u in units], dtype=bool)
        values = np.array([o.value for o in group], dtype=np.float64)
        result = change_outliers(years, hist, year=year, values=values, rate=rate)
        for flagged in np.flatnonzero(result.flagged):
            _outlier_issue(run, group[int(flagged)], result, int(flagged))


def _outlier_issue(run: Run, obs: Observation, r: OutlierArrays, i: int) -> None:
    """The warning for one flagged observation."""
    last = float(r.last_value[i])
    delta = obs.value - last
    run.issues.append(c.OUTLIER_CHANGE.make(
        run.cells_of[id(obs)], value=format_number(obs.value), name=run.name(obs.indicator), year=obs.year,
        last_year=int(r.last_year[i]), last=format_number(last),
        delta=("+" if delta > 0 else "") + format_number(round(delta, 2)),
        low=format_number(round(max(float(r.low[i]), 0.0), 2)), high=format_number(round(float(r.high[i]), 2)),
        method=METHOD_LABELS[METHOD_CODES[int(r.method[i])]]))


def _check_subrows(run: Run, observations: Sequence[Observation], hierarchy: Mapping[str, str]) -> None:
    """Sub-row-above-parent warnings per region and year."""
    groups: dict[tuple[str, int], dict[str, Observation]] = {}
    for obs in observations:
        groups.setdefault((obs.region, obs.year), {})[obs.indicator] = obs
    for group in groups.values():
        values = {k: o.value for k, o in group.items()}
        for child, parent in subrows_above_parent(values, hierarchy):
            kid, up = group[child], group[parent]
            run.issues.append(c.SUBROW_ABOVE_PARENT.make(
                run.cells_of[id(kid)], value=format_number(kid.value), name=run.name(child),
                parent=run.name(parent), parent_value=format_number(up.value)))

