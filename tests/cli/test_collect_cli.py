"""`eduplan template` → fill → `eduplan import`: refused whole with located errors, then stored."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from eduplan.cli import app
from eduplan.demo.build import build_demo
from eduplan.settings import get_settings
from eduplan.store.records import load_observations
from eduplan.uow import unit_of_work

RATE_ID = "preschool_gross_enrolment_rate"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = tmp_path / "data"
    monkeypatch.setenv("EDUPLAN_DATA_DIR", str(data))
    monkeypatch.delenv("EDUPLAN_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    with unit_of_work(get_settings().resolved_database_url) as session:
        build_demo(session=session, plans_dir=None, simulate=False)
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    get_settings.cache_clear()


def _fill(path: Path, value: object) -> tuple[int, str]:
    """Put `value` in the rate's 本年值 cell; return its row and column letter."""
    wb = openpyxl.load_workbook(path)
    ws = wb["指标"]
    header = [c.value for c in ws[1]]
    column = next(i for i, h in enumerate(header, 1) if str(h).startswith("本年值"))
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == RATE_ID)
    ws.cell(row, column).value = value
    wb.save(path)
    return row, openpyxl.utils.get_column_letter(column)


def _stored(year: int) -> list[float]:
    with unit_of_work(get_settings().resolved_database_url) as session:
        return [o.value for o in load_observations(session, region="涪陵区", indicator=RATE_ID) if o.year == year]


def test_template_import_round_trip_refuses_then_stores(run, tmp_path: Path) -> None:
    book = tmp_path / "涪陵区2023.xlsx"
    assert run("template", book, "--region", "涪陵区", "--year", "2023").exit_code == 0
    row, letter = _fill(book, "很高")
    refused = run("import", book)
    assert refused.exit_code == 2, refused.output
    assert "未写入任何数据" in refused.stderr
    assert f"第{row}行" in refused.stdout and f"第{letter}列" in refused.stdout
    assert _stored(2023) == []

    _fill(book, 95.5)
    accepted = run("import", book, "--user", "涪陵区教委")
    assert accepted.exit_code == 0, accepted.output
    assert "监测值新增" in accepted.stdout
    assert _stored(2023) == [95.5]
    again = run("import", book, "--user", "涪陵区教委")
    assert again.exit_code == 0 and "未变" in again.stdout


def test_template_for_an_unknown_region_is_a_clear_error(run, tmp_path: Path) -> None:
    result = run("template", tmp_path / "x.xlsx", "--region", "不存在区", "--year", "2023")
    assert result.exit_code == 2 and "不存在区" in result.stderr


def test_import_saves_the_problem_report_as_the_same_rows_it_prints(run, tmp_path: Path) -> None:
    book = tmp_path / "涪陵区2023.xlsx"
    assert run("template", book, "--region", "涪陵区", "--year", "2023").exit_code == 0
    row, letter = _fill(book, "很高")
    sheet = tmp_path / "问题清单.xlsx"
    refused = run("import", book, "--problems", sheet)
    assert refused.exit_code == 2 and "问题清单已保存" in refused.stdout
    ws = openpyxl.load_workbook(sheet)["问题清单"]
    assert ws["A1"].value.startswith("检查涪陵区2023.xlsx：错误")
    assert [c.value for c in ws[2]] == ["级别", "位置", "代码", "单元格内容", "说明"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert rows and rows[0][0] == "错误" and f"第{row}行" in rows[0][1] and f"第{letter}列" in rows[0][1]
    assert any(r[3] == "很高" for r in rows) and all(c.data_type == "s" for r in ws.iter_rows(min_row=3) for c in r)
    for level, where, code, _, _ in rows:
        assert code in refused.stdout and level in refused.stdout  # what the terminal showed
    assert _stored(2023) == []
