"""Migration 0008: assignments table, one task report per unit, reporters' login names replaced
by their unit or role title; and down again."""

from __future__ import annotations

from sqlalchemy import inspect, text

from eduplan.store.db import downgrade_database, make_engine, upgrade_database


def test_0008_keeps_reports_rewrites_login_names_and_goes_down(empty_db_url: str) -> None:
    upgrade_database(empty_db_url, "0006")
    engine = make_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO regions (id, name, version) VALUES (1, '涪陵区', 1)"))
            conn.execute(text("INSERT INTO responsible_units (id, region_id, name, version) VALUES (1, 1, '区财政局', 1)"))
            roles = dict(conn.execute(text("SELECT name, id FROM roles")).all())
            for uid, name, role, unit in ((1, "qj_caizheng", "unit", 1), (2, "district2", "planner", None)):
                conn.execute(text("INSERT INTO users (id, username, password_hash, role_id, region_id, unit_id, active, "
                                  "created_at, version) VALUES (:id, :name, 'x', :role, 1, :unit, true, "
                                  "'2024-01-01 00:00:00', 1)"), {"id": uid, "name": name, "role": roles[role], "unit": unit})
            conn.execute(text("INSERT INTO task_reports (id, region_id, year, task_key, progress, reported_by, version, "
                              "updated_at) VALUES (1, 1, 2024, '2.1', '推进中', 'qj_caizheng', 1, '2024-01-01 00:00:00')"))
            conn.execute(text("INSERT INTO observations (id, indicator, region_id, year, value, reported_by, simulated, version) "
                              "VALUES (1, 'x', 1, 2024, 1.0, 'district2', false, 1)"))
        upgrade_database(empty_db_url, "0008")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT unit, reported_by FROM task_reports")).one() == ("", "区财政局")
            assert conn.execute(text("SELECT reported_by FROM observations")).scalar_one() == "区教委规划科"
        with engine.begin() as conn:  # a second unit's part of the same task and year now fits
            conn.execute(text("INSERT INTO task_reports (id, region_id, year, task_key, unit, version, updated_at) "
                              "VALUES (2, 1, 2024, '2.1', '区教委', 1, '2024-01-01 00:00:00')"))
        assert "assignments" in inspect(engine).get_table_names()
        downgrade_database(empty_db_url, "0006")
        assert "assignments" not in inspect(engine).get_table_names()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM task_reports")).scalar_one() == 1
    finally:
        engine.dispose()
