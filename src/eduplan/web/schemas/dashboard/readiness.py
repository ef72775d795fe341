"""Inspection readiness on a region's dashboard: failing schools and items, the largest gaps."""

from __future__ import annotations

from pydantic import BaseModel

from eduplan.services.inspections import Gap, Readiness


class GapOut(BaseModel):
    """A failing inspection item and what it lacks."""

    subject: str
    item: str
    value: float | None
    standard: float | None
    op: str | None
    unit: str | None
    gap: float
    gap_unit: str
    message: str

    @classmethod
    def of(cls, g: Gap) -> GapOut:
        """From the inspection service's gap."""
        return cls(**{k: getattr(g, k) for k in cls.model_fields})


class ReadinessOut(BaseModel):
    """Inspection readiness: failing schools and items, and the largest gaps."""

    year: int
    standards: str
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
    largest_gaps: list[GapOut]
    simulated: bool  # the school records are 模拟数据
    balance_ready: bool | None = None  # held back by the checklist of preconditions and 一票否决 items
    preschool_ready: bool | None = None
    checklist_note: str = ""

    @classmethod
    def of(cls, r: Readiness) -> ReadinessOut:
        """From the inspection service's readiness."""
        fields = {k: getattr(r, k) for k in cls.model_fields if k != "largest_gaps"}
        return cls(**fields, largest_gaps=[GapOut.of(g) for g in r.largest_gaps])
