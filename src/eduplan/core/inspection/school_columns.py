"""School records as columns: one array (or list) per field, one row per record, for the vectorised
readiness of many regions (`core.inspection.readiness_bulk`).

`store.school_columns.load_school_columns` fills it straight from one SELECT; `from_records` builds
it from records already loaded (the tests, and callers holding records). `record(i)` gives row i back
as the `SchoolRecord` `store.records.load_school_records` would have given, for the few rows whose
items are written out as sentences (the largest gaps) and for the regions the columns cannot judge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from eduplan.core.plan import SchoolRecord

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: The integer and float fields of `SchoolRecord`, in the order of its dataclass.
INT_FIELDS = ("enrolment", "classes", "teachers", "backbone_teachers", "pe_teachers", "music_teachers",
              "art_teachers", "certified_teachers", "music_rooms", "art_rooms", "multimedia_classrooms")
FLOAT_FIELDS = ("teaching_area", "sports_area", "equipment_value")


@dataclass(frozen=True)
class SchoolColumns:
    """School records of many regions; `region[i]` is an index into `regions` (their keys). Read-only:
    rows whose JSON columns read the same may share one decoded list or dict."""

    regions: tuple[str, ...]
    region: IntArray
    year: IntArray
    school_id: list[str]
    name: list[str]
    stage: list[str]
    ownership: list[str]
    ints: dict[str, IntArray]  # INT_FIELDS
    floats: dict[str, FloatArray]  # FLOAT_FIELDS
    class_sizes: list[list[int]]
    teachers_by_qualification: list[dict[str, int]]
    extra: list[dict[str, float | str | None]]
    simulated: BoolArray

    def __len__(self) -> int:
        return len(self.school_id)

    def record(self, i: int) -> SchoolRecord:
        """Row i as a school record."""
        figures: dict[str, Any] = {f: int(self.ints[f][i]) for f in INT_FIELDS}
        figures.update({f: float(self.floats[f][i]) for f in FLOAT_FIELDS})
        return SchoolRecord(
            school_id=self.school_id[i], name=self.name[i], region=self.regions[int(self.region[i])],
            year=int(self.year[i]), stage=self.stage[i], ownership=self.ownership[i],
            class_sizes=list(self.class_sizes[i]), teachers_by_qualification=dict(self.teachers_by_qualification[i]),
            extra=dict(self.extra[i]), simulated=bool(self.simulated[i]),
            **figures,
        )

    def records_of(self, region: int) -> list[SchoolRecord]:
        """The records of one region (by index), in row order."""
        return [self.record(int(i)) for i in np.flatnonzero(self.region == region)]


def from_records(regions: Sequence[str], records: Sequence[SchoolRecord]) -> SchoolColumns:
    """Columns of records whose `region` is one of `regions` (others are left out), in their order."""
    index = {r: i for i, r in enumerate(regions)}
    kept = [r for r in records if r.region in index]
    return SchoolColumns(
        regions=tuple(regions), region=np.array([index[r.region] for r in kept], dtype=np.int64),
        year=np.array([r.year for r in kept], dtype=np.int64),
        school_id=[r.school_id for r in kept], name=[r.name for r in kept], stage=[r.stage for r in kept],
        ownership=[r.ownership for r in kept],
        ints={f: np.array([getattr(r, f) for r in kept], dtype=np.int64) for f in INT_FIELDS},
        floats={f: np.array([getattr(r, f) for r in kept], dtype=np.float64) for f in FLOAT_FIELDS},
        class_sizes=[list(r.class_sizes) for r in kept],
        teachers_by_qualification=[dict(r.teachers_by_qualification) for r in kept],
        extra=[dict(r.extra) for r in kept], simulated=np.array([r.simulated for r in kept], dtype=np.bool_),
    )
