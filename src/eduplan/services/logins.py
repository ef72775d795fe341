"""Failed logins, counted in the database so that every worker process and host shares them.

Two locks (thresholds in `LoginPolicy`, documented in docs/web.md):
- per (user name, address): `pair_failures` failures within `window` lock that pair for
  `pair_lockout` after the last one — one address guessing one account is stopped;
- per user name, from all addresses: `account_failures` failures within `window` make the
  account wait `account_delay` after the latest one — many addresses guessing one account get
  about one guess per delay, while the owner is held up at most that long, never for good.
Attempts refused by a lock are not verified and not counted. A success clears its pair.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eduplan.store.logins import add_failure, clear_failures, prune_failures, recent_failures
from eduplan.store.models.base import utcnow
from eduplan.store.repo import flush

__all__ = ["LoginPolicy", "LoginWait", "clear_login_failures", "login_wait", "record_login_failure"]

#: Failures older than this are deleted when a new one is recorded.
KEEP = dt.timedelta(days=1)


@dataclass(frozen=True)
class LoginPolicy:
    """The throttle's thresholds."""

    pair_failures: int = 5
    pair_lockout: dt.timedelta = dt.timedelta(minutes=15)
    account_failures: int = 20
    account_delay: dt.timedelta = dt.timedelta(minutes=1)
    window: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class LoginWait:
    """How long a login must wait (0: it may try now) and which lock holds it (pair / account)."""

    seconds: int
    lock: str | None = None


def _name(username: str) -> str:
    return username.strip().lower()[:64]


def login_wait(*, session: Session, username: str, address: str, policy: LoginPolicy,
               now: dt.datetime | None = None) -> LoginWait:
    """How long this user name from this address must wait before its password is checked."""
    at = now or utcnow()
    name = _name(username)
    waits: list[LoginWait] = []
    pair = recent_failures(session, policy.pair_failures, username=name, address=address[:64])
    if len(pair) == policy.pair_failures and pair[0] - pair[-1] <= policy.window:
        waits.append(LoginWait(_seconds(pair[0] + policy.pair_lockout - at), "pair"))
    account = recent_failures(session, policy.account_failures, username=name)
    if len(account) == policy.account_failures and account[0] - account[-1] <= policy.window:
        waits.append(LoginWait(_seconds(account[0] + policy.account_delay - at), "account"))
    return max((w for w in waits if w.seconds > 0), key=lambda w: w.seconds, default=LoginWait(0))


def record_login_failure(*, session: Session, username: str, address: str, now: dt.datetime | None = None) -> None:
    """Count a failed login (and forget failures older than a day)."""
    at = now or utcnow()
    prune_failures(session, before=at - KEEP)
    add_failure(session, username=_name(username), address=address[:64], at=at)
    flush(session, "登录失败记录")


def clear_login_failures(*, session: Session, username: str, address: str) -> None:
    """Forget the failures of this user name from this address (after a successful login)."""
    clear_failures(session, username=_name(username), address=address[:64])


def _seconds(delta: dt.timedelta) -> int:
    return max(0, math.ceil(delta.total_seconds()))
