"""The `eduplan` Typer application and its command groups (commands register on import)."""

from __future__ import annotations

from typing import Annotated

import typer

from eduplan.cli import chinese
from eduplan.cli.common import state

chinese.install()

app = typer.Typer(
    name="eduplan",
    help="eduplan：区县教育事业发展规划的提取、监测与评估。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
db_app = typer.Typer(help="数据库维护。", no_args_is_help=True)
plans_app = typer.Typer(help="查看、发布或撤回已入库的规划。", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(plans_app, name="plans")


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整的调用栈。")] = False,
) -> None:
    state["debug"] = debug
