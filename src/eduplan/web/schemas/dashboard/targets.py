"""A target as a table row, and the indicator page (its trajectory and observations); the links and
counts every dashboard page shares."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote

from pydantic import BaseModel

from eduplan.core.evaluation.payload import TargetResult
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import CHARTED, Status
from eduplan.services.dashboards import TargetStory

STATUSES = [s.value for s in CHARTED]  # 未纳入监测 is counted apart (`unmonitored`)
LIKELIHOODS = [s.value for s in Likelihood]


def target_href(region: str, key: str, year: int) -> str:
    """The indicator page of a target (the key may hold any character: it is URL-encoded)."""
    return f"/regions/{quote(region, safe='')}/targets/{quote(key, safe='')}?year={year}"


def region_href(region: str, year: int | None = None) -> str:
    """A region's dashboard."""
    return f"/regions/{quote(region, safe='')}" + (f"?year={year}" if year is not None else "")


def target_number(text: str | None) -> float | None:
    """The first number of a target text (“≥97” → 97, “93～95” → 93), for drawing it."""
    found = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return float(found.group()) if found else None


def status_counts(targets: Iterable[TargetResult]) -> dict[str, int]:
    """How many targets have each charted status, every one listed (in the order of `Status`)."""
    found = Counter(t.status.value for t in targets)
    return {s: found.get(s, 0) for s in STATUSES}


def unmonitored_count(targets: Iterable[TargetResult]) -> int:
    """How many targets are 未纳入监测 (prose commitments no yearly sheet collects)."""
    return sum(1 for t in targets if t.status is Status.UNMONITORED)


class TargetRow(BaseModel):
    """One target's assessment as a table row; `simulated`: its latest value is 模拟数据."""

    key: str
    href: str
    name: str
    indicator_id: str | None
    unit: str | None
    category: str | None
    origin: str
    attribute: str | None
    binding: bool
    target: str
    target_year: int | None
    baseline_year: int | None
    baseline: float | None
    latest_year: int | None
    latest_value: float | None
    simulated: bool
    unapproved: bool = False  # its latest value is of a year the municipal commission has not approved
    expected: float | None
    gap: float | None
    ratio: float | None
    status: str
    likelihood: str
    forecast: float | None
    forecast_low: float | None
    forecast_high: float | None
    flagged: bool
    alert: str | None
    reason: str
    line: int | None

    @classmethod
    def of(cls, t: TargetResult, *, region: str, year: int, simulated: bool, unapproved: bool = False) -> TargetRow:
        """From the service's result."""
        fields = {k: getattr(t, k) for k in cls.model_fields
                  if k not in ("href", "simulated", "unapproved", "status", "likelihood")}
        return cls(**fields, href=target_href(region, t.key, year), simulated=simulated, unapproved=unapproved,
                   status=t.status.value, likelihood=t.likelihood.value)


class SeriesPoint(BaseModel):
    """A year's value."""

    year: int
    value: float


class ObservationOut(BaseModel):
    """A monitored value with where it came from."""

    year: int
    value: float
    source: str | None
    reported_by: str | None
    simulated: bool
    unapproved: bool = False  # of a year the municipal commission has not approved (shown to the region's own)


class TargetPage(BaseModel):
    """One target: its assessment and reasoning, its trajectory and the observations behind it."""

    region: str
    region_label: str = ""  # how the page names the region (its name; with parent and code where names repeat)
    plan_id: int
    plan_title: str
    year: int
    target: TargetRow
    target_value: float | None  # where the chart draws the target line (a range's lower bound)
    trajectory: list[SeriesPoint]
    observations: list[ObservationOut]
    simulated: bool
    dashboard: str

    @classmethod
    def of(cls, s: TargetStory) -> TargetPage:
        """From the dashboard service."""
        r = s.result
        observed = [ObservationOut(year=o.year, value=o.value, source=o.source, reported_by=o.reported_by,
                                   simulated=o.simulated, unapproved=o.year in s.unapproved) for o in s.observations]
        latest = next((o for o in observed if o.year == r.latest_year), None)
        return cls(region=s.region, region_label=s.label or s.region, plan_id=s.plan_id, plan_title=s.plan_title, year=s.year,
                   target=TargetRow.of(r, region=s.region, year=s.year, simulated=bool(latest and latest.simulated),
                                       unapproved=r.latest_year in s.unapproved),
                   target_value=s.trajectory[-1].value if s.trajectory else None,
                   trajectory=[SeriesPoint(year=p.year, value=p.value) for p in s.trajectory],
                   observations=observed, simulated=any(o.simulated for o in observed),
                   dashboard=region_href(s.region, s.year))
