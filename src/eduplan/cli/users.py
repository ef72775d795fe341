"""Accounts: create users of the web app."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from eduplan.cli.app import app
from eduplan.cli.common import actor, database_url, fail, out, run
from eduplan.core.errors import InputError

users_app = typer.Typer(help="网页用户账号。", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="登录名。")],
    role: Annotated[str, typer.Option("--role", help="admin、municipal、planner（区县）、unit、evaluator 或 viewer。")],
    region: Annotated[str | None, typer.Option("--region", help="区县（planner 和 unit 必填）。")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="责任单位（unit 必填）。")] = None,
    name: Annotated[str | None, typer.Option("--name", help="显示名称。")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码（用于脚本）。")] = False,
) -> None:
    """新建网页用户；密码交互输入两次，或用 --password-stdin 从标准输入读取。"""
    from eduplan.services.accounts import create_user
    from eduplan.uow import unit_of_work

    password = _read_password(password_stdin)

    def work() -> object:
        with unit_of_work(database_url()) as session:
            return create_user(session=session, username=username, password=password, role=role, region=region,
                               unit=unit, display_name=name, actor=actor())

    run(work)
    out.print(f"已新建用户 {username}（{role}{'，' + region if region else ''}）", markup=False)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        import sys

        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("密码：")
    if first != getpass.getpass("再次输入密码："):
        fail(InputError("两次输入的密码不一致"))
    return first
