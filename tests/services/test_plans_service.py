"""The plan services: import, find by reference, list, export, and edit with conflict detection."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from eduplan.core.errors import ConflictError, InputError, NotFoundError
from eduplan.core.interchange import plan_from_dict, plan_to_dict
from eduplan.core.plan import Plan
from eduplan.services.audit import list_audit, record_audit
from eduplan.services.plans import export_plan, get_plan, import_plan, list_plans, update_indicator
from eduplan.store.db import make_session_factory
from eduplan.store.models.plans import IndicatorRow
from tests.store.sample import rich_plan


@pytest.fixture
def session(db_session: Session) -> Session:
    """On SQLite and PostgreSQL (this folder's `session` is SQLite only)."""
    return db_session


def _indicator_id(session: Session, name: str) -> int:
    return session.scalars(select(IndicatorRow.id).where(IndicatorRow.name == name).order_by(IndicatorRow.id)).first()


def test_services_flush_but_leave_the_commit_to_the_caller(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with factory() as s:
        import_plan(session=s, plan=rich_plan(), actor="tester")
        s.rollback()
    with factory() as s:
        assert list_plans(session=s) == []


@pytest.mark.parametrize("ref", [1, "1", "涪陵府发〔2022〕5号", rich_plan().title, "涪陵区"])
def test_get_plan_finds_a_plan_by_id_doc_number_title_or_region(session: Session, ref: object) -> None:
    result = import_plan(session=session, plan=rich_plan(), actor="tester")
    assert result.plan_id == 1
    plan_id, plan = get_plan(session=session, ref=ref)  # type: ignore[arg-type]
    assert plan_id == 1 and plan == rich_plan()


def test_region_with_two_plans_is_ambiguous_and_lists_both(session: Session) -> None:
    import_plan(session=session, plan=rich_plan(), actor="tester")
    import_plan(session=session, plan=Plan(region="涪陵区", title="学前教育行动计划"), actor="tester")
    with pytest.raises(NotFoundError, match="区县“涪陵区”对应 2 个规划") as info:
        get_plan(session=session, ref="涪陵区")
    assert "学前教育行动计划" in info.value.message and rich_plan().title in info.value.message


def test_unknown_plan_reference_is_not_found_in_chinese(session: Session) -> None:
    with pytest.raises(NotFoundError, match="找不到规划“璧山区”"):
        get_plan(session=session, ref="璧山区")


def test_list_plans_counts_items(session: Session) -> None:
    import_plan(session=session, plan=rich_plan(), actor="tester")
    [summary] = list_plans(session=session)
    assert (summary.region, summary.doc_number, summary.issued_on.isoformat() if summary.issued_on else None) == (
        "涪陵区", "涪陵府发〔2022〕5号", "2022-03-08")
    assert (summary.indicators, summary.targets, summary.tasks, summary.projects, summary.findings) == (3, 2, 3, 2, 2)


def test_export_is_the_interchange_format_and_loads_back(session: Session) -> None:
    import_plan(session=session, plan=rich_plan(), actor="tester")
    data = export_plan(session=session, ref="涪陵区")
    assert data == plan_to_dict(rich_plan())
    assert plan_from_dict(data) == rich_plan()


def test_plan_without_title_is_refused(session: Session) -> None:
    with pytest.raises(InputError):
        import_plan(session=session, plan=Plan(region="涪陵区", title=" "), actor="tester")


def test_update_indicator_records_audit_and_bumps_version(session: Session) -> None:
    import_plan(session=session, plan=rich_plan(), actor="tester")
    ind_id = _indicator_id(session, "学前三年毛入园率")
    edit = update_indicator(session=session, indicator_id=ind_id, expected_version=1,
                            changes={"unit": "百分比"}, actor="alice")
    assert edit.version == 2 and edit.indicator.unit == "百分比"
    assert edit.changes == ["指标“学前三年毛入园率”：单位 % → 百分比"]
    [event] = list_audit(session=session, entity="indicator", entity_id=ind_id)
    assert (event.actor, event.action, event.before, event.after) == ("alice", "update", {"unit": "%"}, {"unit": "百分比"})
    assert event.at.tzinfo is not None


def test_update_indicator_with_an_old_version_is_a_conflict(session: Session) -> None:
    import_plan(session=session, plan=rich_plan(), actor="tester")
    ind_id = _indicator_id(session, "学前三年毛入园率")
    update_indicator(session=session, indicator_id=ind_id, expected_version=1, changes={"unit": "%%"}, actor="a")
    with pytest.raises(ConflictError, match="记录已被其他用户修改（指标“学前三年毛入园率”"):
        update_indicator(session=session, indicator_id=ind_id, expected_version=1, changes={"unit": "x"}, actor="b")


def test_update_indicator_refuses_unknown_fields(session: Session) -> None:
    import_plan(session=session, plan=rich_plan(), actor="tester")
    ind_id = _indicator_id(session, "学前三年毛入园率")
    with pytest.raises(InputError, match="指标没有这些字段：colour"):
        update_indicator(session=session, indicator_id=ind_id, expected_version=1, changes={"colour": 1}, actor="a")


def test_concurrent_edit_of_the_same_indicator_keeps_the_first_and_refuses_the_second(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with factory() as s:
        import_plan(session=s, plan=rich_plan(), actor="tester")
        s.commit()
        ind_id = _indicator_id(s, "学前三年毛入园率")
    first, second = factory(), factory()
    try:
        # Both users open the same row (version 1).
        assert first.get(IndicatorRow, ind_id).version == second.get(IndicatorRow, ind_id).version == 1
        update_indicator(session=first, indicator_id=ind_id, expected_version=1,
                         changes={"category": "学前"}, actor="alice")
        first.commit()
        with pytest.raises(ConflictError, match="记录已被其他用户修改（指标“学前三年毛入园率”，编号 \\d+），请刷新后重试"):
            update_indicator(session=second, indicator_id=ind_id, expected_version=1,
                             changes={"category": "幼儿教育"}, actor="bob")
        second.rollback()
    finally:
        first.close()
        second.close()
    with factory() as s:
        row = s.get(IndicatorRow, ind_id)
        assert (row.category, row.version) == ("学前", 2)
        assert [e.actor for e in list_audit(session=s, entity="indicator")] == ["alice"]


def test_record_audit_and_list_audit_filter_by_actor(session: Session) -> None:
    record_audit(session=session, actor="alice", entity="user", entity_id="bob", action="create",
                 before=None, after={"role": "planner"})
    record_audit(session=session, actor="carol", entity="user", entity_id="bob", action="delete",
                 before={"role": "planner"}, after=None)
    assert [e.action for e in list_audit(session=session, entity="user")] == ["delete", "create"]
    [only] = list_audit(session=session, actor="alice")
    assert only.after == {"role": "planner"} and only.before is None
