"""Store a yearly data collection (年度数据采集) in the caller's transaction.

Only an accepted import is stored, all of it or nothing (the edge commits or rolls back).
Every record is keyed by (region, year, item): importing the same workbook again changes
nothing, a corrected workbook updates the records it changes. Each record keeps the
collection it came from (`source`) and who entered it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eduplan.core.collection import Collection, ImportResult
from eduplan.core.errors import InputError
from eduplan.services.audit import record_audit
from eduplan.store.monitoring import SaveCounts, save_finance_records, save_project_reports, save_task_reports
from eduplan.store.records import save_observations

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


def store_records(*, session: Session, collection: Collection, source: str, actor: str) -> StoreReport:
    """Store a collection's observations, task and project reports and finance records."""
    observations = [dataclasses.replace(o, source=o.source or source, reported_by=o.reported_by or actor)
                    for o in collection.observations]
    inserted, updated = save_observations(session, observations) if observations else (0, 0)
    report = StoreReport(
        source=source,
        observations=SaveCounts(inserted, updated, len(observations) - inserted - updated),
        tasks=save_task_reports(session, [dataclasses.replace(t, entered_by=t.entered_by or actor)
                                          for t in collection.tasks], source=source),
        projects=save_project_reports(session, [dataclasses.replace(p, entered_by=p.entered_by or actor)
                                                for p in collection.projects], source=source),
        finance=save_finance_records(session, [dataclasses.replace(f, entered_by=f.entered_by or actor)
                                               for f in collection.finance], source=source),
    )
    if report.changed:
        record_audit(session=session, actor=actor, entity="collection", entity_id=source[:64], action="import",
                     before=None, after={k: dataclasses.asdict(c) for k, c in report.counts().items()})
    return report
