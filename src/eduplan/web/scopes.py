"""What a request touches, as the access policy sees it (one function per kind of resource)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request

from eduplan.core.access import Kind, Resource
from eduplan.services.jobs import get_job
from eduplan.services.records import indicator_scope, plan_scope
from eduplan.web.deps import SessionDep, UserDep
from eduplan.web.pending_uploads import DraftStore

#: A stored record's id in a path: a positive 32-bit integer, so that no database is asked about
#: an id it cannot even hold (SQLite refuses integers past 2**63; PostgreSQL's INTEGER past 2**31).
RecordId = Annotated[int, Path(ge=1, le=2**31 - 1, description="编号")]


def plan_resource(plan_id: RecordId, session: SessionDep) -> Resource:
    """The plan in the path."""
    return plan_scope(session=session, plan_id=plan_id)


def indicator_resource(indicator_id: RecordId, session: SessionDep) -> Resource:
    """The indicator in the path (the region of its plan)."""
    return indicator_scope(session=session, indicator_id=indicator_id)


def audit_resource() -> Resource:
    """The audit log."""
    return Resource(kind=Kind.AUDIT)


def new_upload_resource(user: UserDep) -> Resource:
    """A new upload: a draft of the user's own, for the user's region."""
    return Resource(kind=Kind.DRAFT, owner=user.username if user else None, region=user.region if user else None)


def draft_resource(token: str, request: Request) -> Resource:
    """The uploaded draft in the path: its uploader and the region of the extracted plan."""
    draft = drafts(request).load(token)
    return Resource(kind=Kind.DRAFT, owner=draft.owner, region=draft.plan.region)


def drafts(request: Request) -> DraftStore:
    """The app's store of uploaded drafts."""
    store: DraftStore = request.app.state.drafts
    return store


def job_resource(job_id: RecordId, session: SessionDep) -> Resource:
    """A background job: its uploader's, like a draft (an unknown id is a 404)."""
    job = get_job(session=session, job_id=job_id)
    return Resource(kind=Kind.JOB, owner=job.owner, region=job.region)
