"""Property-based fuzzing of the whole OpenAPI document with schemathesis, in process.

Every operation described at /openapi.json is called with generated inputs (valid and
invalid) on a database holding the demo data, as an anonymous visitor and as the demo
admin. Checked: no server error (5xx), and each response whose status and media type are
declared matches its schema. Both visitors carry a session cookie and its CSRF token, so
writes reach the access check and the services instead of stopping at the CSRF refusal.

Deterministic (derandomised Hypothesis, no example database) and bounded by MAX_EXAMPLES
per operation and visitor: about 30 s for the whole API. Each operation is a test of its own,
e.g. `pytest tests/web/test_schemathesis.py -k admin` and a failure names `[GET /api/v1/...]`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from eduplan.demo.build import build_demo
from eduplan.settings import Settings
from eduplan.uow import unit_of_work
from eduplan.web.app import SESSION_COOKIE, create_app

#: Generated inputs per operation and visitor; enough to reach every branch of input parsing.
MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, response_schema_conformance]


@dataclass
class Visitor:
    """What a client sends on every request: its session cookie and that session's CSRF token."""

    cookies: dict[str, str]
    headers: dict[str, str]


@dataclass
class DemoSite:
    """The app on a fresh demo database, and the demo admin's password."""

    app: FastAPI
    admin_password: str


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> DemoSite:
    """The demo plans, simulated data and accounts in a SQLite file, and the app on them."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("fuzz") / "data")
    with unit_of_work(settings.resolved_database_url) as session:
        report = build_demo(session=session, plans_dir=None)
    passwords = {username: password for username, password, _ in report.accounts}
    return DemoSite(app=create_app(settings), admin_password=passwords["admin"])


def _visitor(app: FastAPI, *, username: str | None, password: str | None) -> Visitor:
    with TestClient(app) as client:
        token = str(client.get("/api/v1/session").json()["csrf_token"])
        if username is not None:
            response = client.post("/api/v1/session", json={"username": username, "password": password},
                                   headers={"X-CSRF-Token": token})
            assert response.status_code == 200, response.text
            token = str(response.json()["csrf_token"])
        return Visitor(cookies={SESSION_COOKIE: client.cookies[SESSION_COOKIE]}, headers={"X-CSRF-Token": token})


@pytest.fixture(scope="module")
def anonymous(demo_site: DemoSite) -> Visitor:
    """A visitor's session, not signed in."""
    return _visitor(demo_site.app, username=None, password=None)


@pytest.fixture(scope="module")
def admin(demo_site: DemoSite) -> Visitor:
    """The demo admin, signed in through the API."""
    return _visitor(demo_site.app, username="admin", password=demo_site.admin_password)


def _openapi_document() -> dict[str, object]:
    """The app's OpenAPI document; it depends on the routes only, not on the data behind them."""
    with tempfile.TemporaryDirectory() as folder:
        return create_app(Settings(data_dir=Path(folder))).openapi()


# Loaded at collection so that each operation is a test of its own; calls go to the demo app.
schema = schemathesis.openapi.from_dict(_openapi_document())
# Generated inputs only: the coverage phase (every boundary value of every parameter, ~20 calls per
# operation) would triple the run time.
schema.config.phases.update(phases=["examples", "fuzzing"])


# No shrinking: a failure is reported with the input that found it, and the run stays bounded.
# The health checks are about slow or heavily filtered generation, which the HTTP calls make
# look slow; the module-scoped site is shared on purpose.
FUZZ = settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def _call(case: schemathesis.Case, app: FastAPI, visitor: Visitor) -> None:
    # The same cookie on every call: a generated logout or login does not change who is calling.
    # A cold report (fonts, charts) or a pass plan may take several seconds on a loaded machine:
    # the fuzz looks for 5xx and schema breaks, not for latency (benchmarks measure that).
    case.call_and_validate(app=app, cookies=visitor.cookies, headers=visitor.headers, checks=CHECKS, timeout=120)


@schema.parametrize()
@FUZZ
def test_api_as_anonymous_visitor(case: schemathesis.Case, demo_site: DemoSite, anonymous: Visitor) -> None:
    _call(case, demo_site.app, anonymous)


@schema.parametrize()
@FUZZ
def test_api_as_admin(case: schemathesis.Case, demo_site: DemoSite, admin: Visitor) -> None:
    _call(case, demo_site.app, admin)
