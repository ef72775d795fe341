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
    from eduplan.services.approval import open_part
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
        # the demo approved (locked) some of 南川区's years: only the open ones can be written over
        store_records(session=session, collection=open_part(session=session, collection=sim.collection()),
                      source="模拟数据", actor="test")
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
    texts = [p.text for p in doc.paragraphs if p.text]
    assert "九、下一步工作建议" in texts and "十、规划目标调整建议" in texts
    assert all("模拟数据" in h.paragraphs[0].text for s in doc.sections for h in (s.header, s.even_page_header))
    assert texts[-2:] == ["重庆市南川区教育委员会", _today_text()]  # the evaluation ran today: its date
    assert doc.core_properties.author == "重庆市南川区教育委员会"
    xlsx = tmp_path / "南川区中期评估.xlsx"
    assert runner.invoke(app, ["report", "--evaluation", str(database), "-o", str(xlsx)]).exit_code == 0
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["说明", "目标", "任务", "建设项目", "经费保障"]
    assert {row[1].value for row in wb["目标"].iter_rows(min_row=2)} == {database}  # 评估编号


def test_report_by_region_alone_uses_its_newest_evaluation(database: int, tmp_path: Path) -> None:
    xlsx = tmp_path / "南川区.xlsx"
    result = CliRunner().invoke(app, ["report", "--region", "南川区", "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    assert {row[1].value for row in load_workbook(xlsx)["目标"].iter_rows(min_row=2)} == {database}


def _today_text() -> str:
    import datetime as dt

    day = dt.date.today()
    return f"{day.year}年{day.month}月{day.day}日"


def test_report_command_takes_issuer_date_addressee_and_note(database: int, tmp_path: Path) -> None:
    docx = tmp_path / "报告.docx"
    result = CliRunner().invoke(app, ["report", "--evaluation", str(database), "-o", str(docx), "--issuer",
                                      "重庆市南川区人民政府教育督导室", "--date", "2024-03-15", "--to", "区人民政府",
                                      "--note", "此件公开发布"])
    assert result.exit_code == 0, result.output
    doc = Document(str(docx))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert "区人民政府：" in texts[:4]
    assert texts[-3:] == ["重庆市南川区人民政府教育督导室", "2024年3月15日", "（此件公开发布）"]
    assert doc.core_properties.created.date().isoformat() == "2024-03-15"


@pytest.mark.parametrize(("args", "message"), [
    (["--evaluation", "1", "--date", "2024/3/15", "-o", "x.docx"], "应写作 YYYY-MM-DD"),
    (["--evaluation", "999", "-o", "x.docx"], "找不到编号为 999 的评估"),
    (["--evaluation", "1", "-o", "x.txt"], "报告格式“txt”无效"),
    (["--evaluation", "1", "--region", "璧山区", "-o", "x.pdf"], "不是璧山区"),
    (["--kind", "comparison", "-o", "x.pdf"], "需要 --year"),
    (["-o", "x.pdf"], "需要 --evaluation（评估编号）或 --region"),
])
def test_report_command_refuses_in_chinese(database: int, args: list[str], message: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["report", *args])
    assert result.exit_code == 2
    assert message in result.output
