"""`eduplan report` end to end: a stored evaluation written as .docx and .xlsx, and the errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from eduplan.cli import app
from eduplan.settings import get_settings


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A SQLite database with the demo plans, simulated figures and one evaluation of 南川区; its id."""
    from eduplan.data.catalog import load_catalog
    from eduplan.demo.build import build_demo, bundled_plans
    from eduplan.demo.observations import simulate_monitoring
    from eduplan.services.collection import store_records
    from eduplan.services.evaluations import run_evaluation
    from eduplan.uow import unit_of_work

    monkeypatch.setenv("EDUPLAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EDUPLAN_DATABASE_URL", raising=False)
    monkeypatch.delenv("EDUPLAN_ENV", raising=False)
    get_settings.cache_clear()
    url = get_settings().resolved_database_url
    with unit_of_work(url) as session:
        build_demo(session=session, plans_dir=None)
        sim = simulate_monitoring([p for p in bundled_plans() if p.region == "南川区"], catalog=load_catalog())
        store_records(session=session, collection=sim.collection(), source="模拟数据", actor="test")
        record = run_evaluation(session=session, region="南川区", kind="midterm", year=2023, actor="test")
    yield record.id
    get_settings.cache_clear()


def test_report_command_writes_docx_and_xlsx(database: int, tmp_path: Path) -> None:
    runner = CliRunner()
    docx = tmp_path / "南川区中期评估.docx"
    result = runner.invoke(app, ["report", "--region", "南川区", "--evaluation", str(database), "--format", "docx",
                                 "-o", str(docx)])
    assert result.exit_code == 0, result.output
    assert "已生成评估报告" in result.output
    doc = Document(str(docx))
    assert any(p.text == "八、下一步工作建议" for p in doc.paragraphs)
    assert any("模拟数据" in p.text for p in doc.paragraphs[:6])
    xlsx = tmp_path / "南川区中期评估.xlsx"
    assert runner.invoke(app, ["report", "--evaluation", str(database), "-o", str(xlsx)]).exit_code == 0
    assert "主要指标完成情况" in load_workbook(xlsx).sheetnames


@pytest.mark.parametrize(("args", "message"), [
    (["--evaluation", "999", "-o", "x.docx"], "找不到编号为 999 的评估"),
    (["--evaluation", "1", "-o", "x.txt"], "报告格式“txt”无效"),
    (["--evaluation", "1", "--region", "璧山区", "-o", "x.pdf"], "不是璧山区"),
    (["--kind", "comparison", "-o", "x.pdf"], "需要 --year"),
])
def test_report_command_refuses_in_chinese(database: int, args: list[str], message: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["report", *args])
    assert result.exit_code == 2
    assert message in result.output
