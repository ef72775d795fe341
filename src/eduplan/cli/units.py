"""Responsible units: assign tasks and projects, the assignment workbook, the 督办单."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eduplan.cli.app import app
from eduplan.cli.common import actor, database_url, out, print_table, region_option, run

units_app = typer.Typer(help="责任单位：分配任务和项目、任务分配表、督办单。", no_args_is_help=True)
app.add_typer(units_app, name="units")

RegionOpt = Annotated[str, typer.Option("--region", help="区县名称，如 涪陵区。", callback=region_option)]


def _session_work(work):
    from eduplan.uow import unit_of_work

    def call():
        with unit_of_work(database_url()) as session:
            return work(session)

    return run(call)


@units_app.command("assign")
def assign_item(
    region: RegionOpt,
    key: Annotated[str, typer.Argument(help="任务编号（如 2.1），或 --project 时的项目键（表｜序号｜名称）。")],
    lead: Annotated[str, typer.Option("--lead", help="牵头单位（多个用“、”分隔）。")] = "",
    co: Annotated[str, typer.Option("--co", help="配合单位（多个用“、”分隔）。")] = "",
    deadline: Annotated[str, typer.Option("--deadline", help="截止日期，如 2025-12-31。")] = "",
    project: Annotated[bool, typer.Option("--project", help="分配的是建设项目。")] = False,
) -> None:
    """分配一项任务（或项目）的牵头单位、配合单位和截止日期（覆盖当前分配，记入审计日志）。"""
    from eduplan.core.tracking.assignments import ItemKind, Origin
    from eduplan.services.assignments import (
        assign,
        checked_assignment,
        parse_deadline,
        parse_units,
        region_assignments,
    )

    kind = ItemKind.PROJECT if project else ItemKind.TASK

    def work(session):
        current = region_assignments(session=session, region=region)
        now = (current.projects if project else current.tasks).get(key)
        wanted = checked_assignment(kind, key, lead=parse_units(lead, field="--lead"), co=parse_units(co, field="--co"),
                                    deadline=parse_deadline(deadline, field="--deadline"),
                                    version=now.version if now else 0, origin=Origin.PLANNER)
        return assign(session=session, region=region, assignment=wanted, actor=actor())

    stored = _session_work(work)
    out.print(f"已分配{region}{'项目' if project else '任务'}“{key}”：牵头 {'、'.join(stored.lead_units) or '—'}；"
              f"配合 {'、'.join(stored.co_units) or '—'}；截止 {stored.deadline or '—'}", markup=False)


@units_app.command("template")
def template(region: RegionOpt, output: Annotated[Path, typer.Option("--output", "-o", help="写入的 .xlsx 文件。")]) -> None:
    """下载任务分配表：列出全部任务和项目及当前分配，填写后用 units import 导入。"""
    from eduplan.services.assignments import assignment_workbook

    path = _session_work(lambda s: assignment_workbook(session=s, region=region, dest=output))
    out.print(f"已写入任务分配表：{path}", markup=False)


@units_app.command("import")
def import_sheet(region: RegionOpt, path: Annotated[Path, typer.Argument(help="填好的任务分配表（.xlsx）。")]) -> None:
    """导入任务分配表：有任何错误则全部不导入，并列出错误所在的行和列。"""
    from eduplan.services.assignments import import_assignment_workbook

    counts = _session_work(lambda s: import_assignment_workbook(session=s, region=region, path=path, actor=actor()))
    out.print(f"已导入任务分配：新增 {counts.inserted} 项，修改 {counts.updated} 项。", markup=False)


@units_app.command("overdue")
def overdue(region: RegionOpt,
            output: Annotated[Path | None, typer.Option("--output", "-o", help="同时写出督办单 .xlsx。")] = None,
            due_soon: Annotated[bool, typer.Option("--due-soon", help="同时列出临近事项。")] = False) -> None:
    """督办单：逾期（及临近）的任务和项目，按责任单位列出。"""
    from eduplan.services.unit_work import region_work, supervision_rows, write_supervision_xlsx

    def work(session):
        rows = supervision_rows(region_work(session=session, region=region, unit=None), due_soon=due_soon)
        if output is not None:
            write_supervision_xlsx(session=session, region=region, dest=output, due_soon=due_soon)
        return rows

    rows = _session_work(work)
    print_table(["责任单位", "角色", "类别", "编号", "名称", "截止", "状态", "逾期天数", "进度"],
                [[r[0], r[1], r[2], r[3], r[4], r[5], r[6], "" if r[7] is None else str(r[7]), r[8]] for r in rows],
                title=f"{region} 督办单")
    if output is not None:
        out.print(f"已写入督办单：{output}", markup=False)
