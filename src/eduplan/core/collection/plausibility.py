"""Pure data-quality checks on reported figures (the DHIS2 practices, adapted to yearly data).

Outliers are judged on year-over-year *changes*, not on levels: a district's 毛入园率 of 95 is
normal, a jump from 85 to 95 in one year is not. For each series the change per year between
consecutive reported years is computed (a gap of g years divides the change by g), then:

- 5 or more past changes: modified z-score (Iglewicz–Hoaglin) around the median change,
  flag when |M| > 3.5, i.e. |change − median| > 3.5 · 1.4826 · MAD; when MAD is 0 the mean
  absolute deviation stands in (× 1.2533), as is usual.
- 3 or 4 past changes: z-score around the mean change, flag when |z| > 3 (sample SD).
- 0 to 2 past changes (short history, the usual case in a plan's first years): a fixed
  plausible yearly change around the mean past change (0 when there is none): 5 percentage
  points for a rate (unit %), 20 % of the last value for anything else.
- A floor keeps smooth series from flagging trivial moves: the allowed deviation is never
  below 1 percentage point for a rate, or 3 % of the last value otherwise.
The allowed deviation grows linearly with the gap between the last reported year and this one.
A series with no earlier value cannot be judged and is not flagged.

A rate above its catalog maximum is an error (912 for 91.2, or a share entered as a count):
storing it would corrupt every assessment. Gross enrolment ratios (毛入园率, 毛入学率) are the
exception: pupils of any age over the population of the age group can exceed 100 %, so for
them it is a warning to confirm.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from eduplan.core.catalog import Catalog
from eduplan.core.plan import CatalogEntry, Observation, Plan

MODIFIED_Z_LIMIT = 3.5
MODIFIED_Z_SCALE = 1.4826  # MAD → SD of a normal distribution
MEAN_AD_SCALE = 1.2533  # mean absolute deviation → SD
MODIFIED_Z_MIN_CHANGES = 5
Z_LIMIT = 3.0
Z_MIN_CHANGES = 3
FALLBACK_RATE_POINTS = 5.0
FALLBACK_SHARE = 0.20
FLOOR_RATE_POINTS = 1.0
FLOOR_SHARE = 0.03
RATE_UNITS = frozenset({"%", "‰", "百分比"})
GROSS_RATIO_MARK = "毛入"

#: (region, catalog id) → {year: value}: the reported history an import is judged against.
History = Mapping[tuple[str, str], Mapping[int, float]]


class OutlierMethod(StrEnum):
    """Which rule judged a change (see the module docstring)."""

    MODIFIED_Z = "modified-z"
    Z = "z"
    JUMP = "jump"
    NONE = "none"  # no earlier value: not judged


METHOD_CODES = (OutlierMethod.NONE, OutlierMethod.JUMP, OutlierMethod.Z, OutlierMethod.MODIFIED_Z)
METHOD_LABELS = {
    OutlierMethod.MODIFIED_Z: "修正Z分数法",
    OutlierMethod.Z: "Z分数法",
    OutlierMethod.JUMP: "历史数据不足，按单年合理变幅",
    OutlierMethod.NONE: "无历史数据",
}


@dataclass(frozen=True)
class OutlierArrays:
    """Per series: flagged or not, the rule used (index into METHOD_CODES), the plausible range."""

    flagged: NDArray[np.bool_]
    method: NDArray[np.int8]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    last_year: NDArray[np.int64]
    last_value: NDArray[np.float64]


@dataclass(frozen=True)
class Outlier:
    """One flagged value: the rule, the plausible range and the last reported point."""

    method: OutlierMethod
    low: float
    high: float
    last_year: int
    last_value: float


def is_rate(unit: str | None) -> bool:
    """Whether a unit is a percentage-like rate."""
    return unit in RATE_UNITS


def change_outliers(years: Sequence[int], history: NDArray[np.float64], *, year: int,
                    values: NDArray[np.float64], rate: NDArray[np.bool_]) -> OutlierArrays:
    """Vectorised outlier check: rows of past values (NaN = missing) against this year's values."""
    cols = np.asarray(years, dtype=np.int64)
    keep = cols < year
    cols, hist = cols[keep], np.asarray(history, dtype=np.float64)[:, keep]
    n, width = hist.shape
    known = ~np.isnan(hist)
    pos = np.where(known, np.arange(width), -1)
    last_pos = pos.max(axis=1, initial=-1)
    has_last = last_pos >= 0
    rows = np.arange(n)
    safe = np.maximum(last_pos, 0)
    last_value = hist[rows, safe] if width else np.full(n, np.nan)
    last_year = cols[safe] if width else np.zeros(n, dtype=np.int64)
    changes = _changes(cols, hist, pos)
    count = (~np.isnan(changes)).sum(axis=1)
    center, spread, method = _center_spread(changes, count, last_value, values, rate)
    gap = np.where(has_last, year - last_year, 1)
    expected = last_value + center * gap
    allowed = spread * gap
    flagged = has_last & ~np.isnan(values) & (np.abs(values - expected) > allowed + 1e-9)
    codes = np.where(has_last, method, 0).astype(np.int8)
    return OutlierArrays(flagged, codes, expected - allowed, expected + allowed,
                         np.where(has_last, last_year, 0), last_value)


def _changes(cols: NDArray[np.int64], hist: NDArray[np.float64], pos: NDArray[np.int64]) -> NDArray[np.float64]:
    """Change per year between each value and the previous reported one (NaN where none)."""
    n, width = hist.shape
    if width < 2:
        return np.full((n, 0), np.nan)
    prev = np.maximum.accumulate(pos, axis=1)[:, :-1]
    cur = hist[:, 1:]
    prev_safe = np.maximum(prev, 0)
    prev_value = np.take_along_axis(hist, prev_safe, axis=1)
    span = cols[1:][None, :] - cols[prev_safe]
    ok = (prev >= 0) & ~np.isnan(cur)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, (cur - prev_value) / np.where(ok, span, 1), np.nan)


def _center_spread(changes: NDArray[np.float64], count: NDArray[np.int64], last: NDArray[np.float64],
                   values: NDArray[np.float64], rate: NDArray[np.bool_]
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Expected change per year, allowed deviation per year and the rule used, per row."""
    n = len(count)
    if changes.shape[1] == 0:
        changes = np.full((n, 1), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(changes, axis=1)
        mad = np.nanmedian(np.abs(changes - median[:, None]), axis=1)
        mean_ad = np.nanmean(np.abs(changes - median[:, None]), axis=1)
        mean = np.nanmean(changes, axis=1)
        sd = np.nanstd(changes, axis=1, ddof=1)
    robust = np.where(mad > 0, MODIFIED_Z_SCALE * mad, MEAN_AD_SCALE * mean_ad)
    level = np.where(last != 0, np.abs(last), np.abs(values))
    level = np.nan_to_num(level)
    fallback = np.where(rate, FALLBACK_RATE_POINTS, FALLBACK_SHARE * level)
    floor = np.where(rate, FLOOR_RATE_POINTS, FLOOR_SHARE * level)
    use_mz = count >= MODIFIED_Z_MIN_CHANGES
    use_z = ~use_mz & (count >= Z_MIN_CHANGES)
    center = np.where(use_mz, median, np.where(count > 0, mean, 0.0))
    spread = np.where(use_mz, MODIFIED_Z_LIMIT * robust, np.where(use_z, Z_LIMIT * sd, fallback))
    spread = np.maximum(np.nan_to_num(spread), floor)
    method = np.where(use_mz, 3, np.where(use_z, 2, 1))
    return np.nan_to_num(center), spread, method


def change_outlier(history: Mapping[int, float], *, year: int, value: float, rate: bool) -> Outlier | None:
    """The scalar form of `change_outliers`: the outlier for one series, or None."""
    years = sorted(y for y in history if y < year)
    result = change_outliers(years, np.array([[history[y] for y in years]], dtype=np.float64), year=year,
                             values=np.array([value], dtype=np.float64), rate=np.array([rate]))
    if not result.flagged[0]:
        return None
    return Outlier(METHOD_CODES[int(result.method[0])], float(result.low[0]), float(result.high[0]),
                   int(result.last_year[0]), float(result.last_value[0]))


#: Ceilings no yearly figure of a region (or of the whole country) can reach, by unit: beyond them a
#: value is a typing error (a decimal point, a unit, a pasted ID), refused before it reaches the
#: database. Rates: twice 100% (gross ratios pass 100%, never 200%); counts in 万人: 5 亿 people;
#: money in 万元: 10 万亿 yuan (China's whole education spend is about 6 万亿).
UNIT_CEILINGS: dict[str, float] = {
    "%": 200.0, "百分比": 200.0, "‰": 2000.0, "万人": 50_000.0, "人": 500_000_000.0, "万人次": 500_000.0,
    "人次": 5_000_000_000.0, "年": 30.0, "岁": 150.0, "所": 1_000_000.0, "个": 10_000_000.0, "万个": 1_000.0,
    "元": 10_000_000_000_000.0, "万元": 1_000_000_000.0, "亿元": 100_000.0, "平方米": 10_000_000_000.0,
    "万平方米": 1_000_000.0,
}
#: Any other unit, or none (a ratio like 生师比): no figure of a plan comes near 10¹².
DEFAULT_CEILING = 1_000_000_000_000.0
#: A per-person amount in 元 (per-student spend, an average salary): under 1 000 万元 a year.
PER_PERSON_YUAN_CEILING = 10_000_000.0
#: New school places of one project, and a project's sequence number.
PLACES_CEILING = 10_000_000
SEQUENCE_CEILING = 100_000


def value_ceiling(unit: str | None, *, max_value: float | None = None) -> float:
    """The largest plausible value of a figure in this unit (a catalog maximum above it raises it)."""
    ceiling = UNIT_CEILINGS.get((unit or "").strip(), DEFAULT_CEILING)
    return max(ceiling, max_value) if max_value is not None else ceiling


def exceeds_max(entry: CatalogEntry, value: float) -> bool:
    """Whether a value is above the indicator's catalog maximum (e.g. a rate above 100)."""
    return entry.max_value is not None and value > entry.max_value + 1e-9


def may_exceed_max(entry: CatalogEntry) -> bool:
    """Gross enrolment ratios can pass 100 % (over-age pupils): above-max is a warning for them."""
    return GROSS_RATIO_MARK in entry.name


def indicator_hierarchy(plans: Iterable[Plan], catalog: Catalog) -> dict[str, str]:
    """Child → parent catalog ids from the plans' sub-rows, where both are additive stocks of one unit."""
    pairs: dict[str, str] = {}
    for plan in plans:
        ids: dict[tuple[str | None, str], str] = {}
        for ind in plan.indicators:
            entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
            if entry is None:
                continue
            parent = ids.get((ind.table, ind.parent)) if ind.parent else None
            up = catalog.get(parent) if parent else None
            if up is not None and up.id != entry.id and up.unit == entry.unit and not is_rate(entry.unit):
                pairs.setdefault(entry.id, up.id)
            ids[(ind.table, ind.name)] = entry.id
    return pairs


def subrows_above_parent(values: Mapping[str, float], hierarchy: Mapping[str, str]) -> list[tuple[str, str]]:
    """(child, parent) pairs where a sub-row's value is larger than its parent's."""
    return [(child, parent) for child, parent in hierarchy.items()
            if child in values and parent in values and values[child] > values[parent] + 1e-9]


def history_from_observations(observations: Iterable[Observation]) -> dict[tuple[str, str], dict[int, float]]:
    """The History mapping from stored observations."""
    out: dict[tuple[str, str], dict[int, float]] = {}
    for obs in observations:
        out.setdefault((obs.region, obs.indicator), {})[obs.year] = obs.value
    return out


def plan_baselines(plans: Iterable[Plan], catalog: Catalog) -> dict[tuple[str, str], dict[int, float]]:
    """Observed values printed in the plans (years before the plan period) as history."""
    out: dict[tuple[str, str], dict[int, float]] = {}
    for plan in plans:
        first = plan.period[0] if plan.period else None
        for ind in plan.indicators:
            entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
            if entry is None:
                continue
            for key, value in ind.values.items():
                if value is not None and key.isdigit() and (first is None or int(key) < first):
                    out.setdefault((plan.region, entry.id), {})[int(key)] = float(value)
    return out
