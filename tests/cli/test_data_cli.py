"""`eduplan data status|submit|approve|return|unlock`: the cycle through the CLI, refusals exit 2
with the reason on one Chinese line, and `eduplan import` into a locked year writes nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

from eduplan.cli import app
from eduplan.demo.build import build_demo
from eduplan.services import accounts, passwords
from eduplan.services.audit import list_audit
from eduplan.settings import get_settings
from eduplan.store.records import load_observations
from eduplan.uow import unit_of_work

RATE = "preschool_gross_enrolment_rate"
REGION, OTHER = "涪陵区", "南川区"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EDUPLAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EDUPLAN_DATABASE_URL", raising=False)
    monkeypatch.setattr(passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    get_settings.cache_clear()
    with unit_of_work(get_settings().resolved_database_url) as session:
        build_demo(session=session, plans_dir=None, simulate=False)
        for name, role, region in (("fl", "planner", REGION), ("shi", "municipal", None), ("pg", "evaluator", None)):
            accounts.create_user(session=session, username=name, password=f"pw-{name}-Secret-1", role=role,
                                 region=region)
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    get_settings.cache_clear()


def _fill(run, tmp_path: Path, value: float) -> Path:
    book = tmp_path / f"{REGION}2024-{value}.xlsx"
    assert run("template", book, "--region", REGION, "--year", "2024").exit_code == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["指标"]
    column = next(i for i, c in enumerate(ws[1], 1) if str(c.value).startswith("本年值"))
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == RATE)
    ws.cell(row, column).value = value
    wb.save(book)
    return book


def _stored() -> list[float]:
    with unit_of_work(get_settings().resolved_database_url) as session:
        return [o.value for o in load_observations(session, region=REGION, indicator=RATE) if o.year == 2024]


def _refused(result, text: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("错误：") and text in result.stderr, result.stderr


def test_the_whole_cycle_through_the_cli(run, tmp_path: Path) -> None:
    data = ("--region", REGION, "--year", "2024")
    assert run("import", _fill(run, tmp_path, 93.0)).exit_code == 0
    assert run("data", "submit", *data, "--user", "fl").exit_code == 0
    _refused(run("data", "return", *data, "--reason", " ", "--user", "shi"), "退回须填写原因")
    returned = run("data", "return", *data, "--reason", "毛入园率偏低，请核实", "--user", "shi")
    assert returned.exit_code == 0 and "现为“退回”（原因：毛入园率偏低，请核实）" in returned.stdout
    assert run("import", _fill(run, tmp_path, 94.0)).exit_code == 0
    _refused(run("data", "approve", *data, "--user", "shi"), "当前为“退回”，不能审核通过")
    assert run("data", "submit", *data, "--user", "fl").exit_code == 0
    _refused(run("data", "approve", *data, "--user", "fl"), "无权审核通过涪陵区2024年数据")
    assert run("data", "approve", *data, "--user", "shi").exit_code == 0

    status = run("data", "status", "--year", "2024", "--region", REGION, "--user", "shi")
    assert status.exit_code == 0
    row = next(line.split() for line in status.stdout.splitlines() if line.startswith(REGION))
    assert row[:6] == [REGION, "2024", "已审核", "1", "审核通过", "shi"] and row[-1] == "解锁"

    locked = run("import", _fill(run, tmp_path, 99.0))
    _refused(locked, "涪陵区2024年数据已由 shi 于 ")
    assert "审核锁定" in locked.stderr and _stored() == [94.0]

    assert run("data", "unlock", *data, "--reason", "更正统计口径", "--user", "shi").exit_code == 0
    assert run("import", _fill(run, tmp_path, 95.0)).exit_code == 0
    assert _stored() == [95.0]
    with unit_of_work(get_settings().resolved_database_url) as session:
        change = list_audit(session=session, entity="observation", entity_id=f"{REGION}:2024")[0]
    assert (change.before["values"][RATE], change.after["values"][RATE]) == (94.0, 95.0)
    assert change.after["unlock_reason"] == "更正统计口径"


@pytest.mark.parametrize(("args", "text"), [
    (("submit", "--region", OTHER, "--year", "2024", "--user", "fl"), "只能报送本区县（涪陵区）的数据"),
    (("submit", "--region", REGION, "--year", "2024", "--user", "pg"), "无权报送涪陵区2024年数据"),
    (("approve", "--region", REGION, "--year", "2024", "--user", "shi"), "当前为“填报中”，不能审核通过"),
    (("unlock", "--region", REGION, "--year", "2024", "--reason", "x", "--user", "shi"), "不能解锁"),
    (("submit", "--region", REGION, "--year", "2024", "--user", "nobody"), "找不到用户“nobody”"),
    (("submit", "--region", "不存在区", "--year", "2024"), "库中没有“不存在区”的规划"),
    (("status", "--year", "2024", "--region", "不存在区"), "库中没有“不存在区”的规划"),
])
def test_a_refused_action_exits_2_with_the_reason(run, args: tuple[str, ...], text: str) -> None:
    _refused(run("data", *args), text)


def test_return_and_unlock_require_a_reason_option(run) -> None:
    assert run("data", "return", "--region", REGION, "--year", "2024").exit_code == 2


def test_a_district_s_status_lists_its_own_region_only(run) -> None:
    result = run("data", "status", "--year", "2024", "--user", "fl")
    assert [line.split()[0] for line in result.stdout.splitlines()[2:-1]] == [REGION]


def test_status_lists_every_region_and_counts_the_states(run) -> None:
    assert run("data", "submit", "--region", REGION, "--year", "2024").exit_code == 0  # the operator, as admin
    result = run("data", "status", "--year", "2024")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "2024年数据报送情况" and len([x for x in lines if x.split()[1:2] == ["2024"]]) == 5
    assert lines[-1] == "填报中4个；已报送1个；已审核0个；退回0个"
