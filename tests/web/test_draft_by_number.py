"""A region with a published plan and a draft: its boards by `?plan=` follow each plan's publication, and
the 404 for the board without `?plan=` (which plan?) does not list the draft's title."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eduplan.demo.build import bundled_plans
from eduplan.services import accounts
from eduplan.services.plans import PlanStatus, import_plan, list_plans
from eduplan.settings import Settings
from eduplan.uow import unit_of_work
from eduplan.web.app import create_app

from .conftest import OWN, login, password


@pytest.fixture(scope="module")
def app_and_draft(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Iterator[tuple[object, int, str]]:
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("draft-number")) / "data")
    title = "内部讨论稿（不公开）"
    with unit_of_work(settings.resolved_database_url) as session:
        own = next(p for p in bundled_plans() if p.region == OWN)
        import_plan(session=session, plan=own, actor="test")
        import_plan(session=session, plan=dataclasses.replace(own, title=title, doc_number=None), actor="test",
                    status=PlanStatus.DRAFT)
        draft = next(s.id for s in list_plans(session=session) if s.title == title)
        accounts.create_user(session=session, username="fuling", password=password("fuling"), role="planner",
                             region=OWN)
    yield create_app(settings), draft, title


def test_a_visitor_naming_a_drafts_number_is_asked_to_sign_in(app_and_draft) -> None:
    app, draft, title = app_and_draft
    client = TestClient(app)
    for url in [f"/api/v1/regions/{OWN}?plan={draft}", f"/api/v1/regions/{OWN}/targets/x?plan={draft}"]:
        response = client.get(url)
        assert response.status_code == 401, url
        assert title not in response.text
    in_force = client.get(f"/api/v1/regions/{OWN}")  # the region's board reads its published plan
    assert in_force.status_code == 200 and title not in in_force.text
    page = client.get(f"/regions/{OWN}?plan={draft}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_the_regions_planner_reads_the_draft_by_its_number(app_and_draft) -> None:
    app, draft, title = app_and_draft
    client = TestClient(app)
    login(client, "fuling")
    response = client.get(f"/api/v1/regions/{OWN}?plan={draft}")
    assert response.status_code == 200 and response.json()["plan_title"] == title


def test_the_published_plan_of_the_region_is_public_by_its_number(app_and_draft) -> None:
    app, draft, _ = app_and_draft
    client = TestClient(app)
    published = client.get("/api/v1/plans").json()["plans"][0]["id"]
    assert published != draft and client.get(f"/api/v1/regions/{OWN}?plan={published}").status_code == 200
