"""A web app on a fresh SQLite database holding the bundled demo plans and one user per role.

The database and app are shared by the tests of a module (they only add audit events and
edit indicators, reading the current version first); each test gets its own client, so
its own cookies. Password hashing uses cheap argon2 parameters here, to keep tests fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from eduplan.demo.build import bundled_plans
from eduplan.services import accounts, passwords
from eduplan.services.plans import import_plan, list_plans
from eduplan.services.records import indicator_refs
from eduplan.settings import Settings
from eduplan.uow import unit_of_work
from eduplan.web.app import create_app

OWN = "涪陵区"  # the region of the district users
OTHER = "南川区"  # another region with a stored plan
# (username, role, region, unit); every password is password(username).
USERS = [
    ("admin", "admin", None, None),
    ("shi", "municipal", None, None),
    ("fuling", "planner", OWN, None),
    ("nanchuan", "planner", OTHER, None),
    ("danwei", "unit", OWN, "区教委"),
    ("pinggu", "evaluator", None, None),
    ("guest", "viewer", OWN, None),
]


def password(username: str) -> str:
    """The test password of a user."""
    return f"pw-{username}-Secret-1"


@pytest.fixture(scope="package", autouse=True)
def fast_hashing() -> Iterator[None]:
    """Cheap argon2 parameters for the web tests (the format and algorithm stay argon2id)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


@dataclass
class Site:
    """The shared app, its settings and the ids of the stored plans by region."""

    settings: Settings
    app: FastAPI
    plans: dict[str, int]
    indicators: dict[str, int]  # the first indicator of each region's plan


def build_site(data_dir: Path) -> Site:
    """Settings on `data_dir`, the bundled plans and the users stored, and the app."""
    settings = Settings(data_dir=data_dir)
    with unit_of_work(settings.resolved_database_url) as session:
        for plan in bundled_plans():
            import_plan(session=session, plan=plan, actor="test")
        for username, role, region, unit in USERS:
            accounts.create_user(session=session, username=username, password=password(username), role=role,
                                 region=region, unit=unit)
        plans = {s.region: s.id for s in list_plans(session=session)}
        firsts = {region: indicator_refs(session=session, plan_id=i) for region, i in plans.items()}
    return Site(settings=settings, app=create_app(settings), plans=plans,
                indicators={region: refs[0][0] for region, refs in firsts.items() if refs})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Site:
    """One seeded site per test module."""
    return build_site(tmp_path_factory.mktemp("site") / "data")


@pytest.fixture
def settings(site: Site) -> Settings:
    """The site's settings."""
    return site.settings


@pytest.fixture
def seeded(site: Site) -> Settings:
    """The site's settings (its database holds the bundled demo plans)."""
    return site.settings


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    """A fresh client (no cookies) of the shared app."""
    with TestClient(site.app) as c:
        yield c


def csrf(client: TestClient) -> str:
    """The CSRF token of the client's session."""
    return str(client.get("/api/v1/session").json()["csrf_token"])


def login(client: TestClient, username: str) -> str:
    """Sign the client in through the API; returns the new session's CSRF token."""
    response = client.post("/api/v1/session", json={"username": username, "password": password(username)},
                           headers={"X-CSRF-Token": csrf(client)})
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])
