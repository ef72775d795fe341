"""The submission state machine: every transition from every state, by every role, own and other region."""

from __future__ import annotations

import datetime as dt

import pytest

from eduplan.core.access import Principal, Role
from eduplan.core.collection.approval import (
    Submission,
    SubmissionState,
    Transition,
    allowed_transitions,
    apply,
    check_reason,
    locked_message,
    refusal,
)

F, S, A, R = SubmissionState.FILLING, SubmissionState.SUBMITTED, SubmissionState.APPROVED, SubmissionState.RETURNED
AT = dt.datetime(2026, 12, 2, 10, 3, tzinfo=dt.UTC)  # 18:03 in Beijing
OWN, OTHER = "涪陵区", "渝中区"

USERS = {
    "admin": Principal("admin", Role.ADMIN),
    "municipal": Principal("shijiaowei", Role.MUNICIPAL),
    "planner-own": Principal("district1", Role.PLANNER, region=OWN),
    "planner-other": Principal("district2", Role.PLANNER, region=OTHER),
    "planner-none": Principal("district0", Role.PLANNER),
    "unit-own": Principal("unit1", Role.UNIT, region=OWN, unit="区财政局"),
    "evaluator": Principal("pinggu", Role.EVALUATOR),
    "viewer-own": Principal("viewer1", Role.VIEWER, region=OWN),
    "anonymous": None,
}
#: who may ask for each transition, whatever the state (then the state decides).
MAY = {
    Transition.SUBMIT: {"admin", "planner-own"},
    Transition.APPROVE: {"admin", "municipal"},
    Transition.RETURN: {"admin", "municipal"},
    Transition.UNLOCK: {"admin", "municipal"},
}
#: from which states each transition goes, and where to.
MOVES = {
    Transition.SUBMIT: ({F, R}, S),
    Transition.APPROVE: ({S}, A),
    Transition.RETURN: ({S}, R),
    Transition.UNLOCK: ({A}, F),
}


def _at(state: SubmissionState) -> Submission:
    return Submission(OWN, 2024, state=state, by="shijiaowei", at=AT)


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("transition", list(MAY))
@pytest.mark.parametrize("state", list(SubmissionState))
def test_a_transition_is_allowed_only_to_its_roles_and_from_its_states(who: str, transition: Transition,
                                                                        state: SubmissionState) -> None:
    expected = who in MAY[transition] and state in MOVES[transition][0]
    reason = refusal(USERS[who], transition, _at(state))
    assert (reason is None) is expected, reason
    if reason is not None:
        assert reason.isascii() is False  # a Chinese sentence, never a code


@pytest.mark.parametrize("transition", list(MOVES))
def test_each_transition_lands_in_its_state_and_keeps_who_when_why(transition: Transition) -> None:
    before = _at(next(iter(MOVES[transition][0])))
    after = apply(transition, before, by="x", at=AT, reason="  核实  数据 ")
    assert after.state is MOVES[transition][1]
    assert (after.by, after.at, after.reason, after.last) == ("x", AT, "核实 数据", transition)


def test_a_region_year_without_a_record_is_being_filled_and_not_locked() -> None:
    fresh = Submission(OWN, 2024)
    assert fresh.state is F and not fresh.locked and fresh.version == 0
    assert allowed_transitions(USERS["planner-own"], fresh) == [Transition.SUBMIT]
    assert allowed_transitions(USERS["municipal"], fresh) == []


def test_apply_refuses_a_move_from_the_wrong_state() -> None:
    with pytest.raises(ValueError):
        apply(Transition.APPROVE, _at(F), by="x", at=AT)


def test_reopening_is_never_asked_for() -> None:
    assert "自动" in (refusal(USERS["admin"], Transition.REOPEN, _at(S)) or "")


@pytest.mark.parametrize(("transition", "reason", "problem"), [
    (Transition.RETURN, None, "退回须填写原因"),
    (Transition.UNLOCK, "   ", "解锁须填写原因"),
    (Transition.RETURN, "数" * 501, "原因不能超过 500 个字（现有 501 个）"),
    (Transition.SUBMIT, None, None),
    (Transition.UNLOCK, "更正在园幼儿数", None),
])
def test_return_and_unlock_must_say_why(transition: Transition, reason: str | None, problem: str | None) -> None:
    assert check_reason(transition, reason) == problem


def test_the_lock_message_says_who_locked_the_figures_and_when_in_beijing_time() -> None:
    message = locked_message(_at(A))
    assert message.startswith("涪陵区2024年数据已由 shijiaowei 于 2026-12-02 18:03（北京时间）审核锁定")
    assert "解锁" in message


def test_refusals_name_the_user_the_region_and_the_state() -> None:
    assert refusal(USERS["planner-other"], Transition.SUBMIT, _at(F)) == (
        "用户“district2”（区教委规划科·渝中区）只能报送本区县（渝中区）的数据，无权报送涪陵区2024年数据")
    assert refusal(USERS["planner-own"], Transition.APPROVE, _at(S)) == (
        "用户“district1”（区教委规划科·涪陵区）无权审核通过涪陵区2024年数据：审核、退回和解锁由市教委进行")
    assert refusal(USERS["municipal"], Transition.APPROVE, _at(A)) == (
        "涪陵区2024年数据当前为“已审核”，不能审核通过（已由 shijiaowei 于 2026-12-02 18:03 审核锁定）")
    assert refusal(None, Transition.SUBMIT, _at(F)) == "请先登录后再报送涪陵区2024年数据"
