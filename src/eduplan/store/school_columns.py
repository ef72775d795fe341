"""School records of many regions read as columns (`core.inspection.school_columns.SchoolColumns`): one
SELECT of the record's columns, the JSON columns read as their text and decoded in one pass, no object
per row. `store.records.load_school_records` stays for the callers that need records.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from eduplan.core.inspection.school_columns import FLOAT_FIELDS, INT_FIELDS, SchoolColumns
from eduplan.store.models.monitoring import SchoolRecordRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.region_keys import keys_of
from eduplan.store.regions import region_in, region_is
from eduplan.store.session import core_rows

_R = SchoolRecordRow
_TEXT = (_R.school_id, _R.name, _R.stage, _R.ownership)
_JSON = (_R.class_sizes, _R.teachers_by_qualification, _R.extra)


def load_school_columns(session: Session, *, year: int, regions: Sequence[str] = (),
                        region: str | None = None) -> SchoolColumns:
    """The school records of `year` of the regions named (by key; others' rows are left out), or of the
    one `region`, in the order `load_school_records` gives them (region name, school, stage)."""
    query = select(_R.region_id, _R.year, *_TEXT, *(getattr(_R, f) for f in (*INT_FIELDS, *FLOAT_FIELDS)),
                   *(cast(c, Text) for c in _JSON), _R.simulated).join(RegionRow).where(_R.year == year)
    wanted = [region] if region is not None else list(dict.fromkeys(regions))
    if region is not None:
        query = query.where(region_is(region))
    elif wanted:
        ids = [int(i) for i in session.scalars(select(RegionRow.id).where(region_in(wanted)))]
        query = query.where(_R.region_id.in_(ids))
    else:
        return _columns((), [], [])
    rows = core_rows(session, query.order_by(RegionRow.name, _R.year, _R.school_id, _R.stage))
    if region is not None:
        index = {r[0]: 0 for r in rows}
    else:
        position = {k: i for i, k in enumerate(wanted)}
        keys = keys_of(session, {r[0] for r in rows})
        index = {i: position[k] for i, k in keys.items() if k in position}
        rows = [r for r in rows if r[0] in index]
    return _columns(tuple(wanted), rows, [index[r[0]] for r in rows])


def _decoded(texts: Sequence[str | None], empty: str) -> list[Any]:
    """Many JSON texts decoded in one call (a missing one as `empty`), each distinct text once: rows with
    the same text share one value (the columns are read, never written; `SchoolColumns.record` copies)."""
    distinct = dict.fromkeys(t if t is not None else empty for t in texts)
    values = dict(zip(distinct, json.loads("[" + ",".join(distinct) + "]"), strict=True))
    return [values[t if t is not None else empty] for t in texts]


def _columns(regions: tuple[str, ...], rows: Sequence[Any], index: list[int]) -> SchoolColumns:
    """The columns of the selected rows."""
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in range(2 + len(_TEXT) + len(INT_FIELDS)
                                                                         + len(FLOAT_FIELDS) + len(_JSON) + 1)]
    at = 2 + len(_TEXT)
    ints = {f: np.array(cols[at + k], dtype=np.int64) for k, f in enumerate(INT_FIELDS)}
    at += len(INT_FIELDS)
    floats = {f: np.array(cols[at + k], dtype=np.float64) for k, f in enumerate(FLOAT_FIELDS)}
    at += len(FLOAT_FIELDS)
    return SchoolColumns(
        regions=regions, region=np.array(index, dtype=np.int64), year=np.array(cols[1], dtype=np.int64),
        school_id=list(cols[2]), name=list(cols[3]), stage=list(cols[4]), ownership=list(cols[5]),
        ints=ints, floats=floats, class_sizes=_decoded(cols[at], "[]"),
        teachers_by_qualification=_decoded(cols[at + 1], "{}"), extra=_decoded(cols[at + 2], "{}"),
        simulated=np.array([bool(v) for v in cols[at + 3]], dtype=np.bool_),
    )
