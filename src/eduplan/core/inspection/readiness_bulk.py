"""Readiness for the inspections of many regions at once, from school columns (NumPy).

The counts, verdicts and largest gaps `services.readiness` shows, equal field for field to what the
per-school code gives region by region (`balance.assess_resources`, `guarantee.assess_guarantee`,
`classsize.class_sizes_by_stage`, `preschool.assess_preschool`; tests/core/test_readiness_bulk.py
holds them side by side): the resource indicators and CVs by `balance_bulk`, the school 政府保障
items, class-size bands and kindergarten items as arrays, the region items by the per-school code's
own functions over the regions' sums. Only the few items that make a region's largest gaps are
written out as `ItemResult`s, by the per-school code on those rows.

A region with a combined school (九年一贯制, 十二年一贯制, 完全中学: parts, shared figures, weights) is
not judged here (its entry is None); the caller runs the per-school code on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import chain

import numpy as np

from eduplan.core.inspection.balance import FIGURES, assess_indicator, qualified_count, school_sections
from eduplan.core.inspection.balance_bulk import (
    SchoolArrays,
    assess_resources_bulk,
    compare,
    shortfall_share,
    standard_matrix,
)
from eduplan.core.inspection.guarantee import CountyFigures, assess_quality, county_items, school_guarantee_items
from eduplan.core.inspection.items import ASSESSED_SECTIONS, ItemResult
from eduplan.core.inspection.preschool import (
    PreschoolAssessment,
    PreschoolFigures,
    as_kindergarten,
    kindergarten_item,
    region_items,
)
from eduplan.core.inspection.preschool_bulk import KindergartenItems, kindergarten_items
from eduplan.core.inspection.school_columns import BoolArray, FloatArray, IntArray, SchoolColumns
from eduplan.core.inspection.standards import SECTIONS, StandardsSet, stage_key

#: Where a gap comes from, in the order the per-school code lists them (ties keep that order).
RESOURCE, SCHOOL_GUARANTEE, COUNTY, PRESCHOOL_REGION, KINDERGARTEN = range(5)
GUARANTEE_STAGES = (*ASSESSED_SECTIONS, "教学点")


@dataclass(frozen=True)
class RegionReadiness:
    """One region's readiness figures (`services.readiness.Readiness` without the checklist)."""

    schools: int
    schools_failing: int
    excluded: int
    resource_items_failing: int
    cvs_failing: int
    guarantee_failing: int
    kindergartens: int
    preschool_items_failing: int
    classes_over_standard: int
    large_classes: int
    super_large_classes: int
    balance_passed: bool | None
    preschool_passed: bool | None
    largest_gaps: tuple[ItemResult, ...]
    simulated: bool


class _Gaps:
    """The failing items of every region as parallel arrays: region, shortfall, source, row, position."""

    def __init__(self) -> None:
        self.parts: list[tuple[IntArray, FloatArray, int, IntArray, IntArray]] = []
        self.scalar: dict[tuple[int, int, int], ItemResult] = {}

    def add(self, region: IntArray, share: FloatArray, source: int, row: IntArray, pos: IntArray) -> None:
        self.parts.append((region.astype(np.int64), share.astype(np.float64), source, row.astype(np.int64),
                           pos.astype(np.int64)))

    def add_items(self, region: int, source: int, items: Sequence[ItemResult]) -> None:
        failing = [(p, i) for p, i in enumerate(items) if i.met is False]
        for p, item in failing:
            self.scalar[(region, source, p)] = item
        if failing:
            value = np.array([np.nan if i.value is None else i.value for _, i in failing], dtype=np.float64)
            standard = np.array([0.0 if i.standard is None else i.standard for _, i in failing], dtype=np.float64)
            n = len(failing)
            self.add(np.full(n, region), shortfall_share(value, standard), source, np.full(n, -1),
                     np.array([p for p, _ in failing]))

    def largest(self, n_regions: int, largest: int,
                item: Callable[[int, int, int, int], ItemResult]) -> list[list[ItemResult]]:
        """Each region's `largest` gaps, largest shortfall first, ties in the per-school code's order."""
        out: list[list[ItemResult]] = [[] for _ in range(n_regions)]
        if not self.parts or largest <= 0:
            return out
        region = np.concatenate([p[0] for p in self.parts])
        share = np.concatenate([p[1] for p in self.parts])
        source = np.concatenate([np.full(len(p[0]), p[2], dtype=np.int64) for p in self.parts])
        row = np.concatenate([p[3] for p in self.parts])
        pos = np.concatenate([p[4] for p in self.parts])
        order = np.lexsort((pos, row, source, -share, region))
        ranked = region[order]
        start = np.searchsorted(ranked, np.arange(n_regions))
        keep = order[np.arange(len(order)) - start[ranked] < largest]
        for k in keep.tolist():
            r, s, w, p = int(region[k]), int(source[k]), int(row[k]), int(pos[k])
            out[r].append(self.scalar[(r, s, p)] if w < 0 else item(r, s, w, p))
        return out


def columnar_regions(columns: SchoolColumns) -> BoolArray:
    """The regions the columns judge: those without a combined school."""
    combined = np.array([s in SECTIONS for s in columns.stage], dtype=np.bool_)
    out: BoolArray = np.ones(len(columns.regions), dtype=np.bool_)
    out[columns.region[combined]] = False
    return out


def _sums(region: IntArray, n: int, weights: IntArray | BoolArray | None = None) -> IntArray:
    """Per-region counts (or integer sums of `weights`)."""
    return np.bincount(region, weights=weights, minlength=n).astype(np.int64)


def readiness_bulk(columns: SchoolColumns, standards: StandardsSet, *, largest: int,
                   county: CountyFigures | None = None,
                   preschool: PreschoolFigures | None = None) -> list[RegionReadiness | None]:
    """The readiness of every region of `columns` (None for those `columnar_regions` leaves out)."""
    n = len(columns.regions)
    judged = columnar_regions(columns)
    row_ok = judged[columns.region] if len(columns) else np.zeros(0, dtype=np.bool_)
    stage = columns.stage
    point = np.array([s == "教学点" or e.get("kind") == "教学点" for s, e in zip(stage, columns.extra, strict=True)],
                     dtype=np.bool_)
    effective = ["小学" if p else s for p, s in zip(point.tolist(), stage, strict=True)]
    gaps = _Gaps()
    res = _resources(columns, standards, row_ok, point, effective, gaps)
    school = _school_guarantee(columns, standards, row_ok, effective, gaps)
    bands = _class_bands(columns, standards, row_ok)
    kgs = kindergarten_items(columns, standards, row_ok)
    kgs.add_gaps(gaps.add, KINDERGARTEN)
    county_figures, preschool_figures = county or CountyFigures(), preschool or PreschoolFigures()
    certified = _sums(columns.region[row_ok], n, columns.ints["certified_teachers"][row_ok])
    teachers = _sums(columns.region[row_ok], n, columns.ints["teachers"][row_ok])
    simulated = _sums(columns.region[row_ok & columns.simulated], n)
    records = _sums(columns.region[row_ok], n)
    out: list[RegionReadiness | None] = []
    for r, key in enumerate(columns.regions):
        if not judged[r]:
            out.append(None)
            continue
        county_list = county_items(int(certified[r]), int(teachers[r]), county_figures, standards, key)
        quality = assess_quality(county_figures, standards, region=key)
        gaps.add_items(r, COUNTY, [*county_list, *quality])
        regional = _preschool_items(kgs, r, preschool_figures, standards, key)
        if regional is not None:
            gaps.add_items(r, PRESCHOOL_REGION, regional)
        out.append(_region(r, res, school, bands, kgs, county_list, quality, regional, bool(simulated[r]),
                           int(records[r])))
    written = gaps.largest(n, largest, _writer(columns, standards, gaps))
    return [None if o is None else _with_gaps(o, written[r]) for r, o in enumerate(out)]


def _with_gaps(r: RegionReadiness, largest: list[ItemResult]) -> RegionReadiness:
    return replace(r, largest_gaps=tuple(largest))


@dataclass(frozen=True)
class _Resources:
    schools: IntArray
    failing: IntArray
    items_failing: IntArray
    cvs_failing: IntArray
    passed: BoolArray
    rows: IntArray  # records with a row in the arrays (ok regions)


def _resources(columns: SchoolColumns, standards: StandardsSet, row_ok: BoolArray, point: BoolArray,
               effective: list[str], gaps: _Gaps) -> _Resources:
    """The 7 resource indicators and the CVs, by `balance_bulk`; each failing item a gap."""
    n = len(columns.regions)
    sec = np.flatnonzero(np.array([s in ASSESSED_SECTIONS for s in effective], dtype=np.bool_) & row_ok)
    minimum = {s: standards.text(f"balance.qualification.{stage_key(s)}") for s in ASSESSED_SECTIONS}
    ints, floats = columns.ints, columns.floats
    qualified = [qualified_count(columns.teachers_by_qualification[i], int(ints["teachers"][i]), minimum[effective[i]])
                 for i in sec.tolist()]
    figures = np.stack([
        np.array([np.nan if q is None else q for q in qualified], dtype=np.float64),
        ints["backbone_teachers"][sec].astype(np.float64),
        (ints["pe_teachers"][sec] + ints["music_teachers"][sec] + ints["art_teachers"][sec]).astype(np.float64),
        floats["teaching_area"][sec], floats["sports_area"][sec], floats["equipment_value"][sec] * 10000,
        ints["multimedia_classrooms"][sec].astype(np.float64),
    ], axis=1) if len(sec) else np.zeros((0, len(FIGURES)))
    for i, row in enumerate(sec.tolist()):
        extra = columns.extra[row]
        if extra:
            for k, key in enumerate(FIGURES):
                if key in extra and extra[key] is None:
                    figures[i, k] = np.nan
    code = np.array([ASSESSED_SECTIONS.index(effective[i]) for i in sec.tolist()], dtype=np.int64)
    region = columns.region[sec]
    arrays = SchoolArrays(county=region, stage=code, enrolment=ints["enrolment"][sec].astype(np.float64),
                          teaching_point=point[sec], figures=figures, n_counties=n)
    bulk = assess_resources_bulk(arrays, standards)
    inc = bulk.included
    failing_items = inc[:, None] & ~bulk.met
    at, item = np.nonzero(failing_items)
    std = standard_matrix(standards)[code]
    gaps.add(region[at], shortfall_share(bulk.values[at, item], std[at, item]), RESOURCE, sec[at], item)
    with np.errstate(invalid="ignore"):
        cv_failing = (~np.isnan(bulk.cv) & ~bulk.cv_met).sum(axis=(1, 2))
    return _Resources(bulk.schools.sum(axis=1), _sums(region[inc & ~bulk.passed], n),
                      _sums(region, n, failing_items.sum(axis=1)), cv_failing.astype(np.int64),
                      bulk.county_passed, sec)


@dataclass(frozen=True)
class _SchoolItems:
    failing: IntArray  # per region
    undecided: IntArray  # per region: class-size items without sizes (met None)


def _by_unique(values: IntArray, fn: Callable[[int], float]) -> FloatArray:
    """`fn` of each value, computed once per distinct value (Python's own rounding kept)."""
    distinct, back = np.unique(values, return_inverse=True)
    return np.array([fn(int(v)) for v in distinct.tolist()], dtype=np.float64)[back.reshape(-1)] \
        if len(values) else np.zeros(0)


def _school_guarantee(columns: SchoolColumns, standards: StandardsSet, row_ok: BoolArray, effective: list[str],
                      gaps: _Gaps) -> _SchoolItems:
    """班额, 学校规模, 音乐、美术专用教室 of every single-stage school (`guarantee.school_guarantee_items`)."""
    n = len(columns.regions)
    rows = np.flatnonzero(np.array([s in GUARANTEE_STAGES for s in columns.stage], dtype=np.bool_) & row_ok)
    region = columns.region[rows]
    stage = [columns.stage[i] for i in rows.tolist()]
    section = ["小学" if s == "教学点" else s for s in stage]
    size_stage = [effective[i] for i in rows.tolist()]
    failing = np.zeros(len(rows), dtype=np.int64)
    position = np.zeros(len(rows), dtype=np.int64)
    undecided = np.zeros(len(rows), dtype=np.bool_)
    # 班额: the largest class against the stage's limit.
    sizes = [columns.class_sizes[i] for i in rows.tolist()]
    largest = np.array([max(s) if s else np.nan for s in sizes], dtype=np.float64)
    for sec in ASSESSED_SECTIONS:
        key = f"balance.gov.class_size.{stage_key(sec)}"
        if key not in standards.items:
            continue
        at = np.array([s == sec for s in section], dtype=np.bool_)
        limit = standards.number(key)
        fails = at & ~np.isnan(largest) & ~compare(largest, standards.item(key).op, limit)
        undecided |= at & np.isnan(largest)
        gaps.add(region[fails], shortfall_share(largest[fails], np.full(int(fails.sum()), limit)), SCHOOL_GUARANTEE,
                 rows[fails], position[fails])
        failing += fails
        position += at
    # 学校规模: the pupils against the limit.
    pupils = columns.ints["enrolment"][rows].astype(np.float64)
    for sec in ASSESSED_SECTIONS:
        key = f"balance.gov.school_size.{stage_key(sec)}"
        if key not in standards.items:
            continue
        at = np.array([s == sec for s in size_stage], dtype=np.bool_)
        limit = standards.number(key)
        fails = at & ~compare(pupils, standards.item(key).op, limit)
        gaps.add(region[fails], shortfall_share(pupils[fails], np.full(int(fails.sum()), limit)), SCHOOL_GUARANTEE,
                 rows[fails], position[fails])
        failing += fails
        position += at
    # 音乐、美术专用教室: one per N classes, rounded up.
    per = standards.number("balance.gov.classes_per_special_room")
    classes = columns.ints["classes"][rows]
    has = classes > 0
    required = _by_unique(classes, lambda c: float(math.ceil(round(float(c) / per, 6))))
    for attr in ("music_rooms", "art_rooms"):
        have = _by_unique(columns.ints[attr][rows], lambda v: round(max(float(v) - 0, 0.0) * 1.0, 6))
        fails = has & ~(have >= required)
        gaps.add(region[fails], shortfall_share(have[fails], required[fails]), SCHOOL_GUARANTEE, rows[fails],
                 position[fails])
        failing += fails
        position += has
    return _SchoolItems(_sums(region, n, failing), _sums(region[undecided], n))


@dataclass(frozen=True)
class _Bands:
    over: IntArray
    large: IntArray
    super_large: IntArray


def _class_bands(columns: SchoolColumns, standards: StandardsSet, row_ok: BoolArray) -> _Bands:
    """Classes over their stage's standard size, 大班额 and 超大班额 (`classsize.class_sizes_by_stage`)."""
    n = len(columns.regions)
    rows = np.flatnonzero(row_ok)
    lengths = np.array([len(columns.class_sizes[i]) for i in rows.tolist()], dtype=np.int64)
    flat = np.fromiter(chain.from_iterable(columns.class_sizes[i] for i in rows.tolist()), dtype=np.float64,
                       count=int(lengths.sum()))
    stages = {"小学" if s == "教学点" else s for s in (columns.stage[i] for i in rows.tolist())}
    standard_of = {s: standards.optional_number(f"classsize.standard.{stage_key(s)}") for s in stages}
    standard = np.array([np.nan if (v := standard_of["小学" if columns.stage[i] == "教学点" else columns.stage[i]]) is None
                         else v for i in rows.tolist()], dtype=np.float64)
    region = np.repeat(columns.region[rows], lengths)
    normal, elevated, large = (standards.number(f"classsize.band.{b}")
                               for b in ("normal_max", "elevated_max", "large_max"))
    with np.errstate(invalid="ignore"):
        over = flat > np.repeat(standard, lengths)
    big = (flat > normal) & (flat > elevated)
    return _Bands(_sums(region[over], n), _sums(region[big], n), _sums(region[big & (flat > large)], n))


def _preschool_items(kgs: KindergartenItems, r: int, figures: PreschoolFigures, standards: StandardsSet,
                     region: str) -> list[ItemResult] | None:
    """The region items of 普及普惠, None without kindergartens."""
    totals = kgs.totals(r)
    return None if totals is None else region_items(totals, figures, standards, region)


def _region(r: int, res: _Resources, school: _SchoolItems, bands: _Bands, kgs: KindergartenItems,
            county_list: list[ItemResult], quality: list[ItemResult], regional: list[ItemResult] | None,
            simulated: bool, records: int) -> RegionReadiness:
    """One region's figures from the arrays (its largest gaps are added afterwards)."""
    region_items_ = [*county_list, *quality]
    failed = int(school.failing[r]) > 0 or any(i.met is False for i in region_items_)
    if not bool(res.passed[r]) or failed:
        balance: bool | None = False
    else:
        balance = None if int(school.undecided[r]) or any(i.met is None for i in region_items_) else True
    return RegionReadiness(
        schools=int(res.schools[r]), schools_failing=int(res.failing[r]),
        excluded=records - int(res.schools[r]), resource_items_failing=int(res.items_failing[r]),
        cvs_failing=int(res.cvs_failing[r]),
        guarantee_failing=int(school.failing[r]) + sum(1 for i in county_list if i.met is False),
        kindergartens=int(kgs.count[r]),
        preschool_items_failing=sum(1 for i in regional if i.met is False) if regional is not None else 0,
        classes_over_standard=int(bands.over[r]), large_classes=int(bands.large[r]),
        super_large_classes=int(bands.super_large[r]),
        balance_passed=balance if res.schools[r] else None,
        preschool_passed=PreschoolAssessment("", tuple(regional), ()).passed if regional is not None else None,
        largest_gaps=(), simulated=simulated)


def _writer(columns: SchoolColumns, standards: StandardsSet,
            gaps: _Gaps) -> Callable[[int, int, int, int], ItemResult]:
    """The item behind one gap, written by the per-school code on its row."""
    def item(region: int, source: int, row: int, pos: int) -> ItemResult:
        record = columns.record(row)
        if source == RESOURCE:
            return assess_indicator(school_sections(record, standards)[0][0], pos, standards)
        if source == SCHOOL_GUARANTEE:
            return school_guarantee_items(record, standards)[pos]
        return kindergarten_item(as_kindergarten(record), standards, pos)
    return item
