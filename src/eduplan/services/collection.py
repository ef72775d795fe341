"""Store a yearly data collection (年度数据采集) in the caller's transaction.

Only an accepted import is stored, all of it or nothing (the edge commits or rolls back).
Every record is keyed by (region, year, item): importing the same workbook again changes
nothing, a corrected workbook updates the records it changes. Each record keeps the
collection it came from (`source`) and who entered it. Two imports for the same region at once
are serialised (`store.session.lock_regions`): the second waits for the first to commit, then
updates what the first stored, instead of failing on a duplicate key.

`store_records` is the one write point of yearly records (workbook, CSV, API and web form):
figures the municipal commission approved are refused there, before anything is written
(`services.approval.guard_writes`); every changed value is audited with its old and new value;
figures changed after submission go back to 填报中.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from eduplan.core.collection.approval import Submission, Transition
from eduplan.core.collection.plausibility import History, plan_baselines
from eduplan.core.collection.problems import problem_report
from eduplan.core.collection.yearly import (
    OTHER_REGION,
    Collection,
    FinanceRecord,
    ImportResult,
    Issue,
    ProjectReport,
    TaskReport,
)
from eduplan.core.errors import InputError, Location, NotFoundError
from eduplan.core.plan import Observation, Plan
from eduplan.core.simulated import simulated
from eduplan.data.catalog import load_catalog
from eduplan.exchange.imports import import_collection
from eduplan.exchange.problems import write_problems
from eduplan.exchange.template import write_template
from eduplan.exchange.workbook import read_workbook
from eduplan.services.accounts import public_name
from eduplan.services.approval import guard_writes, reopen_changed
from eduplan.services.audit import record_audit
from eduplan.services.bulk_work import collector_paused
from eduplan.services.guarded import report_progress
from eduplan.services.plans import list_plans
from eduplan.store.audit import AuditEvent, add_audit_events
from eduplan.store.monitoring import SaveCounts, save_finance_records, save_project_reports, save_task_reports
from eduplan.store.plan_reads import load_plans
from eduplan.store.records import ValueChange, observation_values, save_observations, stored_observations
from eduplan.store.session import lock_regions

KIND_LABELS = {"observations": "监测值", "tasks": "任务进展", "projects": "项目进展", "finance": "经费"}


@dataclass(frozen=True)
class StoreReport:
    """What storing a collection did, per kind of record."""

    source: str
    observations: SaveCounts
    tasks: SaveCounts
    projects: SaveCounts
    finance: SaveCounts

    @property
    def changed(self) -> bool:
        """Whether anything was inserted or updated."""
        return any(c.inserted or c.updated for c in self.counts().values())

    def counts(self) -> dict[str, SaveCounts]:
        """The counts of each kind of record, by kind."""
        return {k: getattr(self, k) for k in KIND_LABELS}

    def summary(self) -> str:
        """“已导入 2023年报.xlsx：监测值新增12条、更新0条、未变0条；…”."""
        parts = [f"{KIND_LABELS[k]}新增{c.inserted}条、更新{c.updated}条、未变{c.unchanged}条"
                 for k, c in self.counts().items()]
        return f"已导入{self.source}：{'；'.join(parts)}。"


def store_collection(*, session: Session, result: ImportResult, source: str, actor: str) -> StoreReport:
    """Store an accepted import's records (flushed, not committed); a refused import raises InputError."""
    if result.collection is None:
        raise InputError(result.summary())
    return store_records(session=session, collection=result.collection, source=source, actor=actor)


def store_records(*, session: Session, collection: Collection, source: str, actor: str,
                  reason: str | None = None) -> StoreReport:
    """Store a collection's observations, task and project reports and finance records
    (`reason`: why they change, kept in the audit log); approved figures are refused whole."""
    lock_regions(session, _regions_in(collection))
    touched = guard_writes(session=session, region_years=_region_years(collection))
    reporter = public_name(session=session, name=actor)  # public pages show it: the unit or role, not the login
    observations = [dataclasses.replace(o, source=o.source or source,
                                        reported_by=reporter if o.reported_by in (None, actor) else o.reported_by)
                    for o in collection.observations]
    values: list[ValueChange] = []
    inserted, updated = save_observations(session, observations, values) if observations else (0, 0)
    report = StoreReport(
        source=source,
        observations=SaveCounts(inserted, updated, len(observations) - inserted - updated),
        tasks=save_task_reports(session, _entered(collection.tasks, actor), source=source),
        projects=save_project_reports(session, _entered(collection.projects, actor), source=source),
        finance=save_finance_records(session, _entered(collection.finance, actor), source=source),
    )
    if report.changed:
        record_audit(session=session, actor=actor, entity="collection", entity_id=source[:64], action="import",
                     before=None, after={k: dataclasses.asdict(c) for k, c in report.counts().items()})
    _audit_values(session, values, touched, source=source, actor=actor, reason=reason)
    reports_changed = any(c.inserted or c.updated for k, c in report.counts().items() if k != "observations")
    changed = {(v.region, v.year) for v in values} | (set(touched) if reports_changed else set())
    reopen_changed(session=session, touched=touched, changed=changed, actor=actor)
    return report


_R = TypeVar("_R", TaskReport, ProjectReport, FinanceRecord)


def _entered(records: Sequence[_R], actor: str) -> list[_R]:
    """The records, each entered by `actor` unless it names who entered it (copied only then)."""
    return [r if r.entered_by else dataclasses.replace(r, entered_by=actor) for r in records]


def _audit_values(session: Session, values: Sequence[ValueChange], touched: dict[tuple[str, int], Submission], *,
                  source: str, actor: str, reason: str | None) -> None:
    """One audit event per region-year with each changed value, old → new, and why (appended in one statement)."""
    by_year: dict[tuple[str, int], list[ValueChange]] = {}
    for v in values:
        by_year.setdefault((v.region, v.year), []).append(v)
    events = []
    for (region, year), changes in sorted(by_year.items()):
        submission = touched.get((region, year))
        why: dict[str, Any] = {"source": source, "reason": reason}
        if submission is not None and submission.last is Transition.UNLOCK:
            why["unlock_reason"] = submission.reason  # the approver's reason for reopening the figures
        events.append(AuditEvent(actor=actor, entity="observation", entity_id=f"{region}:{year}"[:64],
                                 action="create" if all(v.old is None for v in changes) else "update",
                                 before={"values": {v.indicator: v.old for v in changes}},
                                 after={"values": {v.indicator: v.new for v in changes}, **why}))
    add_audit_events(session, events)


@dataclass(frozen=True)
class TargetChange:
    """A target whose status an import changed."""

    name: str
    before: str | None
    after: str
    latest_value: float | None


@dataclass(frozen=True)
class WorkbookImport:
    """The outcome of importing a workbook: the checked result and, when accepted, what was stored."""

    result: ImportResult
    stored: StoreReport | None
    changes: list[TargetChange] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        """A one-line Chinese verdict."""
        return self.stored.summary() if self.stored else self.result.summary()


def _stored_plans(session: Session, regions: Sequence[str] | None = None) -> list[Plan]:
    """The stored plans (of `regions`, by key), in the order of the plan list, read in one query per kind
    of row with the parts the template and the import read; each plan's `region` is its region's key
    (the code where two regions share a name, so that a workbook of both tells them apart)."""
    listed = [(s.id, s.region) for s in list_plans(session=session) if regions is None or s.region in regions]
    plans = load_plans(session, [i for i, _ in listed], parts=PLAN_PARTS)
    return [plans[i] if plans[i].region == key else dataclasses.replace(plans[i], region=key)
            for i, key in listed if i in plans]


#: What the yearly template and its import read of a plan: its indicators, prose targets, tasks
#: (with their units) and projects.
PLAN_PARTS = ("indicators", "targets", "tasks", "projects")


def collection_template(*, session: Session, region: str | None, year: int, dest: str | Path) -> Path:
    """Write the yearly data workbook for one region (or, with region None, all regions) and year."""
    plans = _stored_plans(session, None if region is None else [region])
    if not plans:
        raise NotFoundError(f"库中没有{region or '任何区县'}的规划，无法生成填报模板" if region else "库中还没有规划")
    known = stored_values(session, region=region, years=[year - 1, year])
    # keyed by (region, indicator id), as write_template reads them (one region's too)
    previous: dict[Any, float] = {(o.region, o.indicator): o.value for o in known if o.year == year - 1}
    stored: dict[Any, float] = {(o.region, o.indicator): o.value for o in known if o.year == year}
    return write_template(plans, region=region, year=year, previous=previous, stored=stored, dest=dest,
                          catalog=load_catalog(), simulated=simulated(known))


def yearly_history(session: Session, plans: Sequence[Plan], region: str | None) -> History:
    """What new figures are judged against: the plans' printed values, then the stored figures."""
    history = plan_baselines(plans, load_catalog())
    stored: dict[tuple[str, str], dict[int, float]] = {}
    for key, indicator, year, value in observation_values(session, region=region):
        stored.setdefault((key, indicator), {})[year] = value
    for series_key, series in stored.items():
        history.setdefault(series_key, {}).update(dict(sorted(series.items())))
    return history


def stored_values(session: Session, *, region: str | None, years: Sequence[int] | None = None) -> list[Observation]:
    """The observations stored (of one region or of all; in the given years or all), approved or not."""
    return [s.observation for s in stored_observations(session, region=region, years=years)]


class StoredNow(Mapping[tuple[str, str, int], float]):
    """The values stored now by (region, indicator, year), of one region or all: what a workbook's
    已存值 column is checked against. A year's values are read on the first question about that year
    (a yearly workbook asks about one year, not about the whole history); iterating reads them all."""

    def __init__(self, session: Session, region: str | None) -> None:
        self.session, self.region = session, region
        self.years: dict[int, dict[tuple[str, str, int], float]] = {}

    def _year(self, year: int) -> dict[tuple[str, str, int], float]:
        if year not in self.years:
            self.years[year] = {(key, indicator, y): value for key, indicator, y, value
                                in observation_values(self.session, region=self.region, years=[year])}
        return self.years[year]

    def __getitem__(self, key: tuple[str, str, int]) -> float:
        return self._year(key[2])[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 3 and isinstance(key[2], int) and key in self._year(key[2])

    def _all(self) -> dict[tuple[str, str, int], float]:
        return {(key, indicator, y): value for key, indicator, y, value
                in observation_values(self.session, region=self.region)}

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _region_years(collection: Collection) -> set[tuple[str, int]]:
    return ({(o.region, o.year) for o in collection.observations} | {(t.region, t.year) for t in collection.tasks}
            | {(p.region, p.year) for p in collection.projects} | {(f.region, f.year) for f in collection.finance})


def _regions_in(collection: Collection) -> set[str]:
    return ({o.region for o in collection.observations} | {t.region for t in collection.tasks}
            | {p.region for p in collection.projects} | {f.region for f in collection.finance})


def _restrict(result: ImportResult, region: str) -> ImportResult:
    """Refuse, whole, an import for `region` that holds figures of other regions."""
    others = _regions_in(result.collection) - {region} if result.collection is not None else set()
    if not others:
        return result
    issue = OTHER_REGION.make(Location(), others="、".join(sorted(others)), region=region)
    return dataclasses.replace(result, collection=None, issues=[issue, *result.issues])


def _statuses(session: Session, region: str, year: int | None) -> dict[str, Any]:
    from eduplan.services.monitoring import assess_region

    return {t.key: t for t in assess_region(session=session, region=region, year=year)} if year else {}


def import_workbook(*, session: Session, paths: Sequence[str | Path], entered_by: str, strict: bool = False,
                    region: str | None = None) -> WorkbookImport:
    """Check a filled workbook (or CSV files) against the stored plans and store it all, or nothing.

    With `region`, the upload is for that region only: rows of another region refuse it whole,
    and the targets whose status the new figures change are listed.
    """
    # A national workbook makes millions of objects that live until the import ends, and nearly no
    # cycles: the collector's passes were about half of its time (services/bulk_work.py).
    with collector_paused():
        return _import_workbook(session=session, paths=paths, entered_by=entered_by, strict=strict, region=region)


def _import_workbook(*, session: Session, paths: Sequence[str | Path], entered_by: str, strict: bool,
                     region: str | None) -> WorkbookImport:
    rows = read_workbook(paths[0] if len(paths) == 1 else list(paths))
    report_progress(30, "核对数据")
    catalog = load_catalog()
    plans = _stored_plans(session, None if region is None else [region])
    if region is not None and not plans:
        raise NotFoundError(f"库中没有{region}的规划，无法导入其年度数据")
    now = StoredNow(session, region)
    result = import_collection(rows, plans=plans, catalog=catalog, history=yearly_history(session, plans, region),
                               strict=strict, entered_by=entered_by, stored=now)
    if region is not None:
        result = _restrict(result, region)
    if result.collection is None:
        return WorkbookImport(result=result, stored=None)
    year = max((o.year for o in result.collection.observations), default=None)
    before = _statuses(session, region, year) if region is not None else {}
    report_progress(70, "写入数据库")
    source = Path(paths[0]).name if len(paths) == 1 else f"{Path(paths[0]).name} 等{len(paths)}个文件"
    stored = store_collection(session=session, result=result, source=source, actor=entered_by)
    changes = []
    if region is not None:
        for target_key, target in _statuses(session, region, year).items():
            old = before.get(target_key)
            if old is None or old.status != target.status:
                changes.append(TargetChange(name=target.name, before=old.status.value if old else None,
                                            after=target.status.value, latest_value=target.latest_value))
    return WorkbookImport(result=result, stored=stored, changes=changes)


def problem_workbook(*, issues: Sequence[Issue], dest: str | Path, checked: str) -> Path:
    """The import's problem report written as an Excel sheet (问题清单), in the CLI's and the web's order."""
    return write_problems(problem_report(issues), dest=dest, checked=checked)
