"""Vectorised 优质均衡 resource assessment for many counties at once (NumPy).

Gives results identical, bit for bit, to `inspection.assess_resources` run county by county:
the same float operations in the same order (np.bincount adds in input order like the
reference's loops; rounding to 1e-6 is round-half-even of the scaled value in both).

Arrays hold one row per school section, in the order the reference would meet them; missing
figures are NaN. Stage codes: 0 = 小学, 1 = 初中.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from eduplan.core.inspection.balance import RESOURCE_INDICATORS, school_sections
from eduplan.core.inspection.items import ASSESSED_SECTIONS
from eduplan.core.inspection.standards import StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
N_STAGES = len(ASSESSED_SECTIONS)
PER = np.array([i.per for i in RESOURCE_INDICATORS], dtype=np.float64)
WHOLE = np.array([i.whole for i in RESOURCE_INDICATORS], dtype=np.bool_)


@dataclass(frozen=True)
class SchoolArrays:
    """School-section figures as columns; `figures` is (n, 7) in the units of `SchoolSection`."""

    county: IntArray  # 0 … n_counties − 1
    stage: IntArray  # 0 = 小学, 1 = 初中
    enrolment: FloatArray  # NaN when unknown
    teaching_point: BoolArray
    figures: FloatArray
    n_counties: int


@dataclass(frozen=True)
class BulkResult:
    """Per-section and per-county results; CV arrays are (county, stage, indicator)."""

    included: BoolArray  # (n,)
    values: FloatArray  # (n, 7), NaN when excluded or missing
    met: BoolArray  # (n, 7)
    within_tolerance: BoolArray  # (n, 7)
    gaps: FloatArray  # (n, 7), 0 when met; NaN when excluded or missing
    tolerance_gaps: FloatArray  # (n, 7)
    met_count: IntArray  # (n,)
    passed: BoolArray  # (n,), False when excluded
    cv_count: IntArray  # schools with a value
    cv_mean: FloatArray  # NaN when no school has a value
    cv_sd: FloatArray
    cv: FloatArray  # NaN when undefined (no value, or mean 0)
    cv_met: BoolArray  # False also when undefined
    schools: IntArray  # (county, stage) assessed sections
    schools_passed: IntArray  # (county, stage)
    county_passed: BoolArray  # (county,) every section passes and every CV is met


def standard_matrix(standards: StandardsSet, tolerance: bool = False) -> FloatArray:
    """The (stage, indicator) standards, or their tolerance floors."""
    ratio = standards.number("balance.school.tolerance_ratio")
    rows = [[standards.number(f"balance.resource.{stage_key(s)}.{i.key}") for i in RESOURCE_INDICATORS]
            for s in ASSESSED_SECTIONS]
    out = np.array(rows, dtype=np.float64)
    return out * ratio if tolerance else out


def shortfall(standard: FloatArray, enrolment: FloatArray, current: FloatArray) -> FloatArray:
    """The vector twin of `inspection.shortfall`."""
    missing = np.rint((standard * enrolment[:, None] / PER - current) * 1e6) / 1e6
    rounded = np.where(WHOLE, np.ceil(missing), np.ceil(missing * 100) / 100)
    return np.where(missing <= 0, 0.0, rounded)


def included_sections(arrays: SchoolArrays, standards: StandardsSet) -> BoolArray:
    """Sections the resource indicators assess: known positive enrolment, no small 教学点."""
    minimum = standards.number("balance.exclusion.teaching_point_min_enrolment")
    enrol = arrays.enrolment
    with np.errstate(invalid="ignore"):
        small_point = arrays.teaching_point & (enrol < minimum)
        result: BoolArray = (enrol > 0) & ~small_point
    return result


def _dispersion(group: IntArray, x: FloatArray, w: FloatArray,
                n_groups: int) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """Count, mean, SD and CV of `x` weighted by `w`, per group (NaN rows already removed)."""
    count: IntArray = np.bincount(group, minlength=n_groups).astype(np.int64)
    total = np.bincount(group, weights=w, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(total > 0, np.bincount(group, weights=w * x, minlength=n_groups) / total, np.nan)
        d = x - mean[group]
        sd = np.sqrt(np.bincount(group, weights=w * (d * d), minlength=n_groups) / total)
        cv = np.where(mean > 0, sd / mean, np.nan)
    return count, mean, np.where(total > 0, sd, np.nan), cv


def _cvs(arrays: SchoolArrays, included: BoolArray, values: FloatArray,
         standards: StandardsSet) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """The per-(county, stage, indicator) dispersions."""
    n_groups = arrays.n_counties * N_STAGES
    group = arrays.county * N_STAGES + arrays.stage
    weighted = standards.text("balance.cv.weighting") == "enrolment"
    shape = (arrays.n_counties, N_STAGES, len(RESOURCE_INDICATORS))
    count, mean, sd, cv = (np.zeros(shape, dtype=np.int64), *(np.full(shape, np.nan) for _ in range(3)))
    for k in range(len(RESOURCE_INDICATORS)):
        known = included & ~np.isnan(values[:, k])
        w = arrays.enrolment[known] if weighted else np.ones(int(known.sum()))
        parts = _dispersion(group[known], values[known, k], w, n_groups)
        for target, part in zip((count, mean, sd, cv), parts, strict=True):
            target[:, :, k] = part.reshape(arrays.n_counties, N_STAGES)
    return count, mean, sd, cv


def assess_resources_bulk(arrays: SchoolArrays, standards: StandardsSet) -> BulkResult:
    """The resource part of 优质均衡 for every county in `arrays`."""
    included = included_sections(arrays, standards)
    std = standard_matrix(standards)[arrays.stage]
    floor = standard_matrix(standards, tolerance=True)[arrays.stage]
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(included[:, None], arrays.figures * PER / arrays.enrolment[:, None], np.nan)
        met = values >= std
        within = values >= floor
        gaps = shortfall(std, arrays.enrolment, arrays.figures)
        tol_gaps = shortfall(floor, arrays.enrolment, arrays.figures)
    unknown = np.isnan(values)  # excluded rows are NaN throughout
    gaps[unknown] = np.nan
    tol_gaps[unknown] = np.nan
    met_count = met.sum(axis=1)
    passed = included & (met_count >= standards.number("balance.school.min_indicators_met")) \
        & (met | within).all(axis=1)
    count, mean, sd, cv = _cvs(arrays, included, values, standards)
    limits = np.array([standards.number(f"balance.cv.{stage_key(s)}") for s in ASSESSED_SECTIONS])
    with np.errstate(invalid="ignore"):
        cv_met = cv <= limits[None, :, None]
    group = arrays.county * N_STAGES + arrays.stage
    n_groups = arrays.n_counties * N_STAGES
    schools = np.bincount(group[included], minlength=n_groups).reshape(-1, N_STAGES)
    schools_passed = np.bincount(group[passed], minlength=n_groups).reshape(-1, N_STAGES)
    stage_ok = (schools == 0) | ((schools_passed == schools) & cv_met.all(axis=2))
    return BulkResult(included, values, met, within, gaps, tol_gaps, met_count, passed,
                      count, mean, sd, cv, cv_met, schools, schools_passed, stage_ok.all(axis=1))


def school_arrays(counties: Sequence[Iterable[SchoolRecord]], standards: StandardsSet) -> SchoolArrays:
    """Columns from school records, county by county (county index = position in `counties`).

    Records are split into sections with the reference's own rules; sections the reference
    excludes for reasons the arrays cannot express (other stages, no section enrolment) are
    dropped here.
    """
    rows: list[tuple[int, int, float, bool, tuple[float | None, ...]]] = []
    for index, records in enumerate(counties):
        for record in records:
            point = record.stage == "教学点" or record.extra.get("kind") == "教学点"
            sections, excluded = school_sections(record, standards)
            for s in sections:
                rows.append((index, ASSESSED_SECTIONS.index(s.section), s.enrolment, point, s.figures))
            if point and excluded:  # a small 教学点: kept so the arrays exclude it themselves
                rows.append((index, 0, float(record.enrolment), True, (None,) * len(RESOURCE_INDICATORS)))
            elif not sections and record.stage in ASSESSED_SECTIONS:  # zero enrolment
                rows.append((index, ASSESSED_SECTIONS.index(record.stage), float(record.enrolment), False,
                             (None,) * len(RESOURCE_INDICATORS)))
    figures = np.array([[np.nan if v is None else v for v in r[4]] for r in rows], dtype=np.float64)
    return SchoolArrays(
        county=np.array([r[0] for r in rows], dtype=np.int64),
        stage=np.array([r[1] for r in rows], dtype=np.int64),
        enrolment=np.array([r[2] for r in rows], dtype=np.float64),
        teaching_point=np.array([r[3] for r in rows], dtype=np.bool_),
        figures=figures.reshape(len(rows), len(RESOURCE_INDICATORS)),
        n_counties=len(counties),
    )


def compare(values: FloatArray, op: str | None, standard: FloatArray | float) -> BoolArray:
    """The vector twin of `items._compare` (NaN never satisfies)."""
    with np.errstate(invalid="ignore"):
        table = {">=": np.greater_equal, ">": np.greater, "<=": np.less_equal, "<": np.less, "=": np.equal}
        result: BoolArray = table.get(op or ">=", np.greater_equal)(values, standard)
    return result


def shortfall_share(value: FloatArray, standard: FloatArray) -> FloatArray:
    """The vector twin of `Gap.shortfall`: |standard − value| / |standard|, 1 without a value or a standard."""
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = np.where(np.isnan(value) | (standard == 0), 1.0,
                                   np.abs(standard - value) / np.abs(standard))
    return out
