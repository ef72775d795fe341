"""Regions side by side on one indicator: the comparison's rows, its ranks and direction labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from eduplan.core.plan import Direction
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status

DIRECTION_LABELS = {Direction.UP: "越高越好", Direction.DOWN: "越低越好", Direction.HOLD: "保持稳定"}


@dataclass(frozen=True)
class RegionValue:
    """One region's line: its value in the year, rank, and its plan's target and status."""

    region: str
    value: float | None
    rank: int | None
    source: str | None
    simulated: bool
    plan_title: str | None
    target: str | None  # “≥98”
    target_year: int | None
    baseline: float | None
    status: Status | None
    likelihood: Likelihood | None
    binding: bool
    flagged: bool


@dataclass(frozen=True)
class RegionComparison:
    """Regions side by side on one indicator in one year."""

    indicator_id: str
    name: str
    unit: str | None
    direction: Direction
    direction_label: str
    year: int
    rows: list[RegionValue]

    @property
    def reported(self) -> int:
        """How many regions have a value for the year."""
        return sum(1 for r in self.rows if r.value is not None)

    @property
    def mean(self) -> float | None:
        """The unweighted mean of the reported values."""
        values = [r.value for r in self.rows if r.value is not None]
        return sum(values) / len(values) if values else None



def competition_ranks(values: Mapping[str, float | None], direction: Direction) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) by the direction; none for an indicator to be held."""
    if direction is Direction.HOLD:
        return {}
    reported = [(r, v) for r, v in values.items() if v is not None]
    ordered = sorted((v for _, v in reported), reverse=direction is Direction.UP)
    return {r: ordered.index(v) + 1 for r, v in reported}
