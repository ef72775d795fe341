"""Backup → modify → restore gives back the backed-up content, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from eduplan.core.errors import InputError
from eduplan.services.backup import backup_database, known_revisions, restore_database
from eduplan.services.plans import export_plan, import_plan, list_plans
from eduplan.store.db import make_session_factory
from tests.store.sample import rich_plan


def _export(engine: Engine) -> dict[str, object]:
    with make_session_factory(engine)() as s:
        return export_plan(session=s, ref="涪陵区")


def test_restore_brings_back_the_backed_up_content(db_url: str, engine: Engine, tmp_path: Path) -> None:
    factory = make_session_factory(engine)
    with factory() as s:
        import_plan(session=s, plan=rich_plan(), actor="tester")
        s.commit()
    before = _export(engine)
    # The backup is taken while a connection of the application is open (online backup).
    with engine.connect():
        dump = backup_database(db_url, tmp_path / "backups" / "eduplan.backup")
    assert dump.stat().st_size > 0

    changed = rich_plan()
    changed.indicators.pop(0)
    changed.title = "另一个规划"
    with factory() as s:
        import_plan(session=s, plan=changed, actor="tester")
        s.commit()
    engine.dispose()  # PostgreSQL: --clean needs no other session holding locks

    restore_database(db_url, dump)

    with factory() as s:
        assert [p.title for p in list_plans(session=s)] == [rich_plan().title]
    assert _export(engine) == before


def test_restoring_a_file_that_is_not_a_backup_is_refused(db_url: str, tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-backup.bin"
    bogus.write_bytes(b"hello, this is not a database")
    with pytest.raises(InputError, match="不是有效的"):
        restore_database(db_url, bogus)


def test_restoring_a_missing_file_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="备份文件不存在"):
        restore_database(sqlite_url, tmp_path / "nope.backup")


def test_sqlite_backup_is_a_single_file_without_wal(sqlite_url: str, tmp_path: Path) -> None:
    dump = backup_database(sqlite_url, tmp_path / "b.db")
    assert dump.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not (tmp_path / "b.db-wal").exists()


def test_sqlite_restore_into_a_database_in_use_is_seen_by_open_connections(sqlite_url: str, tmp_path: Path) -> None:
    from eduplan.store.db import make_engine

    engine = make_engine(sqlite_url)
    factory = make_session_factory(engine)
    with factory() as s:
        import_plan(session=s, plan=rich_plan(), actor="tester")
        s.commit()
        dump = backup_database(sqlite_url, tmp_path / "b.db")
        s.execute(text("DELETE FROM findings"))
        s.commit()
        restore_database(sqlite_url, dump)
        assert list_plans(session=s)[0].findings == 2
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def _backup_altered(db_url: str, engine: Engine, tmp_path: Path, change: str, undo: str) -> Path:
    """A backup of the database taken while `change` is applied (undone right after)."""
    with engine.begin() as conn:
        conn.execute(text(change))
    try:
        return backup_database(db_url, tmp_path / "altered.backup")
    finally:
        with engine.begin() as conn:
            conn.execute(text(undo))


def _still_usable(engine: Engine) -> None:
    from eduplan.store.db import current_revision, upgrade_database

    engine.dispose()
    url = engine.url.render_as_string(hide_password=False)
    upgrade_database(url)  # every command starts by this; it fails on a future revision
    assert current_revision(url) == known_revisions()[0]
    with make_session_factory(engine)() as s:
        assert [p.title for p in list_plans(session=s)] == [rich_plan().title]


def test_restoring_a_backup_from_a_newer_eduplan_is_refused_before_touching_the_database(
        db_url: str, engine: Engine, tmp_path: Path) -> None:
    with make_session_factory(engine)() as s:
        import_plan(session=s, plan=rich_plan(), actor="tester")
        s.commit()
    head = known_revisions()[0]
    dump = _backup_altered(db_url, engine, tmp_path, "UPDATE alembic_version SET version_num = '9999'",
                           f"UPDATE alembic_version SET version_num = '{head}'")
    engine.dispose()
    with pytest.raises(InputError, match="数据库版本“9999”不是本程序认识的版本") as caught:
        restore_database(db_url, dump)
    assert caught.value.location is not None and caught.value.location.file == str(dump)
    _still_usable(engine)


def test_restoring_a_backup_whose_tables_differ_from_its_revision_is_refused(
        db_url: str, engine: Engine, tmp_path: Path) -> None:
    with make_session_factory(engine)() as s:
        import_plan(session=s, plan=rich_plan(), actor="tester")
        s.commit()
    dump = _backup_altered(db_url, engine, tmp_path, "ALTER TABLE plans RENAME COLUMN status TO etat",
                           "ALTER TABLE plans RENAME COLUMN etat TO status")
    engine.dispose()
    with pytest.raises(InputError, match="表结构.*数据表 plans 缺少字段 status"):
        restore_database(db_url, dump)
    _still_usable(engine)
