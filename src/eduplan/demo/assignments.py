"""The demo's made-up assignments (演示分配): every actionable task and project of every demo plan
gets a lead unit, co-units chosen by what the task is about, and a deadline within the plan's
period; tasks whose plan text names units keep them. Then one unit account per region, for the
co-unit with the most to do, so a demo visitor can sign in as a unit and report its part.

Deterministic: the same plans always give the same assignments.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from eduplan.core.plan import Plan, Task
from eduplan.core.tracking.assignments import Assignment, ItemKind, Origin
from eduplan.core.tracking.projects import project_key

#: Words of a task's title → the co-units (without the 区/县 prefix) such a task needs.
TOPICS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("建设", "校舍", "学位", "布局", "项目", "新建", "扩建"), ("住房城乡建委", "规划自然资源局")),
    (("经费", "投入", "资助", "保障机制", "财政"), ("财政局",)),
    (("教师", "队伍", "人才", "校长", "师德"), ("人力社保局", "委编办")),
    (("学前", "托育", "幼儿", "卫生", "健康", "体育", "近视"), ("卫生健康委",)),
    (("安全", "平安", "欺凌"), ("公安局",)),
    (("职业", "产教", "技能", "就业"), ("人力社保局", "经济信息委")),
    (("信息化", "智慧", "数字", "网络"), ("大数据发展局",)),
    (("特殊教育", "残疾", "随迁", "留守", "关爱"), ("民政局", "残联")),
    (("终身", "社区教育", "老年"), ("民政局",)),
)
FALLBACK = ("财政局",)


@dataclass(frozen=True)
class DemoUnitAccount:
    """A demo unit account created now (its password shown once)."""

    username: str
    password: str
    region: str
    unit: str


def prefix(region: str) -> str:
    """区 for a district, 县 for a county, else 市 (the prefix of a region's units)."""
    return region[-1] if region[-1:] in ("区", "县") else "市"


def demo_task_assignment(task: Task, index: int, plan: Plan) -> Assignment:
    """A made-up assignment of one task: 教委 leads, co-units by topic, a deadline in the period."""
    p = prefix(plan.region)
    co = next((units for words, units in TOPICS if any(w in task.title for w in words)), FALLBACK)
    start, end = plan.period or (2021, 2025)
    year = start + 1 + index % max(1, end - start)  # spread over the period's later years
    deadline = dt.date(year, 6, 30) if index % 2 else dt.date(year, 12, 31)
    return Assignment(ItemKind.TASK, task.id, (f"{p}教委",), tuple(f"{p}{u}" for u in co), deadline, Origin.DEMO)


def demo_assignments(plan: Plan) -> list[Assignment]:
    """The demo's assignments of a plan's unassigned tasks and of its projects."""
    out = [demo_task_assignment(t, i, plan) for i, t in enumerate(t for t in plan.tasks if t.actionable)
           if not t.lead_units and not t.responsible_units]
    p = prefix(plan.region)
    out += [Assignment(ItemKind.PROJECT, project_key(pr.table, pr.seq, pr.name), (f"{p}教委",),
                       (f"{p}住房城乡建委",), None, Origin.DEMO) for pr in plan.projects]
    return out


def assign_demo_units(*, session: Session, plans: Sequence[Plan], actor: str) -> int:
    """Store the demo assignments of every plan's region (where none is stored yet); how many."""
    from eduplan.services.assignments import assign_many, region_assignments

    count = 0
    for plan in plans:
        current = region_assignments(session=session, region=plan.region)
        stored = {(a.kind, a.key) for a in (*current.tasks.values(), *current.projects.values()) if a.version}
        wanted = [a for a in demo_assignments(plan) if (a.kind, a.key) not in stored]
        if wanted:
            assign_many(session=session, region=plan.region, assignments=wanted, actor=actor)
            count += len(wanted)
    return count


def busiest_co_unit(plan: Plan) -> str | None:
    """The co-unit (not the 教委) with the most tasks in the plan as the demo assigns it."""
    units: Counter[str] = Counter()
    for a in demo_assignments(plan):
        units.update(a.co_units)
    for t in plan.tasks:
        if t.actionable:
            units.update(u for u in (*t.lead_units, *t.responsible_units) if not u.endswith("教委"))
    return units.most_common(1)[0][0] if units else None


def ensure_demo_unit_accounts(*, session: Session, plans: Sequence[Plan]) -> list[DemoUnitAccount]:
    """One unit account per region (unit1, unit2 … in region order), for its busiest co-unit."""
    from eduplan.services.accounts import ensure_demo_unit_users

    by_region = {p.region: p for p in plans}
    wanted = [(f"unit{i}", region, unit) for i, region in enumerate(sorted(by_region), start=1)
              if (unit := busiest_co_unit(by_region[region])) is not None]
    units = {username: unit for username, _, unit in wanted}
    return [DemoUnitAccount(a.username, a.password, a.region or "", units[a.username])
            for a in ensure_demo_unit_users(session=session, wanted=wanted)]
