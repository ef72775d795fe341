"""Submission records ⇄ rows: one row per region and year (no row: 填报中). Flushes, never commits.

The row is versioned: two reviewers acting on the same region-year at once cannot both win;
the second gets `ConflictError` (409) and sees the first one's decision on reloading.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.core.collection.approval import Submission, SubmissionState, Transition
from eduplan.core.errors import ConflictError
from eduplan.store.models.monitoring import SubmissionRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.regions import region_in, region_key
from eduplan.store.session import flush, region_ids


def _submission(row: SubmissionRow, region: str) -> Submission:
    return Submission(region=region, year=row.year, state=SubmissionState(row.state), by=row.changed_by,
                      at=row.changed_at, reason=row.reason,
                      last=Transition(row.last_transition) if row.last_transition else None, version=row.version)


def load_submissions(session: Session, *, year: int | None = None,
                     regions: Iterable[str] | None = None) -> dict[tuple[str, int], Submission]:
    """The stored submissions by (region, year), optionally of one year or some regions."""
    query = select(SubmissionRow, region_key()).join(RegionRow, SubmissionRow.region_id == RegionRow.id)
    if year is not None:
        query = query.where(SubmissionRow.year == year)
    if regions is not None:
        query = query.where(region_in(regions))
    return {(name, row.year): _submission(row, name)
            for row, name in session.execute(query.execution_options(populate_existing=True))}


def load_submission(session: Session, *, region: str, year: int) -> Submission:
    """The region-year's submission (填报中 when nothing is stored)."""
    return load_submissions(session, year=year, regions=[region]).get((region, year), Submission(region, year))


def save_submission(session: Session, submission: Submission) -> Submission:
    """Store the region-year's new state; a stale `version` (someone acted meanwhile) is a conflict."""
    region_id = region_ids(session, [submission.region])[submission.region]
    row = session.scalar(select(SubmissionRow).where(SubmissionRow.region_id == region_id,
                                                     SubmissionRow.year == submission.year)
                       .execution_options(populate_existing=True))
    what = f"{submission.region}{submission.year}年数据的报送状态"
    stored = row.version if row is not None else 0
    if stored != submission.version:
        raise ConflictError(f"{what}已被其他用户更改，请刷新后重试")
    if row is None:  # two first writers at once: the unique key makes the second a conflict on flush
        row = SubmissionRow(region_id=region_id, year=submission.year)
        session.add(row)
    row.state = submission.state.value
    row.changed_by, row.changed_at, row.reason = submission.by, submission.at, submission.reason
    row.last_transition = submission.last.value if submission.last else None
    flush(session, what)
    return _submission(row, submission.region)
