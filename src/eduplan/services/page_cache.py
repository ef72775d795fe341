"""Computed once, served many times: a page's context cached by the data versions it was read at.

A context (a board, a target page) is kept as JSON in the database under (kind, key) with the
stamp of the data versions of the scopes it reads (store/versions.py); every worker process
reads the same rows. A reader takes the stamp, then the cached payload of that stamp or a fresh
computation, then the stamp again: writes renew the tokens in their own transaction, so an
unchanged stamp proves that no write committed while the inputs were read and the result is
one state of the data, never a mix. A changed stamp means: read again.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.core.access import Resource
from eduplan.core.errors import ConflictError, NotFoundError
from eduplan.services.plans import plan_in_force
from eduplan.services.records import plan_scope
from eduplan.store.replica import is_replica
from eduplan.store.version_mirror import follow
from eduplan.store.versions import (
    data_stamp,
    load_cached,
    mirrored_tokens,
    region_scopes,
    seen_tokens,
    session_tokens,
    stamp_of,
    store_cached,
)

#: Computations tried before giving up while writes keep changing the inputs.
ATTEMPTS = 5
#: Regions' plan scopes kept by this process, each with the stamp it was read at.
SCOPES_KEPT = 1024
_SCOPES: dict[tuple[str, int | None], tuple[str, Resource | None]] = {}
_SCOPES_LOCK = threading.Lock()
_STAMPS = "eduplan.page_cache.stamps"


@dataclass(frozen=True)
class CachedPage:
    """A page context as JSON and the stamp of the data it was computed from."""

    payload: str
    stamp: str
    computed: bool  # computed by this call (False: read from the cache)


def page_key(*parts: object) -> str:
    """A cache key from the parts of a request that choose the context (long ones digested)."""
    key = "|".join("" if p is None else str(p) for p in parts)
    return key if len(key) <= 200 else "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def scopes_of_region(region: str) -> list[str]:
    """The data scopes a region's pages read (its own data and what no region owns)."""
    return region_scopes(region)


def current_stamp(*, session: Session, scopes: Sequence[str] | None) -> str:
    """A short digest of the current data versions of `scopes` (None: all data)."""
    return _digest(data_stamp(session, scopes))


def session_stamp(*, session: Session, scopes: Sequence[str] | None) -> str:
    """The stamp of `scopes` as first read in this session (a request reads one state of the data,
    however many of its parts ask)."""
    if scopes is None:
        seen: dict[None, str] = session.info.setdefault(_STAMPS, {})
        if None not in seen:
            seen[None] = known_stamp(session=session, scopes=None) or current_stamp(session=session, scopes=None)
        return seen[None]
    return _digest(stamp_of(session_tokens(session, scopes), scopes))


def known_stamp(*, session: Session, scopes: Sequence[str] | None) -> str | None:
    """The stamp of `scopes` if this session has read it already or this process's mirror of the
    data versions knows it (no query), else None."""
    if scopes is None:
        seen: dict[None, str] = session.info.setdefault(_STAMPS, {})
        if None not in seen:
            every = mirrored_tokens(session, None)
            if every is None:
                return None
            seen[None] = _digest(stamp_of(every, None))
        return seen[None]
    tokens = seen_tokens(session, scopes)
    return None if tokens is None else _digest(stamp_of(tokens, scopes))


def follow_versions(engine: Engine) -> None:
    """Keep this process's mirror of the engine's data versions (store/version_mirror.py): cached
    pages are then served without a query. For a long-running server process."""
    follow(engine)


def _digest(stamp: str) -> str:
    return hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:32]


#: What `known_region_plan_scope` answers when the answer needs the database.
UNKNOWN = object()


def known_region_plan_scope(*, session: Session, region: str, plan: int | None) -> Resource | None | object:
    """`region_plan_scope` when this process knows it at the data versions this session has read
    already (no query, no trip to the thread pool), else `UNKNOWN`."""
    stamp = known_stamp(session=session, scopes=scopes_of_region(region))
    if stamp is None:
        return UNKNOWN
    with _SCOPES_LOCK:
        found = _SCOPES.get((region, plan))
    return found[1] if found is not None and found[0] == stamp else UNKNOWN


def region_plan_scope(*, session: Session, region: str, plan: int | None) -> Resource | None:
    """The region's plan in force (or plan `plan`) as the access policy sees it, None when the
    region has no such plan; read once per data version of the region."""
    stamp = session_stamp(session=session, scopes=scopes_of_region(region))
    key = (region, plan)
    with _SCOPES_LOCK:
        found = _SCOPES.get(key)
    if found is not None and found[0] == stamp:
        return found[1]
    try:
        scope: Resource | None = plan_scope(session=session, plan_id=plan if plan is not None else plan_in_force(
            session=session, region=region))
    except NotFoundError:
        scope = None
    if scope is not None and scope.region != region:
        scope = None
    with _SCOPES_LOCK:
        _SCOPES[key] = (stamp, scope)
        if len(_SCOPES) > SCOPES_KEPT:
            _SCOPES.pop(next(iter(_SCOPES)))
    return scope


def reads_replica(session: Session) -> bool:
    """Whether the session reads the read replica (store/replica.py): its stamps are the standby's own."""
    return is_replica(session)


def cached_page(*, session: Session, kind: str, key: str, scopes: Sequence[str] | None,
                compute: Callable[[], str]) -> CachedPage:
    """The payload of (kind, key) at the current data versions: from the cache, else computed and kept.

    On the read replica the stamp, the cached rows and the data are all the standby's (its tokens
    replicate with its data, so they stay one state); a page computed there is not stored — the
    standby is read-only — and the web process keeps it in its own copy."""
    for _ in range(ATTEMPTS):
        stamp = current_stamp(session=session, scopes=scopes)
        payload = load_cached(session, kind=kind, key=key, stamp=stamp)
        if payload is not None:
            return CachedPage(payload, stamp, computed=False)
        payload = compute()
        if current_stamp(session=session, scopes=scopes) == stamp:
            if not is_replica(session):
                store_cached(session, kind=kind, key=key, stamp=stamp, payload=payload)
            return CachedPage(payload, stamp, computed=True)
    raise ConflictError("数据正在频繁更新，看板暂时无法计算，请稍后刷新")
