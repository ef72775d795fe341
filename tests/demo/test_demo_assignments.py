"""The demo's assignments (演示分配): every actionable task and project of every plan gets units
and the task a deadline in its period; plan-text units are kept; one unit account per region."""

from __future__ import annotations

from sqlalchemy.orm import Session

from eduplan.core.tracking.assignments import Origin
from eduplan.demo.assignments import assign_demo_units, demo_assignments, ensure_demo_unit_accounts
from eduplan.demo.build import bundled_plans
from eduplan.services.accounts import get_principal
from eduplan.services.assignments import region_assignments
from eduplan.services.plans import import_plan
from eduplan.services.unit_work import region_work
from eduplan.store.models.accounts import UserRow


def test_every_task_and_project_of_every_plan_gets_units(session: Session) -> None:
    plans = bundled_plans()
    for plan in plans:
        import_plan(session=session, plan=plan, actor="demo")
    assert assign_demo_units(session=session, plans=plans, actor="demo") == sum(len(demo_assignments(p)) for p in plans)
    assert assign_demo_units(session=session, plans=plans, actor="demo") == 0  # stored ones are left alone
    for plan in plans:
        current = region_assignments(session=session, region=plan.region)
        tasks = [current.tasks[t.id] for t in plan.tasks if t.actionable]
        assert all(a.lead_units for a in tasks), plan.region
        assert all(a.origin in (Origin.PLAN, Origin.DEMO) for a in tasks)
        assert all(a.deadline is None or plan.period[0] <= a.deadline.year <= plan.period[1] for a in tasks)
        assert all(a.lead_units and a.origin is Origin.DEMO for a in current.projects.values())
    kept = region_assignments(session=session, region="黔江区").tasks
    assert sum(1 for a in kept.values() if a.origin is Origin.PLAN) >= 20  # the plan text's units stay


def test_each_region_gets_a_unit_account_with_work_to_do(session: Session) -> None:
    plans = bundled_plans()
    for plan in plans:
        import_plan(session=session, plan=plan, actor="demo")
    assign_demo_units(session=session, plans=plans, actor="demo")
    accounts = ensure_demo_unit_accounts(session=session, plans=plans)
    assert sorted(a.region for a in accounts) == sorted(p.region for p in plans)
    for account in accounts:
        row = session.query(UserRow).filter_by(username=account.username).one()
        user = get_principal(session=session, user_id=row.id)
        assert (user.unit, user.region) == (account.unit, account.region)
        assert region_work(session=session, region=account.region, unit=account.unit).tasks
    assert ensure_demo_unit_accounts(session=session, plans=plans) == []
