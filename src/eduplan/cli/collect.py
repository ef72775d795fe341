"""Yearly data collection: the workbook template and its all-or-nothing import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from eduplan.cli.app import app
from eduplan.cli.common import actor, database_url, err, fail, out, print_table, region_option, run
from eduplan.core.collection.problems import PROBLEM_COLUMNS, problem_report
from eduplan.core.errors import InputError, Location


@app.command("template")
def template(
    output: Annotated[Path, typer.Argument(help="要生成的 .xlsx 文件。")],
    year: Annotated[int, typer.Option("--year", help="填报年度。")],
    region: Annotated[str | None, typer.Option("--region", help="区县；不指定时生成含全部区县的汇总模板。", callback=region_option)] = None,
) -> None:
    """生成年度数据填报模板（指标、任务进展、项目进展、经费）。"""
    from eduplan.services.collection import collection_template
    from eduplan.uow import unit_of_work

    def work() -> Path:
        with unit_of_work(database_url()) as session:
            return collection_template(session=session, region=region, year=year, dest=output)

    path = run(work)
    out.print(f"已生成填报模板：{path}", markup=False)


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="填好的 .xlsx，或若干 CSV（每个文件一个工作表）。")],
    strict: Annotated[bool, typer.Option("--strict", help="有警告也拒绝导入。")] = False,
    user: Annotated[str | None, typer.Option("--user", help="填报人（默认当前系统用户）。")] = None,
    problems: Annotated[Path | None, typer.Option("--problems", help="把问题清单另存为 .xlsx（无论是否导入）。")] = None,
) -> None:
    """导入年度数据：全部检查通过才写入；每个问题标明工作表、行、列。"""
    from eduplan.services.collection import import_workbook
    from eduplan.uow import unit_of_work

    for path in files:
        if not path.exists():
            fail(InputError("文件不存在", location=Location(file=str(path))))

    def work() -> Any:
        with unit_of_work(database_url()) as session:
            return import_workbook(session=session, paths=files, entered_by=user or actor(), strict=strict)

    outcome = run(work)
    issues = outcome.result.issues
    if issues:
        print_table(list(PROBLEM_COLUMNS), [list(p.cells()) for p in problem_report(issues)], title="检查结果")
    if problems is not None:
        from eduplan.services.collection import problem_workbook

        checked = "、".join(p.name for p in files)
        saved = run(lambda: problem_workbook(issues=issues, dest=problems, checked=f"检查{checked}"))
        out.print(f"问题清单已保存：{saved}", markup=False)
    if outcome.stored is None:
        err.print(f"错误：{outcome.result.summary()}，未写入任何数据", markup=False)
        raise typer.Exit(2)
    out.print(outcome.summary(), markup=False)
