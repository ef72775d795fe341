"""Monitoring records ⇄ rows: observations, school records and evaluations.

Observations are upserted by (catalog indicator, region, year) and school records by
(region, school, year, stage), in bulk (one query per batch, not one per record).
Functions here flush but never commit.

Two imports for the same region at once would both find a record missing and both insert it
(a unique-key clash). `lock_regions` serialises them: it takes each region's row lock
(PostgreSQL `SELECT … FOR NO KEY UPDATE`; SQLite: a no-op write, which takes the database's
write lock) until the transaction ends, so the second import waits, then reads what the first
stored and updates it.

Loading observations has two modes: all of them (the latest figures, as a district sees its
own), or only those of region-years approved by the municipal commission (`approved_only`:
public pages, the municipal overview and the comparison). `approved_clause` is the same
filter for queries written elsewhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from eduplan.core.collection.approval import SubmissionState
from eduplan.core.plan import Evaluation, EvaluationKind, Observation, SchoolRecord
from eduplan.store.bulk_upsert import upsert_rows
from eduplan.store.models.monitoring import EvaluationRow, ObservationRow, SchoolRecordRow, SubmissionRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.region_keys import keys_of
from eduplan.store.regions import region_in, region_is, region_key
from eduplan.store.session import core_rows, flush, lock_regions, region_ids

SCHOOL_FIELDS = [f.name for f in dataclasses.fields(SchoolRecord) if f.name != "region"]


@dataclasses.dataclass(frozen=True)
class ValueChange:
    """A stored observation whose value a save changed (old None: it was new)."""

    region: str
    year: int
    indicator: str
    old: float | None
    new: float


def save_observations(session: Session, observations: Sequence[Observation],
                      changes: list[ValueChange] | None = None) -> tuple[int, int]:
    """Insert or update observations; returns (inserted, updated), and appends each changed value
    to `changes` when given. The stored rows of the regions and years saved are read in one query,
    the new ones inserted and the changed ones updated in one executemany each (`bulk_upsert`)."""
    if not observations:
        return 0, 0
    regions = region_ids(session, (o.region for o in observations))
    records = [{"indicator": o.indicator, "region_id": regions[o.region], "year": o.year, "value": o.value,
                "source": o.source, "reported_by": o.reported_by, "simulated": o.simulated} for o in observations]

    def changed(old: Mapping[str, Any] | None, n: int) -> None:
        o = observations[n]
        if changes is not None and (old is None or old["value"] != o.value):
            changes.append(ValueChange(o.region, o.year, o.indicator, None if old is None else old["value"], o.value))

    # Only the years being saved can match: a national import of one year reads that year's rows, not every year's.
    done = upsert_rows(session, ObservationRow, records, key=("indicator", "region_id", "year"),
                       where=ObservationRow.region_id.in_(set(regions.values()))
                       & ObservationRow.year.in_({o.year for o in observations}), what="监测值", on_change=changed)
    return done.inserted, done.updated


def observation_values(session: Session, *, region: str | None = None,
                       years: Sequence[int] | None = None) -> list[tuple[str, str, int, float]]:
    """(region key, indicator, year, value) of every stored observation (of one region, in the given
    years, when named), approved or not, in no particular order: what an import checks new figures
    against, read as four columns (no row objects, no `Observation`s)."""
    query = select(ObservationRow.region_id, ObservationRow.indicator, ObservationRow.year, ObservationRow.value)
    if region is not None:
        query = query.where(ObservationRow.region_id.in_(select(RegionRow.id).where(region_is(region))))
    if years is not None:
        query = query.where(ObservationRow.year.in_(years))
    rows = session.execute(query).all()
    keys = keys_of(session, {r[0] for r in rows})
    return [(keys[region_id], indicator, year, value) for region_id, indicator, year, value in rows]


def approved_clause() -> ColumnElement[bool]:
    """True for an observation whose region-year the municipal commission has approved."""
    return exists().where(SubmissionRow.region_id == ObservationRow.region_id,
                          SubmissionRow.year == ObservationRow.year,
                          SubmissionRow.state == SubmissionState.APPROVED.value)


_OBSERVATION_COLUMNS = (ObservationRow.indicator, ObservationRow.year, ObservationRow.value, ObservationRow.source,
                        ObservationRow.reported_by, ObservationRow.simulated)


def load_observations(
    session: Session, *, region: str | None = None, indicator: str | None = None, approved_only: bool = False,
    regions: Sequence[str] | None = None,
) -> list[Observation]:
    """Observations, by region, indicator and year, optionally for one region (or the `regions`
    named, by key) or indicator, and only those of approved region-years with `approved_only`.
    Only the columns an `Observation` holds are read (no row objects)."""
    query = (select(ObservationRow.region_id, *_OBSERVATION_COLUMNS).join(RegionRow)
             .order_by(RegionRow.name, ObservationRow.indicator, ObservationRow.year))
    if approved_only:
        query = query.where(approved_clause())
    if region is not None:
        query = query.where(ObservationRow.region_id.in_(select(RegionRow.id).where(region_is(region))))
    if regions is not None:
        query = query.where(ObservationRow.region_id.in_(_ids(session, regions)))
    if indicator is not None:
        query = query.where(ObservationRow.indicator == indicator)
    rows = core_rows(session, query)
    keys = keys_of(session, {r[0] for r in rows})
    return [Observation(ind, keys[region_id], year, value, source, by, bool(sim))  # the fields' order
            for region_id, ind, year, value, source, by, sim in rows]


def _ids(session: Session, keys: Sequence[str]) -> list[int]:
    """The row ids of the regions the keys name: the records are then selected by their indexed region id."""
    return [int(i) for i in session.scalars(select(RegionRow.id).where(region_in(keys)))] if keys else []


def save_school_records(session: Session, records: Sequence[SchoolRecord]) -> tuple[int, int]:
    """Insert or update school records (their regions locked first); returns (inserted, updated)."""
    regions = lock_regions(session, (r.region for r in records))
    existing = {
        (r.region_id, r.school_id, r.year, r.stage): r
        for r in session.scalars(select(SchoolRecordRow).where(SchoolRecordRow.region_id.in_(set(regions.values())),
                                                               SchoolRecordRow.year.in_({r.year for r in records}))
                                 .execution_options(populate_existing=True))
    }
    inserted = updated = 0
    for rec in records:
        values = _school_values(rec)
        key = (regions[rec.region], rec.school_id, rec.year, rec.stage)
        row = existing.get(key)
        if row is None:
            row = SchoolRecordRow(region_id=key[0], **values)
            session.add(row)
            existing[key] = row
            inserted += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            updated += 1
    flush(session, "学校统计数据")
    return inserted, updated


def _school_values(rec: SchoolRecord) -> dict[str, Any]:
    values = {f: getattr(rec, f) for f in SCHOOL_FIELDS}
    values.update(class_sizes=list(rec.class_sizes), teachers_by_qualification=dict(rec.teachers_by_qualification),
                  extra=dict(rec.extra))
    return values


def load_school_records(session: Session, *, region: str | None = None, year: int | None = None,
                        regions: Sequence[str] | None = None) -> list[SchoolRecord]:
    """School records, by region, year and school, optionally for one region (or the `regions`
    named, by key) or year. Only the columns a `SchoolRecord` holds are read (no row objects)."""
    query = (select(SchoolRecordRow.region_id, *(getattr(SchoolRecordRow, f) for f in SCHOOL_FIELDS)).join(RegionRow)
             .order_by(RegionRow.name, SchoolRecordRow.year, SchoolRecordRow.school_id, SchoolRecordRow.stage))
    if region is not None:
        query = query.where(region_is(region))
    if regions is not None:
        query = query.where(SchoolRecordRow.region_id.in_(_ids(session, regions)))
    if year is not None:
        query = query.where(SchoolRecordRow.year == year)
    rows = session.execute(query).all()
    keys = keys_of(session, {r[0] for r in rows})
    return [SchoolRecord(region=keys[row[0]], **dict(zip(SCHOOL_FIELDS, row[1:], strict=True))) for row in rows]


def save_evaluation(session: Session, evaluation: Evaluation, *, plan_id: int | None = None) -> int:
    """Store an evaluation run (a new row every time); returns its id."""
    region_id = region_ids(session, [evaluation.region])[evaluation.region]
    row = EvaluationRow(region_id=region_id, plan_id=plan_id, plan_title=evaluation.plan_title,
                        kind=str(evaluation.kind), year=evaluation.year, payload=dict(evaluation.payload))
    if evaluation.created_at is not None:
        row.created_at = evaluation.created_at
    session.add(row)
    flush(session, "评估")
    return row.id


def save_evaluations(session: Session, evaluations: Sequence[tuple[Evaluation, int | None]]) -> list[int]:
    """Store evaluation runs (each with its plan's id) in one flush, one multi-row INSERT; their ids, in order."""
    regions = region_ids(session, (e.region for e, _ in evaluations))
    rows = [EvaluationRow(region_id=regions[e.region], plan_id=plan_id, plan_title=e.plan_title, kind=str(e.kind),
                          year=e.year, payload=dict(e.payload), **({} if e.created_at is None else
                                                                   {"created_at": e.created_at}))
            for e, plan_id in evaluations]
    session.add_all(rows)
    flush(session, "评估")
    return [row.id for row in rows]


def load_evaluations(session: Session, *, region: str | None = None) -> list[tuple[int, Evaluation]]:
    """Stored evaluations with their ids, newest first, optionally for one region."""
    query = (select(EvaluationRow, region_key()).join(RegionRow)
             .order_by(EvaluationRow.created_at.desc(), EvaluationRow.id.desc()))
    if region is not None:
        query = query.where(region_is(region))
    return [
        (r.id, Evaluation(region=name, kind=EvaluationKind(r.kind), year=r.year, created_at=r.created_at,
                          plan_title=r.plan_title, payload=dict(r.payload)))
        for r, name in session.execute(query)
    ]


def latest_school_year(session: Session, *, region: str, up_to: int | None = None) -> int | None:
    """The latest year with school records for the region (not after `up_to`)."""
    query = select(SchoolRecordRow.year).join(RegionRow).where(region_is(region))
    if up_to is not None:
        query = query.where(SchoolRecordRow.year <= up_to)
    return session.execute(query.order_by(SchoolRecordRow.year.desc()).limit(1)).scalar()


@dataclasses.dataclass(frozen=True)
class StoredObservation:
    """An observation as stored, with its row version (what an edit form must still see to overwrite it)."""

    observation: Observation
    version: int


def stored_observations(session: Session, *, region: str | None,
                        years: Sequence[int] | None = None) -> list[StoredObservation]:
    """Every stored observation of a region, or of all (in the given years), approved or not, with its version."""
    query = (select(ObservationRow.region_id, ObservationRow.version, *_OBSERVATION_COLUMNS).join(RegionRow)
             .order_by(RegionRow.name, ObservationRow.indicator, ObservationRow.year))
    if region is not None:
        query = query.where(ObservationRow.region_id.in_(select(RegionRow.id).where(region_is(region))))
    if years is not None:
        query = query.where(ObservationRow.year.in_(years))
    rows = session.execute(query).all()  # columns, not row objects: the versions as stored now
    keys = keys_of(session, {r[0] for r in rows})
    return [StoredObservation(Observation(indicator=ind, region=keys[region_id], year=year, value=value, source=source,
                                          reported_by=by, simulated=bool(sim)), int(version))
            for region_id, version, ind, year, value, source, by, sim in rows]


def observation_counts(session: Session, *, year: int) -> dict[str, int]:
    """How many observations of `year` each region (by key) has stored."""
    query = (select(region_key(), func.count(ObservationRow.id)).join(RegionRow)
             .where(ObservationRow.year == year).group_by(RegionRow.id, RegionRow.name, RegionRow.code))
    return {name: int(n) for name, n in session.execute(query)}


def observation_years(session: Session, *, region: str | None = None) -> list[int]:
    """The years with observations (of one region, by key, when given), in order."""
    query = select(ObservationRow.year).distinct()
    if region is not None:  # by the indexed region id: a join filtered on the name scanned every observation
        query = query.where(ObservationRow.region_id.in_(select(RegionRow.id).where(region_is(region))))
    return sorted(int(y) for y in session.scalars(query))


def indicators_observed(session: Session, *, year: int) -> set[str]:
    """The indicators (catalog ids) some region has a figure of in `year`."""
    return set(session.scalars(select(ObservationRow.indicator).where(ObservationRow.year == year).distinct()))
