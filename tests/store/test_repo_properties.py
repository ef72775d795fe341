"""Property: any plan the interchange format can express is stored and loaded back exactly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from eduplan.core.plan import Plan
from eduplan.store.db import make_session_factory
from eduplan.store.models.base import Base
from eduplan.store.repo import load_plan, save_plan
from tests.core.test_interchange import plans


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
