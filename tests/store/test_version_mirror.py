"""The per-process mirror of the data versions (store/version_mirror.py), on SQLite and PostgreSQL.

What it vouches for is always what the table holds: a write of this process is seen by its next
read at once (read-your-writes), a write of another process at once on SQLite (PRAGMA
data_version) and, on PostgreSQL, as soon as this process's listener has its notification — the
tests wait for that moment (`_until`, at most 10 s) and never time it. While the listener's
connection is lost the mirror answers None, and readers read the table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from eduplan.core.plan import Observation
from eduplan.store.db import make_engine, make_session_factory
from eduplan.store.records import save_observations
from eduplan.store.version_mirror import CHANNEL, RESET, PostgresMirror, follow, payloads, unfollow
from eduplan.store.versions import read_tokens, region_scope, region_scopes, seen_tokens, session_tokens

REGION = "甲区"
SCOPES = region_scopes(REGION)


def _until(condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition` holds (the listener's notification has arrived); fail after 10 s."""
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.01)


@pytest.fixture
def followed(db_url: str) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    """An engine this process follows (as the web app does), its mirror synchronised, and its sessions."""
    engine = make_engine(db_url)
    factory = make_session_factory(engine)
    mirror = follow(engine)
    assert mirror is not None
    try:
        _until(lambda: mirror.tokens(SCOPES) is not None, "the mirror synchronised")
        yield engine, factory
    finally:
        unfollow(engine)
        engine.dispose()


def _write(factory: sessionmaker[Session], value: float, region: str = REGION) -> None:
    with factory() as session:
        save_observations(session, [Observation(indicator="学前三年毛入园率", region=region, year=2023, value=value)])
        session.commit()


def _table(factory: sessionmaker[Session]) -> dict[str, str]:
    with factory() as session:
        found = read_tokens(session, SCOPES)
    return {s: found.get(s, "0") for s in SCOPES}  # as a reader takes them: "0" for a scope never written


def _mirrored(engine: Engine) -> dict[str, str] | None:
    mirror = follow(engine)
    assert mirror is not None
    found = mirror.tokens(SCOPES)
    return None if found is None else {s: found.get(s, "0") for s in SCOPES}


def test_the_mirror_answers_what_the_table_holds(followed: tuple[Engine, sessionmaker[Session]]) -> None:
    engine, factory = followed
    _write(factory, 90)
    _until(lambda: _mirrored(engine) == _table(factory), "the write mirrored")
    assert region_scope(REGION) in _table(factory)


def test_a_write_in_one_session_is_seen_by_the_next_session_of_the_process(
        followed: tuple[Engine, sessionmaker[Session]]) -> None:
    """Read-your-writes: the writer's tokens are announced before its commit, so no later reader
    of this process takes the older ones (it reads the table until the mirror has the new ones)."""
    _, factory = followed
    for value in range(5):
        _write(factory, value)
        with factory() as reader:
            assert session_tokens(reader, SCOPES) == _table(factory)  # at once, not eventually


def test_a_write_through_another_engine_is_seen_promptly(followed: tuple[Engine, sessionmaker[Session]],
                                                         db_url: str) -> None:
    """Another engine stands for another process: nothing announces its write to this mirror."""
    engine, factory = followed
    other = make_engine(db_url)
    try:
        _write(make_session_factory(other), 42)
        _until(lambda: _mirrored(engine) == _table(factory), "the other process's write mirrored")
        if engine.dialect.name == "sqlite":  # PRAGMA data_version: exact at once
            _write(make_session_factory(other), 43)
            assert _mirrored(engine) == _table(factory)
    finally:
        other.dispose()


def test_a_rolled_back_write_leaves_the_mirror_answering(followed: tuple[Engine, sessionmaker[Session]]) -> None:
    engine, factory = followed
    _write(factory, 1)
    _until(lambda: _mirrored(engine) == _table(factory), "the write mirrored")
    before = _table(factory)

    def fail(_session: Session) -> None:  # after the tokens are renewed (listeners run in order)
        raise RuntimeError("the commit failed")

    event.listen(factory, "before_commit", fail)
    try:
        with factory() as session:
            save_observations(session, [Observation(indicator="学前三年毛入园率", region=REGION, year=2023, value=2)])
            with pytest.raises(RuntimeError):
                session.commit()
            session.rollback()
    finally:
        event.remove(factory, "before_commit", fail)
    assert _table(factory) == before
    assert _mirrored(engine) == before  # not waiting for tokens that never committed


def test_seen_tokens_take_the_mirror_and_keep_them_for_the_request(
        followed: tuple[Engine, sessionmaker[Session]]) -> None:
    engine, factory = followed
    _write(factory, 5)
    _until(lambda: _mirrored(engine) == _table(factory), "the write mirrored")
    with factory() as reader:
        first = seen_tokens(reader, SCOPES)
        assert first == _table(factory)
        _write(factory, 6)  # another request's write: this request keeps the state it read
        assert seen_tokens(reader, SCOPES) == first
    with factory() as later:  # the mirror, or the table while the mirror has not read the write back
        assert session_tokens(later, SCOPES) == _table(factory) != first


@pytest.mark.postgres
def test_a_lost_listener_connection_falls_back_to_the_table_and_resynchronises(pg_url: str) -> None:
    engine = make_engine(pg_url)
    factory = make_session_factory(engine)
    mirror = follow(engine)
    assert isinstance(mirror, PostgresMirror)
    try:
        _until(lambda: mirror.tokens(SCOPES) is not None, "the mirror synchronised")
        with engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE query LIKE 'LISTEN%' OR query LIKE 'SELECT 1' OR query LIKE 'SELECT scope%'"))
            admin.commit()
        _write(make_session_factory(make_engine(pg_url)), 7)  # written while the listener may be away
        _until(lambda: _mirrored(engine) == _table(factory), "resynchronised with the write")
        with factory() as reader:  # meanwhile, and after, a reader gets the table's tokens either way
            assert session_tokens(reader, SCOPES) == _table(factory)
    finally:
        unfollow(engine)
        engine.dispose()


@pytest.mark.postgres
def test_a_reset_makes_the_listener_read_every_token_again(pg_url: str) -> None:
    """A change no writer notifies (a restore) is announced with the reset payload."""
    engine = make_engine(pg_url)
    factory = make_session_factory(engine)
    mirror = follow(engine)
    assert mirror is not None
    try:
        _write(factory, 8)
        _until(lambda: _mirrored(engine) == _table(factory), "the write mirrored")
        with engine.connect() as conn:
            conn.execute(text("UPDATE data_versions SET token = 'restored'"))  # as a restore leaves it: unnotified
            conn.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": RESET})
            conn.commit()
        assert "restored" in _table(factory).values()
        _until(lambda: _mirrored(engine) == _table(factory), "read again after the reset")
    finally:
        unfollow(engine)
        engine.dispose()


def test_payloads_stay_under_the_notification_limit() -> None:
    tokens = {region_scope(f"地区{i}"): "f" * 32 for i in range(1000)}
    found = payloads(tokens)
    assert len(found) > 1 and all(len(p.encode("utf-8")) < 8000 for p in found)
    lines = [line for p in found for line in p.splitlines()]
    assert dict(line.split("\t") for line in lines) == tokens
