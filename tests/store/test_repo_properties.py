"""Property: any plan the interchange format can express is stored and loaded back exactly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from eduplan.core.errors import InputError
from eduplan.core.plan import Plan
from eduplan.data.divisions import load_divisions
from eduplan.store.db import make_session_factory
from eduplan.store.models.base import Base
from eduplan.store.repo import load_plan, save_plan
from tests.core.test_interchange import plans as any_plans

# A code of the national division list names its division: such a plan is stored under that
# division (its name and level), which the example below checks; the property covers the rest.
plans = any_plans.filter(lambda plan: not plan.region_code or load_divisions().by_code(plan.region_code) is None)


@pytest.fixture(scope="module")
def memory_engine() -> Iterator[Engine]:
    """One in-memory SQLite database (schema from the models) shared by the examples."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    event.listen(engine, "connect", lambda c, _: c.execute("PRAGMA foreign_keys=ON"))
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans)
def test_any_plan_is_loaded_back_equal_and_saving_it_again_changes_nothing(memory_engine: Engine, plan: Plan) -> None:
    with make_session_factory(memory_engine)() as session:
        first = save_plan(session, plan, actor="hypothesis")
        session.expunge_all()
        assert load_plan(session, first.plan_id) == plan
        again = save_plan(session, plan, actor="hypothesis")
        assert (again.plan_id, again.created, again.changes) == (first.plan_id, False, [])
        session.rollback()


def test_a_plan_with_a_listed_code_is_stored_under_that_division_with_its_level(memory_engine: Engine) -> None:
    plan = Plan(region="涪陵区", title="涪陵区教育事业发展规划", kind="规划", region_code="500102")
    with make_session_factory(memory_engine)() as session:
        saved = save_plan(session, plan, actor="test")
        loaded = load_plan(session, saved.plan_id)
        assert (loaded.region, loaded.region_code, loaded.region_level) == ("涪陵区", "500102", "county")
        session.rollback()


def test_a_plan_whose_name_disagrees_with_its_listed_code_is_refused(memory_engine: Engine) -> None:
    plan = Plan(region="涪陵区", title="规划", kind="规划", region_code="500000")
    with make_session_factory(memory_engine)() as session:
        with pytest.raises(InputError, match="“涪陵区”与区划代码 500000 不符：该代码是“重庆市”"):
            save_plan(session, plan, actor="test")
        session.rollback()
