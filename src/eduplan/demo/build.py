"""Build the demo database: the sample plans, extracted where their documents are at hand."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session

from eduplan.core.interchange import plan_from_dict
from eduplan.core.plan import SIMULATED_SOURCE, Plan
from eduplan.services.documents import extract_file
from eduplan.services.plans import import_plan

DEMO_ACTOR = "demo"
PLAN_SUFFIXES = (".txt", ".docx", ".pdf")
#: A table cell longer than this is a description (建设内容), not a fact; it is not shipped.
PROSE_CELL_LENGTH = 40


class ProgressSink(Protocol):
    """The part of rich's Progress the demo uses (so callers may pass None-like sinks)."""

    def add_task(self, description: str, *, total: float | None = ...) -> Any: ...
    def advance(self, task_id: Any, advance: float = ...) -> None: ...


ROLE_LABELS = {"admin": "管理员", "municipal": "市教委"}
#: What each demo account can do, told beside its password.
ACCOUNT_CAN = {"admin": "可做一切操作，含查看审计日志",
               "municipal": "查看各区县，审核、退回、解锁各区县报送的年度数据",
               "planner": "导入和报送本区的年度数据、维护本区规划"}
SIMULATION_SEED = 2026
#: The demo's evaluations: a mid-term one and the latest annual one, for every region.
DEMO_EVALUATIONS = (("midterm", 2023), ("annual", 2024))


#: The demo's municipality: 重庆市 (GB/T 2260), the root of its region tree and of the municipal account.
MUNICIPALITY_CODE = "500000"


@dataclass
class DemoReport:
    """What the demo loaded, and from where."""

    source: str
    plans: list[tuple[str, str]] = field(default_factory=list)  # (region, title)
    regions: int = 0  # 重庆市 and its 区县 built from the division list
    observations: int = 0
    task_reports: int = 0
    project_reports: int = 0
    finance_records: int = 0
    schools: int = 0
    evaluations: int = 0
    assignments: int = 0  # 演示分配 of tasks and projects to units
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (username, password, role label)
    submissions: list[str] = field(default_factory=list)  # “涪陵区2024年：已报送” …

    def summary(self) -> str:
        """One Chinese paragraph describing the demo database."""
        names = "、".join(region for region, _ in self.plans)
        text = f"演示数据库已就绪：{len(self.plans)} 个规划（{names}），来源：{self.source}。"
        if self.regions:
            text += f"地区：重庆市及其下 {self.regions - 1} 个区县（民政部区划代码）。"
        if self.observations or self.schools:
            text += (f"另有【模拟数据】：监测值 {self.observations} 条，任务进展 {self.task_reports} 条，"
                     f"项目进展 {self.project_reports} 条，经费 {self.finance_records} 条，"
                     f"学校记录 {self.schools} 条；已运行评估 {self.evaluations} 次。")
        if self.assignments:
            text += f"已为任务和项目作【演示分配】{self.assignments} 项（责任单位与截止日期为演示用，可在任务页修改）。"
        if self.submissions:
            text += "\n数据报送状态：" + "；".join(self.submissions) + "。"
        if self.accounts:
            text += "\n演示账号（仅本次新建时显示密码）：" + "；".join(
                f"{label} {user} / {password}" for user, password, label in self.accounts)
        return text


def bundled_plans() -> list[Plan]:
    """The structured facts shipped with the package (no prose), one plan per file."""
    folder = resources.files("eduplan.data").joinpath("demo")
    plans = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            plans.append(plan_from_dict(json.loads(entry.read_text(encoding="utf-8")), file=entry.name))
    return plans


def facts_only(plan: Plan) -> Plan:
    """The plan without its prose (clauses, paragraphs, programme items): what may be shipped.

    Names, numbers, dates and line numbers are facts; the sentences they came from stay in
    the source document.
    """
    return replace(
        plan,
        targets=[replace(t, text="") for t in plan.targets],
        programmes=[replace(p, items=[]) for p in plan.programmes],
        tasks=[replace(t, text="") for t in plan.tasks],
        projects=[replace(p, columns={k: ("" if len(v) > PROSE_CELL_LENGTH else v) for k, v in p.columns.items()})
                  for p in plan.projects],
    )


def _documents(plans_dir: Path) -> list[Path]:
    return sorted(p for p in plans_dir.iterdir() if p.suffix.lower() in PLAN_SUFFIXES)


def build_demo(*, session: Session, plans_dir: Path | None, progress: ProgressSink | None = None,
               simulate: bool = True) -> DemoReport:
    """Store the demo plans (extracted from `plans_dir` when given, else the bundled facts) and,
    unless `simulate` is false, seeded simulated yearly data, school records and evaluations."""
    if plans_dir is not None and _documents(plans_dir):
        files = _documents(plans_dir)
        report = DemoReport(source=f"从 {plans_dir} 中的规划文档提取")
        task = progress.add_task("提取规划", total=len(files)) if progress else None
        plans = []
        for path in files:
            plans.append(extract_file(path=path))
            if progress and task is not None:
                progress.advance(task)
    else:
        report = DemoReport(source="随软件提供的结构化数据（未找到规划文档目录）")
        plans = bundled_plans()
    from eduplan.services.regions import build_divisions

    report.regions = len(build_divisions(session, MUNICIPALITY_CODE))  # 重庆市 and its 区县, with codes
    task = progress.add_task("写入数据库", total=len(plans)) if progress else None
    for plan in plans:
        import_plan(session=session, plan=plan, actor=DEMO_ACTOR)
        report.plans.append((plan.region, plan.title))
        if progress and task is not None:
            progress.advance(task)
    from eduplan.demo.assignments import assign_demo_units

    report.assignments = assign_demo_units(session=session, plans=plans, actor=DEMO_ACTOR)
    if simulate:
        _store_simulation(session=session, plans=plans, report=report)
    _demo_accounts(session=session, regions=sorted({plan.region for plan in plans}), report=report)
    _demo_unit_accounts(session=session, plans=plans, report=report)
    if simulate:
        from eduplan.demo.submissions import demo_submissions

        report.submissions = demo_submissions(session=session, regions=sorted({plan.region for plan in plans}))
    return report


def _demo_unit_accounts(*, session: Session, plans: list[Plan], report: DemoReport) -> None:
    from eduplan.demo.assignments import ensure_demo_unit_accounts

    for account in ensure_demo_unit_accounts(session=session, plans=plans):
        report.accounts.append((account.username, account.password, f"{account.region}责任单位“{account.unit}”（填报所分配任务和项目的进展）"))


def _demo_accounts(*, session: Session, regions: list[str], report: DemoReport) -> None:
    from eduplan.services.accounts import ensure_demo_users

    for account in ensure_demo_users(session=session, regions=regions, municipal_region="重庆市"):
        label = (f"{account.region}用户" if account.region and str(account.role) == "planner"
                 else ROLE_LABELS.get(str(account.role), str(account.role)))
        label += f"（{ACCOUNT_CAN[str(account.role)]}）" if str(account.role) in ACCOUNT_CAN else ""
        report.accounts.append((account.username, account.password, label))


def _store_simulation(*, session: Session, plans: list[Plan], report: DemoReport) -> None:
    """Seeded 模拟数据 for every plan, the districts' schools, and the demo evaluations."""
    from eduplan.data.catalog import load_catalog
    from eduplan.demo.observations import simulate_monitoring
    from eduplan.demo.schools import simulate_schools
    from eduplan.services.approval import open_part
    from eduplan.services.collection import store_records
    from eduplan.services.evaluations import run_evaluation
    from eduplan.services.inspections import store_school_records

    data = simulate_monitoring(plans, catalog=load_catalog(), seed=SIMULATION_SEED)
    collection = open_part(session=session, collection=data.collection())  # a rebuilt demo keeps approved years
    store_records(session=session, collection=collection, source=SIMULATED_SOURCE, actor=DEMO_ACTOR)
    report.observations = len(collection.observations)
    report.task_reports = len(collection.tasks)
    report.project_reports = len(collection.projects)
    report.finance_records = len(collection.finance)
    regions = sorted({plan.region for plan in plans})
    schools = simulate_schools(regions, seed=SIMULATION_SEED, year=2024)
    store_school_records(session=session, records=schools, actor=DEMO_ACTOR, source=SIMULATED_SOURCE)
    report.schools = len(schools)
    for region in regions:
        for kind, year in DEMO_EVALUATIONS:
            run_evaluation(session=session, region=region, kind=kind, year=year, actor=DEMO_ACTOR)
            report.evaluations += 1
