"""Migrations from empty to head and back, matching the models; SQLite engine settings."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from eduplan.core.errors import ConfigError
from eduplan.store.db import (
    current_revision,
    downgrade_database,
    make_engine,
    normalize_url,
    upgrade_database,
)
from eduplan.store.models.base import Base
from eduplan.store.models.plans import PlanRow


def _diffs(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return list(compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_go_up_down_and_up_again_and_match_the_models(empty_db_url: str) -> None:
    upgrade_database(empty_db_url)
    assert current_revision(empty_db_url) is not None
    downgrade_database(empty_db_url, "base")
    assert _tables(empty_db_url) <= {"alembic_version"}
    assert current_revision(empty_db_url) is None
    upgrade_database(empty_db_url)
    assert _diffs(empty_db_url) == []
    assert set(Base.metadata.tables) <= _tables(empty_db_url)


def test_migrated_database_has_the_roles(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            roles = set(conn.execute(text("SELECT name FROM roles")).scalars())
    finally:
        engine.dispose()
    assert {"admin", "planner", "unit", "municipal", "evaluator"} <= roles


def test_sqlite_connections_use_wal_and_enforce_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            with pytest.raises(IntegrityError, match="FOREIGN KEY"):
                conn.execute(PlanRow.__table__.insert().values(region_id=999, title="无主规划", kind="规划",
                                                               version=1, created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)))
    finally:
        engine.dispose()


def test_sqlite_engine_creates_the_parent_folder(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "a" / "b" / "x.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()
    assert path.exists()


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg2://u@h/db"])
def test_postgresql_urls_use_psycopg3(url: str) -> None:
    assert normalize_url(url).drivername == "postgresql+psycopg"


def test_unsupported_database_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="不支持的数据库类型"):
        make_engine("mysql://u@h/db")


def test_plans_stored_before_0003_stay_published_and_0003_goes_down(empty_db_url: str) -> None:
    upgrade_database(empty_db_url, "0002")
    engine = make_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO regions (id, name, version) VALUES (1, '涪陵区', 1)"))
            conn.execute(text("INSERT INTO plans (id, region_id, title, kind, version, created_at) "
                              "VALUES (1, 1, '旧规划', '规划', 1, '2024-01-01 00:00:00')"))
        upgrade_database(empty_db_url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT status FROM plans WHERE id = 1")).scalar() == "published"
        downgrade_database(empty_db_url, "0002")
        assert "status" not in {c["name"] for c in inspect(engine).get_columns("plans")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT title FROM plans WHERE id = 1")).scalar() == "旧规划"
    finally:
        engine.dispose()
