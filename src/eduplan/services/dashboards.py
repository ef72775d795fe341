"""Dashboard use cases: every region's progress at a glance, one region's board, one target's story.

They only gather what the monitoring, evaluation and inspection services already compute;
all judgements are made at the end of an explicit year (tasks at 31 December of it, or today
if earlier), as an evaluation of that year would.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from sqlalchemy.orm import Session

from eduplan.core.errors import NotFoundError
from eduplan.core.evaluation.payload import FundingResult, TargetResult
from eduplan.core.evaluation.targets import history_of, item_assessment, plan_targets
from eduplan.core.plan import Observation
from eduplan.core.progress.rules import Point, Status, expected_value
from eduplan.core.simulated import SimulatedParts
from eduplan.data.catalog import load_catalog
from eduplan.services.approval import unapproved_years
from eduplan.services.assessment_memo import MEMO, Assessed, Kept, plan_keys, still_current
from eduplan.services.bulk_work import collector_paused
from eduplan.services.evaluations import EvaluationRecord, list_evaluations
from eduplan.services.monitoring import (
    ProjectBoard,
    TaskBoard,
    assess_loaded,
    funding_checks,
    project_board,
    region_plan,
    task_board,
)
from eduplan.services.readiness import Readiness, inspection_readiness
from eduplan.services.regions import region_label, resolve
from eduplan.services.simulated import region_parts
from eduplan.store.boards import PlanHead, plan_heads
from eduplan.store.boards import latest_observation_year as store_latest_year
from eduplan.store.plan_reads import load_plans
from eduplan.store.records import load_observations
from eduplan.store.regions import tree_rows


@dataclass(frozen=True)
class PlanProgress:
    """One stored plan's targets assessed at a year (a row of the municipal overview)."""

    region: str
    plan_id: int
    plan_title: str
    targets: list[TargetResult]
    simulated: frozenset[tuple[str, int]]  # (indicator id, year) of the region's simulated observations


@dataclass(frozen=True)
class RegionDashboard:
    """A region's board at a year; the private parts are None when the reader may not see them."""

    region: str
    plan_id: int
    plan_title: str
    year: int
    targets: list[TargetResult]
    simulated: frozenset[tuple[str, int]]  # (indicator id, year) of the simulated observations
    unapproved: frozenset[int]  # years of figures shown that the municipal commission has not approved
    tasks: TaskBoard
    projects: ProjectBoard
    funding: list[FundingResult] | None
    evaluation: EvaluationRecord | None
    readiness: Readiness | None
    parts: SimulatedParts = field(default_factory=SimulatedParts)  # which parts are 模拟数据 (services.simulated)
    withheld: frozenset[int] = frozenset()  # approved-only readers: years with figures not yet approved, left out
    label: str = ""  # how pages name the region: its name, with parent and code where names repeat


@dataclass(frozen=True)
class TargetStory:
    """One target: its assessment, the trajectory year by year and the indicator's observations."""

    region: str
    plan_id: int
    plan_title: str
    year: int
    result: TargetResult
    trajectory: list[Point]
    observations: list[Observation]
    unapproved: frozenset[int] = frozenset()  # years of the observations shown not yet approved
    label: str = ""  # how pages name the region


def latest_observation_year(*, session: Session, region: str | None = None) -> int | None:
    """The latest year with an observation (of one region, or of any)."""
    return store_latest_year(session, region=region)


def progress_by_plan(*, session: Session, year: int, approved_only: bool = False,
                     regions: Sequence[str] | None = None) -> list[PlanProgress]:
    """Every stored plan's targets (of the regions named by key, e.g. a subtree, when given) assessed
    from the observations up to `year` (approved ones only with `approved_only`).

    A plan whose region's data have not changed since it was last assessed at this year is taken
    from this process's memo (services/assessment_memo.py); the others' plans and observations
    are read in one query per kind of row, whatever the number of regions."""
    heads = plan_heads(session, regions=regions)
    done = _through_memo(session, heads, year=year, approved_only=approved_only, slot=None, kept=Assessed,
                         made=lambda _, assessed: assessed)
    return [PlanProgress(h.region, h.id, h.title, list(done[h.id].targets), done[h.id].simulated) for h in heads]


_Kept = TypeVar("_Kept", bound=Kept)


def _through_memo(session: Session, heads: Sequence[PlanHead], *, year: int, approved_only: bool, slot: str | None,
                  kept: type[_Kept], made: Callable[[PlanHead, Assessed], _Kept]) -> dict[int, _Kept]:
    """What `made` makes of each plan of `heads` assessed at `year`, by plan id: from the memo
    where the plan's region has not changed since (under `slot`, else as the plan's full results;
    what is kept under a slot is also made from full results found there), the others assessed
    from one query per kind of row and kept if their data did not move meanwhile."""
    pairs = [(h.id, h.region) for h in heads]
    keys = plan_keys(session, pairs, year=year, approved_only=approved_only)

    def key(plan_id: int) -> Hashable:
        assert keys is not None
        return keys[plan_id] if slot is None else (slot, keys[plan_id])

    done: dict[int, _Kept] = {}
    if keys is not None:
        for h in heads:
            if isinstance(found := MEMO.get(key(h.id)), kept):
                done[h.id] = found
            elif slot is not None and isinstance(full := MEMO.get(keys[h.id]), Assessed):  # a board assessed it in full
                done[h.id] = made(h, full)
    todo = [h for h in heads if h.id not in done]
    if todo:
        computed = _assess_heads(session, todo, year=year, approved_only=approved_only)
        done.update((h.id, made(h, computed[h.id])) for h in todo)
        if keys is not None:
            for plan_id in still_current(session, [(h.id, h.region) for h in todo], keys, year=year,
                                         approved_only=approved_only):
                MEMO.put(key(plan_id), done[plan_id])
    return done


@dataclass(frozen=True)
class PlanStatuses:
    """What an overview shows of one plan assessed at a year: its targets counted by status and its
    binding targets at risk (a row of a city's, a province's or the nation's overview). It is all an
    overview keeps in the memo, so the nation's plans fit in it where their results would not."""

    region: str
    plan_id: int
    plan_title: str
    targets: int
    counts: dict[Status, int]  # targets by status (only the statuses present)
    flagged: tuple[tuple[TargetResult, bool], ...]  # binding targets at risk, each with: its latest value is 模拟数据
    simulated_by_year: bool  # some observation up to the year is 模拟数据
    simulated: bool  # some observation of the region is 模拟数据

    @property
    def weight(self) -> int:
        """What it costs the memo, in target results: the row and its targets at risk."""
        return 1 + len(self.flagged)

    @classmethod
    def of(cls, head: PlanHead, assessed: Assessed, *, year: int) -> PlanStatuses:
        return cls(region=head.region, plan_id=head.id, plan_title=head.title, targets=len(assessed.targets),
                   counts=dict(Counter(t.status for t in assessed.targets)),
                   flagged=tuple((t, (t.indicator_id, t.latest_year) in assessed.simulated)
                                 for t in assessed.targets if t.flagged),
                   simulated_by_year=any(y <= year for _, y in assessed.simulated),
                   simulated=bool(assessed.simulated))


def statuses_by_plan(*, session: Session, year: int, approved_only: bool = False,
                     regions: Sequence[str] | None = None) -> list[PlanStatuses]:
    """Every stored plan (of the regions named by key, when given) as an overview shows it: its
    targets assessed at `year` counted by status, and its binding targets at risk.

    As `progress_by_plan`, a plan whose region's data have not changed since it was last counted
    is taken from the memo; only its counts and targets at risk are kept there, so after one
    county's write the nation's overview assesses that county, not every plan."""
    heads = plan_heads(session, regions=regions)
    done = _through_memo(session, heads, year=year, approved_only=approved_only, slot="statuses",
                         kept=PlanStatuses, made=lambda head, assessed: PlanStatuses.of(head, assessed, year=year))
    return [done[h.id] for h in heads]


@dataclass(frozen=True)
class Group:
    """A region directly under an overview's scope, into which the plans below it are summed."""

    key: str
    label: str  # the name; with its parent and code where names repeat, as StoredRegion.label
    order: tuple[bool, str, str]  # the scope's own plans first, then by division code, regions without one last
    own: bool = False  # the scope itself: its own plans (本级)


class RegionTree:
    """The stored regions read once (one statement), for an overview's groups and its regions' labels."""

    def __init__(self, session: Session) -> None:
        self._by_id = {r[0]: r for r in tree_rows(session)}
        self._ids = {key: rid for rid, _, key, _, _ in self._by_id.values()}

    def label(self, rid: int) -> str:
        _, parent_id, key, name, code = self._by_id[rid]
        return region_label(key, name, self._by_id[parent_id][3] if parent_id is not None else None, code)

    def labels(self, regions: Iterable[str]) -> dict[str, str]:
        """How a page names each region given by key (services.regions.region_label)."""
        return {key: self.label(rid) for key in regions if (rid := self._ids.get(key)) is not None}

    def groups_under(self, scope_id: int | None, regions: Sequence[str]) -> dict[str, Group]:
        """Each region named (by key) as the region directly under the scope it lies in: the scope's
        own plans the scope itself (本级), and without a scope the top regions (a nation's
        provinces). A region not under the scope is absent."""
        out: dict[str, Group] = {}
        for key in regions:
            if (rid := self._ids.get(key)) is None:
                continue
            if rid == scope_id:
                out[key] = self._group(rid, own=True)
                continue
            while (parent := self._by_id[rid][1]) != scope_id and parent is not None:
                rid = parent
            if parent == scope_id:
                out[key] = self._group(rid)
        return out

    def _group(self, rid: int, *, own: bool = False) -> Group:
        _, _, key, _, code = self._by_id[rid]
        label = self.label(rid)
        return Group(key, f"{label}（本级）" if own else label, (not own, "" if own else code or "\uffff", key), own)


def groups_under(session: Session, scope_id: int | None, regions: Sequence[str]) -> dict[str, Group]:
    """`RegionTree.groups_under` from a fresh read of the tree."""
    return RegionTree(session).groups_under(scope_id, regions)


def region_labels(session: Session, regions: Iterable[str]) -> dict[str, str]:
    """How a page names each region given by key: its name, with its parent and code where another
    region has the same name (福州市鼓楼区（350102）, as StoredRegion.label). One statement."""
    return RegionTree(session).labels(regions)


def _assess_heads(session: Session, heads: Sequence[PlanHead], *, year: int, approved_only: bool
                  ) -> dict[int, Assessed]:
    """The plans of `heads` assessed, from one query per kind of row (the cycle collector paused:
    services/bulk_work.py)."""
    with collector_paused():
        return _assess_loaded_heads(session, heads, year=year, approved_only=approved_only)


def _assess_loaded_heads(session: Session, heads: Sequence[PlanHead], *, year: int, approved_only: bool
                         ) -> dict[int, Assessed]:
    plans = load_plans(session, [h.id for h in heads], parts=("indicators", "targets"))  # what targets read
    observations: dict[str, list[Observation]] = {}
    for o in load_observations(session, approved_only=approved_only, regions=sorted({h.region for h in heads})):
        observations.setdefault(o.region, []).append(o)
    return {h.id: Assessed(tuple(assess_loaded(plans[h.id], observations.get(h.region, ()), region=h.region,
                                               year=year)),
                           frozenset((o.indicator, o.year) for o in observations.get(h.region, ()) if o.simulated))
            for h in heads}


def region_dashboard(*, session: Session, region: str, year: int, private: bool,
                     plan: int | str | None = None, approved_only: bool = False) -> RegionDashboard:
    """The region's targets, tasks and projects, and (when `private`) funding, evaluation, inspections;
    figures approved only with `approved_only`, else the latest with the unapproved years named."""
    plan_id, found = region_plan(session=session, region=region, plan=plan)
    as_of = min(dt.date.today(), dt.date(year, 12, 31))
    observations = load_observations(session, region=region, approved_only=approved_only)
    targets = assess_loaded(found, observations, region=region, year=year)
    evaluations = list_evaluations(session=session, region=region) if private else []
    pending = frozenset(y for y in unapproved_years(session=session, region=region) if y <= year)
    return RegionDashboard(
        region=region, plan_id=plan_id, plan_title=found.title, year=year,
        targets=targets,
        simulated=frozenset((o.indicator, o.year) for o in observations if o.simulated),
        unapproved=frozenset() if approved_only else pending,
        withheld=pending if approved_only else frozenset(),
        tasks=task_board(session=session, region=region, today=as_of, loaded=(plan_id, found)),
        projects=project_board(session=session, region=region, year=year, loaded=(plan_id, found)),
        funding=funding_checks(session=session, region=region, year=year) if private else None,
        evaluation=next((e for e in evaluations if e.plan_id in (plan_id, None)), None),
        readiness=inspection_readiness(session=session, region=region, year=year) if private else None,
        parts=_shown(region_parts(session=session, region=region, year=year, school_year=year), private=private),
        label=resolve(session, region).label,
    )


def _shown(parts: SimulatedParts, *, private: bool) -> SimulatedParts:
    """The parts a reader sees: without the private ones (funding, inspections) when not `private`."""
    return parts if private else replace(parts, funding=False, schools=False)


def target_story(*, session: Session, region: str, key: str, year: int,
                 plan: int | str | None = None, approved_only: bool = False) -> TargetStory:
    """The target `key` of the region's plan assessed at `year`, with its trajectory and observations."""
    plan_id, found = region_plan(session=session, region=region, plan=plan)
    observations = load_observations(session, region=region, approved_only=approved_only)
    history = history_of(observations, region=region)
    item = next((i for i in plan_targets(found, load_catalog(), history) if i.key == key), None)
    if item is None:
        raise NotFoundError(f"{region}的规划中没有目标“{key}”")
    result, assessment = item_assessment(item, history, year=year)
    path = assessment.trajectory
    trajectory = ([Point(y, expected_value(path, y)) for y in range(path.start.year, path.end.year + 1)]
                  if path is not None else [])
    series = [o for o in observations if item.series is not None and o.indicator == item.series]
    unapproved = frozenset() if approved_only else unapproved_years(session=session, region=region)
    return TargetStory(region, plan_id, found.title, year, result, trajectory, series, unapproved,
                       label=resolve(session, region).label)
