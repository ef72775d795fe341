"""Submission and approval on SQLite and PostgreSQL: the cycle, the lock at the one write point,
the audit of every transition and changed value, and the approved-only figures."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.core.access import Principal, Role
from eduplan.core.collection.approval import SubmissionState, Transition
from eduplan.core.collection.yearly import Collection, FinanceRecord
from eduplan.core.errors import ConflictError, InputError, NotFoundError
from eduplan.core.plan import Observation
from eduplan.services.approval import (
    TransitionRefused,
    apply_transition,
    approved_only_for,
    status_board,
    unapproved_years,
)
from eduplan.services.audit import list_audit
from eduplan.services.collection import store_records
from eduplan.services.compare import compare_regions
from eduplan.settings import get_settings
from eduplan.store.models.monitoring import ObservationRow
from eduplan.store.records import load_observations
from eduplan.store.submissions import load_submission
from tests.services.conftest import FULING, RATE, YUZHONG

PLANNER = Principal("district1", Role.PLANNER, region=FULING)
OTHER_PLANNER = Principal("district2", Role.PLANNER, region=YUZHONG)
MUNICIPAL = Principal("shijiaowei", Role.MUNICIPAL)


def _store(session: Session, value: float, year: int = 2024, region: str = FULING, actor: str = "district1",
           reason: str | None = None) -> None:
    collection = Collection(observations=[Observation(RATE, region, year, value, source="年报")])
    store_records(session=session, collection=collection, source=f"{region}{year}.xlsx", actor=actor, reason=reason)


def _act(session: Session, user: Principal | None, transition: Transition, reason: str | None = None,
         region: str = FULING, year: int = 2024) -> SubmissionState:
    return apply_transition(session=session, user=user, region=region, year=year, transition=transition,
                            reason=reason).state


def _values(session: Session, region: str = FULING) -> dict[int, float]:
    return {o.year: o.value for o in load_observations(session, region=region, indicator=RATE)}


def test_submit_return_resubmit_approve_lock_unlock_and_every_step_audited(db_plans: Session) -> None:
    s = db_plans
    _store(s, 93.0)
    assert _act(s, PLANNER, Transition.SUBMIT) is SubmissionState.SUBMITTED
    assert _act(s, MUNICIPAL, Transition.RETURN, "毛入园率与上年差距过大，请核实") is SubmissionState.RETURNED
    returned = load_submission(s, region=FULING, year=2024)
    assert (returned.by, returned.reason) == ("shijiaowei", "毛入园率与上年差距过大，请核实")
    _store(s, 94.0)  # the planner fixes the figure …
    assert _act(s, PLANNER, Transition.SUBMIT) is SubmissionState.SUBMITTED  # … and resubmits
    assert _act(s, MUNICIPAL, Transition.APPROVE) is SubmissionState.APPROVED

    with pytest.raises(ConflictError) as refused:
        _store(s, 99.0)
    assert str(refused.value).startswith("涪陵区2024年数据已由 shijiaowei 于 ")
    assert "审核锁定" in str(refused.value) and "本次未写入任何数据" in str(refused.value)
    assert _values(s) == {2024: 94.0}

    assert _act(s, MUNICIPAL, Transition.UNLOCK, "更正统计口径") is SubmissionState.FILLING
    _store(s, 95.0, actor="shijiaowei", reason="按新口径重算")
    assert _values(s) == {2024: 95.0}

    steps = [(e.actor, e.action, e.after["state"]) for e in reversed(list_audit(session=s, entity="submission"))]
    assert steps == [("district1", "submit", "submitted"), ("shijiaowei", "return", "returned"),
                     ("district1", "submit", "submitted"), ("shijiaowei", "approve", "approved"),
                     ("shijiaowei", "unlock", "filling")]
    changes = list_audit(session=s, entity="observation", entity_id=f"{FULING}:2024")
    latest = changes[0]
    assert (latest.actor, latest.action) == ("shijiaowei", "update")
    assert latest.before == {"values": {RATE: 94.0}}
    assert latest.after == {"values": {RATE: 95.0}, "source": "涪陵区2024.xlsx", "reason": "按新口径重算",
                            "unlock_reason": "更正统计口径"}
    assert [c.before["values"][RATE] for c in reversed(changes)] == [None, 93.0, 94.0]


def test_a_lock_refuses_every_kind_of_record_of_the_year_and_writes_nothing(db_plans: Session) -> None:
    s = db_plans
    _store(s, 93.0)
    _act(s, PLANNER, Transition.SUBMIT)
    _act(s, MUNICIPAL, Transition.APPROVE)
    before = s.scalar(select(func.count(ObservationRow.id)))
    mixed = Collection(observations=[Observation(RATE, FULING, 2025, 96.0)],  # an open year …
                       finance=[FinanceRecord(FULING, 2024, budget=1.0)])  # … and a locked one
    with pytest.raises(ConflictError, match="涪陵区2024年数据已由 shijiaowei"):
        store_records(session=s, collection=mixed, source="混合.xlsx", actor="district1")
    assert s.scalar(select(func.count(ObservationRow.id))) == before
    _store(s, 91.0, region=YUZHONG, actor="district2")  # another region's same year is not locked
    assert _values(s, YUZHONG) == {2024: 91.0}


def test_changing_submitted_figures_puts_them_back_to_being_filled(db_plans: Session) -> None:
    s = db_plans
    _store(s, 93.0)
    _act(s, PLANNER, Transition.SUBMIT)
    _store(s, 93.0)  # the same figures again: nothing changes, still submitted
    assert load_submission(s, region=FULING, year=2024).state is SubmissionState.SUBMITTED
    _store(s, 93.5)
    after = load_submission(s, region=FULING, year=2024)
    assert (after.state, after.last, after.by) == (SubmissionState.FILLING, Transition.REOPEN, "district1")
    with pytest.raises(ConflictError, match="当前为“填报中”，不能审核通过"):
        _act(s, MUNICIPAL, Transition.APPROVE)


@pytest.mark.parametrize(("user", "transition"), [
    (OTHER_PLANNER, Transition.SUBMIT), (MUNICIPAL, Transition.SUBMIT), (PLANNER, Transition.APPROVE),
    (Principal("pinggu", Role.EVALUATOR), Transition.RETURN), (Principal("u", Role.UNIT, FULING, "区教委"),
                                                                Transition.SUBMIT), (None, Transition.SUBMIT),
])
def test_a_role_or_region_that_may_not_act_is_refused_and_nothing_is_stored(
        db_plans: Session, user: Principal | None, transition: Transition) -> None:
    with pytest.raises(TransitionRefused):
        _act(db_plans, user, transition, "原因")
    assert load_submission(db_plans, region=FULING, year=2024).version == 0
    assert list_audit(session=db_plans, entity="submission") == []


def test_wrong_state_missing_reason_unknown_region_and_a_stale_page_are_refused(db_plans: Session) -> None:
    s = db_plans
    with pytest.raises(ConflictError, match="当前为“填报中”，不能审核通过"):
        _act(s, MUNICIPAL, Transition.APPROVE)
    _act(s, PLANNER, Transition.SUBMIT)
    with pytest.raises(InputError, match="退回须填写原因"):
        _act(s, MUNICIPAL, Transition.RETURN, "  ")
    with pytest.raises(NotFoundError, match="库中没有“南川区”的规划"):
        _act(s, Principal("admin", Role.ADMIN), Transition.SUBMIT, region="南川区")
    seen = load_submission(s, region=FULING, year=2024).version
    _act(s, MUNICIPAL, Transition.APPROVE)
    with pytest.raises(ConflictError, match="已被其他用户更改"):
        apply_transition(session=s, user=MUNICIPAL, region=FULING, year=2024, transition=Transition.RETURN,
                         reason="晚了一步", version=seen)


def test_approved_only_views_read_approved_years_and_a_district_sees_its_latest(db_plans: Session) -> None:
    s = db_plans
    _store(s, 92.0, year=2023)
    _store(s, 93.0, year=2024)
    _store(s, 97.0, year=2024, region=YUZHONG, actor="district2")
    for year in (2023,):
        _act(s, PLANNER, Transition.SUBMIT, year=year)
        _act(s, MUNICIPAL, Transition.APPROVE, year=year)
    approved = {o.year for o in load_observations(s, region=FULING, approved_only=True)}
    assert approved == {2023}
    assert {o.year for o in load_observations(s, region=FULING)} == {2023, 2024}
    assert unapproved_years(session=s, region=FULING) == {2024}

    public = compare_regions(session=s, indicator=RATE, year=2024, approved_only=True)
    assert {r.region: r.value for r in public.rows} == {FULING: None, YUZHONG: None}
    latest = compare_regions(session=s, indicator=RATE, year=2024)
    assert {r.region: r.value for r in latest.rows} == {FULING: 93.0, YUZHONG: 97.0}


def test_who_reads_approved_figures_and_the_setting_that_allows_latest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDUPLAN_PUBLIC_FIGURES", raising=False)
    get_settings.cache_clear()
    assert approved_only_for(None) and approved_only_for(MUNICIPAL, FULING) and approved_only_for(PLANNER)
    assert approved_only_for(OTHER_PLANNER, FULING)
    assert not approved_only_for(PLANNER, FULING)  # a district's own pages
    monkeypatch.setenv("EDUPLAN_PUBLIC_FIGURES", "latest")
    get_settings.cache_clear()
    try:
        assert not approved_only_for(None) and not approved_only_for(MUNICIPAL)
    finally:
        get_settings.cache_clear()


def test_the_status_board_lists_every_region_with_its_state_and_what_the_reader_may_do(db_plans: Session) -> None:
    s = db_plans
    _store(s, 93.0)
    _act(s, PLANNER, Transition.SUBMIT)
    board = status_board(session=s, year=2024, user=MUNICIPAL)
    rows = {r.submission.region: (r.label, r.figures, r.allowed) for r in board.regions}
    assert rows == {FULING: ("已报送", 1, [Transition.APPROVE, Transition.RETURN]), YUZHONG: ("填报中", 0, [])}
    assert board.counts() == {SubmissionState.FILLING: 1, SubmissionState.SUBMITTED: 1,
                              SubmissionState.APPROVED: 0, SubmissionState.RETURNED: 0}
    mine = status_board(session=s, year=2024, user=OTHER_PLANNER)  # a district reads its own region
    assert [(r.submission.region, r.allowed) for r in mine.regions] == [(YUZHONG, [Transition.SUBMIT])]


def test_a_units_task_report_into_a_locked_year_is_refused(db_plans: Session) -> None:
    from eduplan.core.collection.yearly import TaskReport
    from eduplan.services.monitoring import report_task
    from eduplan.store.monitoring import load_task_reports

    s = db_plans
    _act(s, PLANNER, Transition.SUBMIT)
    _act(s, MUNICIPAL, Transition.APPROVE)
    with pytest.raises(ConflictError, match="审核锁定"):
        report_task(session=s, report=TaskReport(FULING, 2024, "2.1", percent=50.0), actor="区财政局")
    assert load_task_reports(s, region=FULING) == []
    report_task(session=s, report=TaskReport(FULING, 2025, "2.1", percent=50.0), actor="区财政局")  # open year
    assert len(load_task_reports(s, region=FULING)) == 1


def test_an_import_racing_an_approval_waits_for_it_and_is_then_refused(db_url: str) -> None:
    import threading
    import time

    from eduplan.services.plans import import_plan
    from eduplan.uow import unit_of_work
    from tests.services.conftest import fuling_plan

    with unit_of_work(db_url) as session:
        import_plan(session=session, plan=fuling_plan(), actor="测试")
        _store(session, 93.0)
        _act(session, PLANNER, Transition.SUBMIT)
    approved = threading.Event()
    outcome: dict[str, BaseException | None] = {}

    def approve() -> None:
        with unit_of_work(db_url) as session:
            _act(session, MUNICIPAL, Transition.APPROVE)
            approved.set()
            time.sleep(0.6)  # the import runs into this open transaction

    def write() -> None:
        approved.wait(10)
        try:
            with unit_of_work(db_url) as session:
                _store(session, 99.0)
            outcome["import"] = None
        except BaseException as exc:  # noqa: BLE001  (checked below)
            outcome["import"] = exc

    threads = [threading.Thread(target=approve), threading.Thread(target=write)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert isinstance(outcome["import"], ConflictError) and "审核锁定" in str(outcome["import"])
    with unit_of_work(db_url) as session:
        assert _values(session) == {2024: 93.0}


def test_building_the_demo_again_keeps_the_approved_years_and_the_states(session: Session) -> None:
    from eduplan.demo.build import build_demo

    first = build_demo(session=session, plans_dir=None)
    states = {(r.submission.region, r.submission.state) for r in status_board(session=session, year=2024,
                                                                               user=MUNICIPAL).regions}
    values = load_observations(session)
    again = build_demo(session=session, plans_dir=None)
    assert first.submissions and again.submissions == []
    assert {(r.submission.region, r.submission.state) for r in status_board(session=session, year=2024,
                                                                            user=MUNICIPAL).regions} == states
    assert load_observations(session) == values


def test_the_web_entry_form_into_a_locked_year_is_refused_and_nothing_kept(db_plans: Session) -> None:
    from eduplan.services.data_entry import FieldInput, entry_form, save_entry

    s = db_plans
    _store(s, 93.0)
    _act(s, PLANNER, Transition.SUBMIT)
    _act(s, MUNICIPAL, Transition.APPROVE)
    seen = next(f.version for f in entry_form(session=s, region=FULING, year=2024).fields if f.series == RATE)
    with pytest.raises(ConflictError, match="涪陵区2024年数据已由 shijiaowei"):
        save_entry(session=s, region=FULING, year=2024, actor="district1",
                   inputs={RATE: FieldInput(value="96", seen=seen)})
    assert _values(s) == {2024: 93.0}


def test_the_status_page_opens_at_the_latest_year_with_figures_before_this_one(db_plans: Session) -> None:
    from eduplan.services.approval import default_status_year

    today = dt.date(2026, 12, 1)
    assert default_status_year(session=db_plans, today=today) == 2025  # nothing stored: last year
    _store(db_plans, 95.0, year=2023)
    _store(db_plans, 96.0, year=2027)  # a figure of a year to come does not move it
    assert default_status_year(session=db_plans, today=today) == 2023
