"""Sessions on a PostgreSQL hot standby (EDUPLAN_READ_DATABASE_URL): what the public boards of a
visitor who is not signed in read (web/deps.py `read_session`; docs/deployment.md).

A standby replays the primary's WAL: its rows and its `data_versions` tokens arrive in the same
transactions, so a stamp read on the standby names exactly the state its data is in — a state
the primary had. Everything read in a replica session therefore comes from the standby, tokens
included; nothing from the primary is mixed in. Three things differ from a primary's session:

- the standby is read-only: nothing is written (a computed page is not stored in its
  `cached_pages`, services/page_cache.py; the web process keeps its own copy);
- no process mirror follows it: LISTEN is refused during recovery, so the tokens are read per
  request (store/versions.py `read_tokens`, as without a mirror);
- it may be down: `session()` then answers None (the caller reads the primary), warns once in
  the log and tries the standby again after `RETRY_SECONDS`.
"""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from eduplan.store.db import make_engine

#: Marks a session on the standby (`Session.info`).
REPLICA = "eduplan.replica"
#: How long a standby that could not be reached is left alone before it is tried again (seconds).
RETRY_SECONDS = 5.0
#: How long connecting to the standby may take before the primary is read instead (seconds).
CONNECT_TIMEOUT_SECONDS = 2
log = logging.getLogger(__name__)


def is_replica(session: Session) -> bool:
    """Whether the session reads the standby (read-only, its tokens its own)."""
    return bool(session.info.get(REPLICA))


class ReadReplica:
    """The standby's engine and its read-only sessions, with the process's view of whether it answers."""

    def __init__(self, url: str) -> None:
        self.url = url
        # The check of `session()` is the ping: no second one on each checkout (pool_pre_ping), and the
        # connection it checked is the one the request takes next (last in, first out).
        self.engine = make_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS}, pool_pre_ping=False,
                                  pool_use_lifo=True)
        # No `track_changes`: a replica session writes nothing, so it renews no token and announces none.
        self._factory = sessionmaker(bind=self.engine, expire_on_commit=False, autoflush=False, info={REPLICA: True})
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self._down = False

    def session(self) -> Session | None:
        """A session on the standby, or None while it cannot be reached. A pooled connection is
        checked with one `SELECT 1` (a new one by connecting), so a standby that went away is found
        here, before the request has read anything, not halfway through it."""
        with self._lock:
            if self._down and time.monotonic() < self._retry_at:
                return None
        try:
            with self.engine.connect() as conn:  # autocommit, as store/versions.py reads the tokens: no BEGIN, no ROLLBACK
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("SELECT 1")
        except SQLAlchemyError as exc:
            with self._lock:
                first = not self._down
                self._down, self._retry_at = True, time.monotonic() + RETRY_SECONDS
            if first:
                log.warning("只读副本无法连接，公开看板改读主库（每 %.0f 秒重试一次）：%s", RETRY_SECONDS,
                            str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return None
        with self._lock:
            recovered, self._down = self._down, False
        if recovered:
            log.warning("只读副本已恢复连接，公开看板重新读副本")
        return self._factory()

    @property
    def reachable(self) -> bool:
        """False while the standby is taken for down (between a failed connection and the next try)."""
        with self._lock:
            return not self._down

    def dispose(self) -> None:
        self.engine.dispose()


__all__ = ["REPLICA", "ReadReplica", "is_replica"]
