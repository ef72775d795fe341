"""Publishing a stored plan: draft ⇄ published, audited, idempotent; the access policy sees it."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.orm import Session

from eduplan.core.errors import NotFoundError
from eduplan.core.interchange import plan_to_dict
from eduplan.services.audit import list_audit
from eduplan.services.plans import (
    PlanStatus,
    export_plan,
    import_plan,
    list_plans,
    publish_plan,
    unpublish_plan,
)
from eduplan.services.records import indicator_scope, plan_scope, plan_scopes
from eduplan.store.models.plans import PlanRow
from tests.store.sample import rich_plan


@pytest.fixture
def session(db_session: Session) -> Session:
    """On SQLite and PostgreSQL (this folder's `session` is SQLite only)."""
    return db_session


def _publication_events(session: Session) -> list[tuple[str, str, dict | None, dict | None]]:
    return [(e.actor, e.action, e.before, e.after) for e in reversed(list_audit(session=session, entity="plan"))
            if e.action in ("publish", "unpublish")]


def test_a_plan_is_stored_published_unless_asked_otherwise(session: Session) -> None:
    published = import_plan(session=session, plan=rich_plan(), actor="tester")
    draft = import_plan(session=session, plan=dataclasses.replace(rich_plan(), title="草稿规划"), actor="tester",
                        status=PlanStatus.DRAFT)
    assert {s.id: s.status for s in list_plans(session=session)} == {
        published.plan_id: PlanStatus.PUBLISHED, draft.plan_id: PlanStatus.DRAFT}
    assert plan_scope(session=session, plan_id=published.plan_id).published
    assert not plan_scope(session=session, plan_id=draft.plan_id).published
    assert {i: r.published for i, r in plan_scopes(session=session).items()} == {
        published.plan_id: True, draft.plan_id: False}
    create = [e for e in list_audit(session=session, entity="plan", entity_id=draft.plan_id) if e.action == "create"]
    assert create[0].after is not None and create[0].after["status"] == "draft"


def test_publish_and_unpublish_change_the_state_and_are_audited(session: Session) -> None:
    plan_id = import_plan(session=session, plan=rich_plan(), actor="tester", status=PlanStatus.DRAFT).plan_id
    indicator = session.get(PlanRow, plan_id).indicators[0].id  # type: ignore[union-attr]

    done = publish_plan(session=session, ref=plan_id, actor="alice")
    assert (done.status, done.changed) == (PlanStatus.PUBLISHED, True) and "已发布" in done.message
    assert plan_scope(session=session, plan_id=plan_id).published
    assert indicator_scope(session=session, indicator_id=indicator).published

    undone = unpublish_plan(session=session, ref="涪陵府发〔2022〕5号", actor="bob")
    assert (undone.status, undone.changed) == (PlanStatus.DRAFT, True) and "草稿" in undone.message
    assert not plan_scope(session=session, plan_id=plan_id).published
    assert not indicator_scope(session=session, indicator_id=indicator).published

    assert _publication_events(session) == [
        ("alice", "publish", {"status": "draft"}, {"status": "published"}),
        ("bob", "unpublish", {"status": "published"}, {"status": "draft"}),
    ]


def test_publishing_twice_changes_nothing_and_records_nothing(session: Session) -> None:
    plan_id = import_plan(session=session, plan=rich_plan(), actor="tester").plan_id
    again = publish_plan(session=session, ref=plan_id, actor="alice")
    assert (again.changed, again.status) == (False, PlanStatus.PUBLISHED) and "当前状态为“已发布”" in again.message
    unpublish_plan(session=session, ref=plan_id, actor="alice")
    twice = unpublish_plan(session=session, ref=plan_id, actor="alice")
    assert (twice.changed, twice.status) == (False, PlanStatus.DRAFT) and "当前状态为“草稿”" in twice.message
    assert [a for _, a, _, _ in _publication_events(session)] == ["unpublish"]


def test_importing_again_sets_the_state_asked_for(session: Session) -> None:
    plan_id = import_plan(session=session, plan=rich_plan(), actor="tester").plan_id
    as_draft = import_plan(session=session, plan=rich_plan(), actor="uploader", status=PlanStatus.DRAFT)
    assert as_draft.plan_id == plan_id and not as_draft.created
    assert any("草稿" in c for c in as_draft.changes)
    assert list_plans(session=session)[0].status is PlanStatus.DRAFT
    same = import_plan(session=session, plan=rich_plan(), actor="uploader", status=PlanStatus.DRAFT)
    assert same.changes == []
    republished = import_plan(session=session, plan=rich_plan(), actor="cli")
    assert any("已发布" in c for c in republished.changes)
    assert list_plans(session=session)[0].status is PlanStatus.PUBLISHED


def test_the_interchange_format_does_not_carry_the_state(session: Session) -> None:
    plan_id = import_plan(session=session, plan=rich_plan(), actor="tester", status=PlanStatus.DRAFT).plan_id
    exported = export_plan(session=session, ref=plan_id)
    assert exported == plan_to_dict(rich_plan())
    assert "status" not in exported["plan"]


def test_publishing_an_unknown_plan_is_not_found_in_chinese(session: Session) -> None:
    with pytest.raises(NotFoundError, match="找不到规划“999”"):
        publish_plan(session=session, ref=999, actor="alice")
