"""Database fixtures: a SQLite file per test and a throwaway PostgreSQL cluster per session.

- `sqlite_url`, `pg_url`: a database at head with no data (a copied SQLite template; one
  PostgreSQL database per session, truncated after each test since CREATE DATABASE is slow).
- `sqlite_empty_url`, `pg_empty_url`: a fresh, empty database.
- `db_url` / `empty_db_url`: the same, parametrised over both backends.
- `session`: a session on `db_url`, rolled back and closed after the test.

PostgreSQL: `EDUPLAN_TEST_PG_URL` (a server URL whose user may create databases) is used when
set; otherwise the session starts its own cluster with the server binaries found under
/usr/lib/postgresql/*/bin (as the `postgres` user when running as root, since PostgreSQL
refuses root), trust auth, 127.0.0.1 on a free port, and deletes it at the end.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from eduplan.store.db import make_engine, make_session_factory, upgrade_database

BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.postgres)]
_db_counter = itertools.count()


# ---------------------------------------------------------------- SQLite


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_empty_url(tmp_path: Path) -> str:
    """The URL of a SQLite file that does not exist yet."""
    return f"sqlite:///{tmp_path / 'db' / 'eduplan.db'}"


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """The URL of a fresh SQLite database at head."""
    path = tmp_path / "eduplan.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


# ---------------------------------------------------------------- PostgreSQL


def postgres_bin_dir() -> Path | None:
    """The newest PostgreSQL server binary folder, or None when no server is installed."""
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Cluster:
    """A throwaway PostgreSQL cluster in a temp dir, run as `postgres` when we are root."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.base = Path(tempfile.mkdtemp(prefix="eduplan-pg-", dir="/tmp"))
        self.data = self.base / "data"
        self.sock = self.base / "sock"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self.sock.mkdir()
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            for p in (self.base, self.sock):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        os.chmod(self.base, 0o755)

    def run(self, *args: str) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, cwd=self.base)

    def start(self) -> str:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync",
                 "-E", "UTF8", "--no-locale")
        options = (f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.base / "log"), "-w", "start")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database (its user may create databases)."""
    external = os.environ.get("EDUPLAN_TEST_PG_URL")
    if external:
        yield external
        return
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("未安装 PostgreSQL 服务器程序（initdb/pg_ctl），跳过 PostgreSQL 测试")
    cluster = _Cluster(bin_dir)
    try:
        url = cluster.start()
    except subprocess.CalledProcessError as exc:
        cluster.stop()
        raise RuntimeError(f"无法启动测试用 PostgreSQL：{exc.stderr.decode(errors='replace')}") from exc
    try:
        yield url
    finally:
        cluster.stop()


def _admin(server: str, sql: str) -> None:
    engine = make_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _database_url(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> str:
    """The name of a database migrated to head once per session, copied by `pg_url`."""
    name = f"eduplan_template_{os.getpid()}"
    _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(pg_server, f'CREATE DATABASE "{name}"')
    upgrade_database(_database_url(pg_server, name))
    return name


def _pg_database(pg_server: str, template: str | None) -> Iterator[str]:
    name = f"eduplan_test_{os.getpid()}_{next(_db_counter)}"
    _admin(pg_server, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ''))
    try:
        yield _database_url(pg_server, name)
    finally:
        _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_work_url(pg_server: str, pg_template: str) -> Iterator[str]:
    """One database at head for the whole session; `pg_url` empties it after each test."""
    yield from _pg_database(pg_server, pg_template)


# Seeded by the migrations, so kept when a test's data is cleared.
_KEPT_TABLES = {"alembic_version", "roles"}


def _clear(url: str) -> None:
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            # A failed test may have left a session holding locks.
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            tables = [t for t in inspect(conn).get_table_names() if t not in _KEPT_TABLES]
            if tables:
                names = ", ".join(f'"{t}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture
def pg_url(pg_work_url: str) -> Iterator[str]:
    """The URL of a PostgreSQL database at head holding no data (emptied after the test)."""
    try:
        yield pg_work_url
    finally:
        _clear(pg_work_url)


@pytest.fixture
def pg_empty_url(pg_server: str) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database."""
    yield from _pg_database(pg_server, None)


# ---------------------------------------------------------------- both


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh database at head, on SQLite and on PostgreSQL."""
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database, on SQLite and on PostgreSQL."""
    return str(request.getfixturevalue(f"{request.param}_empty_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on `db_url`, disposed after the test."""
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on `db_url`; whatever the test left uncommitted is rolled back."""
    with make_session_factory(engine)() as s:
        yield s
        s.rollback()


# ---------------------------------------------------------------- PostgreSQL with a hot standby


class ReplicaPair:
    """A throwaway primary and a hot standby streaming from it, made with `pg_basebackup -R` and
    started on another port (both as `postgres` when we are root). `replica_sql` runs the standby's
    replay controls (`pg_wal_replay_pause()` …); `wait_replayed` waits until it has caught up."""

    def __init__(self, bin_dir: Path) -> None:
        self.primary = _Cluster(bin_dir)
        self.standby = _Cluster(bin_dir)

    @staticmethod
    def missing(bin_dir: Path | None) -> str | None:
        """Why no pair can be started here (None: it can)."""
        if bin_dir is None:
            return "未安装 PostgreSQL 服务器程序（initdb/pg_ctl），跳过只读副本测试"
        if not (bin_dir / "pg_basebackup").exists():
            return f"{bin_dir} 下没有 pg_basebackup，无法建立热备库，跳过只读副本测试"
        return None

    def start(self) -> tuple[str, str]:
        """Start both; the server URLs (maintenance database) of the primary and of the standby."""
        primary = self.primary.start()  # wal_level=replica, max_wal_senders and replication in pg_hba are initdb's defaults
        self.primary.run("pg_basebackup", "-D", str(self.standby.data), "-R", "-X", "stream", "-c", "fast",
                         "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres")
        self.start_standby()
        return primary, f"postgresql+psycopg://postgres@127.0.0.1:{self.standby.port}/postgres"

    def start_standby(self) -> None:
        """Start the standby (again): it resumes streaming where it stopped."""
        options = (f"-p {self.standby.port} -k {self.standby.sock} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c hot_standby=on")
        self.standby.run("pg_ctl", "-D", str(self.standby.data), "-o", options, "-l", str(self.standby.base / "log"),
                         "-w", "start")

    def stop_standby(self) -> None:
        """Stop the standby (its data kept): a replica gone away."""
        self.standby.run("pg_ctl", "-D", str(self.standby.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self.standby.stop()
        finally:
            self.primary.stop()


def replica_sql(url: str, sql: str) -> object:
    """One statement's first value, run in autocommit (on the standby: nothing is written)."""
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def wait_replayed(primary_url: str, standby_url: str, timeout: float = 30.0) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    import time

    target = replica_sql(primary_url, "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while not replica_sql(standby_url, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
        if time.monotonic() > deadline:
            raise AssertionError(f"热备库在 {timeout} 秒内未追上主库（{target}）")
        time.sleep(0.05)
