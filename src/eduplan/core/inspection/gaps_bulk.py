"""The failing items of many regions as parallel arrays, and each region's largest gaps among them.

A gap is (region, shortfall share, source, row, position): the source says which part of the per-school
code lists the item (`SOURCES`, in its order), the row which school record, the position where in that
record's items (or in the region's items, row −1). Sorting by region, shortfall (largest first), source,
row and position gives what the per-school code's stable sort of its gap list gives; only the items
kept are written out, by the per-school code (`item`) or as already judged (`add_items`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from eduplan.core.inspection.balance_bulk import shortfall_share
from eduplan.core.inspection.items import ItemResult
from eduplan.core.inspection.school_columns import FloatArray, IntArray

#: Where a gap comes from, in the order the per-school code lists them (ties keep that order).
RESOURCE, SCHOOL_GUARANTEE, COUNTY, PRESCHOOL_REGION, KINDERGARTEN = range(5)


class Gaps:
    """The failing items of every region as parallel arrays: region, shortfall, source, row, position."""

    def __init__(self) -> None:
        self.parts: list[tuple[IntArray, FloatArray, int, IntArray, IntArray]] = []
        self.scalar: dict[tuple[int, int, int, int], ItemResult] = {}

    def add(self, region: IntArray, share: FloatArray, source: int, row: IntArray, pos: IntArray) -> None:
        self.parts.append((region.astype(np.int64), share.astype(np.float64), source, row.astype(np.int64),
                           pos.astype(np.int64)))

    def add_items(self, region: int, source: int, items: Sequence[ItemResult], row: int = -1) -> None:
        """Items already judged (of the region, or of one row); the failing ones are gaps."""
        failing = [(p, i) for p, i in enumerate(items) if i.met is False]
        for p, item in failing:
            self.scalar[(region, source, row, p)] = item
        if failing:
            value = np.array([np.nan if i.value is None else i.value for _, i in failing], dtype=np.float64)
            standard = np.array([0.0 if i.standard is None else i.standard for _, i in failing], dtype=np.float64)
            n = len(failing)
            self.add(np.full(n, region), shortfall_share(value, standard), source, np.full(n, row),
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
            judged = self.scalar.get((r, s, w, p))
            out[r].append(judged if judged is not None else item(r, s, w, p))
        return out
