"""The municipal overview and the comparison of regions on one indicator."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import BaseModel

from eduplan.core.catalog import Catalog
from eduplan.core.comparison import RegionComparison
from eduplan.core.progress.rules import CHARTED, Status
from eduplan.services.dashboards import Group, PlanStatuses
from eduplan.web.schemas.dashboard.targets import (
    STATUSES,
    TargetRow,
    region_href,
    target_number,
)


class RegionStatusRow(BaseModel):
    """One plan's targets counted by status."""

    region: str
    label: str  # how the page names the region (its name; with parent and code where names repeat)
    plan_id: int
    plan_title: str
    href: str
    targets: int
    status_counts: dict[str, int]
    unmonitored: int
    flagged: int
    simulated: bool  # the region's observations are 模拟数据


class GroupStatusRow(BaseModel):
    """The plans of one region under the overview's scope (a province of the nation, a city of a
    province), their targets counted by status; `href` is that region's own overview."""

    region: str
    key: str
    href: str
    plans: int
    targets: int
    status_counts: dict[str, int]
    unmonitored: int
    flagged: int
    simulated: bool


#: An overview of more plans than this shows them summed by the regions under its scope (each a
#: link to its own overview) and the first FLAGGED_SHOWN binding targets at risk; its JSON lists all.
ROLL_UP = 60
FLAGGED_SHOWN = 100


class FlaggedTarget(BaseModel):
    """A binding (约束性) target at risk."""

    region: str
    label: str
    target: TargetRow


class CatalogOption(BaseModel):
    """A catalog indicator that can be compared."""

    id: str
    name: str
    category: str | None
    unit: str | None


class OverviewPage(BaseModel):
    """The municipal overview: every region's statuses, the binding targets at risk, the comparison form."""

    year: int
    scope: str | None = None  # the province or city whose counties are listed (key), or None: every region
    scope_name: str | None = None
    statuses: list[str]
    regions: list[RegionStatusRow]
    flagged: list[FlaggedTarget]
    indicators: list[CatalogOption]
    simulated: bool
    groups: list[GroupStatusRow] = []  # the plans summed by the regions directly under the scope
    rolled_up: bool = False  # the page shows `groups`, not every plan: more than ROLL_UP plans, in two groups or more, fewer groups than plans

    @property
    def flagged_shown(self) -> list[FlaggedTarget]:
        """The binding targets at risk the page lists: all, or the first FLAGGED_SHOWN when rolled up."""
        return self.flagged[:FLAGGED_SHOWN] if self.rolled_up else self.flagged

    def chart_data(self) -> dict[str, object]:
        """What the page's chart draws: the statuses of each plan, or of each group when rolled up."""
        rows = self.groups if self.rolled_up else self.regions
        return {"statuses": self.statuses,
                "regions": [{"region": r.region if isinstance(r, GroupStatusRow) else r.label, "href": r.href,
                             "status_counts": r.status_counts} for r in rows]}

    @classmethod
    def of(cls, plans: list[PlanStatuses], *, year: int, catalog: Catalog, scope: str | None = None,
           scope_name: str | None = None, groups: dict[str, Group] | None = None,
           labels: dict[str, str] | None = None) -> OverviewPage:
        """From every plan's targets counted by status (of the regions under `scope`, when given), the
        region under the scope each plan's region lies in, how the page names each region, and the catalog."""
        named = labels or {}
        rows = [RegionStatusRow(region=p.region, label=named.get(p.region, p.region), plan_id=p.plan_id, plan_title=p.plan_title,
                                href=region_href(p.region, year), targets=p.targets,
                                status_counts={s.value: p.counts.get(s, 0) for s in CHARTED},
                                unmonitored=p.counts.get(Status.UNMONITORED, 0), flagged=len(p.flagged),
                                simulated=p.simulated_by_year)
                for p in plans]
        last = (True, "\uffff", "")
        in_groups = sorted(plans, key=lambda p: g.order if (g := (groups or {}).get(p.region)) else last)  # stable
        flagged = [FlaggedTarget(region=p.region, label=named.get(p.region, p.region),
                                 target=TargetRow.of(t, region=p.region, year=year, simulated=simulated))
                   for p in in_groups for t, simulated in p.flagged]  # as the groups are listed: the first shown are the first groups
        options = [CatalogOption(id=e.id, name=e.name, category=e.category, unit=e.unit) for e in catalog.entries]
        summed = _summed(rows, groups or {}, year=year)
        return cls(year=year, scope=scope, scope_name=scope_name, statuses=STATUSES, regions=rows, flagged=flagged, indicators=options,
                   simulated=any(p.simulated for p in plans), groups=summed,
                   rolled_up=len(rows) > ROLL_UP and 1 < len(summed) < len(rows))


def _summed(rows: list[RegionStatusRow], groups: dict[str, Group], *, year: int) -> list[GroupStatusRow]:
    """The plans' rows summed by group, in the groups' order (a plan outside every group: left out)."""
    out: dict[str, GroupStatusRow] = {}
    order: dict[str, tuple[bool, str, str]] = {}
    for r in rows:
        if (g := groups.get(r.region)) is None:
            continue
        found = out.get(g.label)
        if found is None:
            href = f"/dashboard?year={year}&region={quote(g.key, safe='')}"
            found = out[g.label] = GroupStatusRow(region=g.label, key=g.key, href=href, plans=0, targets=0,
                                                  status_counts=dict.fromkeys(STATUSES, 0), unmonitored=0, flagged=0,
                                                  simulated=False)
            order[g.label] = g.order
        found.plans += 1
        found.targets += r.targets
        for s, n in r.status_counts.items():
            found.status_counts[s] += n
        found.unmonitored += r.unmonitored
        found.flagged += r.flagged
        found.simulated = found.simulated or r.simulated
    return [out[label] for label in sorted(out, key=order.__getitem__)]


class ComparisonRow(BaseModel):
    """One region's value of the indicator, rank, target and status."""

    region: str
    label: str  # how the page names the region
    href: str
    value: float | None
    rank: int | None
    source: str | None
    simulated: bool
    plan_title: str | None
    target: str | None
    target_value: float | None  # the number in `target` (a range's lower bound), for the chart
    target_year: int | None
    baseline: float | None
    status: str | None
    likelihood: str | None
    binding: bool
    flagged: bool


class ComparePage(BaseModel):
    """Regions side by side on one catalog indicator in one year."""

    indicator_id: str
    name: str
    unit: str | None
    direction: str
    direction_label: str
    year: int
    reported: int
    mean: float | None
    rows: list[ComparisonRow]
    simulated: bool
    indicators: list[CatalogOption]
    scope: str | None = None  # the province or city whose counties are compared (key), or None: every region
    scope_name: str | None = None

    @classmethod
    def of(cls, c: RegionComparison, *, catalog: Catalog, scope: str | None = None,
           scope_name: str | None = None, labels: dict[str, str] | None = None) -> ComparePage:
        """From the comparison service (of the regions under `scope`, when given) and how the page
        names each region."""
        named = labels or {}
        rows = [ComparisonRow(region=r.region, label=named.get(r.region, r.region), href=region_href(r.region, c.year), value=r.value, rank=r.rank,
                              source=r.source, simulated=r.simulated, plan_title=r.plan_title, target=r.target,
                              target_value=target_number(r.target), target_year=r.target_year, baseline=r.baseline,
                              status=r.status.value if r.status else None,
                              likelihood=r.likelihood.value if r.likelihood else None, binding=r.binding,
                              flagged=r.flagged) for r in c.rows]
        options = [CatalogOption(id=e.id, name=e.name, category=e.category, unit=e.unit) for e in catalog.entries]
        return cls(indicator_id=c.indicator_id, name=c.name, unit=c.unit, direction=c.direction.value,
                   direction_label=c.direction_label, year=c.year, reported=c.reported, mean=c.mean, rows=rows,
                   simulated=any(r.simulated for r in c.rows), indicators=options, scope=scope, scope_name=scope_name)
