"""`eduplan users add` creates a web account whose password then logs in."""

from __future__ import annotations

from typer.testing import CliRunner

from eduplan.cli import app
from eduplan.services.accounts import authenticate
from eduplan.settings import get_settings
from eduplan.uow import unit_of_work


def test_users_add_creates_an_account_that_can_log_in(data_dir) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["users", "add", "zhangsan", "--role", "planner", "--region", "涪陵区",
                                 "--password-stdin"], input="correct horse battery\n")
    assert result.exit_code == 0, result.output
    assert "已新建用户 zhangsan" in result.stdout
    with unit_of_work(get_settings().resolved_database_url) as session:
        assert authenticate(session=session, username="zhangsan", password="correct horse battery") is not None


def test_users_add_refuses_a_planner_without_region(data_dir) -> None:
    result = CliRunner().invoke(app, ["users", "add", "lisi", "--role", "planner", "--password-stdin"],
                                input="correct horse battery\n")
    assert result.exit_code == 2 and "错误：" in result.stderr
