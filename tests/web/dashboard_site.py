"""A web site on the demo database: the bundled plans, seeded 模拟数据, evaluations, and the test users."""

from __future__ import annotations

from pathlib import Path

from eduplan.demo.build import build_demo
from eduplan.services import accounts
from eduplan.services.plans import list_plans
from eduplan.settings import Settings
from eduplan.uow import unit_of_work
from eduplan.web.app import create_app

from .conftest import USERS, Site, password


def build_demo_site(data_dir: Path) -> Site:
    """Settings on `data_dir`, the demo stored (bundled plans, simulated data) plus the test users
    (but the demo's own admin, whose password is random)."""
    settings = Settings(data_dir=data_dir)
    with unit_of_work(settings.resolved_database_url) as session:
        demo = build_demo(session=session, plans_dir=None)
        taken = {username for username, _, _ in demo.accounts}  # the demo's own admin
        for username, role, region, unit in USERS:
            if username in taken:
                continue
            accounts.create_user(session=session, username=username, password=password(username), role=role,
                                 region=region, unit=unit)
        plans = {s.region: s.id for s in list_plans(session=session)}
    return Site(settings=settings, app=create_app(settings), plans=plans, indicators={})
