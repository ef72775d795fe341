"""`eduplan units`: assign a task, the assignment workbook round trip, the 督办单; refusals exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from eduplan.cli import app
from eduplan.demo.build import bundled_plans
from eduplan.services.plans import import_plan
from eduplan.settings import get_settings
from eduplan.uow import unit_of_work

REGION = "涪陵区"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with unit_of_work(f"sqlite:///{tmp_path / 'eduplan.db'}") as session:
        import_plan(session=session, plan=next(p for p in bundled_plans() if p.region == REGION), actor="test")
    monkeypatch.setenv("EDUPLAN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("EDUPLAN_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    get_settings.cache_clear()


def test_assign_then_the_overdue_list_names_the_units(run, tmp_path: Path) -> None:
    done = run("units", "assign", "3.1.1", "--region", REGION, "--lead", "区教委", "--co", "区财政局、区民政局",
               "--deadline", "2024-06-30")
    assert done.exit_code == 0 and "牵头 区教委；配合 区财政局、区民政局；截止 2024-06-30" in done.stdout
    listed = run("units", "overdue", "--region", REGION, "--output", tmp_path / "督办单.xlsx")
    assert listed.exit_code == 0, listed.stdout
    assert re.search(r"区民政局\s+配合\s+任务\s+3\.1\.1\s.*2024-06-30", listed.stdout)
    assert load_workbook(tmp_path / "督办单.xlsx")["督办单"].cell(2, 1).value


def test_refusals_exit_2_with_the_reason(run) -> None:
    bad = run("units", "assign", "3.1.1", "--region", REGION, "--co", "区财政局")
    assert bad.exit_code == 2 and "必须指定牵头单位" in bad.stderr
    missing = run("units", "assign", "9.9.9", "--region", REGION, "--lead", "区教委")
    assert missing.exit_code == 2 and "不在涪陵区的规划中" in missing.stderr
    date = run("units", "assign", "3.1.1", "--region", REGION, "--lead", "区教委", "--deadline", "明年")
    assert date.exit_code == 2 and "--deadline" in date.stderr


def test_the_workbook_round_trips(run, tmp_path: Path) -> None:
    path = tmp_path / "分配.xlsx"
    assert run("units", "template", "--region", REGION, "-o", path).exit_code == 0
    wb = load_workbook(path)
    wb["任务分配"].cell(2, 4).value = "区教委"
    wb.save(path)
    result = run("units", "import", path, "--region", REGION)
    assert result.exit_code == 0 and "新增 1 项" in result.stdout
