"""Regions: the stored tree (province → city → county) with codes, and the import of a division list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eduplan.cli.app import app
from eduplan.cli.common import actor, database_url, out, print_table, run

regions_app = typer.Typer(help="地区（行政区划）：树形列表与区划代码导入。", no_args_is_help=True)
app.add_typer(regions_app, name="regions")


@regions_app.command("import")
def regions_import(
    file: Annotated[Path, typer.Argument(help="CSV 文件，列为 code,name,parent_code（UTF-8 或 GB18030）。")],
) -> None:
    """导入行政区划代码表（名录以外的地区）：全部成功才写入；有错时指出行号和列，不写入任何记录。

    上级代码可以是文件中的另一行，也可以是库中已有的地区；库中已有的代码按文件更名或改挂上级。"""
    from eduplan.services.regions import import_regions_csv
    from eduplan.uow import unit_of_work

    def work() -> object:
        with unit_of_work(database_url()) as session:
            return import_regions_csv(session=session, path=file, actor=actor())

    result = run(work)
    out.print(f"已导入：新增 {result.created} 个，更新 {result.updated} 个，未变 {result.unchanged} 个",  # type: ignore[attr-defined]
              markup=False)


@regions_app.command("build")
def regions_build(
    code: Annotated[str, typer.Argument(help="6 位区划代码，如 500000（重庆市）。")],
) -> None:
    """按随附的民政部区划名录建立该地区及其下全部地区（如 重庆市 及其区县）。"""
    from eduplan.services.regions import build_divisions
    from eduplan.uow import unit_of_work

    def work() -> int:
        with unit_of_work(database_url()) as session:
            return len(build_divisions(session, code.strip()))

    out.print(f"已建立 {run(work)} 个地区", markup=False)


@regions_app.command("list")
def regions_list(
    every: Annotated[bool, typer.Option("--all", help="也列出没有规划和数据的地区。")] = False,
) -> None:
    """列出库中地区的树（省 → 市 → 区县）：代码、级别、规划数、数据条数。"""
    from eduplan.core.access import Principal, Role
    from eduplan.services.regions import TreeNode, region_tree

    OPERATOR = Principal(username="cli", role=Role.ADMIN)  # the command line reads the whole store
    from eduplan.uow import unit_of_work

    def work() -> list[list[str]]:
        with unit_of_work(database_url()) as session:
            rows: list[list[str]] = []

            def walk(node: TreeNode, depth: int) -> None:
                r = node.region
                rows.append(["　" * depth + r.name, r.code or "", r.level_title, r.key, str(node.plans),
                             str(node.figures)])
                for child in node.children:
                    walk(child, depth + 1)

            for top in region_tree(session, user=OPERATOR, everything=every):
                walk(top, 0)
            return rows

    rows = run(work)
    if not rows:
        out.print("库中还没有地区", markup=False)
        return
    print_table(["地区", "区划代码", "级别", "引用名", "规划", "数据"], rows, title="地区")
