"""Deleting a plan with the web's confirmation: the exact title, or nothing is deleted; the audit keeps it."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from eduplan.core.errors import InputError, NotFoundError
from eduplan.services.audit import list_audit
from eduplan.services.plans import delete_plan, deletion_preview, get_plan, import_plan
from tests.services.conftest import FULING, fuling_plan


def test_a_wrong_title_deletes_nothing(db_session: Session) -> None:
    plan_id = import_plan(session=db_session, plan=fuling_plan(), actor="test").plan_id
    with pytest.raises(InputError, match="确认文字与规划标题不一致") as refused:
        delete_plan(session=db_session, ref=plan_id, actor="fuling", confirm_title="别的规划")
    assert refused.value.location is not None and refused.value.location.field == "confirm_title"
    assert get_plan(session=db_session, ref=plan_id)[0] == plan_id


def test_the_exact_title_deletes_the_plan_and_its_rows_and_the_audit_keeps_what_it_was(db_session: Session) -> None:
    plan = fuling_plan()
    plan_id = import_plan(session=db_session, plan=plan, actor="test").plan_id
    preview = deletion_preview(session=db_session, ref=plan_id)
    assert (preview.region, preview.title) == (FULING, plan.title)
    assert preview.counts == {"indicators": len(plan.indicators), "targets": len(plan.targets),
                              "tasks": preview.counts["tasks"], "projects": len(plan.projects)}
    message = delete_plan(session=db_session, ref=plan_id, actor="fuling", confirm_title=f" {plan.title} ")
    assert message.startswith(f"已删除{FULING}规划")
    with pytest.raises(NotFoundError):
        get_plan(session=db_session, ref=plan_id)
    entries = [e for e in list_audit(session=db_session, entity="plan") if e.action == "delete"]
    assert entries and entries[0].actor == "fuling" and entries[0].before["title"] == plan.title
