"""Stateful fuzzing: schemathesis follows the OpenAPI links (web/openapi_links.py) from one answer to the next.

Sequences such as plans list → plan → its indicator → edit, plan → deletion → delete, upload →
review → correct → confirm → plan, 202 upload → job → cancel are generated with the ids the
previous answers gave, on the demo site, as an anonymous visitor and as the demo admin. Checked
at every step: no server error (5xx) and every declared response matches its schema.
Bounded: MAX_EXAMPLES scenarios of at most STEPS calls each, derandomised, no example database.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

from eduplan.store.db import sqlite_path
from eduplan.uow import engine_for
from tests.web.test_schemathesis import CHECKS, DemoSite, Visitor, _openapi_document, admin, anonymous, demo_site

__all__ = ["admin", "anonymous", "demo_site"]  # the fixtures, shared with the stateless fuzz

MAX_EXAMPLES = 20
STEPS = 6
STATEFUL = settings(max_examples=MAX_EXAMPLES, stateful_step_count=STEPS, derandomize=True, database=None,
                    deadline=None, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])
DOCUMENT = _openapi_document()
#: The records the links chain (every operation is fuzzed one by one in test_schemathesis.py).
LINKED = r"^/api/v1/(plans|indicators|uploads|jobs)"


def test_the_schema_links_list_to_record_to_update_and_delete() -> None:
    responses = {(method, path, status): response for path, ops in DOCUMENT["paths"].items()
                 for method, op in ops.items() for status, response in op["responses"].items()}
    ids = {op["operationId"]: (method, path) for path, ops in DOCUMENT["paths"].items() for method, op in ops.items()}

    def targets(method: str, path: str, status: str) -> set[tuple[str, str]]:
        return {ids[link["operationId"]] for link in responses[(method, path, status)].get("links", {}).values()}

    assert {("get", "/api/v1/plans/{plan_id}"), ("delete", "/api/v1/plans/{plan_id}")} <= targets(
        "get", "/api/v1/plans", "200")
    assert ("patch", "/api/v1/indicators/{indicator_id}") in targets("get", "/api/v1/plans/{plan_id}", "200")
    assert {("get", "/api/v1/uploads/{token}"), ("post", "/api/v1/uploads/{token}/confirm"),
            ("delete", "/api/v1/uploads/{token}")} <= targets("post", "/api/v1/uploads", "201")
    assert {("get", "/api/v1/jobs/{job_id}"), ("post", "/api/v1/jobs/{job_id}/cancel")} <= targets(
        "post", "/api/v1/uploads", "202")
    assert ("get", "/api/v1/plans/{plan_id}") in targets("post", "/api/v1/uploads/{token}/confirm", "200")


class Snapshot:
    """The demo database as it was (visitors signed in), put back before each scenario.

    A scenario as admin deletes and edits plans; the next one must start from the same data, or
    Hypothesis sees the same choices draw different answers (and the run would not be repeatable)."""

    def __init__(self, site: DemoSite, tmp: Path) -> None:
        self.url = site.app.state.settings.resolved_database_url
        self.db = sqlite_path(self.url)
        self.uploads = site.app.state.settings.data_dir / "uploads"
        self.copy = tmp / "snapshot.sqlite"
        self._release()
        shutil.copyfile(self.db, self.copy)

    def _release(self) -> None:
        engine_for(self.url).dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)

    def restore(self) -> None:
        self._release()
        shutil.copyfile(self.copy, self.db)
        shutil.rmtree(self.uploads, ignore_errors=True)


def _run(site: DemoSite, visitor: Visitor, snapshot: Snapshot) -> Counter[tuple[str, str, int]]:
    """Run the stateful test; the calls made, by (method, path template, status)."""
    calls: Counter[tuple[str, str, int]] = Counter()
    workflow = schemathesis.openapi.from_dict(DOCUMENT).include(path_regex=LINKED).as_state_machine()

    class Workflow(workflow):  # type: ignore[misc, valid-type]
        def setup(self) -> None:
            snapshot.restore()

        def teardown(self) -> None:
            site.app.state.jobs.drain()

        def call(self, case: schemathesis.Case, **kwargs: object) -> object:
            response = case.call(app=site.app, cookies=visitor.cookies, headers=visitor.headers, timeout=120)
            calls[(case.method.lower(), case.path, response.status_code)] += 1
            return response

        def validate_response(self, response: object, case: schemathesis.Case, additional_checks: object = None,
                              **kwargs: object) -> None:
            case.validate_response(response, checks=CHECKS)

    Workflow.run(settings=STATEFUL)
    return calls


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_linked_sequences_give_no_server_error(who: str, demo_site: DemoSite, request: pytest.FixtureRequest,
                                               tmp_path: Path, record_property: Callable[[str, object], None]) -> None:
    visitor = request.getfixturevalue(who)
    calls = _run(demo_site, visitor, Snapshot(demo_site, tmp_path))
    record_property("probe_cases", sum(calls.values()))  # for scripts/probe_table.py
    assert not [c for c in calls if c[2] >= 500]
    # The links were followed: a record was read with an id an earlier answer gave.
    assert calls[("get", "/api/v1/plans/{plan_id}", 200)] > 0, calls
