"""The JSON twins carry `simulated` on the same parts the pages mark (the demo's 模拟数据)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .conftest import OTHER, Site, login
from .dashboard_site import build_demo_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, fast_hashing: None) -> Site:
    return build_demo_site(tmp_path_factory.mktemp("sim-api") / "data")


def api(client: TestClient, rest: str = "", **params: object) -> dict:
    response = client.get(f"/api/v1/regions/{quote(OTHER)}{rest}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_region_board_twin_flags_each_simulated_part(client: TestClient) -> None:
    login(client, "shi")
    page = api(client, year=2024)
    assert page["simulated_parts"] | {"labels": []} == {"targets": True, "tasks": True, "projects": True,
                                                        "funding": True, "schools": True, "any": True, "labels": []}
    assert page["simulated"] and page["tasks"]["simulated"] and page["projects"]["simulated"]
    assert page["readiness"]["simulated"] and page["evaluation"]["simulated"]
    assert any(t["simulated"] for t in page["targets"])


def test_a_year_before_the_simulated_figures_is_not_flagged(client: TestClient) -> None:
    login(client, "shi")
    page = api(client, year=2019)
    assert not page["simulated"] and not page["simulated_parts"]["any"]
    assert not page["tasks"]["simulated"] and not page["projects"]["simulated"]
    assert not any(t["simulated"] for t in page["targets"])


def test_the_monitoring_page_twins_flag_their_simulated_figures(client: TestClient) -> None:
    login(client, "shi")
    assert api(client, "/tasks")["simulated"] is True
    assert api(client, "/projects", year=2024)["simulated"] is True
    assert api(client, "/projects", year=2019)["simulated"] is False
    assert api(client, "/inspections")["simulated"] is True
    evaluations = api(client, "/evaluations")["evaluations"]
    assert evaluations and all(e["simulated"]["any"] and e["simulated"]["targets"] for e in evaluations)
    assert all("监测值" in e["simulated"]["labels"] for e in evaluations)


def test_the_overview_twin_flags_each_region_s_row(client: TestClient) -> None:
    login(client, "shi")
    page = client.get("/api/v1/dashboard", params={"year": 2024}).json()
    assert page["regions"] and all(r["simulated"] for r in page["regions"])
    assert not any(r["simulated"] for r in client.get("/api/v1/dashboard", params={"year": 2019}).json()["regions"])


def test_an_anonymous_reader_is_not_told_about_the_parts_hidden_from_it(client: TestClient) -> None:
    page = api(client, year=2024)
    assert page["restricted"] and page["funding"] is None
    flags = page["simulated_parts"]
    assert flags["targets"] and flags["tasks"] and not flags["funding"] and not flags["schools"]
