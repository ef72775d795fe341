"""The unit of work owned by a front end (a CLI command or a web request).

Services flush and never commit; the edge opens a session here, commits when the work
succeeded and rolls back when it failed, so that nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from eduplan.store.db import make_engine, make_session_factory, upgrade_database
from eduplan.store.replica import ReadReplica


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per database URL for the life of the process."""
    return make_engine(url)


@lru_cache(maxsize=8)
def replica_for(url: str) -> ReadReplica:
    """One read replica (a PostgreSQL hot standby: its engine, read-only sessions) per URL for the
    life of the process; never migrated from here (the standby replays the primary's schema)."""
    return ReadReplica(url)


@lru_cache(maxsize=8)
def _factory(url: str) -> sessionmaker[Session]:
    return make_session_factory(engine_for(url))


_migrated: set[str] = set()


def ensure_schema(url: str) -> None:
    """Bring the database to the newest schema once per process (idempotent)."""
    if url not in _migrated:
        upgrade_database(url)
        _migrated.add(url)


@contextmanager
def unit_of_work(url: str, *, migrate: bool = True) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error.

    `migrate=False` skips the schema check: for a worker process whose parent has made it."""
    if migrate:
        ensure_schema(url)
    session = _factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
