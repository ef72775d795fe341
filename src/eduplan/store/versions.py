"""Data versions and the shared page cache (tables `data_versions`, `cached_pages`).

Every session made by `store.db.make_session_factory` tracks what it writes: a row with a
`region_id` marks that region's scope (`region:<id>`), a plan's row or child marks the plan's
region, and anything else that is not bookkeeping (sessions, login failures, audit, accounts,
the cache itself, background jobs' progress) marks `all`. Just before the transaction commits, each marked scope gets a new
random token, in the same transaction as the data: a reader that sees the new data sees the new
token, and one that sees the old token saw only old data. Tokens are random rather than counters
so that a restored or replaced database can never reuse a version another process has cached.

On PostgreSQL the same transaction notifies the renewed tokens (`pg_notify`, delivered at
commit): a process that follows the versions (store/version_mirror.py, the web app) keeps them
in memory and answers `seen_tokens` / `session_tokens` without a query; its own writes are
announced to its mirror before they commit, so its next read never takes an older token.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, delete, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from eduplan.store.models.accounts import LoginFailureRow, RoleRow, UserRow, WebSessionRow
from eduplan.store.models.audit import AuditEventRow
from eduplan.store.models.base import utcnow
from eduplan.store.models.cache import CachedPageRow, DataVersionRow
from eduplan.store.models.jobs import JobRow
from eduplan.store.models.plans import PlanRow
from eduplan.store.models.regions import RegionRow
from eduplan.store.version_mirror import CHANNEL, mirror_of, payloads

ALL = "all"
#: The scope of the region list itself (names, codes, parents): what resolving a region's name reads.
REGIONS = "regions"
_PENDING = "eduplan.versions.pending"
_SEEN = "eduplan.versions.seen"
_RENEWED = "eduplan.versions.renewed"
#: Tables whose rows are no board's input.
UNTRACKED = frozenset(m.__tablename__ for m in (AuditEventRow, CachedPageRow, DataVersionRow, JobRow, LoginFailureRow,
                                                RoleRow, UserRow, WebSessionRow))  # a job's progress is no input; the data it stores is


def region_scope(region: str) -> str:
    """The scope of one region's data (regions are keyed by name)."""
    return f"region:{region}"


def track_changes(session_class: Any) -> None:
    """Mark the scopes written by sessions of `session_class` and renew their tokens at commit."""
    event.listen(session_class, "before_flush", _mark_flushed)
    event.listen(session_class, "do_orm_execute", _mark_statement)
    event.listen(session_class, "before_commit", _renew_tokens)
    event.listen(session_class, "after_commit", _committed)
    event.listen(session_class, "after_transaction_end", _forget)


def _pending(session: Session) -> set[str]:
    found: set[str] = session.info.setdefault(_PENDING, set())
    return found


def has_pending_writes(session: Session) -> bool:
    """True when the session has written (or holds changes not yet flushed) in its transaction: what
    it reads then is not committed state, and must not be kept under committed tokens."""
    return bool(session.info.get(_PENDING) or session.new or session.deleted
                or any(session.is_modified(o) for o in session.dirty))


def _forget(session: Session, transaction: SessionTransaction) -> None:
    # Only when the outermost transaction ends: a savepoint rolled back keeps the marks of the
    # writes around it (a token renewed for nothing is harmless, one missed is not).
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        renewed = session.info.pop(_RENEWED, None)
        if renewed:  # renewed, then rolled back: the mirror waits for these tokens no more
            mirror = _mirror_for(session)
            if mirror is not None:
                mirror.withdraw(renewed)


def _committed(session: Session) -> None:
    renewed = session.info.pop(_RENEWED, None)
    mirror = _mirror_for(session) if renewed else None
    if mirror is not None and renewed:
        mirror.committed(renewed)


def _mirror_for(session: Session) -> Any:
    bind = session.get_bind()
    return mirror_of(bind if isinstance(bind, Engine) else getattr(bind, "engine", None))


def _mark_flushed(session: Session, _context: Any, _instances: Any) -> None:
    pending = _pending(session)
    region_ids: set[int] = set()
    plan_ids: set[int] = set()
    for obj in (*session.new, *session.deleted, *(o for o in session.dirty if session.is_modified(o))):
        if getattr(obj, "__tablename__", None) in UNTRACKED:
            continue
        if isinstance(obj, RegionRow):
            # A region's pages are keyed by its name, or by its code where the name is shared:
            # both scopes are renewed, and the region list's.
            pending.add(REGIONS)
            pending.add(region_scope(obj.name))
            if obj.code:
                pending.add(region_scope(obj.code))
        elif (region_id := getattr(obj, "region_id", None)) is not None:
            region_ids.add(region_id)
        elif (plan_id := obj.id if isinstance(obj, PlanRow) else getattr(obj, "plan_id", None)) is not None:
            plan_ids.add(plan_id)
        else:  # a row that names no region (a new plan item not yet tied to its plan, a task's unit …)
            pending.add(ALL)
    _mark_region_rows(session, region_ids, plan_ids)


def mark_regions(session: Session, region_ids: Iterable[int]) -> None:
    """Mark the scopes of the regions whose rows a statement wrote outside the ORM's flush (a bulk
    upsert on the session's connection): renewed at commit like those of flushed rows, once each."""
    _mark_region_rows(session, set(region_ids), set())


def _mark_region_rows(session: Session, region_ids: set[int], plan_ids: set[int]) -> None:
    if not region_ids and not plan_ids:
        return
    pending = _pending(session)
    # One query for all the regions of this flush (an import flushes thousands of rows).
    with session.no_autoflush:
        rows = session.execute(select(RegionRow.name, RegionRow.code).where(
            RegionRow.id.in_(region_ids) | RegionRow.id.in_(select(PlanRow.region_id).where(PlanRow.id.in_(plan_ids)))))
        for name, code in rows:
            pending.add(region_scope(name))
            if code:
                pending.add(region_scope(code))


def _mark_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in UNTRACKED:
        return
    if name == RegionRow.__tablename__:
        if state.is_update:  # the no-op write of lock_regions (regions are renamed through the ORM)
            return
        _pending(state.session).add(REGIONS)  # regions inserted or deleted in bulk
    _pending(state.session).add(ALL)


def _renew_tokens(session: Session) -> None:
    session.flush()  # the last changes are marked before the tokens are written
    pending = sorted(session.info.pop(_PENDING, ()))  # always in the same order: no deadlock
    if not pending:
        return
    session.info.pop(_SEEN, None)  # what this session read before its own write is old after it
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    renewed = {scope: secrets.token_hex(16) for scope in pending}
    mirror = _mirror_for(session)
    if mirror is not None:  # before the commit: from now on this process's readers wait for these tokens
        mirror.expect(renewed)
    session.info[_RENEWED] = renewed
    for scope, token in renewed.items():
        stmt = insert(DataVersionRow).values(scope=scope, token=token)
        session.execute(stmt.on_conflict_do_update(index_elements=["scope"], set_={"token": stmt.excluded.token}))
    if dialect == "postgresql":  # delivered to every listener at commit, in commit order
        for payload in payloads(renewed):
            session.execute(select(func.pg_notify(CHANNEL, payload)))


def read_tokens(session: Session, scopes: Sequence[str] | None) -> dict[str, str]:
    """The current tokens of `scopes` (None: every scope) in one statement; a scope never written is absent."""
    query = select(DataVersionRow.scope, DataVersionRow.token)
    if scopes is not None:
        query = query.where(DataVersionRow.scope.in_(scopes))
    # Core, not ORM execution: this runs on every cached request, and the ORM layer costs more than the query.
    if session.in_transaction():
        return {s: t for s, t in session.connection().execute(query)}
    # Nothing read yet (a cached page's first question): one autocommit statement on a pooled
    # connection, not a transaction begun and rolled back around it (three round trips fewer on
    # PostgreSQL). The tokens are committed state either way; whoever computes a page reads the
    # stamp again inside its transaction.
    bind = session.get_bind()
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return {s: t for s, t in conn.execution_options(isolation_level="AUTOCOMMIT").execute(query)}
    return {s: t for s, t in bind.execute(query)}  # a session bound to a connection (tests' savepoints): read on it


def stamp_of(tokens: dict[str, str], scopes: Sequence[str] | None) -> str:
    """The tokens of `scopes` (None: all of `tokens`) joined into one string, in scope order."""
    wanted = sorted(tokens) if scopes is None else sorted(scopes)
    return ";".join(f"{s}={tokens.get(s, '0')}" for s in wanted)


def data_stamp(session: Session, scopes: Sequence[str] | None) -> str:
    """The current tokens of `scopes` (None: every scope) joined into one string."""
    return stamp_of(read_tokens(session, scopes), scopes)


def session_tokens(session: Session, scopes: Sequence[str]) -> dict[str, str]:
    """The tokens of `scopes` as this session first read them; the ones not read yet in one statement
    (none where this process's mirror knows them).

    A request reads one state of each scope however many of its parts ask, and the parts that
    know which scopes come next ask for them together (resolving a region's name reads the
    region's page scopes too). Tokens of different scopes read at different moments can only
    name a state that never was, which no cached page carries: a miss, never a wrong page. The
    session forgets them when it writes."""
    seen: dict[str, str] = session.info.setdefault(_SEEN, {})
    missing = [s for s in dict.fromkeys(scopes) if s not in seen]
    if missing:
        found = mirrored_tokens(session, missing)
        if found is None:
            found = read_tokens(session, missing)
        seen.update({s: found.get(s, "0") for s in missing})
    return {s: seen[s] for s in scopes}


def seen_tokens(session: Session, scopes: Sequence[str]) -> dict[str, str] | None:
    """The tokens of `scopes` if this session has read them already or this process's mirror knows
    them (no query), else None."""
    seen: dict[str, str] = session.info.get(_SEEN, {})
    missing = [s for s in dict.fromkeys(scopes) if s not in seen]
    if missing:
        found = mirrored_tokens(session, missing)
        if found is None:
            return None
        seen = session.info.setdefault(_SEEN, {})
        seen.update({s: found.get(s, "0") for s in missing})  # kept for the rest of the request
    return {s: seen[s] for s in scopes}


def mirrored_tokens(session: Session, scopes: Sequence[str] | None) -> dict[str, str] | None:
    """The tokens of `scopes` (None: every scope) as this process's mirror knows them, or None:
    no mirror, not synchronised, or a write of this process not read back yet. (The tokens are
    committed state, like those `read_tokens` reads: a session's reads are not held in one
    snapshot, SQLite's pysqlite and PostgreSQL's read committed alike.)"""
    mirror = mirror_of(session.get_bind())
    return None if mirror is None else mirror.tokens(scopes)


def region_scopes(region: str) -> list[str]:
    """The scopes a region's pages read: the region's own and `all`."""
    return [ALL, region_scope(region)]


def load_cached(session: Session, *, kind: str, key: str, stamp: str) -> str | None:
    """The cached payload of (kind, key) if it was computed at `stamp`."""
    return session.scalar(select(CachedPageRow.payload).where(
        CachedPageRow.kind == kind, CachedPageRow.key == key, CachedPageRow.stamp == stamp))


def store_cached(session: Session, *, kind: str, key: str, stamp: str, payload: str) -> None:
    """Keep the payload of (kind, key) computed at `stamp`, replacing an older one."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(CachedPageRow).values(kind=kind, key=key, stamp=stamp, payload=payload, computed_at=utcnow())
    session.execute(stmt.on_conflict_do_update(
        index_elements=["kind", "key"],
        set_={"stamp": stmt.excluded.stamp, "payload": stmt.excluded.payload, "computed_at": stmt.excluded.computed_at}))


def clear_cached(session: Session) -> int:
    """Drop every cached page (they are recomputed on demand); returns how many."""
    result = session.execute(delete(CachedPageRow))
    return int(getattr(result, "rowcount", 0) or 0)


__all__ = [
    "ALL",
    "REGIONS",
    "UNTRACKED",
    "clear_cached",
    "data_stamp",
    "has_pending_writes",
    "load_cached",
    "mark_regions",
    "mirrored_tokens",
    "read_tokens",
    "region_scope",
    "region_scopes",
    "seen_tokens",
    "session_tokens",
    "stamp_of",
    "store_cached",
    "track_changes",
]
