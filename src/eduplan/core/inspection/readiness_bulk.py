"""Readiness for the inspections of many regions at once, from school columns (NumPy).

The counts, verdicts and largest gaps `services.readiness` shows, equal field for field to what the
per-school code gives region by region (`balance.assess_resources`, `guarantee.assess_guarantee`,
`classsize.class_sizes_by_stage`, `preschool.assess_preschool`; tests/core/test_readiness_bulk.py
holds them side by side): the resource indicators and CVs by `balance_bulk`, the school 政府保障
items, class-size bands and kindergarten items as arrays, the region items by the per-school code's
own functions over the regions' sums. Only the few items that make a region's largest gaps are
written out as `ItemResult`s, by the per-school code on those rows.

A combined school (九年一贯制, 十二年一贯制, 完全中学: parts, shared figures, weights) is judged record by
record by the per-school code (`combined_bulk`), its sections joining the arrays in record order.
"""

from __future__ import annotations

import math
from collections.abc import Callable
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
from eduplan.core.inspection.combined_bulk import CombinedParts, Prepare, combined_parts
from eduplan.core.inspection.gaps_bulk import COUNTY, KINDERGARTEN, PRESCHOOL_REGION, RESOURCE, SCHOOL_GUARANTEE, Gaps
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


def _sums(region: IntArray, n: int, weights: IntArray | BoolArray | None = None) -> IntArray:
    """Per-region counts (or integer sums of `weights`)."""
    return np.bincount(region, weights=weights, minlength=n).astype(np.int64)


def readiness_bulk(columns: SchoolColumns, standards: StandardsSet, *, largest: int,
                   county: CountyFigures | None = None, preschool: PreschoolFigures | None = None,
                   prepare: Prepare | None = None) -> list[RegionReadiness]:
    """The readiness of every region of `columns`; `prepare` is what the per-school code does to a record
    before judging its resources and 政府保障 items (`services.inspection_results.with_section_qualifications`:
    a combined school's sections' qualified teachers), none by default."""
    n = len(columns.regions)
    ready = prepare or (lambda record: record)
    combined = np.array([s in SECTIONS for s in columns.stage], dtype=np.bool_)
    simple = ~combined
    point = np.array([s == "教学点" or e.get("kind") == "教学点" for s, e in zip(columns.stage, columns.extra, strict=True)],
                     dtype=np.bool_)
    effective = ["小学" if p else s for p, s in zip(point.tolist(), columns.stage, strict=True)]
    gaps = Gaps()
    parts = combined_parts(columns, np.flatnonzero(combined), standards, ready, gaps)
    res = _resources(columns, standards, simple, point, effective, parts, gaps)
    school = _school_guarantee(columns, standards, simple, effective, gaps)
    bands = _class_bands(columns, standards, simple)
    kgs = kindergarten_items(columns, standards, simple)
    kgs.add_gaps(gaps.add, KINDERGARTEN)
    county_figures, preschool_figures = county or CountyFigures(), preschool or PreschoolFigures()
    certified = _sums(columns.region, n, columns.ints["certified_teachers"])
    teachers = _sums(columns.region, n, columns.ints["teachers"])
    simulated = _sums(columns.region[columns.simulated], n)
    out: list[RegionReadiness] = []
    for r, key in enumerate(columns.regions):
        county_list = county_items(int(certified[r]), int(teachers[r]), county_figures, standards, key)
        quality = assess_quality(county_figures, standards, region=key)
        gaps.add_items(r, COUNTY, [*county_list, *quality])
        regional = _preschool_items(kgs, r, preschool_figures, standards, key)
        if regional is not None:
            gaps.add_items(r, PRESCHOOL_REGION, regional)
        out.append(_region(r, res, school, parts, bands, kgs, county_list, quality, regional, bool(simulated[r])))
    written = gaps.largest(n, largest, _writer(columns, standards, ready))
    return [replace(o, largest_gaps=tuple(written[r])) for r, o in enumerate(out)]


@dataclass(frozen=True)
class _Resources:
    schools: IntArray
    failing: IntArray
    items_failing: IntArray
    cvs_failing: IntArray
    passed: BoolArray
    excluded: IntArray


def _resources(columns: SchoolColumns, standards: StandardsSet, simple: BoolArray, point: BoolArray,
               effective: list[str], parts: CombinedParts, gaps: Gaps) -> _Resources:
    """The 7 resource indicators and the CVs by `balance_bulk`, over the single-stage schools and the
    combined schools' sections in record order; each failing item a gap (position: section × 7 + item)."""
    n = len(columns.regions)
    sec = np.flatnonzero(np.array([s in ASSESSED_SECTIONS for s in effective], dtype=np.bool_) & simple)
    minimum = {s: standards.text(f"balance.qualification.{stage_key(s)}") for s in ASSESSED_SECTIONS}
    ints, floats = columns.ints, columns.floats
    known: dict[tuple[int, int, str], float | None] = {}  # rows reading the same JSON share one dict
    qualified: list[float | None] = []
    for i, teachers in zip(sec.tolist(), ints["teachers"][sec].tolist(), strict=True):
        levels, bar = columns.teachers_by_qualification[i], minimum[effective[i]]
        key = (id(levels), teachers if not levels else 0, bar)
        if key not in known:
            known[key] = qualified_count(levels, teachers, bar)
        qualified.append(known[key])
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
            for k, figure in enumerate(FIGURES):
                if figure in extra and extra[figure] is None:
                    figures[i, k] = np.nan
    code = np.array([ASSESSED_SECTIONS.index(effective[i]) for i in sec.tolist()], dtype=np.int64)
    rows = np.concatenate([sec, parts.row])
    sub = np.concatenate([np.zeros(len(sec), dtype=np.int64), parts.sub])
    order = np.argsort(rows * (len(ASSESSED_SECTIONS) + 1) + sub, kind="stable")
    rows, sub = rows[order], sub[order]
    code = np.concatenate([code, parts.stage])[order]
    region = columns.region[rows]
    arrays = SchoolArrays(
        county=region, stage=code,
        enrolment=np.concatenate([ints["enrolment"][sec].astype(np.float64), parts.enrolment])[order],
        teaching_point=np.concatenate([point[sec], np.zeros(len(parts.row), dtype=np.bool_)])[order],
        figures=np.concatenate([figures, parts.figures])[order], n_counties=n)
    bulk = assess_resources_bulk(arrays, standards)
    inc = bulk.included
    failing_items = inc[:, None] & ~bulk.met
    at, item = np.nonzero(failing_items)
    std = standard_matrix(standards)[code]
    gaps.add(region[at], shortfall_share(bulk.values[at, item], std[at, item]), RESOURCE, rows[at],
             sub[at] * len(FIGURES) + item)
    with np.errstate(invalid="ignore"):
        cv_failing = (~np.isnan(bulk.cv) & ~bulk.cv_met).sum(axis=(1, 2))
    schools = bulk.schools.sum(axis=1)
    # Every single-stage record is a section or an exclusion; every combined section is included.
    excluded = _sums(columns.region[simple], n) - (schools - _sums(columns.region[parts.row], n)) + parts.excluded
    return _Resources(schools, _sums(region[inc & ~bulk.passed], n), _sums(region, n, failing_items.sum(axis=1)),
                      cv_failing.astype(np.int64), bulk.county_passed, excluded)


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
                      gaps: Gaps) -> _SchoolItems:
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


def _region(r: int, res: _Resources, school: _SchoolItems, parts: CombinedParts, bands: _Bands,
            kgs: KindergartenItems, county_list: list[ItemResult], quality: list[ItemResult],
            regional: list[ItemResult] | None, simulated: bool) -> RegionReadiness:
    """One region's figures from the arrays (its largest gaps are added afterwards)."""
    region_items_ = [*county_list, *quality]
    school_failing = int(school.failing[r]) + int(parts.guarantee_failing[r])
    if not bool(res.passed[r]) or school_failing or any(i.met is False for i in region_items_):
        balance: bool | None = False
    else:
        undecided = int(school.undecided[r]) + int(parts.guarantee_undecided[r])
        balance = None if undecided or any(i.met is None for i in region_items_) else True
    return RegionReadiness(
        schools=int(res.schools[r]), schools_failing=int(res.failing[r]), excluded=int(res.excluded[r]),
        resource_items_failing=int(res.items_failing[r]), cvs_failing=int(res.cvs_failing[r]),
        guarantee_failing=school_failing + sum(1 for i in county_list if i.met is False),
        kindergartens=int(kgs.count[r]),
        preschool_items_failing=sum(1 for i in regional if i.met is False) if regional is not None else 0,
        classes_over_standard=int(bands.over[r] + parts.over[r]), large_classes=int(bands.large[r] + parts.large[r]),
        super_large_classes=int(bands.super_large[r] + parts.super_large[r]),
        balance_passed=balance if res.schools[r] else None,
        preschool_passed=PreschoolAssessment("", tuple(regional), ()).passed if regional is not None else None,
        largest_gaps=(), simulated=simulated)


def _writer(columns: SchoolColumns, standards: StandardsSet,
            prepare: Prepare) -> Callable[[int, int, int, int], ItemResult]:
    """The item behind one gap, written by the per-school code on its row."""
    def item(region: int, source: int, row: int, pos: int) -> ItemResult:
        record = columns.record(row)
        if source == RESOURCE:
            section = school_sections(prepare(record), standards)[0][pos // len(FIGURES)]
            return assess_indicator(section, pos % len(FIGURES), standards)
        if source == SCHOOL_GUARANTEE:
            return school_guarantee_items(record, standards)[pos]
        return kindergarten_item(as_kindergarten(record), standards, pos)
    return item
