"""`eduplan regions import/build/list` and `--region` by code or name: a bad CSV line exits 2 with
its line and writes nothing; an account bound to 重庆市 by its code; a shared name refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

from eduplan.cli import app
from eduplan.services.accounts import authenticate
from eduplan.services.plans import import_plan
from eduplan.settings import get_settings
from eduplan.uow import unit_of_work
from tests.services.conftest import fuling_plan


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from eduplan.services import passwords

    monkeypatch.setattr(passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def test_a_bad_csv_line_exits_2_with_its_line_and_writes_nothing(run, tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("code,name,parent_code\n990000,甲省,\n990100,甲市,990000\n9901x1,乙县,990100\n", encoding="utf-8")
    result = run("regions", "import", path)
    assert result.exit_code == 2
    assert "第4行" in result.stderr and "不是 6 位数字的区划代码" in result.stderr
    listed = run("regions", "list", "--all")
    assert listed.exit_code == 0 and "甲省" not in listed.stdout


def test_an_imported_list_is_listed_as_a_tree(run, tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text("code,name,parent_code\n990000,甲省,\n990100,甲市,990000\n990101,乙县,990100\n",
                    encoding="gb18030")
    result = run("regions", "import", path)
    assert result.exit_code == 0, result.stderr
    assert "新增 3 个" in result.stdout
    rows = [line.split()[:3] for line in run("regions", "list", "--all").stdout.splitlines()]
    assert ["甲省", "990000", "省级"] in rows and ["乙县", "990101", "县级"] in rows


def test_users_add_binds_a_municipal_account_to_chongqing_by_its_code(run) -> None:
    assert run("regions", "build", "500000").exit_code == 0
    result = CliRunner().invoke(app, ["users", "add", "cq", "--role", "municipal", "--region", "500000",
                                      "--password-stdin"], input="correct horse battery\n")
    assert result.exit_code == 0, result.output
    assert "重庆市" in result.stdout
    with unit_of_work(get_settings().resolved_database_url) as session:
        _, user = authenticate(session=session, username="cq", password="correct horse battery")
        assert user.region == "重庆市" and "涪陵区" in (user.scope or ())


def test_a_region_option_naming_two_regions_exits_2_with_the_candidates(run) -> None:
    with unit_of_work(get_settings().resolved_database_url) as session:
        for code in ("350102", "320106"):
            import_plan(session=session, plan=dataclasses.replace(fuling_plan(), region="鼓楼区", region_code=code,
                                                                  title=f"鼓楼区规划{code}"), actor="测试")
    result = run("evaluations", "list", "--region", "鼓楼区")
    assert result.exit_code == 2
    assert "福州市鼓楼区（350102）" in result.stderr and "南京市鼓楼区（320106）" in result.stderr
    assert run("evaluations", "list", "--region", "350102").exit_code == 0
