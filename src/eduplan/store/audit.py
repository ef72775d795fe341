"""Reading the audit log (appending is `store.repo.add_audit_event`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models.audit import AuditEventRow

__all__ = ["audit_events"]


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
