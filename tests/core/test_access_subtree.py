"""The access policy with region nodes: readers bound to a node read its subtree (the keys the
service layer hands in), planners and units their own node only, regions compared by key."""

from __future__ import annotations

import pytest

from eduplan.core.access import Action, Kind, Principal, Resource, Role, can

CHONGQING = frozenset({"重庆市", "涪陵区", "渝中区"})


def plan(region: str | None, published: bool = False) -> Resource:
    return Resource(kind=Kind.PLAN, region=region, published=published)


@pytest.mark.parametrize("role", [Role.MUNICIPAL, Role.EVALUATOR, Role.VIEWER])
def test_a_reader_bound_to_a_city_reads_its_districts_and_nothing_else(role: Role) -> None:
    user = Principal(username="u", role=role, region="重庆市", scope=CHONGQING)
    assert can(user, Action.READ, plan("涪陵区")) and can(user, Action.READ, plan("重庆市"))
    assert not can(user, Action.READ, plan("350102"))
    assert can(user, Action.READ, plan("350102", published=True))  # published plans stay public
    assert not can(user, Action.WRITE, plan("涪陵区"))


def test_municipal_and_evaluator_without_a_region_read_everywhere_a_viewer_without_one_nothing_private() -> None:
    for role in (Role.MUNICIPAL, Role.EVALUATOR):
        assert can(Principal(username="u", role=role), Action.READ, plan("350102"))
    assert not can(Principal(username="v", role=Role.VIEWER), Action.READ, plan("350102"))


def test_a_municipal_user_reviews_the_submissions_of_its_subtree_only() -> None:
    city = Principal(username="cq", role=Role.MUNICIPAL, region="重庆市", scope=CHONGQING)
    assert can(city, Action.REVIEW, Resource(kind=Kind.SUBMISSION, region="涪陵区"))
    assert not can(city, Action.REVIEW, Resource(kind=Kind.SUBMISSION, region="350102"))
    assert can(Principal(username="shi", role=Role.MUNICIPAL), Action.REVIEW, Resource(kind=Kind.SUBMISSION, region="350102"))


def test_a_planner_writes_its_own_node_not_a_same_named_one_nor_its_children() -> None:
    planner = Principal(username="p", role=Role.PLANNER, region="350102", scope=frozenset({"350102"}))
    assert can(planner, Action.WRITE, plan("350102")) and can(planner, Action.IMPORT, plan("350102"))
    assert not can(planner, Action.WRITE, plan("320106")) and not can(planner, Action.READ, plan("320106"))
    city_planner = Principal(username="c", role=Role.PLANNER, region="重庆市", scope=CHONGQING)
    assert not can(city_planner, Action.WRITE, plan("涪陵区"))  # planners write their own node only
