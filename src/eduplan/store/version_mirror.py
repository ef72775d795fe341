"""A per-process mirror of the data versions (`data_versions`), so that a cached page needs no query.

A reader asks `mirror_of(engine).tokens(scopes)`: the current tokens from memory, or None when
the mirror cannot vouch for them (then the reader reads the table, as without a mirror). Only a
process that calls `follow(engine)` (the web app) has one.

- **PostgreSQL.** A listener thread holds its own connection with `LISTEN eduplan_versions`. Every
  writing transaction notifies the scopes it renewed with their new tokens, in the same
  transaction (store/versions.py), so the notification is delivered at commit, in commit order.
  The listener never takes a token from a notification: it reads the notified scopes again on
  its connection, one statement after another, so each scope's value only moves forward (a
  notification that arrives late makes it read the newest state, never an older one). On
  (re)connecting it listens first and then reads every scope. Lost connection, not yet
  synchronised → None, until it has read everything again.
  Read-your-writes: a writer of this process announces its tokens before its commit
  (`expect`); a scope with an announced token is not vouched for until the listener has read it
  after that commit (the notification's arrival, or the listener's next read of the scope once the
  commit is done). A rolled-back write withdraws its tokens (`withdraw`).
  Another process's write is seen once this process's listener has its notification: the
  notification's trip (milliseconds), not the next request. A change no writer notifies (a
  restore) is announced by `announce_reset`: every listener reads all tokens again.
- **SQLite.** No notifications, but `PRAGMA data_version` on a connection of the mirror's own
  changes whenever any other connection, of any process, has committed. Each question costs
  that pragma (shared memory, no table read); when it changed, the tokens are read again in the
  same read transaction. Exact, in this process and every other.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import weakref
from collections.abc import Sequence
from typing import Any, Protocol

import psycopg
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import SQLAlchemyError

#: The channel writers notify and listeners listen on.
CHANNEL = "eduplan_versions"
#: A payload that asks every listener to read all tokens again (a restored database).
RESET = "*"
#: The longest payload PostgreSQL takes is 8000 bytes; notifications are split below it.
PAYLOAD_BYTES = 7000
#: How long the listener waits for a notification before it checks its connection (seconds).
TICK_SECONDS = 1.0
#: Waits between attempts to reconnect (seconds), doubling up to the last.
RETRY_SECONDS = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
_SELECT_ALL = "SELECT scope, token FROM data_versions"
_SELECT_SOME = "SELECT scope, token FROM data_versions WHERE scope = ANY(%s)"
log = logging.getLogger(__name__)


class Mirror(Protocol):
    """What a reader asks: the tokens of `scopes` (None: every scope), or None when unknown."""

    def tokens(self, scopes: Sequence[str] | None) -> dict[str, str] | None: ...

    def expect(self, tokens: dict[str, str]) -> None: ...

    def committed(self, tokens: dict[str, str]) -> None: ...

    def withdraw(self, tokens: dict[str, str]) -> None: ...

    def close(self) -> None: ...


def payloads(tokens: dict[str, str]) -> list[str]:
    """The notification payloads of renewed tokens: lines "scope<TAB>token", each payload short enough."""
    found: list[str] = []
    lines: list[str] = []
    size = 0
    for scope, token in sorted(tokens.items()):
        line = f"{scope}\t{token}"
        if lines and size + len(line.encode("utf-8")) + 1 > PAYLOAD_BYTES:
            found.append("\n".join(lines))
            lines, size = [], 0
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
    if lines:
        found.append("\n".join(lines))
    return found


def _parse(payload: str) -> dict[str, str] | None:
    """The scopes and tokens of a payload; None for a reset."""
    if payload == RESET:
        return None
    found = {}
    for line in payload.splitlines():
        scope, _, token = line.partition("\t")
        found[scope] = token
    return found


class SqliteMirror:
    """Tokens read again whenever `PRAGMA data_version` says another connection has committed."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None
        self._tokens: dict[str, str] = {}
        # The engine disposed (a test that replaces the database file): the mirror's connection
        # goes with the pool's and is opened again on the next question.
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raw = self._engine.raw_connection()
            conn = raw.driver_connection
            raw.detach()  # the mirror's own connection, never back in the pool
            assert isinstance(conn, sqlite3.Connection)
            conn.isolation_level = None  # BEGIN and COMMIT as written below
            conn.execute("PRAGMA busy_timeout=50")  # asked on the event loop: never wait long, read the table instead
            self._conn, self._version = conn, None
        return self._conn

    def tokens(self, scopes: Sequence[str] | None) -> dict[str, str] | None:
        # Asked on the event loop: never wait for another thread's question, read the table instead.
        if not self._lock.acquire(blocking=False):
            return None
        try:
            try:
                conn = self._connection()
                if conn.in_transaction:  # a COMMIT that failed: never keep a snapshot open
                    conn.execute("ROLLBACK")
                    self._version = None
                version = conn.execute("PRAGMA data_version").fetchone()[0]
                if version != self._version:
                    conn.execute("BEGIN")
                    try:  # the version and the tokens of one snapshot
                        version = conn.execute("PRAGMA data_version").fetchone()[0]
                        self._tokens = dict(conn.execute(_SELECT_ALL).fetchall())
                    finally:
                        conn.execute("COMMIT")
                    self._version = version
            except (sqlite3.Error, SQLAlchemyError):
                self._version = None
                return None
            found = self._tokens
        finally:
            self._lock.release()
        return dict(found) if scopes is None else {s: found[s] for s in scopes if s in found}

    def expect(self, tokens: dict[str, str]) -> None:
        """Nothing to do: this process's commits change the pragma too."""

    def committed(self, tokens: dict[str, str]) -> None:
        """Nothing to do (see `expect`)."""

    def withdraw(self, tokens: dict[str, str]) -> None:
        """Nothing to do (see `expect`)."""

    def close(self) -> None:
        with self._lock:
            conn, self._conn, self._version = self._conn, None, None
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()


class PostgresMirror:
    """Tokens kept fresh by a listener thread on LISTEN/NOTIFY (see the module's docstring)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._tokens: dict[str, str] = {}
        self._synced = False
        # Announced tokens by scope: None while their transaction is open, else the generation
        # at which it committed (a read begun at a later generation sees it).
        self._expected: dict[str, dict[str, int | None]] = {}
        self._generation = 0
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="eduplan-versions", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ readers and writers

    def tokens(self, scopes: Sequence[str] | None) -> dict[str, str] | None:
        with self._lock:
            if not self._synced:
                return None
            if scopes is None:
                return None if self._expected else dict(self._tokens)
            if any(s in self._expected for s in scopes):
                return None
            return {s: self._tokens[s] for s in scopes if s in self._tokens}

    def expect(self, tokens: dict[str, str]) -> None:
        with self._lock:
            for scope, token in tokens.items():
                self._expected.setdefault(scope, {})[token] = None

    def committed(self, tokens: dict[str, str]) -> None:
        with self._lock:
            self._generation += 1
            for scope, token in tokens.items():
                waiting = self._expected.get(scope)
                if waiting is not None and token in waiting:
                    waiting[token] = self._generation

    def withdraw(self, tokens: dict[str, str]) -> None:
        with self._lock:
            for scope, token in tokens.items():
                self._forget(scope, token)

    def wait_synced(self, timeout: float) -> bool:
        """Whether the listener has read every token (waiting up to `timeout` seconds): for tests."""
        return self._ready.wait(timeout)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _forget(self, scope: str, token: str) -> None:
        waiting = self._expected.get(scope)
        if waiting is not None:
            waiting.pop(token, None)
            if not waiting:
                del self._expected[scope]

    # ------------------------------------------------------------------ the listener

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except (SQLAlchemyError, psycopg.Error, OSError) as exc:  # the database not there (yet): try again later
                log.debug("版本监听无法连接：%s", exc)
                self._stop.wait(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
                attempt += 1
                continue
            attempt = 0
            try:
                self._listen(conn)
            except (psycopg.Error, OSError) as exc:  # the connection lost: readers read the table until synchronised again
                log.debug("版本监听连接中断：%s", exc)
            finally:
                with self._lock:
                    self._synced = False
                self._ready.clear()
                with contextlib.suppress(Exception):
                    conn.close()

    def _connect(self) -> Any:
        raw = self._engine.raw_connection()
        conn = raw.driver_connection
        if conn is None:
            raise OSError("版本监听：连接池没有给出数据库连接")
        raw.detach()  # the listener's own connection, never back in the pool
        conn.autocommit = True
        return conn

    def _listen(self, conn: Any) -> None:
        conn.execute(f"LISTEN {CHANNEL}")
        self._read(conn, None, notified={})  # after LISTEN: nothing committed from here on is missed
        while not self._stop.is_set():
            notified: dict[str, set[str]] = {}
            reset = False
            batch = list(conn.notifies(timeout=TICK_SECONDS, stop_after=1))
            if batch:  # and whatever else has arrived with it: read once for all of them
                batch += list(conn.notifies(timeout=0))
            for note in batch:
                parsed = _parse(note.payload)
                if parsed is None:
                    reset = True
                else:
                    for scope, token in parsed.items():
                        notified.setdefault(scope, set()).add(token)
            if reset:
                self._read(conn, None, notified=notified)
            elif notified:
                self._read(conn, sorted(notified), notified=notified)
            else:  # a quiet second: the connection is alive, and committed announcements are read
                conn.execute("SELECT 1")
                with self._lock:
                    waiting = sorted(s for s, ts in self._expected.items() if any(g is not None for g in ts.values()))
                if waiting:
                    self._read(conn, waiting, notified={})

    def _read(self, conn: Any, scopes: Sequence[str] | None, *, notified: dict[str, set[str]]) -> None:
        with self._lock:
            begun = self._generation
        if scopes is None:
            rows = conn.execute(_SELECT_ALL).fetchall()
        else:
            rows = conn.execute(_SELECT_SOME, (list(scopes),)).fetchall()
        found = {str(s): str(t) for s, t in rows}
        with self._lock:
            if scopes is None:
                self._tokens = found
            else:
                self._tokens = {**self._tokens, **found}
            for scope in list(self._expected) if scopes is None else scopes:
                for token, generation in list(self._expected.get(scope, {}).items()):
                    # seen by this read: notified (so committed before it), or committed before it began
                    if token in notified.get(scope, ()) or (generation is not None and generation <= begun):
                        self._forget(scope, token)
            self._synced = True
        self._ready.set()


_MIRRORS: weakref.WeakKeyDictionary[Engine, Mirror] = weakref.WeakKeyDictionary()
_MIRRORS_LOCK = threading.Lock()


def _in_child() -> None:
    # A forked child has no listener thread and must not share the parent's connections: it follows nothing.
    global _MIRRORS_LOCK
    _MIRRORS_LOCK = threading.Lock()
    _MIRRORS.clear()


os.register_at_fork(after_in_child=_in_child)


def follow(engine: Engine) -> Mirror | None:
    """Start (once per engine) the mirror of the engine's data versions; None for an in-memory SQLite."""
    with _MIRRORS_LOCK:
        found = _MIRRORS.get(engine)
        if found is not None:
            return found
        backend = engine.dialect.name
        if backend == "postgresql":
            mirror: Mirror = PostgresMirror(engine)
        elif backend == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            mirror = SqliteMirror(engine)
        else:
            return None
        _MIRRORS[engine] = mirror
        return mirror


def mirror_of(bind: object) -> Mirror | None:
    """The mirror of an engine if this process follows it (a session bound to a connection has none)."""
    if not _MIRRORS or not isinstance(bind, Engine):
        return None
    return _MIRRORS.get(bind)


def announce_reset(engine: Engine) -> None:
    """Tell every process that follows the PostgreSQL database of `engine` to read all its tokens
    again: after a change no writer has notified (a restore)."""
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": RESET})
        conn.commit()


def unfollow(engine: Engine) -> None:
    """Stop the mirror of `engine` (tests)."""
    with _MIRRORS_LOCK:
        mirror = _MIRRORS.pop(engine, None)
    if mirror is not None:
        mirror.close()


__all__ = ["CHANNEL", "RESET", "Mirror", "PostgresMirror", "SqliteMirror", "announce_reset", "follow", "mirror_of",
           "payloads", "unfollow"]
