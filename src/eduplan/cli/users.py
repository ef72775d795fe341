"""Accounts: create users of the web app, change their password or role, disable or enable them.

Changing a password or a role, and disabling, end the user's open web sessions at once."""

from __future__ import annotations

import getpass
from typing import Annotated, Any

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
    region: Annotated[str | None, typer.Option(
        "--region", help="所属地区：名称（涪陵区、重庆市）或 6 位区划代码（500102）；planner 和 unit 必填，"
        "municipal、evaluator、viewer 指定时只读该地区及其下级。")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="责任单位（unit 必填）。")] = None,
    name: Annotated[str | None, typer.Option("--name", help="显示名称。")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码（用于脚本）。")] = False,
) -> None:
    """新建网页用户；密码交互输入两次，或用 --password-stdin 从标准输入读取。

    密码要求：至少 12 个字符，含大写字母、小写字母、数字、其他符号中的三类，
    或为不少于 16 个字符、至少三个词的口令短语；不能与用户名相同，不能是常见密码。"""
    from eduplan.services.accounts import create_user
    from eduplan.uow import unit_of_work

    password = _read_password(password_stdin)

    def work() -> object:
        with unit_of_work(database_url()) as session:
            return create_user(session=session, username=username, password=password, role=role, region=region,
                               unit=unit, display_name=name, actor=actor())

    user = run(work)
    where = getattr(user, "region", None)
    out.print(f"已新建用户 {username}（{role}{'，' + where if where else ''}）", markup=False)


PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码（用于脚本）。")]
UserArg = Annotated[str, typer.Argument(help="登录名。")]


@users_app.command("passwd")
def users_passwd(username: UserArg, password_stdin: PasswordStdin = False) -> None:
    """修改用户密码（须符合密码要求）；该用户已登录的会话随即失效。"""
    from eduplan.services.accounts import set_password

    password = _read_password(password_stdin)
    ended = _in_session(lambda s: set_password(session=s, username=username, password=password, actor=actor()))
    out.print(f"已修改用户 {username} 的密码，结束其会话 {ended} 个", markup=False)


@users_app.command("role")
def users_role(
    username: UserArg,
    role: Annotated[str, typer.Option("--role", help="admin、municipal、planner（区县）、unit、evaluator 或 viewer。")],
    region: Annotated[str | None, typer.Option(
        "--region", help="所属地区：名称（涪陵区、重庆市）或 6 位区划代码（500102）；planner 和 unit 必填，"
        "municipal、evaluator、viewer 指定时只读该地区及其下级。")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="责任单位（unit 必填）。")] = None,
) -> None:
    """修改用户角色（及区县、单位）；该用户已登录的会话随即失效。"""
    from eduplan.services.accounts import set_role

    user = _in_session(lambda s: set_role(session=s, username=username, role=role, region=region, unit=unit,
                                          actor=actor()))
    out.print(f"已将用户 {username} 改为 {user.role.value}{'，' + user.region if user.region else ''}，其会话已结束",
              markup=False)


@users_app.command("disable")
def users_disable(username: UserArg) -> None:
    """停用用户：不能再登录，已登录的会话随即失效。"""
    from eduplan.services.accounts import set_active

    ended = _in_session(lambda s: set_active(session=s, username=username, active=False, actor=actor()))
    out.print(f"已停用用户 {username}，结束其会话 {ended} 个", markup=False)


@users_app.command("enable")
def users_enable(username: UserArg) -> None:
    """重新启用已停用的用户。"""
    from eduplan.services.accounts import set_active

    _in_session(lambda s: set_active(session=s, username=username, active=True, actor=actor()))
    out.print(f"已启用用户 {username}", markup=False)


def _in_session(work: Any) -> Any:
    from eduplan.uow import unit_of_work

    def wrapped() -> Any:
        with unit_of_work(database_url()) as session:
            return work(session)

    return run(wrapped)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        import sys

        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("密码：")
    if first != getpass.getpass("再次输入密码："):
        fail(InputError("两次输入的密码不一致"))
    return first
