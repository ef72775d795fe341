"""Submission and approval of a region's yearly figures (报送与审核): states, transitions, who may.

Per region × year:

    填报中 ──报送──► 已报送 ──审核──► 已审核 (locked)
      ▲  ▲            │                 │
      │  └──(修改)─────┤ 退回(原因)       │ 解锁(原因)
      │               ▼                 │
      │             退回 ──报送──► 已报送  │
      └─────────────────────────────────┘

- A region-year with no record is 填报中.
- 报送 (submit): the region's own planner (区教委规划科), or admin; from 填报中 or 退回.
- 审核 (approve), 退回 (return, with a reason) and 解锁 (unlock, with a reason): the municipal
  commission (市教委) or admin. Approval locks the figures; unlocking puts them back to 填报中.
- Changing figures that were submitted but not yet approved puts them back to 填报中: what the
  approver reviews is what was submitted.
- Every other role does none of these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from eduplan.core.access import ROLE_TITLES, Action, Kind, Principal, Resource, Role, can

#: Times are stored in UTC and shown in China Standard Time (UTC+8, no daylight saving).
CHINA = dt.timezone(dt.timedelta(hours=8))
MAX_REASON_CHARS = 500


class SubmissionState(StrEnum):
    """Where a region's figures of one year stand."""

    FILLING = "filling"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


STATE_LABELS: dict[SubmissionState, str] = {
    SubmissionState.FILLING: "填报中",
    SubmissionState.SUBMITTED: "已报送",
    SubmissionState.APPROVED: "已审核",
    SubmissionState.RETURNED: "退回",
}


class Transition(StrEnum):
    """What a user does to a region-year's figures."""

    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    UNLOCK = "unlock"
    REOPEN = "reopen"  # submitted figures changed: back to 填报中 (done by a write, never asked for)


TRANSITION_LABELS: dict[Transition, str] = {
    Transition.SUBMIT: "报送",
    Transition.APPROVE: "审核通过",
    Transition.RETURN: "退回",
    Transition.UNLOCK: "解锁",
    Transition.REOPEN: "修改后重新填报",
}

#: state before → state after, for each transition a user may ask for.
MOVES: dict[Transition, tuple[frozenset[SubmissionState], SubmissionState]] = {
    Transition.SUBMIT: (frozenset({SubmissionState.FILLING, SubmissionState.RETURNED}), SubmissionState.SUBMITTED),
    Transition.APPROVE: (frozenset({SubmissionState.SUBMITTED}), SubmissionState.APPROVED),
    Transition.RETURN: (frozenset({SubmissionState.SUBMITTED}), SubmissionState.RETURNED),
    Transition.UNLOCK: (frozenset({SubmissionState.APPROVED}), SubmissionState.FILLING),
    Transition.REOPEN: (frozenset({SubmissionState.SUBMITTED}), SubmissionState.FILLING),
}
#: the transitions that must say why.
NEEDS_REASON = frozenset({Transition.RETURN, Transition.UNLOCK})
#: the access policy's action for each transition a user asks for.
TRANSITION_ACTIONS = {Transition.SUBMIT: Action.SUBMIT, Transition.APPROVE: Action.REVIEW,
                      Transition.RETURN: Action.REVIEW, Transition.UNLOCK: Action.REVIEW}
USER_TRANSITIONS = (Transition.SUBMIT, Transition.APPROVE, Transition.RETURN, Transition.UNLOCK)


@dataclass(frozen=True)
class Submission:
    """A region-year's state and its latest transition (who, when, why)."""

    region: str
    year: int
    state: SubmissionState = SubmissionState.FILLING
    by: str | None = None
    at: dt.datetime | None = None
    reason: str | None = None
    last: Transition | None = None
    version: int = 0  # 0: no record yet

    @property
    def locked(self) -> bool:
        """Whether the figures are approved and so cannot be changed."""
        return self.state is SubmissionState.APPROVED


def china_time(at: dt.datetime) -> str:
    """“2026-12-02 18:03” in China Standard Time."""
    return at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def _who(user: Principal) -> str:
    return f"用户“{user.username}”（{ROLE_TITLES[user.role]}{'·' + user.region if user.region else ''}）"


def role_refusal(user: Principal | None, transition: Transition, submission: Submission) -> str | None:
    """Why `user`'s role or region may never apply `transition` to the region-year (None: it may);
    the decision is the access policy's (`core.access.can`), the words are this module's."""
    what = f"{submission.region}{submission.year}年数据"
    label = TRANSITION_LABELS[transition]
    if user is None:
        return f"请先登录后再{label}{what}"
    if transition is Transition.REOPEN:
        return "“修改后重新填报”由修改已报送的数据自动完成，不能单独申请"
    if can(user, TRANSITION_ACTIONS[transition], Resource(kind=Kind.SUBMISSION, region=submission.region)):
        return None
    if transition is Transition.SUBMIT:
        if user.role is Role.PLANNER and user.region is not None:
            return f"{_who(user)}只能报送本区县（{user.region}）的数据，无权报送{what}"
        return f"{_who(user)}无权报送{what}：只有该区县的区教委规划科可以报送"
    return f"{_who(user)}无权{label}{what}：审核、退回和解锁由市教委进行"


def state_refusal(transition: Transition, submission: Submission) -> str | None:
    """Why `transition` cannot be applied in the region-year's current state (None: it can)."""
    allowed, _ = MOVES[transition]
    if submission.state in allowed:
        return None
    what = f"{submission.region}{submission.year}年数据"
    return f"{what}当前为“{STATE_LABELS[submission.state]}”，不能{TRANSITION_LABELS[transition]}{_hint(submission)}"


def refusal(user: Principal | None, transition: Transition, submission: Submission) -> str | None:
    """Why `user` may not apply `transition` to the region-year now (None: allowed), in Chinese."""
    return role_refusal(user, transition, submission) or state_refusal(transition, submission)


def _hint(submission: Submission) -> str:
    if submission.state is SubmissionState.APPROVED and submission.by and submission.at:
        return f"（已由 {submission.by} 于 {china_time(submission.at)} 审核锁定）"
    return ""


def check_reason(transition: Transition, reason: str | None) -> str | None:
    """The reason cleaned, or a Chinese message when a transition that must say why does not."""
    text = " ".join((reason or "").split())
    if transition in NEEDS_REASON and not text:
        return f"{TRANSITION_LABELS[transition]}须填写原因"
    if len(text) > MAX_REASON_CHARS:
        return f"原因不能超过 {MAX_REASON_CHARS} 个字（现有 {len(text)} 个）"
    return None


def apply(transition: Transition, submission: Submission, *, by: str, at: dt.datetime,
          reason: str | None = None) -> Submission:
    """The region-year after `transition` (the caller has checked `refusal` and `check_reason`)."""
    allowed, after = MOVES[transition]
    if submission.state not in allowed:  # a guard: refusal() says it in Chinese first
        raise ValueError(f"{transition} from {submission.state}")
    text = " ".join((reason or "").split()) or None
    return Submission(region=submission.region, year=submission.year, state=after, by=by, at=at, reason=text,
                      last=transition, version=submission.version)


def locked_message(submission: Submission) -> str:
    """“2024年数据已由 shijiaowei 于 … 审核锁定…”: why a write to approved figures is refused."""
    when = f"于 {china_time(submission.at)}（北京时间）" if submission.at else ""
    return (f"{submission.region}{submission.year}年数据已由 {submission.by or '审核人'} {when}审核锁定，不能修改；"
            "如需更正，请市教委先解锁并说明原因")


def allowed_transitions(user: Principal | None, submission: Submission) -> list[Transition]:
    """What `user` may do now to the region-year (the buttons a page shows)."""
    return [t for t in USER_TRANSITIONS if refusal(user, t, submission) is None]
