"""Combined schools (九年一贯制, 十二年一贯制, 完全中学) in the readiness of many regions: each record judged
by the per-school code (its parts, shared figures and weights: `balance.school_sections`,
`guarantee.school_guarantee_items`, `classsize.section_class_sizes`), its sections handed to the
vectorised resource kernel beside the single-stage schools', so the CVs see every section in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from eduplan.core.inspection.balance import FIGURES, school_sections
from eduplan.core.inspection.classsize import section_class_sizes, standard_class_size
from eduplan.core.inspection.gaps_bulk import SCHOOL_GUARANTEE, Gaps
from eduplan.core.inspection.guarantee import school_guarantee_items
from eduplan.core.inspection.items import ASSESSED_SECTIONS
from eduplan.core.inspection.school_columns import FloatArray, IntArray, SchoolColumns
from eduplan.core.inspection.standards import StandardsSet
from eduplan.core.plan import SchoolRecord

Prepare = Callable[[SchoolRecord], SchoolRecord]


@dataclass(frozen=True)
class CombinedParts:
    """What the combined schools add: their assessed sections (row, index in the record, stage code,
    enrolment, the 7 figures) and, per region, their exclusions, failing and undecided 政府保障 school
    items, and class counts over the standard, 大班额 and 超大班额."""

    row: IntArray
    sub: IntArray
    stage: IntArray
    enrolment: FloatArray
    figures: FloatArray  # (k, 7), NaN where missing
    excluded: IntArray
    guarantee_failing: IntArray
    guarantee_undecided: IntArray
    over: IntArray
    large: IntArray
    super_large: IntArray


def combined_parts(columns: SchoolColumns, rows: IntArray, standards: StandardsSet, prepare: Prepare,
                   gaps: Gaps) -> CombinedParts:
    """The combined schools at `rows`, `prepare`d as the per-school code prepares a record before judging
    it (its sections' qualified teachers); their failing 政府保障 items added to `gaps`."""
    n = len(columns.regions)
    sections: list[tuple[int, int, int, float, tuple[float | None, ...]]] = []
    counts = {name: np.zeros(n, dtype=np.int64) for name in
              ("excluded", "failing", "undecided", "over", "large", "super_large")}
    normal, elevated, large = (standards.number(f"classsize.band.{b}")
                               for b in ("normal_max", "elevated_max", "large_max"))
    for row in rows.tolist():
        region = int(columns.region[row])
        record = columns.record(row)
        prepared = prepare(record)
        made, excluded = school_sections(prepared, standards)
        sections.extend((row, sub, ASSESSED_SECTIONS.index(s.section), s.enrolment, s.figures)
                        for sub, s in enumerate(made))
        counts["excluded"][region] += len(excluded)
        items = school_guarantee_items(prepared, standards)
        gaps.add_items(region, SCHOOL_GUARANTEE, items, row=row)
        counts["failing"][region] += sum(1 for i in items if i.met is False)
        counts["undecided"][region] += sum(1 for i in items if i.met is None)
        for section, sizes in section_class_sizes(record).items():
            standard = standard_class_size(section, standards)
            counts["over"][region] += 0 if standard is None else sum(1 for s in sizes if not s <= standard)
            big = [s for s in sizes if s > normal and s > elevated]
            counts["large"][region] += len(big)
            counts["super_large"][region] += sum(1 for s in big if s > large)
    figures = np.array([[np.nan if v is None else v for v in s[4]] for s in sections], dtype=np.float64)
    return CombinedParts(
        row=np.array([s[0] for s in sections], dtype=np.int64), sub=np.array([s[1] for s in sections], dtype=np.int64),
        stage=np.array([s[2] for s in sections], dtype=np.int64),
        enrolment=np.array([s[3] for s in sections], dtype=np.float64),
        figures=figures.reshape(len(sections), len(FIGURES)), excluded=counts["excluded"],
        guarantee_failing=counts["failing"], guarantee_undecided=counts["undecided"], over=counts["over"],
        large=counts["large"], super_large=counts["super_large"])
