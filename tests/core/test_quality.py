"""Data-quality checks with literal series: which rule judges a change, and when it flags."""

from __future__ import annotations

import numpy as np
import pytest

from eduplan.core.catalog import catalog_from_dicts
from eduplan.core.collection.plausibility import (
    OutlierMethod,
    change_outlier,
    change_outliers,
    exceeds_max,
    history_from_observations,
    indicator_hierarchy,
    may_exceed_max,
    plan_baselines,
    subrows_above_parent,
)
from eduplan.core.plan import CatalogEntry, Direction, Indicator, Observation, Plan

STEADY = {2016: 80.0, 2017: 82.0, 2018: 84.1, 2019: 85.9, 2020: 88.0, 2021: 90.0, 2022: 92.0}  # ≈ +2 a year


@pytest.mark.parametrize(("history", "value", "rate", "method"), [
    # ≥ 5 past changes: modified z-score around the median change (+2): 99.9 is a jump of 7.9
    (STEADY, 99.9, True, OutlierMethod.MODIFIED_Z),
    (STEADY, 88.0, True, OutlierMethod.MODIFIED_Z),  # a fall of 4 against a steady rise
    # 3–4 past changes: z-score around the mean change
    ({2019: 100.0, 2020: 110.0, 2021: 119.0, 2022: 131.0}, 200.0, False, OutlierMethod.Z),
    # short history: a fixed plausible yearly change (5 points for a rate, 20 % otherwise)
    ({2020: 91.2}, 98.0, True, None),  # 6.8 points over 3 years: plausible
    ({2020: 91.2}, 60.0, True, OutlierMethod.JUMP),
    ({2022: 10.0}, 12.5, False, OutlierMethod.JUMP),  # +25 % in one year
    ({2022: 10.0}, 11.5, False, None),
    ({}, 1e9, False, None),  # nothing to compare with
])
def test_change_outlier_rules(history: dict[int, float], value: float, rate: bool,
                              method: OutlierMethod | None) -> None:
    found = change_outlier(history, year=2023, value=value, rate=rate)
    assert (found.method if found else None) == method


def test_plausible_range_is_reported() -> None:
    found = change_outlier(STEADY, year=2023, value=99.9, rate=True)
    assert found is not None and (found.last_year, found.last_value) == (2022, 92.0)
    assert found.low < 94.0 < found.high < 99.9


def test_floor_keeps_a_flat_series_from_flagging_a_small_move() -> None:
    flat = {y: 100.0 for y in range(2015, 2023)}  # MAD and mean deviation both 0
    assert change_outlier(flat, year=2023, value=99.5, rate=True) is None
    assert change_outlier(flat, year=2023, value=97.0, rate=True) is not None


def test_gap_years_divide_the_change_and_widen_the_range() -> None:
    # 2019 → 2022 is 3 years of +2; reported again after a 3-year gap, 98 is on trend
    history = {2016: 80.0, 2017: 82.0, 2018: 84.0, 2019: 86.0, 2022: 92.0}
    assert change_outlier(history, year=2025, value=98.0, rate=True) is None
    assert change_outlier(history, year=2025, value=80.0, rate=True) is not None


def test_vectorised_matches_scalar_row_by_row() -> None:
    rng = np.random.default_rng(7)
    years = list(range(2014, 2023))
    hist = np.round(50 + np.cumsum(rng.normal(1, 0.5, (200, len(years))), axis=1), 1)
    hist[rng.random(hist.shape) < 0.3] = np.nan
    values = hist[:, -1] + rng.normal(1, 4, 200)
    values = np.where(np.isnan(values), 60.0, values)
    rate = rng.random(200) < 0.5
    bulk = change_outliers(years, hist, year=2023, values=values, rate=rate)
    for i in range(200):
        series = {y: float(v) for y, v in zip(years, hist[i], strict=True) if not np.isnan(v)}
        one = change_outlier(series, year=2023, value=float(values[i]), rate=bool(rate[i]))
        assert (one is not None) == bool(bulk.flagged[i])
    assert 0 < bulk.flagged.sum() < 200


def _entry(name: str, max_value: float | None = 100) -> CatalogEntry:
    return CatalogEntry(id="x", name=name, unit="%", direction=Direction.UP, max_value=max_value)


def test_rate_above_max_and_gross_ratios() -> None:
    assert exceeds_max(_entry("九年义务教育巩固率"), 100.01)
    assert not exceeds_max(_entry("九年义务教育巩固率"), 100)
    assert not exceeds_max(_entry("人均受教育年限", None), 1000)
    assert may_exceed_max(_entry("学前三年毛入园率")) and not may_exceed_max(_entry("九年义务教育巩固率"))


CATALOG = catalog_from_dicts([
    {"id": "all", "name": "义务教育在校学生数", "unit": "万人", "direction": "hold"},
    {"id": "primary", "name": "普通小学在校学生数", "unit": "万人", "direction": "hold"},
    {"id": "rate", "name": "九年义务教育巩固率", "unit": "%", "direction": "up", "max_value": 100},
])


def _plan() -> Plan:
    return Plan(region="涪陵区", title="规划", period=(2021, 2025), indicators=[
        Indicator("在校学生数", category="义务教育", unit="万人", table="t", values={"2015": 10.0, "2020": 10.7}),
        Indicator("普通小学", unit="万人", parent="在校学生数", table="t", values={"2020": 6.7, "2025": 6.2}),
        Indicator("九年义务教育巩固率", unit="%", table="t", values={"2020": 98.5}),
    ])


def test_hierarchy_from_plan_subrows_and_subrows_above_parent() -> None:
    hierarchy = indicator_hierarchy([_plan()], CATALOG)
    assert hierarchy == {"primary": "all"}
    assert subrows_above_parent({"all": 10.0, "primary": 10.5}, hierarchy) == [("primary", "all")]
    assert subrows_above_parent({"all": 10.0, "primary": 6.5}, hierarchy) == []
    assert subrows_above_parent({"primary": 6.5}, hierarchy) == []


def test_plan_baselines_and_stored_observations_as_history() -> None:
    assert plan_baselines([_plan()], CATALOG) == {
        ("涪陵区", "all"): {2015: 10.0, 2020: 10.7}, ("涪陵区", "primary"): {2020: 6.7},
        ("涪陵区", "rate"): {2020: 98.5}}  # the 2025 target is not history
    stored = [Observation("rate", "涪陵区", 2021, 98.7), Observation("rate", "涪陵区", 2022, 98.9)]
    assert history_from_observations(stored) == {("涪陵区", "rate"): {2021: 98.7, 2022: 98.9}}
