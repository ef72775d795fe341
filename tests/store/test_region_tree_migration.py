"""Migration 0020: the five Chongqing districts stored by name get their codes and hang under
重庆市 (created from the division list); a region the list does not know stays as it was; the
parent's name goes back into the old column on the way down."""

from __future__ import annotations

from sqlalchemy import inspect, text

from eduplan.store.db import downgrade_database, make_engine, upgrade_database

DISTRICTS = ["璧山区", "涪陵区", "南川区", "黔江区", "渝中区"]


def test_the_five_districts_get_codes_and_the_parent_chongqing_and_0014_goes_down(empty_db_url: str) -> None:
    upgrade_database(empty_db_url, "0013")
    engine = make_engine(empty_db_url)
    try:
        with engine.begin() as conn:
            for i, name in enumerate(DISTRICTS, start=1):
                conn.execute(text("INSERT INTO regions (id, name, version) VALUES (:id, :name, 1)"), {"id": i, "name": name})
            conn.execute(text("INSERT INTO regions (id, name, version) VALUES (6, '某开发区', 1)"))
            conn.execute(text("INSERT INTO plans (id, region_id, title, kind, version, created_at) "
                              "VALUES (1, 2, '旧规划', '规划', 1, '2024-01-01 00:00:00')"))
        upgrade_database(empty_db_url, "0014")
        with engine.connect() as conn:
            rows = {name: (code, level, parent) for name, code, level, parent in conn.execute(text(
                "SELECT r.name, r.code, r.level, p.name FROM regions r LEFT JOIN regions p ON p.id = r.parent_id"))}
            plan_region = conn.execute(text("SELECT region_id FROM plans WHERE id = 1")).scalar()
        assert rows["涪陵区"] == ("500102", "county", "重庆市")
        assert {rows[d][2] for d in DISTRICTS} == {"重庆市"} and all(rows[d][0].startswith("50") for d in DISTRICTS)
        assert rows["重庆市"] == ("500000", "province", None)
        assert rows["某开发区"] == (None, None, None)
        assert plan_region == 2  # rows keep their ids: every reference stays
        with engine.begin() as conn:  # a second region is now free to be created with a new id
            conn.execute(text("INSERT INTO regions (name, code, version) VALUES ('鼓楼区', '350102', 1)"))
        downgrade_database(empty_db_url, "0013")
        columns = {c["name"] for c in inspect(engine).get_columns("regions")}
        assert "parent_id" not in columns and "parent" in columns
        with engine.connect() as conn:
            assert conn.execute(text("SELECT parent FROM regions WHERE name = '涪陵区'")).scalar() == "重庆市"
    finally:
        engine.dispose()
