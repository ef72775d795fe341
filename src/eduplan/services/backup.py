"""Back up and restore the whole database.

SQLite: sqlite3's online backup API copies a consistent snapshot page by page while other
connections keep reading and writing; the backup is a single self-contained file (journal mode
DELETE). Restore copies the backup into the live file with the same API, so open connections
see the restored content on their next transaction.

PostgreSQL: `pg_dump -Fc` (custom format) and `pg_restore --clean --if-exists
--single-transaction --no-owner`. The binaries are looked up on PATH, then under
/usr/lib/postgresql/*/bin (newest first); pg_dump must not be older than the server.

Before anything is written, a backup's Alembic revision must be one this program knows (a
backup made by a newer eduplan is refused) and its tables and columns must be those of that
revision (the schema a scratch SQLite database migrated to it has): a file from another
application or a damaged schema never replaces a working database.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from eduplan.core.errors import ConfigError, InputError, Location
from eduplan.store.db import alembic_config, make_engine, normalize_url, sqlite_path, upgrade_database
from eduplan.store.version_mirror import announce_reset

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def backup_database(url: str | URL, dest: str | Path) -> Path:
    """Write a consistent copy of the database at `url` to `dest` (works while in use)."""
    target = Path(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    u = normalize_url(url)
    if u.get_backend_name() == "sqlite":
        _sqlite_backup(_sqlite_file(u), target)
    else:
        _run_pg("pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={_libpq(u)}", url=u)
    return target


def restore_database(url: str | URL, src: str | Path) -> None:
    """Replace the content of the database at `url` with the backup `src` (all or nothing)."""
    source = Path(src)
    if not source.is_file():
        raise InputError("备份文件不存在", location=Location(file=str(source)))
    u = normalize_url(url)
    if u.get_backend_name() == "sqlite":
        _sqlite_restore(source, _sqlite_file(u))
    else:
        _check_magic(source, PGDUMP_MAGIC, "PostgreSQL（pg_dump -Fc）")
        _run_pg("pg_restore", "--list", str(source), what=source)
        revision, schema = _pg_backup_schema(source)
        check_backup_schema(revision, schema, source)
        _run_pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                f"--dbname={_libpq(u)}", str(source), what=source, url=u)
        engine = make_engine(u)
        try:
            announce_reset(engine)  # running servers' mirrors of the data versions read them again
        finally:
            engine.dispose()


# ---------------------------------------------------------------- SQLite


def _sqlite_file(u: URL) -> Path:
    path = sqlite_path(u)
    if path is None:
        raise ConfigError("内存中的 SQLite 数据库无法备份或恢复，请使用数据库文件")
    return path


def _sqlite_backup(db: Path, target: Path) -> None:
    if not db.is_file():
        raise InputError("数据库文件不存在，无可备份的内容", location=Location(file=str(db)))
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(db)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)


def _sqlite_restore(source: Path, db: Path) -> None:
    _check_magic(source, SQLITE_MAGIC, "SQLite")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _check_sqlite_backup(src, source)
        db.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(db, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _check_sqlite_backup(conn: sqlite3.Connection, source: Path) -> None:
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise InputError(f"不是有效的备份文件（{exc}）", location=Location(file=str(source))) from None
    if not ok or ok[0] != "ok":
        raise InputError("备份文件已损坏（完整性检查未通过）", location=Location(file=str(source)))
    if "alembic_version" not in tables:
        raise InputError("不是 eduplan 数据库的备份（缺少版本表）", location=Location(file=str(source)))
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    schema = {t: {c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables
              if not t.startswith("sqlite_")}
    check_backup_schema(row[0] if row else None, schema, source)


# ---------------------------------------------------------------- the backup's revision and schema


def known_revisions() -> list[str]:
    """The Alembic revisions this program ships, newest first."""
    return [r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()]


@lru_cache(maxsize=8)
def expected_schema(revision: str) -> dict[str, frozenset[str]]:
    """The tables and their columns at `revision` (a scratch SQLite database migrated to it)."""
    with tempfile.TemporaryDirectory(prefix="eduplan-schema-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'schema.db'}"
        upgrade_database(url, revision)
        engine = make_engine(url)
        try:
            found = inspect(engine)
            return {t: frozenset(c["name"] for c in found.get_columns(t)) for t in found.get_table_names()}
        finally:
            engine.dispose()


def check_backup_schema(revision: str | None, schema: dict[str, set[str]], source: Path) -> None:
    """Refuse a backup whose revision is unknown (newer) or whose tables differ from that revision's."""
    where = Location(file=str(source))
    known = known_revisions()
    if not revision:
        raise InputError("不是 eduplan 数据库的备份（版本表为空）", location=where)
    if revision not in known:
        raise InputError(f"备份文件的数据库版本“{revision}”不是本程序认识的版本（本程序最新为“{known[0]}”），"
                         "可能由更新版本的 eduplan 生成；请用相同或更新版本的 eduplan 恢复，当前数据库未作改动",
                         location=where)
    problems = []
    for table, columns in sorted(expected_schema(revision).items()):
        if table not in schema:
            problems.append(f"缺少数据表 {table}")
        elif missing := sorted(columns - schema[table]):
            problems.append(f"数据表 {table} 缺少字段 {'、'.join(missing)}")
    if problems:
        raise InputError(f"备份文件的表结构与其数据库版本“{revision}”不符（{'；'.join(problems[:5])}），"
                         "当前数据库未作改动", location=where)


_CREATE_TABLE = re.compile(r"^CREATE TABLE (?:\w+\.)?\"?(\w+)\"? \($")
_COPY_VERSION = re.compile(r"^COPY (?:\w+\.)?alembic_version \(version_num\) FROM stdin;$")


def _pg_backup_schema(source: Path) -> tuple[str | None, dict[str, set[str]]]:
    """The revision and the tables with their columns of a pg_dump archive (read, not restored)."""
    ddl = _pg_restore_text("--schema-only", source)
    schema: dict[str, set[str]] = {}
    table: str | None = None
    for line in ddl.splitlines():
        if table is None:
            if match := _CREATE_TABLE.match(line):
                table = match.group(1)
                schema[table] = set()
        elif line.startswith(");"):
            table = None
        elif line.startswith("    ") and not line.strip().startswith(("CONSTRAINT", "PRIMARY", "UNIQUE")):
            schema[table].add(line.split()[0].strip('"'))
    revision = None
    lines = iter(_pg_restore_text("--data-only", "--table=alembic_version", source).splitlines())
    for line in lines:
        if _COPY_VERSION.match(line):
            first = next(lines, "\\.")
            revision = None if first == "\\." else first.strip()
            break
    return revision, schema


def _pg_restore_text(*args: str | Path) -> str:
    cmd = [str(find_pg_tool("pg_restore")), "--file=-", *(str(a) for a in args)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise InputError(f"无法读取备份文件（{detail[-1] if detail else done.returncode}）",
                         location=Location(file=str(args[-1])))
    return done.stdout


def _check_magic(source: Path, magic: bytes, kind: str) -> None:
    with source.open("rb") as f:
        head = f.read(len(magic))
    if head != magic:
        raise InputError(f"不是有效的 {kind} 备份文件", location=Location(file=str(source)))


# ---------------------------------------------------------------- PostgreSQL


def _libpq(u: URL) -> str:
    """The URL as libpq understands it: no driver suffix, no password (passed in PGPASSWORD)."""
    return make_url(u).set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def find_pg_tool(name: str) -> Path:
    """The path of a PostgreSQL client program, or `InputError` when it is not installed."""
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1])
    raise InputError(f"找不到 PostgreSQL 工具 {name}：请安装 PostgreSQL 客户端（如 postgresql-client）")


def _run_pg(tool: str, *args: str, what: Path | None = None, url: URL | None = None) -> None:
    cmd = [str(find_pg_tool(tool)), *args]
    env = dict(os.environ)
    if url is not None and url.password:
        env["PGPASSWORD"] = str(url.password)  # not on the command line, where `ps` shows it
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        message = detail[-1] if detail else f"退出码 {done.returncode}"
        if what is not None and tool == "pg_restore" and "--list" in args:
            raise InputError(f"不是有效的 PostgreSQL 备份文件（{message}）", location=Location(file=str(what)))
        raise InputError(f"{tool} 执行失败：{message}", location=Location(file=str(what)) if what else None)
