"""The access policy as a pure function: a table of who may do what."""

from __future__ import annotations

import pytest

from eduplan.core.access import Action, Kind, Principal, Resource, Role, can

A, B = "涪陵区", "南川区"
admin = Principal("admin", Role.ADMIN)
municipal = Principal("shi", Role.MUNICIPAL)
planner = Principal("fuling", Role.PLANNER, region=A)
planner_without_region = Principal("lost", Role.PLANNER)
unit = Principal("danwei", Role.UNIT, region=A, unit="区教委")
evaluator = Principal("pinggu", Role.EVALUATOR)
viewer = Principal("guest", Role.VIEWER, region=A)
nobody = None

published_a = Resource(Kind.PLAN, region=A, published=True)
draft_a = Resource(Kind.PLAN, region=A, published=False)
draft_b = Resource(Kind.PLAN, region=B, published=False)
indicator_a = Resource(Kind.INDICATOR, region=A, published=True)
indicator_b = Resource(Kind.INDICATOR, region=B, published=True)
task_a_mine = Resource(Kind.TASK, region=A, units=("区教委", "区财政局"))
task_a_theirs = Resource(Kind.TASK, region=A, units=("区财政局",))
task_b_mine = Resource(Kind.TASK, region=B, units=("区教委",))
audit = Resource(Kind.AUDIT)


@pytest.mark.parametrize(("user", "action", "resource", "allowed"), [
    # published plans are public
    (nobody, Action.READ, published_a, True),
    (viewer, Action.READ, published_a, True),
    # drafts: all-region readers, or the own region only
    (nobody, Action.READ, draft_a, False),
    (admin, Action.READ, draft_b, True),
    (municipal, Action.READ, draft_b, True),
    (evaluator, Action.READ, draft_b, True),
    (planner, Action.READ, draft_a, True),
    (planner, Action.READ, draft_b, False),
    (unit, Action.READ, draft_b, False),
    (viewer, Action.READ, draft_a, True),
    (viewer, Action.READ, draft_b, False),
    (planner_without_region, Action.READ, draft_a, False),
    # writes: admin anywhere, planner in its region, nobody else
    (nobody, Action.WRITE, indicator_a, False),
    (admin, Action.WRITE, indicator_b, True),
    (planner, Action.WRITE, indicator_a, True),
    (planner, Action.WRITE, indicator_b, False),
    (planner_without_region, Action.WRITE, indicator_a, False),
    (municipal, Action.WRITE, indicator_a, False),
    (evaluator, Action.WRITE, indicator_a, False),
    (viewer, Action.WRITE, indicator_a, False),
    # units write their own tasks and projects, in their region, and nothing else
    (unit, Action.WRITE, indicator_a, False),
    (unit, Action.WRITE, task_a_mine, True),
    (unit, Action.WRITE, task_a_theirs, False),
    (unit, Action.WRITE, task_b_mine, False),
    (planner, Action.WRITE, task_a_theirs, True),
    # importing a plan: admin, or the planner of that region
    (planner, Action.IMPORT, draft_a, True),
    (planner, Action.IMPORT, draft_b, False),
    (municipal, Action.IMPORT, draft_a, False),
    (unit, Action.IMPORT, draft_a, False),
    (admin, Action.IMPORT, draft_b, True),
    # the audit log: administrators only, read only
    (admin, Action.READ, audit, True),
    (admin, Action.WRITE, audit, False),
    (municipal, Action.READ, audit, False),
    (nobody, Action.READ, audit, False),
])
def test_policy(user, action, resource, allowed) -> None:
    assert can(user, action, resource) is allowed


@pytest.mark.parametrize(("user", "owner", "region", "action", "allowed"), [
    (planner, "fuling", A, Action.READ, True),
    (planner, "fuling", A, Action.IMPORT, True),
    (planner, "fuling", B, Action.READ, True),  # one's own upload of another region's document …
    (planner, "fuling", B, Action.IMPORT, False),  # … cannot be stored
    (planner, "someone", A, Action.READ, False),  # nobody sees another user's upload
    (admin, "someone", A, Action.READ, False),
    (admin, "admin", B, Action.IMPORT, True),
    (municipal, "shi", A, Action.IMPORT, False),
    (nobody, None, None, Action.IMPORT, False),
])
def test_uploads_are_private_to_their_uploader(user, owner, region, action, allowed) -> None:
    assert can(user, action, Resource(Kind.DRAFT, region=region, owner=owner)) is allowed
