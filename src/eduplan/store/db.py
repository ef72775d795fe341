"""Engines and sessions for SQLite (embedded default) and PostgreSQL (multi-user).

Nothing is created at import time: callers build an engine from a URL when they need one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from eduplan.core.errors import ConfigError
from eduplan.store import json_codec

SQLITE_BUSY_TIMEOUT_MS = 15_000


def normalize_url(url: str | URL) -> URL:
    """The URL with PostgreSQL pointed at the psycopg 3 driver; other URLs unchanged."""
    u = make_url(url)
    if u.get_backend_name() == "postgresql" and u.get_driver_name() in ("psycopg2", "psycopg", "") or u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database or another backend."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        return None
    if not u.database or u.database == ":memory:" or u.database.startswith("file:"):
        return None
    return Path(u.database)


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for the URL: SQLite in WAL mode with foreign keys on, or PostgreSQL via psycopg 3."""
    try:
        u = normalize_url(url)
    except Exception as exc:  # sqlalchemy.exc.ArgumentError for an unparseable URL
        raise ConfigError(f"数据库地址无法解析：{url!s}（{exc}）") from exc
    backend = u.get_backend_name()
    kwargs = {"json_serializer": json_codec.dumps, "json_deserializer": json_codec.loads, **kwargs}
    if backend == "sqlite":
        return _sqlite_engine(u, **kwargs)
    if backend == "postgresql":
        # The web app runs sync handlers in a pool of up to 40 threads, each holding one session:
        # the connection pool must hold as many, or a burst of requests times out waiting for one.
        options = {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 30, **kwargs}
        return create_engine(u, **options)
    raise ConfigError(f"不支持的数据库类型“{backend}”：请使用 sqlite:/// 或 postgresql:// 地址")


def _sqlite_engine(u: URL, **kwargs: Any) -> Engine:
    path = sqlite_path(u)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, **kwargs.pop("connect_args", {})}
    if path is not None:
        # As for PostgreSQL: one connection per web handler thread. With SQLAlchemy's default of
        # 15, the threads waiting for a connection held the pool's slots while the requests holding
        # the connections waited for a thread: under 50 clients no page was served for seconds.
        kwargs = {"pool_size": 10, "max_overflow": 30, **kwargs}
    engine = create_engine(u, connect_args=connect_args, **kwargs)
    event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite and are a per-connection setting.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to the engine; objects stay usable after commit. Its sessions renew
    the data versions of what they write (store/versions.py)."""
    from eduplan.store.versions import track_changes

    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    track_changes(factory)
    return factory


# ---------------------------------------------------------------- migrations

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(*, connection: Connection | None = None, url: str | URL | None = None) -> Config:
    """An Alembic Config pointing at the migrations shipped in the package (no alembic.ini)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    if url is not None:
        cfg.attributes["url"] = normalize_url(url)
    return cfg


def upgrade_database(url: str | URL, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision` (creating the SQLite file if needed)."""
    _run_migration(url, lambda cfg: command.upgrade(cfg, revision))


def downgrade_database(url: str | URL, revision: str) -> None:
    """Take the database at `url` down to `revision` ("base" drops every table)."""
    _run_migration(url, lambda cfg: command.downgrade(cfg, revision))


def current_revision(url: str | URL) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def _run_migration(url: str | URL, action: Callable[[Config], None]) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:
                # Batch migrations recreate tables; with foreign keys on, dropping a table
                # would cascade-delete its children. Off during the migration, checked after.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            action(alembic_config(connection=conn))
            conn.commit()
            if sqlite:
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                if problems:
                    raise ConfigError(f"迁移后外键检查失败：{problems[:5]}")
    finally:
        engine.dispose()
