"""Submission and approval of yearly figures (报送与审核), the lock on approved figures, and which
figures a reader sees.

- `status_board`: for a year, every region with a plan (or a submission) and its state.
- `apply_transition`: submit / approve / return / unlock, checked by `core.collection.approval`
  (role refusals are 403, a wrong state is 409), stored and audited (entity “submission”).
- `guard_writes`: called by `services.collection.store_records`, the one write point of yearly
  records, before anything is written: approved region-years are refused whole.
  `reopen_changed` then puts back to 填报中 the submitted region-years whose figures changed.
- `approved_only_for`: public and municipal views read approved figures only (unless
  EDUPLAN_PUBLIC_FIGURES=latest); a district's own pages read its latest ones, marked 未审核.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eduplan.core.access import Action, Kind, Principal, Resource, can
from eduplan.core.collection.approval import (
    STATE_LABELS,
    Submission,
    SubmissionState,
    Transition,
    allowed_transitions,
    apply,
    check_reason,
    locked_message,
    role_refusal,
    state_refusal,
)
from eduplan.core.collection.yearly import Collection
from eduplan.core.errors import ConflictError, EduplanError, InputError, NotFoundError
from eduplan.services.accounts import get_principal
from eduplan.services.audit import record_audit
from eduplan.services.plans import list_plans
from eduplan.settings import get_settings
from eduplan.store.accounts import user_id_named
from eduplan.store.models.base import utcnow
from eduplan.store.records import observation_counts, observation_years
from eduplan.store.session import lock_regions
from eduplan.store.submissions import load_submission, load_submissions, save_submission

__all__ = ["RegionStatus", "StatusBoard", "TransitionRefused", "apply_transition", "approved_only_for",
           "guard_writes", "known_region", "observed_years", "open_part", "principal_named", "reopen_changed", "status_board", "unapproved_years"]


class TransitionRefused(EduplanError):
    """The user's role or region may not do this to the region-year's figures."""

    code = "forbidden"


@dataclass(frozen=True)
class RegionStatus:
    """One region's figures of the year: their state, latest transition and what the reader may do."""

    submission: Submission
    figures: int  # observations stored for the region and year
    allowed: list[Transition]

    @property
    def label(self) -> str:
        """The state in Chinese."""
        return STATE_LABELS[self.submission.state]


@dataclass(frozen=True)
class StatusBoard:
    """The 报送情况 of a year: each region's state, and how many regions are at each."""

    year: int
    regions: list[RegionStatus]

    def counts(self) -> dict[SubmissionState, int]:
        """How many regions are at each state (every state listed)."""
        found = {state: 0 for state in SubmissionState}
        for r in self.regions:
            found[r.submission.state] += 1
        return found


def _plan_regions(session: Session) -> list[str]:
    return sorted({p.region for p in list_plans(session=session) if p.region})


def _figures(session: Session, year: int) -> dict[str, int]:
    return observation_counts(session, year=year)


def status_board(*, session: Session, year: int, user: Principal | None,
                 regions: Iterable[str] | None = None) -> StatusBoard:
    """Each region's state for `year` (regions with a plan or a submission) that `user` may read,
    optionally some regions only."""
    stored = load_submissions(session, year=year)
    names = [n for n in sorted({*_plan_regions(session), *(r for r, _ in stored)})
             if can(user, Action.READ, Resource(kind=Kind.SUBMISSION, region=n))]
    if regions is not None:
        wanted = set(regions)
        names = [n for n in names if n in wanted]
    figures = _figures(session, year)
    rows = []
    for name in names:
        submission = stored.get((name, year), Submission(name, year))
        rows.append(RegionStatus(submission, figures.get(name, 0), allowed_transitions(user, submission)))
    return StatusBoard(year=year, regions=rows)


def known_region(session: Session, region: str) -> str:
    """The region's name when it has a stored plan; NotFoundError otherwise."""
    name = region.strip()
    if name not in _plan_regions(session):
        raise NotFoundError(f"库中没有“{name}”的规划，无法办理其年度数据的报送")
    return name


def apply_transition(*, session: Session, user: Principal | None, region: str, year: int, transition: Transition,
                     reason: str | None = None, version: int | None = None) -> Submission:
    """Submit, approve, return or unlock the region-year's figures as `user`; audited.

    `version` (the state the user saw) makes a decision on a page that someone else changed
    meanwhile a conflict instead of a surprise."""
    name = known_region(session, region)
    # the region's write lock, as imports take it: a decision and an import never interleave
    lock_regions(session, [name])
    current = load_submission(session, region=name, year=year)
    refused = role_refusal(user, transition, current)
    if refused:
        raise TransitionRefused(refused)
    assert user is not None  # role_refusal refuses anonymous users
    if version is not None and version != current.version:
        raise ConflictError(f"{name}{year}年数据的报送状态已被其他用户更改（现为“{STATE_LABELS[current.state]}”），"
                            "请刷新后再操作")
    refused = state_refusal(transition, current)
    if refused:
        raise ConflictError(refused)
    problem = check_reason(transition, reason)
    if problem:
        raise InputError(problem)
    return _store(session, current, apply(transition, current, by=user.username, at=utcnow(), reason=reason))


def _store(session: Session, before: Submission, after: Submission) -> Submission:
    saved = save_submission(session, after)
    assert after.last is not None
    record_audit(session=session, actor=after.by or "system", entity="submission",
                 entity_id=f"{after.region}:{after.year}", action=after.last.value,
                 before={"state": before.state.value, "by": before.by, "reason": before.reason},
                 after={"state": after.state.value, "reason": after.reason})
    return saved


def guard_writes(*, session: Session, region_years: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Submission]:
    """Refuse, before anything is written, a write touching approved figures (ConflictError naming
    who locked them and when); returns the touched region-years' submissions."""
    wanted = set(region_years)
    stored = load_submissions(session, regions={r for r, _ in wanted})
    touched = {key: stored.get(key, Submission(*key)) for key in sorted(wanted)}
    locked = [s for s in touched.values() if s.locked]
    if locked:
        raise ConflictError("；".join(locked_message(s) for s in locked) + "。本次未写入任何数据")
    return touched


def open_part(*, session: Session, collection: Collection) -> Collection:
    """The collection without the records of approved region-years (what may still be written)."""
    stored = load_submissions(session)
    locked = {key for key, sub in stored.items() if sub.locked}
    return Collection(observations=[o for o in collection.observations if (o.region, o.year) not in locked],
                      tasks=[t for t in collection.tasks if (t.region, t.year) not in locked],
                      projects=[p for p in collection.projects if (p.region, p.year) not in locked],
                      finance=[f for f in collection.finance if (f.region, f.year) not in locked])


def reopen_changed(*, session: Session, touched: dict[tuple[str, int], Submission],
                   changed: Iterable[tuple[str, int]], actor: str) -> list[Submission]:
    """Put back to 填报中 the submitted region-years whose records changed (audited as “reopen”)."""
    reopened = []
    for key in sorted(set(changed)):
        current = touched.get(key)
        if current is not None and current.state is SubmissionState.SUBMITTED:
            after = apply(Transition.REOPEN, current, by=actor, at=utcnow(), reason="报送后修改了数据，须重新报送")
            reopened.append(_store(session, current, after))
    return reopened


def unapproved_years(*, session: Session, region: str) -> frozenset[int]:
    """The years with observations of the region that are not approved (shown marked 未审核)."""
    years = observation_years(session, region=region)
    stored = load_submissions(session, regions=[region])
    return frozenset(y for y in years if not stored.get((region, y), Submission(region, y)).locked)


def observed_years(*, session: Session) -> list[int]:
    """The years with observations of any region, in order."""
    return observation_years(session)


def default_status_year(*, session: Session, today: dt.date | None = None) -> int:
    """The year 报送情况 opens at: the latest year before this one with figures stored, else last year."""
    last = (today or dt.date.today()).year - 1
    return max((y for y in observed_years(session=session) if y <= last), default=last)


def approved_only_for(user: Principal | None, region: str | None = None) -> bool:
    """Whether `user` reads only approved figures (of `region`, or of all regions when None):
    yes, unless it is the user's own region or EDUPLAN_PUBLIC_FIGURES=latest."""
    if get_settings().public_figures == "latest":
        return False
    return not (user is not None and region is not None and user.region == region)


def principal_named(*, session: Session, username: str) -> Principal:
    """The principal of the active account `username` (the CLI's --user)."""
    user_id = user_id_named(session, username.strip())
    if user_id is None:
        raise NotFoundError(f"找不到用户“{username}”")
    return get_principal(session=session, user_id=user_id)

