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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eduplan.core.errors import ConflictError
from eduplan.store.versions import data_stamp, load_cached, region_scopes, store_cached

#: Computations tried before giving up while writes keep changing the inputs.
ATTEMPTS = 5


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
    return hashlib.sha256(data_stamp(session, scopes).encode("utf-8")).hexdigest()[:32]


def cached_page(*, session: Session, kind: str, key: str, scopes: Sequence[str] | None,
                compute: Callable[[], str]) -> CachedPage:
    """The payload of (kind, key) at the current data versions: from the cache, else computed and kept."""
    for _ in range(ATTEMPTS):
        stamp = current_stamp(session=session, scopes=scopes)
        payload = load_cached(session, kind=kind, key=key, stamp=stamp)
        if payload is not None:
            return CachedPage(payload, stamp, computed=False)
        payload = compute()
        if current_stamp(session=session, scopes=scopes) == stamp:
            store_cached(session, kind=kind, key=key, stamp=stamp, payload=payload)
            return CachedPage(payload, stamp, computed=True)
    raise ConflictError("数据正在频繁更新，看板暂时无法计算，请稍后刷新")
