"""The audit trail: who changed what, when (UTC), with the record before and after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from eduplan.store.audit import audit_events
from eduplan.store.models.audit import AuditEventRow
from eduplan.store.repo import add_audit_event


@dataclass(frozen=True)
class AuditEntry:
    """One audit event as services hand it out."""

    id: int
    at: dt.datetime
    actor: str
    entity: str
    entity_id: str | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _entry(row: AuditEventRow) -> AuditEntry:
    return AuditEntry(id=row.id, at=row.at, actor=row.actor, entity=row.entity, entity_id=row.entity_id,
                      action=row.action, before=row.before, after=row.after)


def record_audit(
    *, session: Session, actor: str, entity: str, entity_id: object, action: str,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> AuditEntry:
    """Append an audit event and flush it (the caller commits)."""
    row = add_audit_event(session, actor=actor, entity=entity, entity_id=entity_id, action=action,
                          before=before, after=after)
    session.flush()
    return _entry(row)


def list_audit(
    *, session: Session, entity: str | None = None, entity_id: object | None = None,
    actor: str | None = None, since: dt.datetime | None = None, limit: int = 100,
) -> list[AuditEntry]:
    """Audit events, newest first, optionally for one entity (type and id), actor or period."""
    rows = audit_events(session, entity=entity, entity_id=str(entity_id) if entity_id is not None else None,
                        actor=actor, since=since, limit=limit)
    return [_entry(r) for r in rows]
