"""The kindergartens of many regions at once, from school columns: each kindergarten's own items
(班额, 师幼比, the three areas: `preschool.assess_kindergarten`) as arrays of values and verdicts, and
each region's `KindergartenTotals` for its region items (`preschool.region_items`).

A row's figures are read as `preschool.as_kindergarten` reads them; values are computed with the same
Python float operations, verdicts compared in NumPy (the same IEEE comparisons).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from eduplan.core.inspection.balance_bulk import compare
from eduplan.core.inspection.preschool import (
    AREAS,
    GRADES,
    INCLUSIVE_PRIVATE,
    KINDERGARTEN_GRADES,
    PUBLIC,
    KindergartenTotals,
    class_size_limit,
)
from eduplan.core.inspection.school_columns import BoolArray, FloatArray, IntArray, SchoolColumns
from eduplan.core.inspection.standards import StandardsSet

GapSink = Callable[[IntArray, FloatArray, int, IntArray, IntArray], None]


def _number(value: object) -> float | None:
    """As `as_kindergarten` reads an `extra` figure."""
    return float(value) if isinstance(value, int | float) else None


def _year(value: object) -> int | None:
    """As `Kindergarten.design_year` reads it."""
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass
class _Totals:
    """A region's running sums (see `KindergartenTotals`)."""

    enrolment: int = 0
    inclusive: int = 0
    public: int = 0
    compliant: int = 0
    sized: int = 0
    teachers: int = 0
    certified: int = 0
    staff: int = 0
    inclusive_private: bool = False
    facilities: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    undated: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KindergartenItems:
    """Per kindergarten row: its values (NaN where the item is not judged) and verdicts; per region, totals."""

    rows: IntArray  # the kindergartens' rows in the columns
    region: IntArray
    values: FloatArray  # (k, 5): 班额 compliance %, children per teacher, outdoor, activity, building per child
    met: BoolArray  # (k, 5)
    standard: FloatArray  # (5,)
    count: IntArray  # kindergartens per region
    by_region: dict[int, KindergartenTotals]

    def totals(self, region: int) -> KindergartenTotals | None:
        """The region's totals, None without kindergartens."""
        return self.by_region.get(region)

    def add_gaps(self, add: GapSink, source: int) -> None:
        """Each failing item as a gap, positioned as `assess_kindergarten` lists the row's items."""
        judged = ~np.isnan(self.values)
        position = np.cumsum(judged, axis=1) - 1
        failing = judged & ~self.met
        at, k = np.nonzero(failing)
        value = self.values[at, k]
        standard = self.standard[k]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(standard == 0, 1.0, np.abs(standard - value) / np.abs(standard))
        add(self.region[at], share, source, self.rows[at], position[at, k])


def kindergarten_items(columns: SchoolColumns, standards: StandardsSet, row_ok: BoolArray) -> KindergartenItems:
    """The kindergartens (stage 幼儿园) of the rows `row_ok` keeps."""
    n = len(columns.regions)
    rows = np.flatnonzero(np.array([s == "幼儿园" for s in columns.stage], dtype=np.bool_) & row_ok)
    limits = {g: class_size_limit(g, standards) for g in ("", *GRADES)}
    area_std = {attr: standards.number(key) for attr, key in AREAS}
    since = standards.number("preschool.facilities.new_design_year")
    values = np.full((len(rows), 5), np.nan)
    totals: dict[int, _Totals] = {}
    ints = columns.ints
    for j, i in enumerate(rows.tolist()):
        extra, sizes, name = columns.extra[i], columns.class_sizes[i], columns.name[i]
        children, teachers = int(ints["enrolment"][i]), int(ints["teachers"][i])
        t = totals.setdefault(int(columns.region[i]), _Totals())
        grades = str(extra.get("grades") or "").split(",")
        classes = list(zip(grades, sizes, strict=False))
        ok = sum(1 for g, s in classes if s <= limits[g if g in KINDERGARTEN_GRADES else ""])
        if classes:
            values[j, 0] = ok * 100 / len(classes)
        if children > 0:
            values[j, 1] = children / teachers if teachers else float("inf")
        areas = {attr: _number(extra.get(attr)) for attr, _ in AREAS}
        for k, (attr, _) in enumerate(AREAS, start=2):
            area = areas[attr]
            if area is not None and children > 0:
                values[j, k] = area / children
        ownership = columns.ownership[i]
        public = ownership in PUBLIC
        inclusive = public or ownership in INCLUSIVE_PRIVATE
        certified_principals = _number(extra.get("certified_principals"))
        t.enrolment += children
        t.inclusive += children if inclusive else 0
        t.public += children if public else 0
        t.compliant += ok
        t.sized += len(classes)
        t.teachers += teachers
        t.certified += int(ints["certified_teachers"][i])
        t.staff += teachers
        if certified_principals is not None:
            t.certified += int(certified_principals)
            t.staff += int(_number(extra.get("principals")) or 1)
        t.inclusive_private = t.inclusive_private or (inclusive and not public)
        if any(a is not None for a in areas.values()):
            year = _year(extra.get("design_year"))
            if year is None:
                t.undated.append(name)
            else:
                group = "new" if year >= since else "old"
                for attr, _ in AREAS:
                    area = areas[attr]
                    if area is not None:
                        counts = t.facilities.setdefault((attr, group), [0, 0])
                        counts[0] += children > 0 and area / children >= area_std[attr]
                        counts[1] += 1
    standard = np.array([100.0, standards.number("preschool.children_per_teacher"),
                         *(area_std[attr] for attr, _ in AREAS)])
    ops = [None, standards.item("preschool.children_per_teacher").op, *(standards.item(key).op for _, key in AREAS)]
    met = np.zeros(values.shape, dtype=np.bool_)
    with np.errstate(invalid="ignore"):
        met[:, 0] = values[:, 0] == 100.0  # no class over its limit: ok == classes
        for k in range(1, 5):
            met[:, k] = compare(values[:, k], ops[k], standard[k])
    by_region = {r: _frozen(t) for r, t in totals.items()}
    count = np.bincount(columns.region[rows], minlength=n).astype(np.int64)
    return KindergartenItems(rows, columns.region[rows], values, met, standard, count, by_region)


def _frozen(t: _Totals) -> KindergartenTotals:
    facilities = tuple((attr, group, *t.facilities[(attr, group)]) for attr, _ in AREAS for group in ("new", "old")
                       if (attr, group) in t.facilities)
    return KindergartenTotals(
        enrolment=t.enrolment, inclusive_enrolment=t.inclusive, public_enrolment=t.public,
        compliant_classes=t.compliant, sized_classes=t.sized, teachers=t.teachers, certified=t.certified,
        staff=t.staff, inclusive_private=t.inclusive_private, facilities=facilities,  # type: ignore[arg-type]
        undated=tuple(t.undated))
