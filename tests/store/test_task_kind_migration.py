"""Migration 0006: tasks gain a kind; a stored node with children and no units of its own
becomes a heading, every other node stays a task; the column goes down again."""

from __future__ import annotations

from sqlalchemy import inspect, text

from eduplan.store.db import downgrade_database, make_engine, upgrade_database


def test_stored_group_headings_become_headings_and_0006_goes_down(empty_db_url: str) -> None:
    upgrade_database(empty_db_url, "0003")
    engine = make_engine(empty_db_url)
    task = ("INSERT INTO tasks (id, plan_id, position, key, title, parent_id, level, text, version) "
            "VALUES (:id, 1, :id, :key, :title, :parent, 1, '', 1)")
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO regions (id, name, version) VALUES (1, '涪陵区', 1)"))
            conn.execute(text("INSERT INTO plans (id, region_id, title, kind, version, created_at) "
                              "VALUES (1, 1, '旧规划', '规划', 1, '2024-01-01 00:00:00')"))
            conn.execute(text("INSERT INTO responsible_units (id, region_id, name, version) VALUES (1, 1, '区教委', 1)"))
            for row in ({"id": 1, "key": "3", "title": "主要任务", "parent": None},
                        {"id": 2, "key": "3.1", "title": "推进甲", "parent": 1},
                        {"id": 3, "key": "3.1.1", "title": "建设乙", "parent": 2},
                        {"id": 4, "key": "4", "title": "加强领导", "parent": None},
                        {"id": 5, "key": "4.1", "title": "建立机制", "parent": 4}):
                conn.execute(text(task), row)
            conn.execute(text("INSERT INTO task_units (id, task_id, unit_id, role, position) VALUES (1, 4, 1, 'lead', 0)"))
        upgrade_database(empty_db_url, "0006")
        with engine.connect() as conn:
            kinds = dict(conn.execute(text("SELECT key, kind FROM tasks ORDER BY id")).all())
        assert kinds == {"3": "heading", "3.1": "heading", "3.1.1": "task", "4": "task", "4.1": "task"}
        downgrade_database(empty_db_url, "0003")
        assert "kind" not in {c["name"] for c in inspect(engine).get_columns("tasks")}
    finally:
        engine.dispose()
