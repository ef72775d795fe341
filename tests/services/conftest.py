"""Service fixtures: a migrated database per test, and two small plans stored in it.

- `session`: a session on a fresh SQLite file at head (copied from a migrated template).
- `db_session`: the same on SQLite and on PostgreSQL (`db_url` from tests/dbfixtures.py).
Whatever a test leaves uncommitted is rolled back; services only flush.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from eduplan.core.plan import (
    Attribute,
    Direction,
    Finding,
    Indicator,
    Op,
    Plan,
    Project,
    ProseTarget,
    Target,
    Task,
)
from eduplan.services.plans import import_plan
from eduplan.store.db import make_engine, make_session_factory

FULING, YUZHONG = "涪陵区", "渝中区"
RATE = "preschool_gross_enrolment_rate"
TABLE = "专栏2 主要指标"


def _session(url: str) -> Iterator[Session]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as s:
            yield s
            s.rollback()
    finally:
        engine.dispose()


@pytest.fixture
def session(sqlite_url: str) -> Iterator[Session]:
    """A session on a fresh migrated SQLite database."""
    yield from _session(sqlite_url)


@pytest.fixture
def db_session(db_url: str) -> Iterator[Session]:
    """A session on a fresh migrated database, SQLite and PostgreSQL."""
    yield from _session(db_url)


def fuling_plan() -> Plan:
    """A small plan: a binding rate target, a prose target, two tasks, a project, a finding."""
    return Plan(
        region=FULING, title="涪陵区教育事业发展“十四五”规划", period=(2021, 2025),
        indicators=[
            Indicator("学前三年毛入园率", category="学前教育", unit="%", values={"2020": 90.0, "2025": 95.0},
                      target=Target(Op.GE, 95.0, year=2025, raw="≥95"), attribute=Attribute.BINDING,
                      table=TABLE, catalog_id=RATE, direction=Direction.UP),
        ],
        targets=[ProseTarget("新增公办幼儿园", Op.GE, 15.0, unit="所", year=2025)],
        tasks=[
            Task(id="2.1", title="推动学前教育普及普惠", lead_units=["区教委"], responsible_units=["区财政局"],
                 deadline=dt.date(2023, 6, 30)),
            Task(id="2.2", title="推进义务教育优质均衡", lead_units=["区教委"]),
        ],
        projects=[Project(name="中华路小学改扩建", table="项目表", seq=1, period=(2022, 2023),
                          investment_total=800.0, investment_by_year={"2022": 300.0, "2023": 500.0}, places=900)],
        findings=[Finding(kind="sum_mismatch", message="合计不符", lines=[12])],
    )


def yuzhong_plan() -> Plan:
    """A second district with a target on the same indicator."""
    return Plan(
        region=YUZHONG, title="渝中区教育事业发展“十四五”规划", period=(2021, 2025),
        indicators=[Indicator("学前教育毛入园率", unit="%", values={"2020": 96.0},
                              target=Target(Op.GE, 98.0, year=2025), table=TABLE, catalog_id=RATE)],
    )


@pytest.fixture
def plans(session: Session) -> Session:
    """`session` with the two plans stored."""
    for plan in (fuling_plan(), yuzhong_plan()):
        import_plan(session=session, plan=plan, actor="测试")
    return session


@pytest.fixture
def db_plans(db_session: Session) -> Session:
    """`db_session` with the two plans stored."""
    for plan in (fuling_plan(), yuzhong_plan()):
        import_plan(session=db_session, plan=plan, actor="测试")
    return db_session
