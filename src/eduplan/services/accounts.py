"""Use cases on user accounts: create, authenticate (argon2), load, and the demo accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.core.access import ROLE_TITLES, Principal, Role
from eduplan.core.errors import InputError, NotFoundError
from eduplan.store.models import RegionRow, RoleRow, UnitRow, UserRow
from eduplan.store.repo import add_audit_event
from eduplan.store.session import flush

__all__ = [
    "DemoAccount", "authenticate", "create_user", "ensure_demo_users", "get_principal",
    "hash_password", "role_title", "verify_password",
]

# argon2id with the library's defaults (RFC 9106 low-memory profile).
_HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 8
#: The brief's names for roles, accepted beside the stored ones.
ROLE_ALIASES = {"district": Role.PLANNER}
# Verifying against this keeps a failed login for an unknown name as slow as for a known one.
_DUMMY_HASH = _HASHER.hash("eduplan-no-such-user")


@dataclass(frozen=True)
class DemoAccount:
    """A demo account's credentials, to be printed by `eduplan demo`."""

    username: str
    password: str
    role: Role
    region: str | None


def hash_password(password: str) -> str:
    """The argon2id hash of a password."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored argon2 hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(
    *, session: Session, username: str, password: str, role: str, region: str | None = None,
    unit: str | None = None, display_name: str | None = None, actor: str = "system",
) -> Principal:
    """Create an account; roles: admin, municipal, planner (alias district), unit, evaluator, viewer."""
    name = username.strip()
    if not name or len(name) > 64:
        raise InputError("用户名不能为空，且不超过 64 个字符")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
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
    return Principal(username=name, role=the_role, region=region, unit=unit if region_row else None)


def authenticate(*, session: Session, username: str, password: str) -> tuple[int, Principal] | None:
    """The user's id and principal when the password is right and the account active, else None."""
    row = session.scalar(select(UserRow).where(UserRow.username == username.strip()))
    if row is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not row.active or not verify_password(row.password_hash, password):
        return None
    if _HASHER.check_needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
        flush(session, f"用户“{row.username}”")
    return row.id, _principal(session, row)


def get_principal(*, session: Session, user_id: int) -> Principal:
    """The principal of an active user; `NotFoundError` when the account is gone or disabled."""
    row = session.get(UserRow, user_id)
    if row is None or not row.active:
        raise NotFoundError(f"找不到编号为 {user_id} 的有效用户")
    return _principal(session, row)


def ensure_demo_users(*, session: Session, regions: list[str]) -> list[DemoAccount]:
    """Create the demo accounts that are missing (admin, municipal, one planner per region).

    Returns the credentials of the accounts created now; existing accounts keep their
    passwords and are not listed (their passwords are not known any more).
    """
    wanted: list[tuple[str, Role, str | None]] = [("admin", Role.ADMIN, None), ("shijiaowei", Role.MUNICIPAL, None)]
    wanted += [(f"district{i}", Role.PLANNER, region) for i, region in enumerate(regions, start=1)]
    created = []
    for username, role, region in wanted:
        if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            continue
        password = secrets.token_urlsafe(9)
        create_user(session=session, username=username, password=password, role=role.value, region=region,
                    display_name=f"演示：{region or role_title(role)}", actor="demo")
        created.append(DemoAccount(username=username, password=password, role=role, region=region))
    return created


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
    row = session.scalar(select(RegionRow).where(RegionRow.name == name.strip()))
    if row is None:
        row = RegionRow(name=name.strip())
        session.add(row)
        session.flush()
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
    return Principal(username=row.username, role=Role(row.role.name), region=region.name if region else None,
                     unit=unit.name if unit else None)
