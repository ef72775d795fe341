"""The inspection checklist: preconditions and 一票否决 items the bureau confirms, stored with who
and when, version-checked, audited, and holding readiness back until every item is confirmed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from eduplan.core.errors import ConflictError, InputError
from eduplan.core.plan import SchoolRecord
from eduplan.services import inspections as ins
from eduplan.services.audit import list_audit
from eduplan.store.records import save_school_records

REGION = "涪陵区"
AT = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)


def passing_school() -> SchoolRecord:
    """A 小学 of 500 that meets every resource and school guarantee standard exactly."""
    return SchoolRecord("s1", "实验小学", REGION, 2024, "小学", enrolment=500, classes=12, class_sizes=[42] * 12,
                        teachers=30, teachers_by_qualification={"本科": 15, "专科": 6, "高中": 9}, backbone_teachers=5,
                        pe_teachers=3, music_teachers=1, art_teachers=1, certified_teachers=30, teaching_area=2250,
                        sports_area=3750, equipment_value=100, multimedia_classrooms=12, music_rooms=1, art_rooms=1)


def confirm_all(session: Session, keys: list[str], *, holds: bool = True) -> None:
    for key in keys:
        ins.confirm_checklist_item(session=session, region=REGION, year=2024, key=key, holds=holds, actor="局长",
                                   now=AT)


def balance_keys(session: Session) -> list[str]:
    return [e.item.key for e in ins.inspection_checklist(session=session, region=REGION, year=2024,
                                                          inspections=["balance"])]


def test_the_checklist_lists_the_preconditions_then_the_veto_items_unconfirmed(db_session: Session) -> None:
    entries = ins.inspection_checklist(session=db_session, region=REGION, year=2024, inspections=["balance"])
    kinds = [e.item.kind for e in entries]
    assert kinds == sorted(kinds, key=["precondition", "veto"].index) and set(kinds) == {"precondition", "veto"}
    assert {e.status for e in entries} == {"待确认"}
    assert "balance.veto.key_schools" in {e.item.key for e in entries}
    assert all(e.item.source for e in entries)


def test_a_confirmation_is_stored_with_who_when_and_note_and_audited(db_session: Session) -> None:
    entry = ins.confirm_checklist_item(session=db_session, region=REGION, year=2024, key="balance.veto.key_schools",
                                       holds=True, actor="局长", note=" 经核查全县无重点班 ", now=AT)
    assert (entry.status, entry.confirmation.confirmed_by, entry.confirmation.note) == ("符合", "局长", "经核查全县无重点班")
    stored = {e.item.key: e for e in ins.inspection_checklist(session=db_session, region=REGION, year=2024)}
    got = stored["balance.veto.key_schools"].confirmation
    assert got is not None and got.confirmed_at == AT and got.version == 1
    assert stored["balance.veto.school_choice"].confirmation is None
    assert ins.inspection_checklist(session=db_session, region=REGION, year=2025)[0].confirmation is None  # per year
    (event,) = list_audit(session=db_session, entity="inspection_confirmation")
    assert event.action == "confirm" and event.after == {"holds": True, "note": "经核查全县无重点班"}


def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(db_session: Session) -> None:
    key = "balance.precondition.basic_balance_recognised"
    first = ins.confirm_checklist_item(session=db_session, region=REGION, year=2024, key=key, holds=True,
                                       actor="甲", now=AT)
    with pytest.raises(ConflictError):  # 乙 read the page before 甲 confirmed
        ins.confirm_checklist_item(session=db_session, region=REGION, year=2024, key=key, holds=False, actor="乙",
                                   expected_version=None)
    assert first.confirmation is not None
    second = ins.confirm_checklist_item(session=db_session, region=REGION, year=2024, key=key, holds=False,
                                        actor="乙", expected_version=first.confirmation.version, note="认定未满3年")
    assert second.confirmation is not None and second.confirmation.version == 2 and second.status == "不符合"
    with pytest.raises(ConflictError):
        ins.confirm_checklist_item(session=db_session, region=REGION, year=2024, key=key, holds=True, actor="甲",
                                   expected_version=1)


def test_an_unknown_item_or_an_overlong_note_is_refused_in_chinese(db_session: Session) -> None:
    with pytest.raises(InputError, match="不是督导评估的确认事项"):
        ins.confirm_checklist_item(session=db_session, region=REGION, year=2024, key="balance.veto.nothing",
                                   holds=True, actor="局长")
    with pytest.raises(InputError, match="说明过长"):
        ins.confirm_checklist_item(session=db_session, region=REGION, year=2024, key="balance.veto.key_schools",
                                   holds=True, actor="局长", note="长" * 501)


def test_readiness_is_not_passed_while_an_item_is_unconfirmed(db_session: Session) -> None:
    save_school_records(db_session, [passing_school()])
    ready = ins.inspection_readiness(session=db_session, region=REGION, year=2024)
    assert ready.balance_passed is None  # the county figures are not reported yet
    figures_ok = ins.CountyFigures(
        teacher_pay=100_000, civil_servant_pay=100_000, rotation_eligible=100, rotated=10, backbone_rotated=2,
        training_completion=100, nearby_enrolment_primary=100, nearby_enrolment_junior=95, quota_allocation=50,
        migrant_public_share=90, consolidation_rate=96, disabled_enrolment_rate=95, training_funds_share=6,
        recognition=92)
    ready = ins.inspection_readiness(session=db_session, region=REGION, year=2024, county=figures_ok)
    assert ready.balance_passed is True and ready.balance_ready is None  # figures pass, checklist pending
    assert "不能判定为达标" in ready.checklist_note
    keys = balance_keys(db_session)
    confirm_all(db_session, keys)
    ready = ins.inspection_readiness(session=db_session, region=REGION, year=2024, county=figures_ok)
    assert ready.balance_ready is True and "均已确认符合" in ready.checklist_note
    last = next(e for e in ready.checklist if e.item.key == "balance.veto.key_schools").confirmation
    assert last is not None
    ins.confirm_checklist_item(session=db_session, region=REGION, year=2024, key="balance.veto.key_schools",
                               holds=False, actor="局长", expected_version=last.version)
    ready = ins.inspection_readiness(session=db_session, region=REGION, year=2024, county=figures_ok)
    assert ready.balance_ready is False and "一票否决" in ready.checklist_note


def test_the_report_inputs_carry_the_stored_confirmations(db_session: Session) -> None:
    from eduplan.services.reports import readiness_for

    save_school_records(db_session, [passing_school()])
    confirm_all(db_session, ["balance.veto.key_schools"], holds=False)
    r = readiness_for(session=db_session, region=REGION, year=2024)
    assert r is not None
    stored = {e.item.key: e.status for e in r.checklist}
    assert stored["balance.veto.key_schools"] == "不符合" and stored["balance.veto.school_choice"] == "待确认"
    assert not any(e.item.inspection == "preschool" for e in r.checklist)  # no kindergartens stored
