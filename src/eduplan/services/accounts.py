"""Use cases on user accounts: create, authenticate (services/passwords.py: argon2 behind a
gate, the policy), change, load, the demo accounts. Changing a password or a role, or disabling
the account, ends all of the user's sessions (services/web_sessions.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eduplan.core.access import ROLE_TITLES, Principal, Role
from eduplan.core.errors import InputError, NotFoundError
from eduplan.services import passwords
from eduplan.services.passwords import check_password, hash_password
from eduplan.services.regions import locate, principal_scope
from eduplan.services.web_sessions import end_user_sessions
from eduplan.store.accounts import role_row, user_id_named, user_named
from eduplan.store.models.accounts import RoleRow, UserRow
from eduplan.store.models.regions import RegionRow, UnitRow
from eduplan.store.regions import key_of
from eduplan.store.repo import add_audit_event
from eduplan.store.session import flush
from eduplan.store.units import unit_row

__all__ = [
    "DemoAccount", "authenticate", "create_user", "ensure_demo_unit_users", "ensure_demo_users", "get_principal",
    "public_name", "role_title", "set_active", "set_password", "set_role",
]

#: The brief's names for roles, accepted beside the stored ones.
ROLE_ALIASES = {"district": Role.PLANNER}


@dataclass(frozen=True)
class DemoAccount:
    """A demo account's credentials, to be printed by `eduplan demo`."""

    username: str
    password: str
    role: Role
    region: str | None



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
    if user_id_named(session, name) is not None:
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
    dummy = passwords.dummy_hash()
    with passwords.verification_slot():
        row = user_named(session, username.strip())
        if row is None:
            passwords.matches(dummy, password)
            return None
        if not row.active or not passwords.matches(row.password_hash, password):
            return None
        if (new_hash := passwords.rehashed(row.password_hash, password)) is not None:
            row.password_hash = new_hash
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
        if user_id_named(session, username) is not None:
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
        if user_id_named(session, username) is not None:
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
    row = user_named(session, username.strip())
    if row is None:
        raise NotFoundError(f"找不到用户“{username}”")
    return row


def public_name(*, session: Session, name: str) -> str:
    """How a reporter is shown on public pages: an account's unit, else its role title (never the
    login name); a name that is no account (a person typed in a workbook, “demo”) unchanged."""
    row = user_named(session, name)
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
    return role_row(session, role.value, title=role_title(role))


def _region(session: Session, name: str) -> RegionRow:
    """The region node an account is bound to, by code or name (services.regions.locate)."""
    row = session.get(RegionRow, locate(session, name, field="--region").id)
    assert row is not None
    return row


def _unit(session: Session, region: RegionRow, name: str) -> UnitRow:
    return unit_row(session, region_id=region.id, name=name.strip())


def _principal(session: Session, row: UserRow) -> Principal:
    region = session.get(RegionRow, row.region_id) if row.region_id is not None else None
    unit = session.get(UnitRow, row.unit_id) if row.unit_id is not None else None
    return Principal(username=row.username, role=Role(row.role.name), region=key_of(session, region) if region else None,
                     scope=principal_scope(session, region.id if region else None),
                     unit=unit.name if unit else None)
