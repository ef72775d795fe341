"""Reading the audit log (appending is `store.repo.add_audit_event`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from eduplan.store.convert import jsonable
from eduplan.store.models.audit import AuditEventRow
from eduplan.store.models.base import utcnow

__all__ = ["AuditEvent", "add_audit_events", "audit_events"]


@dataclass(frozen=True)
class AuditEvent:
    """An event to append: what `add_audit_event` takes, as a value."""

    actor: str
    entity: str
    entity_id: object
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def add_audit_events(session: Session, events: Sequence[AuditEvent]) -> None:
    """Append the events in order, in one executemany (the rows `add_audit_event` would add one by one,
    JSON-safe copies of before/after, the same time for all)."""
    if not events:
        return
    session.flush()  # the events added before these keep their place in the log
    at = utcnow()
    session.connection().execute(insert(AuditEventRow), [
        {"at": at, "actor": e.actor, "entity": e.entity, "entity_id": None if e.entity_id is None else str(e.entity_id),
         "action": e.action, "before": jsonable(e.before) if e.before is not None else None,
         "after": jsonable(e.after) if e.after is not None else None} for e in events])


def audit_events(session: Session, *, entity: str | None = None, entity_id: str | None = None,
                 actor: str | None = None, since: dt.datetime | None = None, limit: int = 100) -> list[AuditEventRow]:
    """Audit events, newest first, optionally of one entity (type and id), actor or period."""
    query = select(AuditEventRow).order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc()).limit(limit)
    if entity is not None:
        query = query.where(AuditEventRow.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEventRow.entity_id == entity_id)
    if actor is not None:
        query = query.where(AuditEventRow.actor == actor)
    if since is not None:
        query = query.where(AuditEventRow.at >= since)
    return list(session.scalars(query))
