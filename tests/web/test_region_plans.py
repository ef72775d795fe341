"""A region holding its published plan and a newly uploaded draft: the boards answer on the
published plan; the draft is monitored only by id, and only by those who may read it."""

from __future__ import annotations

import dataclasses

import pytest

from eduplan.demo.build import bundled_plans
from eduplan.services.plans import PlanStatus, delete_plan, import_plan
from eduplan.uow import unit_of_work

from .conftest import OWN, login


@pytest.fixture(scope="module")
def second_draft(site) -> int:
    plan = next(p for p in bundled_plans() if p.region == OWN)
    draft = dataclasses.replace(plan, title=plan.title + "（修订征求意见稿）")
    with unit_of_work(site.settings.resolved_database_url) as session:
        draft_id = import_plan(session=session, plan=draft, actor="test", status=PlanStatus.DRAFT).plan_id
    yield draft_id
    with unit_of_work(site.settings.resolved_database_url) as session:
        delete_plan(session=session, ref=draft_id, actor="test")


@pytest.mark.parametrize("path", ["/api/v1/regions/{r}", "/api/v1/regions/{r}/tasks", "/regions/{r}",
                                  "/regions/{r}/projects"])
def test_every_board_of_a_region_with_a_draft_beside_its_plan_answers(client, site, second_draft, path) -> None:
    response = client.get(path.format(r=OWN))
    assert response.status_code == 200, response.text
    assert "对应 2 个规划" not in response.text


def test_the_board_uses_the_published_plan_and_the_draft_only_when_asked_by_id(client, site, second_draft) -> None:
    assert client.get(f"/api/v1/regions/{OWN}").json()["plan_id"] == site.plans[OWN]
    assert client.get(f"/api/v1/regions/{OWN}?plan={second_draft}").status_code == 401  # a visitor
    login(client, "fuling")
    own = client.get(f"/api/v1/regions/{OWN}?plan={second_draft}")
    assert own.status_code == 200 and own.json()["plan_id"] == second_draft


def test_another_district_cannot_read_the_draft_through_the_board(client, second_draft) -> None:
    login(client, "nanchuan")
    assert client.get(f"/api/v1/regions/{OWN}?plan={second_draft}").status_code == 403
