"""Use cases on user accounts: create, authenticate (argon2), change, load, the demo accounts,
and web sessions with a server-side record.

- Passwords: argon2id, RFC 9106's second recommended profile (t=3, 64 MiB, p=4). At most
  `MAX_VERIFICATIONS` hashes are computed at once per process; when more than `MAX_WAITING`
  wait, or a wait exceeds `WAIT_SECONDS`, `VerifierBusy` is raised at once (the web answers 429),
  so a burst of anonymous logins cannot take a gigabyte of memory.
- Policy (`check_password`): ≥ 12 characters with 3 of the 4 classes (lower case, upper case,
  digits, other), or a passphrase (≥ 16 characters, ≥ 3 distinct words); not the user name;
  not a common password.
- Sessions: a random token in the (signed) cookie, its SHA-256 in `web_sessions`; valid until
  revoked, `idle` after the last request and `max_age` after sign-in. Changing a password or a
  role, or disabling the account, ends all of the user's sessions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from eduplan.core.access import ROLE_TITLES, Principal, Role
from eduplan.core.errors import EduplanError, InputError, NotFoundError
from eduplan.services.regions import locate, principal_scope
from eduplan.store.models.accounts import RoleRow, UserRow, WebSessionRow
from eduplan.store.models.base import utcnow
from eduplan.store.models.regions import RegionRow, UnitRow
from eduplan.store.regions import key_of
from eduplan.store.repo import add_audit_event
from eduplan.store.session import flush

__all__ = [
    "DemoAccount", "SessionCheck", "VerifierBusy", "authenticate", "check_password", "create_user",
    "end_session", "end_user_sessions", "ensure_demo_users", "get_principal", "hash_password", "prune_sessions",
    "resolve_session",
    "role_title", "set_active", "set_password", "set_role", "start_session", "verify_password",
]

# argon2id, RFC 9106 second recommended option (also argon2-cffi's defaults): t=3, 64 MiB, p=4.
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4)
MIN_PASSWORD_LENGTH = 12
MIN_PASSPHRASE_LENGTH = 16
#: The brief's names for roles, accepted beside the stored ones.
ROLE_ALIASES = {"district": Role.PLANNER}
#: Password hashes computed at once per process, how many may wait, and for how long.
MAX_VERIFICATIONS = 4
MAX_WAITING = 16
WAIT_SECONDS = 5.0
#: last_seen_at is written at most this often (a write per request would cost more than it tells).
TOUCH_INTERVAL = dt.timedelta(seconds=60)
#: Passwords refused whatever their length (compared without case, and with digits and signs stripped).
COMMON_PASSWORDS = frozenset({
    "password", "passw0rd", "p@ssw0rd", "qwerty", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx", "qazwsx",
    "admin", "administrator", "root", "welcome", "letmein", "iloveyou", "monkey", "dragon", "master", "sunshine",
    "abc", "abcdef", "abcdefg", "abcdefgh", "changeme", "default", "test", "guest", "user", "login", "secret",
    "woaini", "woaiwojia", "zhongguo", "beijing", "chongqing", "jiaoyu", "jiaowei", "eduplan", "guihua",
    "aaaaaa", "qwe", "asd", "zxc", "superman", "football", "baseball", "princess", "trustno", "shadow",
})


class VerifierBusy(EduplanError):
    """Too many password checks are running or waiting; the caller should retry in a moment."""

    code = "too-many-attempts"


class _Verifications:
    """A counting gate for password hashing: a few at a time, a short queue, a quick refusal."""

    def __init__(self, slots: int, waiting: int, wait: float) -> None:
        self.slots = threading.BoundedSemaphore(slots)
        self.max_waiting = waiting
        self.wait = wait
        self.waiting = 0
        self.lock = threading.Lock()

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self.lock:
            if self.waiting >= self.max_waiting:
                raise VerifierBusy("当前同时登录的请求过多，请稍后再试")
            self.waiting += 1
        try:
            acquired = self.slots.acquire(timeout=self.wait)
        finally:
            with self.lock:
                self.waiting -= 1
        if not acquired:
            raise VerifierBusy("当前同时登录的请求过多，请稍后再试")
        try:
            yield
        finally:
            self.slots.release()


_VERIFICATIONS = _Verifications(MAX_VERIFICATIONS, MAX_WAITING, WAIT_SECONDS)


_DUMMY_HASHES: dict[int, str] = {}
_DUMMY_LOCK = threading.Lock()


def _dummy_hash() -> str:
    """A hash to verify against for an unknown user name (as slow as a known one).

    Made on first use, once (a burst of first logins waits for it instead of each hashing),
    and through the gate like every hash."""
    with _DUMMY_LOCK:
        key = id(_HASHER)
        if key not in _DUMMY_HASHES:
            _DUMMY_HASHES[key] = hash_password("eduplan-no-such-user")
        return _DUMMY_HASHES[key]


@dataclass(frozen=True)
class DemoAccount:
    """A demo account's credentials, to be printed by `eduplan demo`."""

    username: str
    password: str
    role: Role
    region: str | None


def hash_password(password: str) -> str:
    """The argon2id hash of a password (through the gate: a few at a time)."""
    with _VERIFICATIONS.slot():
        return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored argon2 hash (through the gate); `VerifierBusy` when full."""
    with _VERIFICATIONS.slot():
        return _verify(password_hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password: str, *, username: str) -> None:
    """Refuse, with a Chinese reason, a password a bureau's IT policy would not accept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    classes = sum(1 for test in (str.islower, str.isupper, str.isdigit) if any(test(c) for c in password))
    classes += any(not (c.isascii() and c.isalnum()) for c in password)
    words = {w.casefold() for w in re.split(r"[\s\-_.,，。·]+", password) if len(w) >= 2}
    passphrase = len(password) >= MIN_PASSPHRASE_LENGTH and len(words) >= 3
    if classes < 3 and not passphrase:
        raise InputError("密码须包含大写字母、小写字母、数字、其他符号中的至少三类，"
                         f"或为不少于 {MIN_PASSPHRASE_LENGTH} 个字符、至少三个词的口令短语（词之间用空格或连字符分隔）")
    letters = _letters(password)
    name = _letters(username)
    if name and letters in (name, name[::-1]):
        raise InputError("密码不能与用户名相同（或仅多出数字和符号）")
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.casefold())  # Password2024! → password
    if {letters, _letters(core.translate(_LEET)), password.casefold()} & COMMON_PASSWORDS:
        raise InputError("密码过于常见，容易被猜中，请换一个")
    if len(set(password)) < MIN_DISTINCT_CHARACTERS:
        raise InputError("密码由过少的不同字符组成，容易被猜中，请换一个")


#: Digits and signs read as letters (p@ssw0rd → password) when comparing with the common passwords.
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "3": "e", "$": "s", "5": "s", "7": "t"})
MIN_DISTINCT_CHARACTERS = 6


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalpha())


def create_user(
    *, session: Session, username: str, password: str, role: str, region: str | None = None,
    unit: str | None = None, display_name: str | None = None, actor: str = "system",
) -> Principal:
    """Create an account; roles: admin, municipal, planner (alias district), unit, evaluator, viewer."""
    name = username.strip()
    if not name or len(name) > 64:
        raise InputError("用户名不能为空，且不超过 64 个字符")
    check_password(password, username=name)
    the_role = _role(role)
    if the_role in (Role.PLANNER, Role.UNIT) and not region:
        raise InputError(f"角色“{the_role.value}”必须指定所属区县")
    if the_role is Role.UNIT and not unit:
        raise InputError("责任单位用户必须指定所属单位")
    if session.scalar(select(UserRow.id).where(UserRow.username == name)) is not None:
        raise InputError(f"用户名“{name}”已存在")
    region_row = _region(session, region) if region else None
    unit_row = _unit(session, region_row, unit) if unit and region_row else None
    row = UserRow(username=name, display_name=display_name, password_hash=hash_password(password),
                  role_id=_role_row(session, the_role).id, region_id=region_row.id if region_row else None,
                  unit_id=unit_row.id if unit_row else None, active=True)
    session.add(row)
    flush(session, f"用户“{name}”")
    add_audit_event(session, actor=actor, entity="user", entity_id=row.id, action="create", before=None,
                    after={"username": name, "role": the_role.value, "region": region, "unit": unit})
    flush(session, f"用户“{name}”")
    return _principal(session, row)


def authenticate(*, session: Session, username: str, password: str) -> tuple[int, Principal] | None:
    """The user's id and principal when the password is right and the account active, else None.

    The gate is entered before the account is read, so that logins waiting for a slot hold no
    database connection; `VerifierBusy` when it is full."""
    dummy = _dummy_hash()
    with _VERIFICATIONS.slot():
        row = session.scalar(select(UserRow).where(UserRow.username == username.strip()))
        if row is None:
            _verify(dummy, password)
            return None
        if not row.active or not _verify(row.password_hash, password):
            return None
        if _HASHER.check_needs_rehash(row.password_hash):
            row.password_hash = _HASHER.hash(password)
            flush(session, f"用户“{row.username}”")
    return row.id, _principal(session, row)


def get_principal(*, session: Session, user_id: int) -> Principal:
    """The principal of an active user; `NotFoundError` when the account is gone or disabled."""
    row = session.get(UserRow, user_id)
    if row is None or not row.active:
        raise NotFoundError(f"找不到编号为 {user_id} 的有效用户")
    return _principal(session, row)


def ensure_demo_users(*, session: Session, regions: list[str], municipal_region: str | None = None) -> list[DemoAccount]:
    """Create the demo accounts that are missing (admin, municipal — bound to `municipal_region`
    when given, reading its subtree —, one planner per region).

    Returns the credentials of the accounts created now; existing accounts keep their
    passwords and are not listed (their passwords are not known any more).
    """
    wanted: list[tuple[str, Role, str | None]] = [("admin", Role.ADMIN, None), ("shijiaowei", Role.MUNICIPAL, municipal_region)]
    wanted += [(f"district{i}", Role.PLANNER, region) for i, region in enumerate(regions, start=1)]
    created = []
    for username, role, region in wanted:
        if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            continue
        password = _demo_password(username)
        create_user(session=session, username=username, password=password, role=role.value, region=region,
                    display_name=f"演示：{region or role_title(role)}", actor="demo")
        created.append(DemoAccount(username=username, password=password, role=role, region=region))
    return created


def ensure_demo_unit_users(*, session: Session, wanted: list[tuple[str, str, str]]) -> list[DemoAccount]:
    """Create the missing demo unit accounts, each (username, region, unit); returns those created now."""
    created = []
    for username, region, unit in wanted:
        if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            continue
        password = _demo_password(username)
        create_user(session=session, username=username, password=password, role=Role.UNIT.value, region=region,
                    unit=unit, display_name=f"演示：{region}{unit}", actor="demo")
        created.append(DemoAccount(username=username, password=password, role=Role.UNIT, region=region))
    return created


def _demo_password(username: str) -> str:
    """A random password that the policy accepts."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            check_password(password, username=username)
        except InputError:
            continue
        return password


# ---------------------------------------------------------------- changing an account


def set_password(*, session: Session, username: str, password: str, actor: str) -> int:
    """Give the user a new password (policy checked) and end their sessions; returns how many ended."""
    row = _user(session, username)
    check_password(password, username=row.username)
    row.password_hash = hash_password(password)
    flush(session, f"用户“{row.username}”")
    ended = end_user_sessions(session=session, user_id=row.id)
    add_audit_event(session, actor=actor, entity="user", entity_id=row.id, action="password", before=None,
                    after={"sessions_ended": ended})
    flush(session, f"用户“{row.username}”")
    return ended


def set_role(*, session: Session, username: str, role: str, region: str | None = None, unit: str | None = None,
             actor: str) -> Principal:
    """Change the user's role (and region, unit) and end their sessions."""
    row = _user(session, username)
    before = _principal(session, row)
    the_role = _role(role)
    if the_role in (Role.PLANNER, Role.UNIT) and not region:
        raise InputError(f"角色“{the_role.value}”必须指定所属区县")
    if the_role is Role.UNIT and not unit:
        raise InputError("责任单位用户必须指定所属单位")
    region_row = _region(session, region) if region else None
    row.role_id = _role_row(session, the_role).id
    row.region_id = region_row.id if region_row else None
    row.unit_id = _unit(session, region_row, unit).id if unit and region_row else None
    flush(session, f"用户“{row.username}”")
    session.refresh(row, ["role"])
    ended = end_user_sessions(session=session, user_id=row.id)
    after = _principal(session, row)
    add_audit_event(session, actor=actor, entity="user", entity_id=row.id, action="role",
                    before={"role": before.role.value, "region": before.region, "unit": before.unit},
                    after={"role": after.role.value, "region": after.region, "unit": after.unit,
                           "sessions_ended": ended})
    flush(session, f"用户“{row.username}”")
    return after


def set_active(*, session: Session, username: str, active: bool, actor: str) -> int:
    """Enable or disable the account; disabling ends its sessions. Returns how many ended."""
    row = _user(session, username)
    before = row.active
    row.active = active
    flush(session, f"用户“{row.username}”")
    ended = 0 if active else end_user_sessions(session=session, user_id=row.id)
    if before != active:
        add_audit_event(session, actor=actor, entity="user", entity_id=row.id,
                        action="enable" if active else "disable", before={"active": before},
                        after={"active": active, "sessions_ended": ended})
        flush(session, f"用户“{row.username}”")
    return ended


def _user(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username.strip()))
    if row is None:
        raise NotFoundError(f"找不到用户“{username}”")
    return row


# ---------------------------------------------------------------- web sessions


@dataclass(frozen=True)
class SessionCheck:
    """What a session token is worth now: the user's id, or why it is not valid any more."""

    user_id: int | None
    reason: str | None = None  # revoked / idle / expired / unknown


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(*, session: Session, user_id: int, max_age: dt.timedelta, now: dt.datetime | None = None) -> str:
    """Record a new session for the user (and delete those ended over a day ago); returns the random
    token the cookie carries."""
    at = now or utcnow()
    prune_sessions(session=session, now=at)
    token = secrets.token_urlsafe(32)
    session.add(WebSessionRow(id=_digest(token), user_id=user_id, created_at=at, last_seen_at=at,
                              expires_at=at + max_age))
    flush(session, "会话")
    return token


def resolve_session(*, session: Session, token: str, idle: dt.timedelta,
                    now: dt.datetime | None = None) -> SessionCheck:
    """The session's user when it is neither revoked, idle for longer than `idle`, nor past its end.

    The last-seen time is written at most once a `TOUCH_INTERVAL`."""
    at = now or utcnow()
    row = session.get(WebSessionRow, _digest(token))
    if row is None:
        return SessionCheck(None, "unknown")
    if row.revoked_at is not None:
        return SessionCheck(None, "revoked")
    if at >= row.expires_at:
        return SessionCheck(None, "expired")
    if at - row.last_seen_at >= idle:
        return SessionCheck(None, "idle")
    if at - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = at
        flush(session, "会话")
    return SessionCheck(row.user_id)


def end_session(*, session: Session, token: str, now: dt.datetime | None = None) -> bool:
    """Revoke one session (signing out); whether it was valid until now."""
    row = session.get(WebSessionRow, _digest(token))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now or utcnow()
    flush(session, "会话")
    return True


def end_user_sessions(*, session: Session, user_id: int, now: dt.datetime | None = None) -> int:
    """Revoke every open session of the user; returns how many."""
    at = now or utcnow()
    done = session.execute(update(WebSessionRow)
                           .where(WebSessionRow.user_id == user_id, WebSessionRow.revoked_at.is_(None),
                                  WebSessionRow.expires_at > at)
                           .values(revoked_at=at).execution_options(synchronize_session="fetch"))
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


def prune_sessions(*, session: Session, now: dt.datetime | None = None) -> int:
    """Delete the sessions that ended more than a day ago; returns how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=1)
    done = session.execute(delete(WebSessionRow).where(or_(WebSessionRow.expires_at < cutoff,
                                                           WebSessionRow.revoked_at < cutoff)))
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


def public_name(*, session: Session, name: str) -> str:
    """How a reporter is shown on public pages: an account's unit, else its role title (never the
    login name); a name that is no account (a person typed in a workbook, “demo”) unchanged."""
    row = session.scalar(select(UserRow).where(UserRow.username == name))
    if row is None:
        return name
    return _principal(session, row).public_label


def role_title(role: Role) -> str:
    """The Chinese name of a role."""
    return ROLE_TITLES[role]


def _role(name: str) -> Role:
    key = name.strip().lower()
    if key in ROLE_ALIASES:
        return ROLE_ALIASES[key]
    try:
        return Role(key)
    except ValueError:
        known = "、".join([*(r.value for r in Role), *ROLE_ALIASES])
        raise InputError(f"未知角色“{name}”（可用：{known}）") from None


def _role_row(session: Session, role: Role) -> RoleRow:
    row = session.scalar(select(RoleRow).where(RoleRow.name == role.value))
    if row is None:  # the migration seeds the roles; a hand-made database may lack one
        row = RoleRow(name=role.value, title=role_title(role))
        session.add(row)
        session.flush()
    return row


def _region(session: Session, name: str) -> RegionRow:
    """The region node an account is bound to, by code or name (services.regions.locate)."""
    row = session.get(RegionRow, locate(session, name, field="--region").id)
    assert row is not None
    return row


def _unit(session: Session, region: RegionRow, name: str) -> UnitRow:
    row = session.scalar(select(UnitRow).where(UnitRow.region_id == region.id, UnitRow.name == name.strip()))
    if row is None:
        row = UnitRow(region_id=region.id, name=name.strip())
        session.add(row)
        session.flush()
    return row


def _principal(session: Session, row: UserRow) -> Principal:
    region = session.get(RegionRow, row.region_id) if row.region_id is not None else None
    unit = session.get(UnitRow, row.unit_id) if row.unit_id is not None else None
    return Principal(username=row.username, role=Role(row.role.name), region=key_of(session, region) if region else None,
                     scope=principal_scope(session, region.id if region else None),
                     unit=unit.name if unit else None)
