"""Inspection checklist confirmations ⇄ rows: one row per (region, year, item key).

Functions here flush, never commit. A confirmation is saved only if nobody changed it since the
version the caller read (None: the caller saw none); otherwise `ConflictError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.core.errors import ConflictError
from eduplan.core.inspection.checklist import Confirmation
from eduplan.store.models.monitoring import InspectionConfirmationRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.region_keys import keys_of
from eduplan.store.regions import region_in, region_is
from eduplan.store.session import flush, region_ids


def _confirmation(row: InspectionConfirmationRow) -> Confirmation:
    return Confirmation(row.item_key, row.holds, row.confirmed_by, row.confirmed_at, row.note, row.version)


def load_confirmations(session: Session, *, region: str, year: int) -> dict[str, Confirmation]:
    """The region's confirmations for the year, by item key."""
    rows = session.scalars(
        select(InspectionConfirmationRow).join(RegionRow)
        .where(region_is(region), InspectionConfirmationRow.year == year)
        .execution_options(populate_existing=True))
    return {r.item_key: _confirmation(r) for r in rows}


def load_confirmations_of(session: Session, *, regions: Sequence[str], year: int) -> dict[str, dict[str, Confirmation]]:
    """The confirmations of every region named (by key) for the year: region key → item key → confirmation."""
    if not regions:
        return {}
    rows = session.scalars(
        select(InspectionConfirmationRow).join(RegionRow)
        .where(region_in(regions), InspectionConfirmationRow.year == year)
        .execution_options(populate_existing=True)).all()
    keys = keys_of(session, {r.region_id for r in rows})
    out: dict[str, dict[str, Confirmation]] = {}
    for row in rows:
        out.setdefault(keys[row.region_id], {})[row.item_key] = _confirmation(row)
    return out


def save_confirmation(session: Session, *, region: str, year: int, key: str, holds: bool, by: str,
                      at: dt.datetime, note: str | None, expected_version: int | None,
                      ) -> tuple[Confirmation | None, Confirmation]:
    """Insert or update one confirmation; (the one it replaced, the one stored)."""
    region_id = region_ids(session, [region])[region]
    row = session.scalars(
        select(InspectionConfirmationRow)
        .where(InspectionConfirmationRow.region_id == region_id, InspectionConfirmationRow.year == year,
               InspectionConfirmationRow.item_key == key)
        .execution_options(populate_existing=True)).one_or_none()
    what = f"{region}{year}年督导评估确认事项“{key}”"
    seen = None if row is None else row.version
    if seen != expected_version:
        now = ("尚无确认记录" if row is None else
               f"现为第{row.version}版：{row.confirmed_by}于{row.confirmed_at:%Y-%m-%d %H:%M} UTC确认为"
               f"{'符合' if row.holds else '不符合'}")
        raise ConflictError(f"记录已被其他用户修改（{what}，{now}），请刷新后按最新版本重新确认")
    before = None if row is None else _confirmation(row)
    if row is None:
        row = InspectionConfirmationRow(region_id=region_id, year=year, item_key=key)
        session.add(row)
    row.holds, row.confirmed_by, row.confirmed_at, row.note = holds, by, at, note
    flush(session, what)
    return before, _confirmation(row)
