"""A web app on a fresh SQLite database holding the bundled demo plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eduplan.services.demo import bundled_plans
from eduplan.services.plans import import_plan
from eduplan.settings import Settings
from eduplan.uow import unit_of_work
from eduplan.web.app import create_app


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at an empty data directory."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def seeded(settings: Settings) -> Settings:
    """The same settings, with the bundled demo plans stored."""
    with unit_of_work(settings.resolved_database_url) as session:
        for plan in bundled_plans():
            import_plan(session=session, plan=plan, actor="test")
    return settings


@pytest.fixture
def client(seeded: Settings) -> Iterator[TestClient]:
    """A test client of the app on the seeded database."""
    with TestClient(create_app(seeded)) as c:
        yield c
