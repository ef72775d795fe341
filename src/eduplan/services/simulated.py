"""Is this part simulated (模拟数据)? The service every page, report and CLI command asks.

`region_parts` answers for a region's figures at a year from the store; `evaluation_parts` for a
stored evaluation from its payload (section by section, as it was when it ran), or, for a
payload stored before it recorded that, from the records up to its year. The rule itself
(what a part draws on) is `core.simulated`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.simulated import SimulatedParts
from eduplan.store.simulated import simulated_parts_stored


def region_parts(*, session: Session, region: str, year: int | None = None,
                 school_year: int | None = None) -> SimulatedParts:
    """Which parts of the region's figures up to `year` (school records of `school_year`) are simulated."""
    return simulated_parts_stored(session, region=region, up_to_year=year, school_year=school_year)


def evaluation_parts(*, session: Session, region: str, year: int, evaluation: EvaluationPayload) -> SimulatedParts:
    """Which sections of a stored evaluation are simulated: its own record, or for an evaluation
    stored before it kept one (`simulated` None), what the region's stored data say now."""
    stored = evaluation.simulated
    return stored if stored is not None else region_parts(session=session, region=region, year=year)
