"""`eduplan users add` creates a web account whose password then logs in."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

from eduplan.cli import app
from eduplan.services.accounts import authenticate
from eduplan.settings import get_settings
from eduplan.uow import unit_of_work


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters (the algorithm stays argon2id); the policy is what is tested here."""
    from eduplan.services import passwords

    monkeypatch.setattr(passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


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


def test_users_add_refuses_a_weak_password_in_chinese(data_dir) -> None:
    for weak, reason in (("short-1A", "至少需要 12 个字符"), ("alllowercaseletters", "至少三类"),
                         ("Password123!", "过于常见"), ("Wangwu2024!!", "不能与用户名相同")):
        result = CliRunner().invoke(app, ["users", "add", "wangwu", "--role", "admin", "--password-stdin"],
                                    input=weak + "\n")
        assert result.exit_code == 2 and reason in result.stderr, (weak, result.stderr)


def test_passwd_role_and_disable_change_the_account(data_dir) -> None:
    runner = CliRunner()
    runner.invoke(app, ["users", "add", "zhaoliu", "--role", "viewer", "--password-stdin"],
                  input="correct horse battery\n")
    weak = runner.invoke(app, ["users", "passwd", "zhaoliu", "--password-stdin"], input="zhaoliu\n")
    assert weak.exit_code == 2 and "错误：" in weak.stderr
    changed = runner.invoke(app, ["users", "passwd", "zhaoliu", "--password-stdin"], input="Neues-Kennwort-42\n")
    assert changed.exit_code == 0 and "已修改用户 zhaoliu 的密码" in changed.stdout
    role = runner.invoke(app, ["users", "role", "zhaoliu", "--role", "planner", "--region", "涪陵区"])
    assert role.exit_code == 0 and "planner，涪陵区" in role.stdout
    assert runner.invoke(app, ["users", "disable", "zhaoliu"]).exit_code == 0
    with unit_of_work(get_settings().resolved_database_url) as session:
        assert authenticate(session=session, username="zhaoliu", password="Neues-Kennwort-42") is None
    assert runner.invoke(app, ["users", "enable", "zhaoliu"]).exit_code == 0
    with unit_of_work(get_settings().resolved_database_url) as session:
        found = authenticate(session=session, username="zhaoliu", password="Neues-Kennwort-42")
        assert found is not None and found[1].region == "涪陵区"
    missing = runner.invoke(app, ["users", "disable", "nobody"])
    assert missing.exit_code == 2 and "找不到用户“nobody”" in missing.stderr


def test_serve_on_a_public_address_without_a_real_secret_is_refused(data_dir, monkeypatch) -> None:
    monkeypatch.delenv("EDUPLAN_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "监听地址 0.0.0.0 不是本机回环地址" in result.stderr and "EDUPLAN_SECRET_KEY" in result.stderr
    monkeypatch.setenv("EDUPLAN_SECRET_KEY", "dev-insecure-change-me")
    get_settings.cache_clear()
    assert CliRunner().invoke(app, ["serve", "--host", "192.0.2.1"]).exit_code == 2
