"""Boards served from the cache: ETags and 304 on pages and JSON, fresh after any write, each
reader's own page (their name, their form token), the cached answer equal to a fresh one."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from eduplan.core.plan import Observation
from eduplan.services.plans import PlanStatus, list_plans, publish_plan, unpublish_plan
from eduplan.store.records import save_observations
from eduplan.uow import unit_of_work
from eduplan.web.page_cache import MEMO

from .conftest import OTHER, OWN, Site, login
from .dashboard_site import build_demo_site

BOARD = f"/regions/{quote(OWN)}"
API_BOARD = f"/api/v1/regions/{quote(OWN)}"
PAGES = [BOARD, API_BOARD, "/dashboard", "/api/v1/dashboard", "/compare", "/api/v1/compare", "/", "/api/v1/plans"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Site:
    """The demo database (with 模拟数据) and the test users."""
    return build_demo_site(tmp_path_factory.mktemp("page-cache") / "data")


def _first_target(client: TestClient) -> dict:
    board = client.get(API_BOARD).json()
    # a visitor reads approved figures: the target's latest approved year is written to (below the service's lock)
    return next(t for t in board["targets"] if t["indicator_id"] and t["latest_year"])


def _observe(site: Site, indicator: str, value: float, year: int) -> None:
    with unit_of_work(site.settings.resolved_database_url) as session:
        save_observations(session, [Observation(indicator=indicator, region=OWN, year=year, value=value,
                                                source="测试")])


@pytest.mark.parametrize("path", PAGES)
def test_a_page_with_an_unchanged_etag_is_answered_304(client: TestClient, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and first.headers["cache-control"] == "private, no-cache"
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": 'W/"something-else"'}).status_code == 200


def test_a_write_changes_the_etag_and_the_board_shows_it(client: TestClient, site: Site) -> None:
    target = _first_target(client)
    before = client.get(API_BOARD)
    stale = client.get(BOARD).headers["etag"]
    _observe(site, target["indicator_id"], 12.5, target["latest_year"])
    after = client.get(API_BOARD)
    assert after.headers["etag"] != before.headers["etag"]
    assert client.get(BOARD, headers={"If-None-Match": stale}).status_code == 200
    changed = next(t for t in after.json()["targets"] if t["key"] == target["key"])
    assert changed["latest_value"] == 12.5


def test_another_regions_write_keeps_the_board_cached(client: TestClient, site: Site) -> None:
    etag = client.get(API_BOARD).headers["etag"]
    with unit_of_work(site.settings.resolved_database_url) as session:
        save_observations(session, [Observation(indicator="学前三年毛入园率", region=OTHER, year=2024, value=88.8)])
    assert client.get(API_BOARD, headers={"If-None-Match": etag}).status_code == 304
    # … while the municipal overview, which reads every region, has changed.


def test_withdrawing_the_plan_hides_the_cached_board_at_once(client: TestClient, site: Site) -> None:
    assert client.get(BOARD).status_code == 200
    url = site.settings.resolved_database_url
    with unit_of_work(url) as session:
        own = [p.id for p in list_plans(session=session) if p.region == OWN and p.status is PlanStatus.PUBLISHED]
        for plan_id in own:
            unpublish_plan(session=session, ref=plan_id, actor="test")
    try:
        # The page sends a visitor to the login page; the JSON refuses.
        assert client.get(BOARD, follow_redirects=False).status_code in (302, 303, 307)
        assert client.get(API_BOARD).status_code == 401
    finally:
        with unit_of_work(url) as session:
            for plan_id in own:
                publish_plan(session=session, ref=plan_id, actor="test")
    assert client.get(BOARD).status_code == 200


def test_withdrawing_a_plan_takes_it_off_the_cached_plan_list_of_visitors_only(site: Site) -> None:
    """The list of plans is cached per reader: a visitor's loses the withdrawn plan at once (a write
    of this process, read by its next request), the municipal reader's keeps it as a draft."""
    url = site.settings.resolved_database_url
    with TestClient(site.app) as visitor, TestClient(site.app) as municipal:
        login(municipal, "shi")
        listed = {p["id"] for p in visitor.get("/api/v1/plans").json()["plans"]}
        assert {p["id"] for p in municipal.get("/api/v1/plans").json()["plans"]} >= listed
        with unit_of_work(url) as session:
            plan_id = next(p.id for p in list_plans(session=session)
                           if p.region == OWN and p.status is PlanStatus.PUBLISHED)
            unpublish_plan(session=session, ref=plan_id, actor="test")
        try:
            assert {p["id"] for p in visitor.get("/api/v1/plans").json()["plans"]} == listed - {plan_id}
            drafts = {p["id"]: p["published"] for p in municipal.get("/api/v1/plans").json()["plans"]}
            assert drafts[plan_id] is False
        finally:
            with unit_of_work(url) as session:
                publish_plan(session=session, ref=plan_id, actor="test")
        assert {p["id"] for p in visitor.get("/api/v1/plans").json()["plans"]} == listed


def test_the_cached_answer_equals_a_fresh_computation(client: TestClient) -> None:
    cached = [client.get(p).content for p in (API_BOARD, "/api/v1/dashboard")]
    cached_html = client.get(BOARD).text
    MEMO.clear()  # this process forgets; the database cache still answers
    assert [client.get(p).content for p in (API_BOARD, "/api/v1/dashboard")] == cached
    with unit_of_work(client.app.state.database_url) as session:  # type: ignore[attr-defined]
        from eduplan.store.versions import clear_cached
        clear_cached(session)
    MEMO.clear()  # nothing kept anywhere: computed afresh
    assert [json.loads(client.get(p).content) for p in (API_BOARD, "/api/v1/dashboard")] == [
        json.loads(c) for c in cached]
    assert client.get(BOARD).text == cached_html


def test_each_reader_gets_their_own_page_and_form_token(site: Site) -> None:
    with TestClient(site.app) as a, TestClient(site.app) as b:
        token_a, token_b = login(a, "fuling"), login(b, "shi")
        page_a, page_b = a.get(BOARD).text, b.get(BOARD).text
        assert f'value="{token_a}"' in page_a and token_b not in page_a
        assert f'value="{token_b}"' in page_b and token_a not in page_b
        assert "fuling" in page_a and "shi" in page_b
        # A planner of the region sees its funding and readiness; so does the municipal reader.
        assert a.get(API_BOARD).json()["restricted"] is False
        with TestClient(site.app) as visitor:
            assert visitor.get(API_BOARD).json()["restricted"] is True
            assert "csrf-mark-" not in visitor.get(BOARD).text
        # The same reader twice: the same ETag; another reader: another.
        assert a.get(BOARD).headers["etag"] == a.get(BOARD).headers["etag"] != b.get(BOARD).headers["etag"]


def test_a_submission_decision_renews_the_region_s_board(client: TestClient, site: Site) -> None:
    from eduplan.core.collection.approval import SubmissionState, Transition
    from eduplan.services.approval import apply_transition, principal_named
    from eduplan.store.submissions import load_submission

    etag = client.get(API_BOARD).headers["etag"]
    with unit_of_work(site.settings.resolved_database_url) as session:
        year = 2019  # a year the demo leaves 填报中
        assert load_submission(session, region=OWN, year=year).state is SubmissionState.FILLING
        apply_transition(session=session, user=principal_named(session=session, username="admin"), region=OWN,
                         year=year, transition=Transition.SUBMIT)
    assert client.get(API_BOARD, headers={"If-None-Match": etag}).status_code == 200


def _statements(client: TestClient, path: str) -> list[str]:
    from sqlalchemy import Engine, event

    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    return statements


@pytest.mark.parametrize("path", [BOARD, API_BOARD, f"/api/v1/regions/{quote(OWN)}?year=2023"])
def test_a_board_served_from_the_cache_runs_no_statement_while_the_versions_are_mirrored(
        client: TestClient, site: Site, path: str) -> None:
    """Resolving the region's name included: the app's mirror of the data versions answers, so a
    cached board reads nothing through the engine; without the mirror it reads the versions, one statement."""
    from eduplan.services.page_cache import follow_versions
    from eduplan.store.version_mirror import unfollow
    from eduplan.uow import engine_for

    assert client.get(path).status_code == 200  # computed and kept
    assert _statements(client, path) == []
    engine = engine_for(site.settings.resolved_database_url)
    unfollow(engine)
    try:
        statements = _statements(client, path)
    finally:
        follow_versions(engine)
    assert len(statements) == 1 and "data_versions" in statements[0], statements
