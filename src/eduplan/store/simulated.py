"""Which of a region's stored records are simulated (模拟数据): one EXISTS query per kind of record.

The answer for a part of a page comes from `core.simulated`; this only asks the database the
same question without loading the records.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from eduplan.core.simulated import Part, SimulatedParts
from eduplan.store.models.monitoring import (
    FinanceRecordRow,
    ObservationRow,
    ProjectReportRow,
    SchoolRecordRow,
    TaskReportRow,
)
from eduplan.store.models.regions import RegionRow
from eduplan.store.regions import region_is

MODELS: dict[Part, Any] = {Part.TARGETS: ObservationRow, Part.TASKS: TaskReportRow, Part.PROJECTS: ProjectReportRow,
                           Part.FUNDING: FinanceRecordRow, Part.SCHOOLS: SchoolRecordRow}


def simulated_parts_stored(session: Session, *, region: str, up_to_year: int | None = None,
                           school_year: int | None = None) -> SimulatedParts:
    """Each part's answer for the region: figures up to `up_to_year`, school records of `school_year`
    (any year when None)."""
    region_id = select(RegionRow.id).where(region_is(region)).scalar_subquery()
    flags: dict[str, Any] = {}
    for part, model in MODELS.items():
        query = exists().where(model.region_id == region_id, model.simulated.is_(True))
        if part is Part.SCHOOLS:
            if school_year is not None:
                query = query.where(model.year == school_year)
        elif up_to_year is not None:
            query = query.where(model.year <= up_to_year)
        flags[part.value] = query
    row = session.execute(select(*(v.label(k) for k, v in flags.items()))).one()
    return SimulatedParts(**{k: bool(v) for k, v in row._mapping.items()})
