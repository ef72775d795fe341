"""Build the demo database: the sample plans, extracted where their documents are at hand."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from eduplan.core.interchange import plan_from_dict
from eduplan.core.plan import Plan
from eduplan.services.documents import extract_file
from eduplan.services.plans import import_plan

DEMO_ACTOR = "demo"
PLAN_SUFFIXES = (".txt", ".docx", ".pdf")
#: A table cell longer than this is a description (建设内容), not a fact; it is not shipped.
PROSE_CELL_LENGTH = 40


class ProgressSink(Protocol):
    """The part of rich's Progress the demo uses (so callers may pass None-like sinks)."""

    def add_task(self, description: str, total: float | None = ...) -> int: ...  # noqa: D102
    def advance(self, task_id: int, advance: float = ...) -> None: ...  # noqa: D102


@dataclass
class DemoReport:
    """What the demo loaded, and from where."""

    source: str
    plans: list[tuple[str, str]] = field(default_factory=list)  # (region, title)

    def summary(self) -> str:
        """One Chinese paragraph describing the demo database."""
        names = "、".join(region for region, _ in self.plans)
        return f"演示数据库已就绪：{len(self.plans)} 个规划（{names}），来源：{self.source}。"


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


def build_demo(*, session: Session, plans_dir: Path | None, progress: ProgressSink | None = None) -> DemoReport:
    """Store the demo plans: extracted from `plans_dir` when given, else the bundled facts."""
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
    task = progress.add_task("写入数据库", total=len(plans)) if progress else None
    for plan in plans:
        import_plan(session=session, plan=plan, actor=DEMO_ACTOR)
        report.plans.append((plan.region, plan.title))
        if progress and task is not None:
            progress.advance(task)
    return report
